"""A known set of cases in two districts, written straight to the tables with their dates.

The services stamp "now" on every step, and the indicators are about dates
(the same day, within 14 days, within four months, a month in Stockholm), so
the cases are written with the ORM at fixed moments in 2025–2026. The expected
numbers in `test_indicators.py` are worked out by hand from the comments here.
"""

import datetime
import itertools
from types import SimpleNamespace

from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.core.calendar import STOCKHOLM, local_date
from likvard.guidelines.models import Outcome, RuleEvaluation, Severity
from likvard.organisation.models import Role, Unit
from likvard.people.models import Child
from likvard.reports import deadlines
from likvard.reports.models import Channel, Feedback, Report, ReportConcern, ReporterType
from likvard.reports.workflow import DECISION_ACTION, InvestigationState, ReportState, edge_for
from tests import factories

#: The day the snapshot indicators are computed for.
TODAY = datetime.date(2026, 7, 1)
FIRST, LAST = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)

_numbers = itertools.count(1)


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """A moment in Stockholm time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def child(name: str) -> Child:
    return Child.objects.create(
        reserve_number=f"RES-{next(_numbers)}",
        first_name=name,
        last_name="Kvalitetsson",
        birth_date=datetime.date(2015, 5, 5),
    )


def report(
    district,
    worker,
    kid,
    received,
    *,
    assigned="worker",
    concerns=("neglect",),
    mandated=True,
    wants_feedback=True,
    assessed=None,
    decided=None,
    kind=None,
    motivation="Oron är utredd i samtal med familjen.",
    conversations=(),
    police=(),
    feedback_on=None,
):
    """One report with the steps given; state and deadlines as the services would set them."""
    state = ReportState.RECEIVED
    if assessed:
        state = ReportState.PRE_ASSESSMENT
    if decided:
        state = edge_for(ReportState.PRE_ASSESSMENT, DECISION_ACTION[kind]).target
    handler = worker if assigned == "worker" else assigned
    feedback_due = None
    if decided and mandated and wants_feedback:
        feedback_due = deadlines.feedback_due(local_date(decided))
    row = Report.objects.create(
        district=district,
        child=kid,
        received_at=received,
        channel=Channel.PHONE,
        reporter_type=ReporterType.SCHOOL if mandated else ReporterType.PRIVATE_PERSON,
        reporter_mandated=mandated,
        reporter_wants_feedback=wants_feedback,
        description="Syntetisk anmälan för kvalitetstest.",
        state=state,
        protection_due=deadlines.protection_assessment_due(received),
        decision_due=deadlines.pre_assessment_due(received),
        feedback_due=feedback_due,
        registered_by=worker,
        assigned_to=handler,
        unit=handler.unit if handler else None,  # snapshotted at assignment, as the services do
    )
    ReportConcern.objects.bulk_create(ReportConcern(report=row, category=c) for c in concerns)
    if assessed:
        ProtectionAssessment.objects.create(
            report=row,
            assessed_at=assessed,
            immediate_protection_needed=False,
            assessment="Inget akut skyddsbehov.",
            assessed_by=worker,
        )
        pre = PreAssessment.objects.create(report=row, started_at=assessed)
    if decided:
        row.decision = Decision.objects.create(
            pre_assessment=pre,
            kind=kind,
            motivation=motivation if kind == Decision.Kind.NOT_OPEN else "",
            transfer_municipality="Solna" if kind == Decision.Kind.TRANSFER else "",
            exceptional_reason="Synnerliga skäl." if local_date(decided) > row.decision_due else "",
            decided_at=decided,
            decided_by=worker,
        )
    for held in conversations:
        ChildConversation.objects.create(
            report=row,
            held=held,
            held_on=local_date(received) if held else None,
            not_held_reason="" if held else "Barnet var sjukt.",
            recorded_by=worker,
        )
    for outcome in police:
        PoliceReportConsideration.objects.create(
            report=row,
            considered_on=local_date(received),
            outcome=outcome,
            motivation="Övervägt enligt riktlinjerna.",
            reconsider_on=local_date(received) + datetime.timedelta(days=30),
            recorded_by=worker,
        )
    if feedback_on:
        Feedback.objects.create(
            report=row, given_on=feedback_on, method=Feedback.Method.PHONE, given_by=worker
        )
    return row


def investigation(
    district, worker, kid, opened_on, *, completed_on=None, extended_to=None, decision=None
):
    due = deadlines.investigation_due(opened_on)
    row = Investigation.objects.create(
        district=district,
        child=kid,
        opening_decision=decision,
        opened_on=opened_on,
        statutory_due_date=due,
        due_date=extended_to or due,
        state=InvestigationState.COMPLETED if completed_on else InvestigationState.ONGOING,
        completed_on=completed_on,
        outcome=Investigation.Outcome.NO_INTERVENTION if completed_on else "",
        assigned_to=worker,
        unit=worker.unit,
    )
    if extended_to:
        InvestigationExtension.objects.create(
            investigation=row,
            reason="Särskilda skäl.",
            previous_due=due,
            new_due=extended_to,
            decided_at=at(opened_on.year, opened_on.month, opened_on.day),
            decided_by=worker,
        )
    return row


def rule_evaluation(row, worker, rule_id="child_heard", *, answer=None, override=""):
    """A warning rule at the decision: passed (with the worker's answer), or gone past."""
    return RuleEvaluation.objects.create(
        report=row,
        decision=row.decision,
        decision_point="decision",
        rule_id=rule_id,
        rule_title=rule_id,
        outcome=Outcome.FAILED if override else Outcome.PASSED,
        severity=Severity.WARN,
        answer=answer or {},
        evaluated_at=row.decision.decided_at,
        evaluated_by=worker,
        override_reason=override,
        overridden_by=worker if override else None,
    )


def known_set():
    """Two districts, their staff, and the cases the indicator tests count.

    Flow indicators are counted for January–February 2026; the snapshot
    indicators for 1 July 2026 (TODAY).
    """
    a = factories.district("Järva")
    b = factories.district("Södermalm")
    worker_a = factories.user(Role.INTAKE_WORKER, a)
    worker_b = factories.user(Role.INTAKE_WORKER, b)
    investigation_unit = Unit.objects.create(
        district=a, name="Utredningsenheten", kind=Unit.Kind.INVESTIGATION
    )
    investigator_a = factories.user(Role.INVESTIGATOR, a)
    investigator_a.unit = investigation_unit
    investigator_a.save(update_fields=["unit"])

    c1, c2, c3, c4, c10, c11 = (child(n) for n in ("Ada", "Bo", "Cleo", "Dan", "Eli", "Fia"))
    cases = SimpleNamespace(a=a, b=b, worker_a=worker_a, worker_b=worker_b)
    cases.intake_unit_a = worker_a.unit
    cases.investigation_unit_a = investigation_unit

    # --- Järva, before the period: makes c1 and c3 known; c4's report is too old.
    report(
        a,
        worker_a,
        c1,
        at(2025, 3, 1),
        assessed=at(2025, 3, 1, 11),
        decided=at(2025, 3, 5),
        kind=Decision.Kind.NOT_OPEN,
    )
    report(
        a,
        worker_a,
        c3,
        at(2024, 1, 10),
        assessed=at(2024, 1, 10, 11),
        decided=at(2024, 1, 15),
        kind=Decision.Kind.NOT_OPEN,
    )
    report(
        a,
        worker_a,
        c4,
        at(2022, 6, 1),
        assessed=at(2022, 6, 1, 11),
        decided=at(2022, 6, 5),
        kind=Decision.Kind.NOT_OPEN,
    )
    # c4 is known in Södermalm, which does not make the child known in Järva.
    report(
        b,
        worker_b,
        c4,
        at(2025, 6, 1),
        assessed=at(2025, 6, 1, 11),
        decided=at(2025, 6, 5),
        kind=Decision.Kind.NOT_OPEN,
    )

    # --- Järva, January 2026
    # R1: on time throughout; heard; violence, police report made; feedback given;
    # known (c1, 2025), with the motivation about the earlier report the rule asks
    # for; another rule overridden at the decision.
    cases.r1 = report(
        a,
        worker_a,
        c1,
        at(2026, 1, 5),
        assessed=at(2026, 1, 5, 11),
        decided=at(2026, 1, 10),
        kind=Decision.Kind.NOT_OPEN,
        concerns=("violence",),
        conversations=(True,),
        police=("reported",),
        feedback_on=datetime.date(2026, 1, 12),
    )
    rule_evaluation(cases.r1, worker_a, override="Barnet var på sjukhus.")
    rule_evaluation(
        cases.r1,
        worker_a,
        "earlier_reports_motivation",
        answer={"earlier_reports_motivation": "Den förra anmälan gällde skolfrånvaro, löst."},
    )
    # R2: assessed 00:10 the next day in Stockholm (still the 20th in UTC): late;
    # decided after 14 days; conversation not held; witnessing violence with no
    # police consideration; feedback asked for and never given; opens I1.
    cases.r2 = report(
        a,
        worker_a,
        c2,
        at(2026, 1, 20, 23, 30),
        assessed=at(2026, 1, 21, 0, 10),
        decided=at(2026, 2, 5),
        kind=Decision.Kind.OPEN_INVESTIGATION,
        concerns=("witnessing_violence",),
        conversations=(False,),
    )
    # --- Järva, February 2026
    # R3: arrived 00:30 on 1 February in Stockholm (31 January in UTC): a February
    # case. Known (c3, 2024) and closed without motivation; the rule on earlier
    # reports gone past with a reason (no motivation about them); private reporter.
    cases.r3 = report(
        a,
        worker_a,
        c3,
        at(2026, 2, 1, 0, 30),
        assessed=at(2026, 2, 1, 9),
        decided=at(2026, 2, 10),
        kind=Decision.Kind.NOT_OPEN,
        motivation="",
        mandated=False,
        conversations=(True,),
    )
    rule_evaluation(
        cases.r3, worker_a, "earlier_reports_motivation", override="Se tidigare beslut."
    )
    # R4: the investigation unit's case; sexual abuse, police consideration "not now";
    # feedback given; c4 not known in Järva; rules ran and passed.
    cases.r4 = report(
        a,
        worker_a,
        c4,
        at(2026, 2, 10),
        assessed=at(2026, 2, 10, 11),
        decided=at(2026, 2, 12),
        kind=Decision.Kind.NOT_OPEN,
        assigned=investigator_a,
        concerns=("sexual_abuse",),
        police=("not_now",),
        feedback_on=datetime.date(2026, 2, 13),
    )
    rule_evaluation(cases.r4, worker_a)
    # R5: still in pre-assessment, nobody assigned (counted at the intake unit).
    cases.r5 = report(
        a, worker_a, child("Gus"), at(2026, 2, 15), assigned=None, assessed=at(2026, 2, 15, 11)
    )
    # --- Järva, after the period: open work and owed feedback on TODAY.
    cases.r6 = report(a, worker_a, child("Hed"), at(2026, 6, 30))
    cases.r7 = report(a, worker_a, child("Ivy"), at(2026, 7, 1, 8))
    cases.r8 = report(
        a,
        worker_a,
        child("Jon"),
        at(2026, 6, 20),
        assessed=at(2026, 6, 20, 11),
        decided=at(2026, 6, 28),
        kind=Decision.Kind.NOT_OPEN,
    )
    # Investigations in Järva: I1 (from R2) finished after the legal four months
    # though within its extension; I2 finished on its last day; I3 ongoing, overdue.
    cases.i1 = investigation(
        a,
        worker_a,
        c2,
        datetime.date(2026, 2, 5),
        completed_on=datetime.date(2026, 6, 20),
        extended_to=datetime.date(2026, 8, 5),
        decision=cases.r2.decision,
    )
    cases.i2 = investigation(
        a,
        worker_a,
        child("Kim"),
        datetime.date(2026, 1, 31),
        completed_on=datetime.date(2026, 5, 31),
    )
    cases.i3 = investigation(a, worker_a, child("Liv"), datetime.date(2026, 2, 20))

    # --- Södermalm
    report(
        b,
        worker_b,
        c10,
        at(2025, 12, 1),
        assessed=at(2025, 12, 1, 11),
        decided=at(2025, 12, 5),
        kind=Decision.Kind.NOT_OPEN,
    )
    # R10: decided 00:30 on 23 January in Stockholm (22nd in UTC): one day late.
    # Honour-related violence, no police consideration; known (c10, December) and
    # closed with a motivation that does not address the earlier report (no rules
    # ran); feedback asked for, never given.
    cases.r10 = report(
        b,
        worker_b,
        c10,
        at(2026, 1, 8),
        assessed=at(2026, 1, 8, 11),
        decided=at(2026, 1, 23, 0, 30),
        kind=Decision.Kind.NOT_OPEN,
        concerns=("honour",),
    )
    # R11: assessed a day late; transferred; heard; private reporter.
    cases.r11 = report(
        b,
        worker_b,
        c11,
        at(2026, 2, 3),
        assessed=at(2026, 2, 4, 9),
        decided=at(2026, 2, 10),
        kind=Decision.Kind.TRANSFER,
        mandated=False,
        conversations=(True,),
    )
    cases.r13 = report(b, worker_b, child("Mio"), at(2026, 6, 25), assessed=at(2026, 6, 25, 11))
    cases.i4 = investigation(b, worker_b, child("Noa"), datetime.date(2026, 3, 1))
    cases.i5 = investigation(
        b,
        worker_b,
        child("Ola"),
        datetime.date(2026, 1, 15),
        completed_on=datetime.date(2026, 5, 15),
    )
    return cases
