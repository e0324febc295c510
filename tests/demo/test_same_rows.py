"""The services and the demo's writer write the same rows for the same case.

One script of steps at fixed moments: a report registered, its protection assessment,
a conversation with the child, a police consideration, a decision to open an
investigation (extended, then completed) and, for another child, a decision not to
open one, with feedback to the reporter. It is written once through the services
(`at=`) and once through `demo.cases.CaseWriter` and the bulk writer, each in a
transaction that is rolled back after its rows are read.

Every stored field is compared except the rows' own ids: the two runs write the same
rows at different ids (PostgreSQL's sequences do not roll back), so a reference from
one written row to another is compared by the position of the row it points at.
References to the district, the staff and the children are shared and compared as they
are. Timestamps are compared too: every step is stamped with its `at`. What is not
compared is the audit log, which the services write and the demo does not (the demo's
history is its rows; `quality_rollup --rebuild` counts it).

The rules at the decision run in both: the service runs them itself; the demo path runs
the same engine on the same case once it is stored (the generator's own rule context is
checked against the stored case in `test_guidelines.py`) and writes the findings with
`CaseWriter`.
"""

import datetime

import pytest
from django.conf import settings
from django.db import transaction

from likvard.bbic import effects as bbic_effects
from likvard.bbic import services as bbic
from likvard.bbic.models import Meeting, MeetingKind
from likvard.casework import services as casework
from likvard.casework.effects import DecisionInput
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
from likvard.demo.cases import CaseWriter
from likvard.demo.generator import TABLES
from likvard.demo.writer import TableWriter
from likvard.guidelines.context import case_context
from likvard.guidelines.engine import evaluate
from likvard.guidelines.models import CoSignatureRequest, DecisionPoint, RuleEvaluation
from likvard.journal import services as journal
from likvard.journal.models import JournalEntry
from likvard.organisation.models import Role
from likvard.people.services import ChildInput, resolve_child
from likvard.reports import services as reports
from likvard.reports.models import Channel, Concern, Feedback, Report, ReportConcern, ReporterType
from likvard.reports.services import ReportInput
from tests import factories

pytestmark = pytest.mark.django_db

#: The rows of a case, parents before children (a reference is compared by position).
MODELS = (
    Report,
    ReportConcern,
    ProtectionAssessment,
    PreAssessment,
    ChildConversation,
    PoliceReportConsideration,
    Decision,
    Investigation,
    InvestigationExtension,
    Feedback,
    RuleEvaluation,
    CoSignatureRequest,
    JournalEntry,
    Meeting,
)
#: A journal entry written beside the conversation with the child.
JOURNAL_ENTRY = {
    "kind": "collateral",
    "text": "Kontakt med mentor om närvaron.",
    "participants": "Mentor",
    "child_took_part": False,
}


def moment(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=STOCKHOLM)


OPENED = {
    "number": factories.CHILD_NUMBERS[1],
    "received_at": moment(3, 9, 15),
    "registered_at": moment(3, 9, 40),
    "assessed_at": moment(3, 11),
    "heard_on": datetime.date(2025, 3, 5),
    "conversation_at": moment(5, 16),
    "considered_on": datetime.date(2025, 3, 5),
    "decided_at": moment(10, 14, 30),
    "decision": DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
    "child_heard_on": datetime.date(2025, 6, 2),
    "child_heard_at": moment(2, 16, month=6),
    "extended_to": datetime.date(2025, 8, 29),
    "extended_at": moment(30, 10, month=6),
    "completed_on": datetime.date(2025, 8, 1),
    "completed_at": moment(1, 15, month=8),
}
CLOSED = {
    "number": factories.CHILD_NUMBERS[2],
    "received_at": moment(4, 23, 30),  # late: a day past the 14 at the decision
    "registered_at": moment(5, 8, 5),
    "assessed_at": moment(5, 9),
    "heard_on": datetime.date(2025, 3, 12),
    "conversation_at": moment(12, 15),
    "decided_at": moment(20, 10),
    "decision": DecisionInput(
        kind=Decision.Kind.NOT_OPEN,
        motivation="Oron är bemött i samtal med familjen och skolan.",
        exceptional_reason="Väntan på uppgifter från skolan.",
        overrides={"serious_investigate_at_once": "Barnet har redan insats via BUP."},
    ),
    "feedback_on": datetime.date(2025, 3, 24),
    "feedback_at": moment(24, 14),
}
DETAILS = {
    "channel": Channel.PHONE,
    "reporter_type": ReporterType.SCHOOL,
    "reporter_mandated": True,
    "reporter_wants_feedback": True,
    "reporter_name": "Lärare Exempelsson",
    "reporter_organisation": "Exempelskolan",
    "reporter_contact": "08-123 456 78",
    "description": "Syntetisk anmälan: barnet har sagt att det blir slaget hemma.",
}
CONCERNS = [Concern.VIOLENCE_AGAINST_CHILD, Concern.NEGLECT]
ASSESSMENT = "Inget akut skyddsbehov; barnet är i skolan."
NOTES = "Barnet berättade om situationen hemma."
POLICE = {"outcome": "reported", "motivation": "Polisanmälan gjord enligt riktlinjerna."}
EXTENSION_REASON = "Väntar på utlåtande från BUP."


