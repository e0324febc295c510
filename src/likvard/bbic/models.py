"""The BBIC investigation: plan, the triangle's areas, meetings, interpreters, network,
kommunicering and the conclusion, each hanging off one casework.Investigation.

Every row is scoped by its investigation's district (`investigation__district`). The
texts a worker revises (the plan, an area, the conclusion) are append-only revisions:
the audit log may never hold narrative about the child, so a before/after of the text
cannot live there; the rows keep the history and the log names the revision. A
revision is based on the one the worker read, and (investigation, revision) is unique,
so two workers saving at once, or a double submit, cannot both write revision n + 1.
No row's id appears in a URL (the pages and the API address the investigation and name
a row in the body), so none declares a `case_kind` of its own.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet

from .triangle import Area


class InvestigationRows(ScopedQuerySet):
    """Rows of an investigation: in the investigation's district."""

    district_field = "investigation__district"


class Recorded(models.Model):
    """Who wrote the row, and when (the step's moment, `at=`)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )
    # Stamped by the service at the step's moment; auto_now_add would overwrite it.
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class Dated(models.Model):
    """An event a worker dates (reports.dates.event_date): why before today, if it is."""

    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)

    class Meta:
        abstract = True


def _investigation(related_name: str):
    return models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("utredning"),
    )


class PlanRevision(Recorded):
    """Utredningsplan: what is to be found out, whom to talk to, when. Each save is a
    new revision; the latest is the plan."""

    investigation = _investigation("plan_revisions")
    revision = models.PositiveIntegerField(_("version"))
    questions = models.TextField(_("vad som ska utredas"))
    informants = models.TextField(_("vilka vi ska tala med"))
    timetable = models.TextField(_("när: planerade datum"))

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("utredningsplan")
        verbose_name_plural = _("utredningsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "revision"], name="plan_revision_once"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="plan_revision_from_1"
            ),
        ]


class AreaRevision(Recorded):
    """What the worker found in one area of the BBIC triangle (`triangle.Area`): the
    child's needs, protective factors and risk factors. The latest revision stands."""

    investigation = _investigation("area_revisions")
    area = models.CharField(_("område"), max_length=40, choices=Area.choices)
    revision = models.PositiveIntegerField(_("version"))
    needs = models.TextField(_("bedömning av behov"), blank=True)
    protective_factors = models.TextField(_("skyddsfaktorer"), blank=True)
    risk_factors = models.TextField(_("riskfaktorer"), blank=True)

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("BBIC-bedömning")
        verbose_name_plural = _("BBIC-bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "area", "revision"], name="area_revision_once"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="area_revision_from_1"
            ),
        ]


class InterpreterKind(models.TextChoices):
    NONE = "none", _("Ingen tolk")
    INTERPRETER = "interpreter", _("Tolk")
    CULTURAL = "cultural_interpreter", _("Kulturtolk")


class NeedKind(models.TextChoices):
    """What a person needs: an interpreter, or a cultural interpreter."""

    INTERPRETER = "interpreter", _("Tolk")
    CULTURAL = "cultural_interpreter", _("Kulturtolk")


class MeetingKind(models.TextChoices):
    CHILD_CONVERSATION = "child_conversation", _("Samtal med barnet")
    GUARDIANS = "guardians", _("Möte med vårdnadshavare")
    HOME_VISIT = "home_visit", _("Hembesök")
    NETWORK = "network", _("Nätverksmöte")
    OTHER = "other", _("Annat")


