"""A known set of cases in two districts, written with their dates through the effect functions.

The indicators are about dates (the same day, within 14 days, within four months, a
month in Stockholm), so every step is written at a fixed moment in 2022–2026. Its rows
are computed by the effect function its service uses (`reports.effects`,
`casework.effects`, `guidelines.effects`) and saved with the ORM, so a rule changed in
a service changes these cases too. Not through the services themselves: some cases here
are ones the services refuse on purpose (a decision the rules would stop, an
investigation whose opening decision is not in the set, a report nobody handles), and
the indicators must count them all the same. The expected numbers in
`test_indicators.py` are worked out by hand from the comments here.
"""

import datetime
import itertools
from types import SimpleNamespace

from likvard.casework.effects import (
    DecisionInput,
    advanced,
    child_conversation,
    decision_taken,
    investigation_completed,
    investigation_extended,
    investigation_opened,
    police_consideration,
    protection_assessed,
)
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import STOCKHOLM, local_date
from likvard.guidelines.effects import evaluation_rows
from likvard.guidelines.engine import Evaluation
from likvard.guidelines.models import DecisionPoint, Outcome, RuleEvaluation, Severity
from likvard.guidelines.registry import Finding, registered_rule
from likvard.interventions import effects as intervention_effects
from likvard.interventions.models import InterventionProposal, MotivationWork
from likvard.organisation.models import Role, Unit
from likvard.people.models import Child
from likvard.reports.effects import concern_rows, feedback_given, report_registered
from likvard.reports.models import Channel, Feedback, Report, ReportConcern, ReporterType
from likvard.reports.workflow import DECISION_ACTION, Action, edge_for
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


def _apply(obj, fields: dict):
    """Save the fields a step's effect sets on an existing row."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(fields))
    return obj


def _as_values(obj, *names) -> dict:
    return {name: getattr(obj, name) for name in names}


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
    """One report with the steps given, at their moments; an opening decision's
    investigation (handled by `worker`) is the report's `investigation`."""
    handler = worker if assigned == "worker" else assigned
    row = Report.objects.create(
        **report_registered(
            district_id=district.pk,
            child_id=kid.pk,
            received_at=received,
            details={
                "channel": Channel.PHONE,
                "reporter_type": ReporterType.SCHOOL if mandated else ReporterType.PRIVATE_PERSON,
                "reporter_mandated": mandated,
                "reporter_wants_feedback": wants_feedback,
                "description": "Syntetisk anmälan för kvalitetstest.",
            },
            registered_by_id=worker.pk,
            handler_id=getattr(handler, "pk", None),
            handler_unit_id=getattr(handler, "unit_id", None),
            late_from=None,  # the protection assessment due the day the report arrives
            at=received,
        )
    )
    ReportConcern.objects.bulk_create(
        ReportConcern(**values) for values in concern_rows(row.pk, concerns)
    )
    if assessed:
        protection, pre_assessment, _alert = protection_assessed(
            row.pk,
            at=assessed,
            assessed_by_id=worker.pk,
            immediate_protection_needed=False,
            assessment="Inget akut skyddsbehov.",
        )
        ProtectionAssessment.objects.create(**protection)
        pre = PreAssessment.objects.create(**pre_assessment)
        _apply(row, advanced(row.state, row.version, Action.ASSESS_PROTECTION))
    for held in conversations:
        ChildConversation.objects.create(
            **child_conversation(
                row.pk,
                held=held,
                held_on=local_date(received),
                not_held_reason="Barnet var sjukt.",
                recorded_by_id=worker.pk,
                at=received,
            )
        )
    for outcome in police:
        PoliceReportConsideration.objects.create(
            **police_consideration(
                row.pk,
                considered_on=local_date(received),
                outcome=outcome,
                motivation="Övervägt enligt riktlinjerna.",
                reconsider_on=local_date(received) + datetime.timedelta(days=30),
                recorded_by_id=worker.pk,
            )
        )
    if decided:
        _decide(row, pre, worker, decided, kind, motivation)
    if feedback_on:
        Feedback.objects.create(
            **feedback_given(
                row.pk,
                given_on=feedback_on,
                method=Feedback.Method.PHONE,
                note="",
                given_by_id=worker.pk,
                at=at(feedback_on.year, feedback_on.month, feedback_on.day),
            )
        )
    return row