@pytest.fixture
def staff():
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district)
    investigator = factories.user(Role.INVESTIGATOR, district)
    supervisor = factories.user(Role.SUPERVISOR, district)
    for case in (OPENED, CLOSED):
        child = ChildInput(personal_number=case["number"], first_name="Alva", last_name="Lik")
        resolve_child(child, datetime.date(2025, 3, 1))
    return intake, investigator, supervisor


def through_services(intake, investigator, supervisor) -> None:
    for case in (OPENED, CLOSED):
        report = reports.register_report(
            intake,
            ReportInput(
                child=ChildInput(
                    personal_number=case["number"], first_name="Alva", last_name="Lik"
                ),
                received_at=case["received_at"],
                concerns=CONCERNS,
                **DETAILS,
            ),
            at=case["registered_at"],
        )
        report = casework.assess_protection(
            intake,
            report.pk,
            version=report.version,
            immediate_protection_needed=False,
            assessment=ASSESSMENT,
            at=case["assessed_at"],
        )
        casework.record_child_conversation(
            intake,
            report.pk,
            held=True,
            held_on=case["heard_on"],
            notes=NOTES,
            at=case["conversation_at"],
        )
        journal.write_entry(
            intake,
            report.pk,
            journal.EntryInput(**JOURNAL_ENTRY, event_date=case["heard_on"]),
            at=case["conversation_at"],
        )
        casework.record_police_consideration(
            intake,
            report.pk,
            considered_on=case.get("considered_on", case["heard_on"]),
            **POLICE,
            at=case["conversation_at"],
        )
        data = case["decision"]
        if data.kind == Decision.Kind.OPEN_INVESTIGATION:
            data = DecisionInput(kind=data.kind, investigator=investigator.pk)
        # The supervisor decides: only a supervisor names the investigator.
        decision = casework.decide(
            supervisor, report.pk, data, version=report.version, at=case["decided_at"]
        )
        if "extended_to" in case:
            investigation = decision.investigation
            # The child heard in the investigation (bbic), as the rules at the closing ask.
            bbic.record_meeting(
                investigator,
                investigation.pk,
                bbic.MeetingInput(
                    kind=MeetingKind.CHILD_CONVERSATION,
                    held_on=case["child_heard_on"],
                    child_took_part=True,
                ),
                at=case["child_heard_at"],
            )
            investigation = casework.extend_investigation(
                supervisor,
                investigation.pk,
                version=investigation.version,
                new_due=case["extended_to"],
                reason=EXTENSION_REASON,
                at=case["extended_at"],
            )
            casework.complete_investigation(
                investigator,
                investigation.pk,
                version=investigation.version,
                completed_on=case["completed_on"],
                outcome=Investigation.Outcome.INTERVENTION,
                at=case["completed_at"],
            )
        if "feedback_on" in case:
            reports.record_feedback(
                intake,
                report.pk,
                given_on=case["feedback_on"],
                method=Feedback.Method.PHONE,
                at=case["feedback_at"],
            )


def _provision(key: str, day: datetime.date) -> int | None:
    return provision_in_force(key, day).pk


