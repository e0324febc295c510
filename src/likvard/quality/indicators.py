"""The quality indicators: what each one counts, as data.

Every indicator is a share: a numerator over a denominator, both counted in SQL
over every case (not a sample). Each is defined once, here, as two conditions
on a queryset of its source model annotated with `source_aliases()`; the
aggregate query (`selectors.compute`) and the drill-down to the cases behind a
number (`selectors.cases_behind`) both use the same conditions, so the list a
supervisor opens always has as many rows as the number said.

Two kinds of indicator:
- *flow*: cases started in a period, grouped by the month they started (the
  report's receipt, the investigation's opening), Europe/Stockholm;
- *snapshot*: the state today of every open item, whatever the period.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.casework import selectors as casework_reads
from likvard.core.calendar import STOCKHOLM, local_date
from likvard.guidelines import selectors as guideline_reads
from likvard.interventions import selectors as intervention_reads
from likvard.reports import selectors as report_reads
from likvard.reports.workflow import DecisionKind, InvestigationState, ReportState

# What "known earlier" and "motivated" mean is the owners' (the inspectors' review reads
# the same facts): the window in reports, the rule in guidelines.
KNOWN_EARLIER_WINDOW = report_reads.KNOWN_EARLIER_WINDOW
EARLIER_REPORTS_RULE = guideline_reads.EARLIER_REPORTS_RULE

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
REPORT, INVESTIGATION = "report", "investigation"
OPEN_REPORT_STATES = (ReportState.RECEIVED, ReportState.PRE_ASSESSMENT)

GOOD_LABELS = {
    HIGHER: _("Högre är bättre"),
    LOWER: _("Lägre är bättre"),
    NEUTRAL: _("Ingen målnivå"),
}


def source_aliases(source: str) -> dict[str, models.Expression]:
    """The per-row facts the indicators of a source model are written against.

    Each costs the same for every row (a join on a one-to-one relation or an
    indexed EXISTS), so the cost per case stays constant as the data grows.
    """
    if source == REPORT:
        return {
            "decided_at": F("pre_assessment__decision__decided_at"),
            "decision_kind": F("pre_assessment__decision__kind"),
            "decided_on": TruncDate("pre_assessment__decision__decided_at", tzinfo=STOCKHOLM),
            "assessed_on": TruncDate("protection_assessment__assessed_at", tzinfo=STOCKHOLM),
            **report_reads.report_facts(KNOWN_EARLIER_WINDOW),
            **casework_reads.report_facts(),
            **guideline_reads.report_facts(EARLIER_REPORTS_RULE),
        }
    if source == INVESTIGATION:
        # Whether consent is missing is judged by the law of today (the child's own
        # consent from 12), on the proposals as they stand.
        return intervention_reads.investigation_facts(local_date(timezone.now()))
    raise ValueError(source)


def base_queryset(source: str):
    """The unscoped rows of a source; callers scope them (drill-down) or aggregate them.

    Reports come with the work queue's `current_due`, which a snapshot indicator counts.
    """
    if source == REPORT:
        return report_reads.in_every_district().with_current_due()
    return casework_reads.all_investigations()


def period_filter(source: str, first: datetime.date, after: datetime.date) -> Q:
    """Rows that started in [first, after): receipt (Stockholm time) or opening date."""
    if source == REPORT:
        start = datetime.datetime.combine(first, datetime.time(), tzinfo=STOCKHOLM)
        end = datetime.datetime.combine(after, datetime.time(), tzinfo=STOCKHOLM)
        return Q(received_at__gte=start, received_at__lt=end)
    return Q(opened_on__gte=first, opened_on__lt=after)


@dataclass(frozen=True)
class Indicator:
    """One quality indicator: a share with its definition in Swedish."""

    id: str
    title: str
    definition: str
    numerator_label: str
    denominator_label: str
    outside_label: str
    good: str
    source: str
    denominator: Callable[[datetime.date], Q]
    numerator: Callable[[datetime.date], Q]
    snapshot: bool = False
    #: Key of the `casework.LegalProvision` rows the indicator follows, if any.
    provision: str = ""

    @property
    def good_label(self) -> str:
        return GOOD_LABELS[self.good]

    def condition(self, part: str, today: datetime.date) -> Q:
        """Rows in the numerator, the denominator, or the denominator outside the numerator."""
        denominator = self.denominator(today)
        if part == "denominator":
            return denominator
        if part == "numerator":
            return denominator & self.numerator(today)
        if part == "outside":
            return denominator & ~self.numerator(today)
        raise ValueError(part)


def _always(q: Q) -> Callable[[datetime.date], Q]:
    return lambda today: q


DECIDED = Q(decided_at__isnull=False)
NOT_OPENED = Q(decision_kind=DecisionKind.NOT_OPEN)
KNOWN_NOT_OPENED = NOT_OPENED & Q(known_earlier=True)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="protection_same_day",
        title=_("Skyddsbedömning samma dag"),
        definition=_(
            "Andel skyddsbedömningar som gjordes senast den dag då anmälan kom in "
            "(svensk tid), eller dagen efter för en anmälan som kom in sent (från den "
            "tidpunkt kommunen har angett), jämfört med den sista dag som sparades när "
            "anmälan registrerades."
        ),
        numerator_label=_("skyddsbedömningar gjorda i tid"),
        denominator_label=_("gjorda skyddsbedömningar"),
        outside_label=_("skyddsbedömningar gjorda för sent"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(Q(assessed_on__isnull=False)),
        numerator=_always(Q(assessed_on__lte=F("protection_due"))),
        provision="protection_assessment",
    ),
    Indicator(
        id="decided_in_time",
        title=_("Beslut inom 14 dagar"),
        definition=_(
            "Andel beslut om att inleda eller inte inleda utredning (även överflyttning och "
            "tillförd pågående utredning) som fattades senast 14 dagar efter att anmälan kom in. "
            "Beslutsdagen räknas i svensk tid."
        ),
        numerator_label=_("beslut fattade inom 14 dagar"),
        denominator_label=_("fattade beslut"),
        outside_label=_("beslut fattade efter 14 dagar"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(DECIDED),
        numerator=_always(Q(decided_on__lte=F("decision_due"))),
        provision="pre_assessment_decision",
    ),
    Indicator(
        id="child_heard",
        title=_("Barnet har kommit till tals"),
        definition=_(
            "Andel beslutade förhandsbedömningar där minst ett barnsamtal hölls. Ett "
            "dokumenterat skäl till att samtal inte hölls räknas inte som att barnet hörts."
        ),
        numerator_label=_("förhandsbedömningar med hållet barnsamtal"),
        denominator_label=_("beslutade förhandsbedömningar"),
        outside_label=_("förhandsbedömningar utan barnsamtal"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(DECIDED),
        numerator=_always(Q(heard=True)),
        provision="child_conversation",
    ),
    Indicator(
        id="violence_police_considered",
        title=_("Våld: polisanmälan övervägd"),
        definition=_(
            "Andel beslutade anmälningar om våld mot barnet, bevittnat våld i nära relation, "
            "sexuella övergrepp, hedersrelaterat våld eller skada på barn under ett år där ett "
            "övervägande om polisanmälan är dokumenterat (stadens riktlinjer 2020)."
        ),
        numerator_label=_("våldsärenden med övervägande om polisanmälan"),
        denominator_label=_("beslutade våldsärenden"),
        outside_label=_("våldsärenden utan övervägande"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(DECIDED & Q(violence=True)),
        numerator=_always(Q(police_considered=True)),
        provision="police_report",
    ),
    Indicator(
        id="violence_police_reported",
        title=_("Våld: polisanmälan gjord"),
        definition=_(
            "Av samma beslutade våldsärenden: andel där övervägandet blev att polisanmälan görs "
            "eller att saken redan är polisanmäld. Ingen målnivå: inte varje ärende ska "
            "polisanmälas, men andelen följs."
        ),
        numerator_label=_("polisanmälda våldsärenden"),
        denominator_label=_("beslutade våldsärenden"),
        outside_label=_("våldsärenden utan polisanmälan"),
        good=NEUTRAL,
        source=REPORT,
        denominator=_always(DECIDED & Q(violence=True)),
        numerator=_always(Q(police_reported=True)),
        provision="police_report",
    ),
    Indicator(
        id="known_not_opened",
        title=_("Kända barn där utredning inte inleds"),
        definition=_(
            "Andel beslut att inte inleda utredning som gäller ett barn som stadsdelsområdet "
            "fått minst en annan anmälan om under de tre åren före anmälan."
        ),
        numerator_label=_("beslut om barn som var kända sedan tidigare"),
        denominator_label=_("beslut att inte inleda utredning"),
        outside_label=_("beslut om barn som inte var kända"),
        good=NEUTRAL,
        source=REPORT,
        denominator=_always(NOT_OPENED),
        numerator=_always(Q(known_earlier=True)),
        provision="pre_assessment_decision",
    ),
    Indicator(
        id="known_not_opened_motivated",
        title=_("Kända barn: beslutet är motiverat"),
        definition=_(
            "Av besluten att inte inleda utredning om barn som var kända sedan tidigare: andel "
            "där handläggaren vid beslutet skrev varför de tidigare anmälningarna inte leder "
            "till utredning, som riktlinjeregeln ”Motivering om tidigare anmälningar” kräver. "
            "Beslutets allmänna motivering räknas inte, och inte heller ett avsteg från regeln "
            "eller ett beslut som fattades innan regeln gällde. Besluten utan en sådan "
            "motivering finns i underlaget under ”utanför täljaren”."
        ),
        numerator_label=_("beslut med motivering om de tidigare anmälningarna"),
        denominator_label=_("beslut om kända barn"),
        outside_label=_("beslut utan motivering om de tidigare anmälningarna"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(KNOWN_NOT_OPENED),
        numerator=_always(Q(earlier_reports_motivated=True)),
        provision="pre_assessment_decision",
    ),
    Indicator(
        id="feedback_given",
        title=_("Återkoppling till anmälare som bett om det"),
        definition=_(
            "Andel beslutade anmälningar från anmälningsskyldiga som bett om återkoppling där "
            "återkoppling är registrerad."
        ),
        numerator_label=_("anmälningar med registrerad återkoppling"),
        denominator_label=_("beslutade anmälningar där återkoppling begärts"),
        outside_label=_("anmälningar utan återkoppling"),
        good=HIGHER,
        source=REPORT,
        denominator=_always(DECIDED & Q(reporter_mandated=True, reporter_wants_feedback=True)),
        numerator=_always(Q(has_feedback=True)),
        provision="feedback",
    ),
    Indicator(
        id="rules_overridden",
        title=_("Avsteg från riktlinjerna"),
        definition=_(
            "Andel beslutade anmälningar där stadens riktlinjer prövades som regler och "
            "handläggaren gick förbi minst en regel med ett angivet skäl (avsteg). Avsteg med "
            "skäl är tillåtna, men många avsteg från samma regel är en signal att se över "
            "regeln eller arbetssättet."
        ),
        numerator_label=_("beslut med avsteg"),
        denominator_label=_("beslut där riktlinjerna prövades"),
        outside_label=_("beslut utan avsteg"),
        good=LOWER,
        source=REPORT,
        denominator=_always(DECIDED & Q(rules_evaluated=True)),
        numerator=_always(Q(rule_overridden=True)),
    ),
    Indicator(
        id="investigation_in_time",
        title=_("Utredning klar inom fyra månader"),
        definition=_(
            "Andel avslutade utredningar som avslutades inom fyra månader från beslutet att "
            "inleda. Lagens gräns används: en förlängning flyttar inte gränsen i detta mått. "
            "Månaden är den då utredningen inleddes."
        ),
        numerator_label=_("utredningar klara inom fyra månader"),
        denominator_label=_("avslutade utredningar"),
        outside_label=_("utredningar klara efter fyra månader"),
        good=HIGHER,
        source=INVESTIGATION,
        denominator=_always(Q(completed_on__isnull=False)),
        numerator=_always(Q(completed_on__lte=F("statutory_due_date"))),
        provision="investigation_time_limit",
    ),
    Indicator(
        id="reports_past_due",
        title=_("Öppna anmälningar efter tidsfrist"),
        definition=_(
            "Läget i dag, oavsett vald period: andel öppna anmälningar (skyddsbedömning eller "
            "förhandsbedömning pågår) vars tidsfrist just nu har passerat."
        ),
        numerator_label=_("öppna anmälningar efter tidsfrist"),
        denominator_label=_("öppna anmälningar"),
        outside_label=_("öppna anmälningar inom tidsfrist"),
        good=LOWER,
        source=REPORT,
        denominator=_always(Q(state__in=OPEN_REPORT_STATES)),
        numerator=lambda today: Q(current_due__lt=today),
        snapshot=True,
        provision="pre_assessment_decision",
    ),
    Indicator(
        id="feedback_past_due",
        title=_("Återkoppling efter tidsfrist"),
        definition=_(
            "Läget i dag, oavsett vald period: andel väntande återkopplingar (sista dag satt, "
            "ingen återkoppling registrerad) där sista dagen har passerat."
        ),
        numerator_label=_("väntande återkopplingar efter tidsfrist"),
        denominator_label=_("väntande återkopplingar"),
        outside_label=_("väntande återkopplingar inom tidsfrist"),
        good=LOWER,
        source=REPORT,
        denominator=_always(Q(feedback_due__isnull=False, has_feedback=False)),
        numerator=lambda today: Q(feedback_due__lt=today),
        snapshot=True,
        provision="feedback",
    ),
    Indicator(
        id="investigations_past_due",
        title=_("Pågående utredningar efter slutdatum"),
        definition=_(
            "Läget i dag, oavsett vald period: andel pågående utredningar vars slutdatum "
            "(med beslutade förlängningar) har passerat, eller som förlängdes först efter att "
            "slutdatumet hade passerat: en sen förlängning tar inte utredningen ur måttet."
        ),
        numerator_label=_("pågående utredningar efter slutdatum"),
        denominator_label=_("pågående utredningar"),
        outside_label=_("pågående utredningar inom slutdatum"),
        good=LOWER,
        source=INVESTIGATION,
        denominator=_always(Q(state=InvestigationState.ONGOING)),
        numerator=lambda today: Q(due_date__lt=today) | Q(extended_late=True),
        snapshot=True,
        provision="investigation_time_limit",
    ),
    Indicator(
        id="motivation_work_where_consent_missing",
        title=_("Motivationsarbete dokumenterat där samtycke saknades"),
        definition=_(
            "Andel avslutade utredningar där samtycke saknades till en föreslagen frivillig "
            "insats (och den inte beviljades) i vilka motivationsarbete är dokumenterat. "
            "Diskrimineringsombudsmannen och stadens inspektörer fann barn utan insatser för "
            "att samtycke saknades, utan synligt motivationsarbete. Månaden är den då "
            "utredningen inleddes."
        ),
        numerator_label=_("utredningar med dokumenterat motivationsarbete"),
        denominator_label=_("avslutade utredningar där samtycke saknades"),
        outside_label=_("utredningar utan dokumenterat motivationsarbete"),
        good=HIGHER,
        source=INVESTIGATION,
        denominator=_always(Q(completed_on__isnull=False, consent_missing=True)),
        numerator=_always(Q(motivation_work_recorded=True)),
        provision="intervention_voluntary",
    ),
)

BY_ID = {indicator.id: indicator for indicator in INDICATORS}
PARTS = ("numerator", "denominator", "outside")