def _decide(row, pre, worker, decided, kind, motivation) -> None:
    """The decision, with the texts it needs: a motivation to close, a reason when late."""
    data = DecisionInput(
        kind=kind,
        motivation=motivation if kind == Decision.Kind.NOT_OPEN else "",
        exceptional_reason="Synnerliga skäl." if local_date(decided) > row.decision_due else "",
        transfer_municipality="Solna" if kind == Decision.Kind.TRANSFER else "",
        investigator=worker.pk if kind == Decision.Kind.OPEN_INVESTIGATION else None,
    )
    ground = edge_for(row.state, DECISION_ACTION[kind]).ground
    provision = provision_in_force(ground, local_date(decided))
    taken = decision_taken(
        data,
        _as_values(
            row,
            "state",
            "version",
            "district_id",
            "child_id",
            "reporter_mandated",
            "reporter_wants_feedback",
        ),
        pre_assessment_id=pre.pk,
        decided_by_id=worker.pk,
        provision_id=getattr(provision, "pk", None),
        investigator_unit_id=worker.unit_id,
        at=decided,
    )
    row.decision = Decision.objects.create(**taken.decision)
    _apply(row, taken.report)
    if taken.investigation is not None:
        row.investigation = Investigation.objects.create(
            **taken.investigation, opening_decision=row.decision
        )


def investigation(district, worker, kid, opened_on, *, completed_on=None, extended_to=None):
    """An investigation whose opening decision is not in the set, with its later steps."""
    row = Investigation.objects.create(
        **investigation_opened(
            district_id=district.pk,
            child_id=kid.pk,
            opened_on=opened_on,
            assigned_to_id=worker.pk,
            unit_id=worker.unit_id,
        )
    )
    return investigation_steps(row, worker, completed_on=completed_on, extended_to=extended_to)


def investigation_steps(row, worker, *, completed_on=None, extended_to=None):
    """An extension (decided on the day it opened) and the completion, as given."""
    if extended_to:
        extension, fields = investigation_extended(
            _as_values(row, "state", "version", "due_date"),
            investigation_id=row.pk,
            new_due=extended_to,
            reason="Särskilda skäl.",
            decided_by_id=worker.pk,
            at=at(row.opened_on.year, row.opened_on.month, row.opened_on.day),
        )
        InvestigationExtension.objects.create(**extension)
        _apply(row, fields)
    if completed_on:
        _apply(
            row,
            investigation_completed(
                _as_values(row, "state", "version"),
                completed_on=completed_on,
                outcome=Investigation.Outcome.NO_INTERVENTION,
            ),
        )
    return row


def rule_evaluation(row, worker, rule_id="child_heard", *, answer=None, override=""):
    """A warning rule at the decision: passed (with the worker's answer), or gone past."""
    rule = registered_rule(rule_id)
    finding = Finding(Outcome.FAILED if override else Outcome.PASSED)
    (values,) = evaluation_rows(
        [Evaluation(rule, Severity.WARN, {}, finding)],
        report_id=row.pk,
        decision_id=row.decision.pk,
        point=DecisionPoint.DECISION,
        evaluated_by_id=worker.pk,
        at=row.decision.decided_at,
        answers=answer,
        overrides={rule_id: override} if override else {},
    )
    return RuleEvaluation.objects.create(**values)


def consent_missing(row, worker, *, motivation_work: bool):
    """A voluntary contact-family proposal in the investigation that nobody consented to
    (the child has no guardian on record and is too young to consent alone), with or
    without motivation work recorded, as the interventions services write them."""
    proposed_on = row.opened_on + datetime.timedelta(days=10)
    proposal = InterventionProposal.objects.create(
        **intervention_effects.proposal(
            {"id": row.pk, "child_id": row.child_id, "district_id": row.district_id},
            kind="contact_family",
            basis="voluntary",
            provision_id=None,
            goal="Barnet får en trygg vuxen utanför hemmet.",
            proposed_on=proposed_on,
            proposed_by_id=worker.pk,
            at=at(proposed_on.year, proposed_on.month, proposed_on.day),
        )
    )
    if motivation_work:
        MotivationWork.objects.create(
            **intervention_effects.motivation_work(
                row.pk,
                proposal_id=proposal.pk,
                kind="home_visit",
                interpreter="none",
                worked_on=proposed_on,
                outcome="still_declined",
                note="",
                recorded_by_id=worker.pk,
                at=at(proposed_on.year, proposed_on.month, proposed_on.day, 15),
            )
        )
    return row


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
    cases.i1 = investigation_steps(
        cases.r2.investigation,
        worker_a,
        completed_on=datetime.date(2026, 6, 20),
        extended_to=datetime.date(2026, 8, 5),
    )
    cases.i2 = investigation(
        a,
        worker_a,
        child("Kim"),
        datetime.date(2026, 1, 31),
        completed_on=datetime.date(2026, 5, 31),
    )
    cases.i3 = investigation(a, worker_a, child("Liv"), datetime.date(2026, 2, 20))
    # Consent missing to a proposal: in I1 with motivation work, in I2 without; I3's does
    # not count yet (ongoing).
    consent_missing(cases.i1, worker_a, motivation_work=True)
    consent_missing(cases.i2, worker_a, motivation_work=False)
    consent_missing(cases.i3, worker_a, motivation_work=False)

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
    consent_missing(cases.i5, worker_b, motivation_work=True)
    return cases