class Meeting(Recorded, Dated):
    """A conversation or meeting in the investigation: who took part, with what
    interpreter. A conversation with the child is what "the child was heard" counts."""

    investigation = _investigation("meetings")
    kind = models.CharField(_("typ"), max_length=30, choices=MeetingKind.choices)
    held_on = models.DateField(_("datum"))
    child_took_part = models.BooleanField(_("barnet deltog"), default=False)
    #: Guardians and others of the child's family as the investigation's district
    #: records it (people.selectors.relations_in).
    participants = models.ManyToManyField(
        "people.Person", related_name="+", blank=True, verbose_name=_("deltagare ur familjen")
    )
    other_participants = models.CharField(_("övriga deltagare"), max_length=300, blank=True)
    interpreter_needed = models.CharField(
        _("tolkbehov"), max_length=30, choices=InterpreterKind.choices, default=InterpreterKind.NONE
    )
    interpreter_used = models.CharField(
        _("tolk som användes"),
        max_length=30,
        choices=InterpreterKind.choices,
        default=InterpreterKind.NONE,
    )
    language = models.CharField(_("språk"), max_length=60, blank=True)
    notes = models.TextField(_("anteckning"), blank=True)

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("samtal eller möte")
        verbose_name_plural = _("samtal och möten")
        indexes = [models.Index(fields=["investigation", "held_on"], name="meeting_day")]
        constraints = [
            # A conversation with the child has the child in it.
            models.CheckConstraint(
                condition=~models.Q(kind="child_conversation") | models.Q(child_took_part=True),
                name="child_conversation_with_child",
            ),
        ]


class InterpreterNeed(Recorded):
    """Tolkbehov: the child's or a family member's need of an interpreter or a cultural
    interpreter, and in which language. One current need per person in an investigation
    (the child when `person` is empty); recording it again changes it."""

    investigation = _investigation("interpreter_needs")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person (tom: barnet)"),
    )
    language = models.CharField(_("språk"), max_length=60)
    kind = models.CharField(_("behov"), max_length=30, choices=NeedKind.choices)

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("tolkbehov")
        verbose_name_plural = _("tolkbehov")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "person"],
                condition=models.Q(person__isnull=False),
                name="interpreter_need_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["investigation"],
                condition=models.Q(person__isnull=True),
                name="interpreter_need_once_for_child",
            ),
        ]


class NetworkKind(models.TextChoices):
    SCHOOL = "school", _("Skola")
    PRESCHOOL = "preschool", _("Förskola")
    BVC = "bvc", _("BVC")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    DENTAL = "dental", _("Tandvård")
    POLICE = "police", _("Polis")
    OTHER = "other", _("Annan")


class Consent(models.TextChoices):
    OBTAINED = "obtained", _("Vårdnadshavarnas samtycke finns")
    NOT_NEEDED = "not_needed", _("Samtycke behövs inte")
    NOT_OBTAINED = "not_obtained", _("Samtycke finns inte")


class NetworkContact(Recorded, Dated):
    """A contact with the child's network (school, BVC, health care …) in the
    investigation, and whether the guardians consented to it."""

    investigation = _investigation("network_contacts")
    kind = models.CharField(_("verksamhet"), max_length=20, choices=NetworkKind.choices)
    organisation = models.CharField(_("namn på verksamheten"), max_length=200)
    contacted_on = models.DateField(_("datum"))
    consent = models.CharField(_("samtycke"), max_length=20, choices=Consent.choices)
    consent_note = models.TextField(_("skäl till att samtycke inte behövs"), blank=True)
    summary = models.TextField(_("sammanfattning"))

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("nätverkskontakt")
        verbose_name_plural = _("nätverkskontakter")
        indexes = [models.Index(fields=["investigation", "contacted_on"], name="network_day")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(consent="not_needed") | ~models.Q(consent_note=""),
                name="network_consent_not_needed_reason",
            ),
        ]


class CommunicationMethod(models.TextChoices):
    LETTER = "letter", _("Brev")
    MEETING = "meeting", _("Vid möte")
    E_SERVICE = "e_service", _("Säker digital brevlåda")
    HANDED_OVER = "handed_over", _("Överlämnat personligen")