def through_the_demo_writer(intake, investigator, supervisor) -> None:
    tables = {name: TableWriter(model) for name, model in TABLES}
    cases = CaseWriter(
        tables,
        provision=_provision,
        unit_of={user.pk: user.unit_id for user in (intake, investigator, supervisor)},
        late_from=settings.LIKVARD_LATE_REPORT_FROM,
    )

    def flush():
        for table in tables.values():
            table.flush()

    for case in (OPENED, CLOSED):
        child = resolve_child(
            ChildInput(personal_number=case["number"]), local_date(case["received_at"])
        )
        report = cases.register(
            district_id=intake.unit.district_id,
            child_id=child.pk,
            received_at=case["received_at"],
            details=DETAILS,
            concerns=CONCERNS,
            registered_by_id=intake.pk,
            handler_id=intake.pk,
            at=case["registered_at"],
        )
        pre_assessment = cases.assess_protection(
            report,
            at=case["assessed_at"],
            assessed_by_id=intake.pk,
            immediate_protection_needed=False,
            assessment=ASSESSMENT,
        )
        cases.conversation(
            report,
            held=True,
            held_on=case["heard_on"],
            not_held_reason="",
            notes=NOTES,
            recorded_by_id=intake.pk,
            at=case["conversation_at"],
        )
        cases.journal(
            report,
            **JOURNAL_ENTRY,
            event_date=case["heard_on"],
            author_id=intake.pk,
            at=case["conversation_at"],
        )
        cases.police(
            report,
            considered_on=case.get("considered_on", case["heard_on"]),
            reconsider_on=None,
            recorded_by_id=intake.pk,
            **POLICE,
        )
        data = case["decision"]
        if data.kind == Decision.Kind.OPEN_INVESTIGATION:
            data = DecisionInput(kind=data.kind, investigator=investigator.pk)
        taken = cases.decide(
            report, pre_assessment, data, decided_by_id=supervisor.pk, at=case["decided_at"]
        )
        if "extended_to" in case:
            investigation = taken.investigation
            meeting, _participants = bbic_effects.meeting(
                investigation["id"],
                kind=MeetingKind.CHILD_CONVERSATION,
                held_on=case["child_heard_on"],
                child_took_part=True,
                participant_ids=[],
                recorded_by_id=investigator.pk,
                at=case["child_heard_at"],
            )
            tables["bbic_meetings"].add(meeting)
            cases.extend(
                investigation,
                new_due=case["extended_to"],
                reason=EXTENSION_REASON,
                decided_by_id=supervisor.pk,
                at=case["extended_at"],
            )
            cases.complete(
                investigation,
                completed_on=case["completed_on"],
                outcome=Investigation.Outcome.INTERVENTION,
            )
        if "feedback_on" in case:
            cases.feedback(
                report,
                given_on=case["feedback_on"],
                method=Feedback.Method.PHONE,
                note="",
                given_by_id=intake.pk,
                at=case["feedback_at"],
            )
        flush()
        # The rules read the case as stored, as of the day of the decision (a row the
        # steps after it wrote is not what they read).
        day = local_date(case["decided_at"])
        stored = Report.objects.get(pk=report["id"])
        context = case_context(stored, on=day, proposal=data.proposal, answers=data.answers)
        cases.evaluations(
            evaluate(DecisionPoint.DECISION, context, day),
            report_id=report["id"],
            decision_id=taken.decision["id"],
            point=DecisionPoint.DECISION,
            evaluated_by_id=supervisor.pk,
            at=case["decided_at"],
            answers=data.answers,
            overrides=data.overrides,
        )
        if "completed_at" in case:
            # The rules at the closing read the investigation as stored, on the closing's day.
            day = local_date(case["completed_at"])
            stored = Investigation.objects.get(pk=taken.investigation["id"])
            cases.evaluations(
                evaluate(
                    DecisionPoint.INVESTIGATION_CLOSING,
                    casework.closing_rules_context(stored, day),
                    day,
                ),
                report_id=report["id"],
                investigation_id=stored.pk,
                decision_id=None,
                point=DecisionPoint.INVESTIGATION_CLOSING,
                evaluated_by_id=investigator.pk,
                at=case["completed_at"],
            )
        flush()


def written_rows() -> dict[str, list[dict]]:
    """Every row of `MODELS` as stored, ids replaced by positions (see the module's text)."""
    position, rows = {}, {}
    for model in MODELS:
        stored = list(model.objects.order_by("pk").values())
        position[model] = {row["id"]: i for i, row in enumerate(stored)}
        for row in stored:
            del row["id"]
            for field in model._meta.concrete_fields:
                target = field.related_model
                if target in position and row[field.attname] is not None:
                    row[field.attname] = position[target][row[field.attname]]
        rows[model._meta.label] = stored
    return rows


def rows_written_by(write, *staff) -> dict[str, list[dict]]:
    with transaction.atomic():
        write(*staff)
        rows = written_rows()
        transaction.set_rollback(True)
    return rows


def test_the_services_and_the_demo_writer_write_the_same_rows(staff):
    by_services = rows_written_by(through_services, *staff)
    by_demo = rows_written_by(through_the_demo_writer, *staff)
    counts = {label: len(rows) for label, rows in by_services.items()}
    # The whole script was written: every step's rows, the rules' findings, no proposal.
    assert counts.pop("guidelines.RuleEvaluation") > 0
    assert counts == {
        "reports.Report": 2,
        "reports.ReportConcern": 4,
        "casework.ProtectionAssessment": 2,
        "casework.PreAssessment": 2,
        "casework.ChildConversation": 2,
        "casework.PoliceReportConsideration": 2,
        "casework.Decision": 2,
        "casework.Investigation": 1,
        "casework.InvestigationExtension": 1,
        "reports.Feedback": 1,
        "guidelines.CoSignatureRequest": 0,
        "journal.JournalEntry": 2,
        "bbic.Meeting": 1,
    }
    assert all(
        decision["provision_id"] is not None for decision in by_services["casework.Decision"]
    )
    for label, rows in by_services.items():
        for service_row, demo_row in zip(rows, by_demo[label], strict=True):
            differing = {k for k in service_row if service_row[k] != demo_row[k]}
            assert not differing, (label, {k: (service_row[k], demo_row[k]) for k in differing})