class Communication(Recorded, Dated):
    """Kommunicering (förvaltningslagen 25 §): the material shared with the parties before
    the decision, with whom, how, and until when they may comment."""

    investigation = _investigation("communications")
    shared_on = models.DateField(_("kommunicerat"))
    material = models.TextField(_("vad som kommunicerades"))
    recipients = models.ManyToManyField(
        "people.Person", related_name="+", blank=True, verbose_name=_("vårdnadshavare")
    )
    with_child = models.BooleanField(_("barnet (15 år eller äldre)"), default=False)
    method = models.CharField(_("hur"), max_length=20, choices=CommunicationMethod.choices)
    comment_deadline = models.DateField(_("sista dag för synpunkter"))

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("kommunicering")
        verbose_name_plural = _("kommuniceringar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comment_deadline__gte=models.F("shared_on")),
                name="communication_deadline_after_shared",
            ),
        ]


class CommunicationResponses(ScopedQuerySet):
    district_field = "communication__investigation__district"


class CommunicationResponse(Recorded, Dated):
    """What came back of a kommunicering: comments (their date and text), or none. One
    per kommunicering (a second answer is refused)."""

    communication = models.OneToOneField(
        Communication,
        on_delete=models.PROTECT,
        related_name="response",
        verbose_name=_("kommunicering"),
    )
    received = models.BooleanField(_("synpunkter inkom"))
    received_on = models.DateField(_("synpunkter inkom"), null=True, blank=True)
    comments = models.TextField(_("synpunkter"), blank=True)

    objects = CommunicationResponses.as_manager()

    class Meta:
        verbose_name = _("synpunkter på kommunicering")
        verbose_name_plural = _("synpunkter på kommunicering")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received=False, received_on__isnull=True, comments="")
                | (models.Q(received=True, received_on__isnull=False) & ~models.Q(comments="")),
                name="response_comments_or_none",
            ),
        ]


class ConclusionRevision(Recorded):
    """The investigation's conclusion (the assessment it ends in), revised until closing:
    whether the child has needs, whether they are serious, what is proposed or why
    nothing is, and why the child was not heard if no conversation was held."""

    investigation = _investigation("conclusion_revisions")
    revision = models.PositiveIntegerField(_("version"))
    needs_identified = models.BooleanField(_("behov av stöd eller skydd"))
    serious_need = models.BooleanField(_("allvarligt behov"))
    needs_summary = models.TextField(_("sammanfattande bedömning"))
    proposed_interventions = models.TextField(_("insatser som föreslås"), blank=True)
    no_intervention_reason = models.TextField(_("skäl till att ingen insats föreslås"), blank=True)
    not_heard_reason = models.TextField(_("skäl till att barnet inte hörts"), blank=True)
    #: An intervention the child or the guardians applied for that the committee refuses:
    #: the part of the decision that can be appealed ("" when none).
    refused_application = models.TextField(_("ansökan som avslås"), blank=True)

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("slutsats")
        verbose_name_plural = _("slutsatser")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "revision"], name="conclusion_revision_once"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="conclusion_revision_from_1"
            ),
            # A serious need is a need.
            models.CheckConstraint(
                condition=models.Q(serious_need=False) | models.Q(needs_identified=True),
                name="serious_need_is_a_need",
            ),
        ]


class DecisionLetter(models.Model):
    """The decision the family receives (a PDF in the case's documents), made from one
    revision of the conclusion: at most one per revision, so a double click files once."""

    investigation = _investigation("decision_letters")
    conclusion = models.OneToOneField(
        ConclusionRevision,
        on_delete=models.PROTECT,
        related_name="decision_letter",
        verbose_name=_("slutsats"),
    )
    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokument"),
    )
    appealable = models.BooleanField(_("kan överklagas"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skapat av"),
    )
    generated_at = models.DateTimeField(_("skapat"))

    objects = InvestigationRows.as_manager()

    class Meta:
        verbose_name = _("beslutsbrev")
        verbose_name_plural = _("beslutsbrev")
