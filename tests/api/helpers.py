"""Helpers for the API tests: a case in a district, request bodies, a snapshot of the data.

A "case" is one child's reports through every stage the API reaches: a report
still waiting for its decision (with its pre-assessment), a decided report
whose decision opened an investigation, and a report whose proposed decision
waits for a supervisor's co-signature.
"""

import datetime
import io
from types import SimpleNamespace

from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework import services as casework
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.core.calendar import local_date
from likvard.documents import services as documents
from likvard.documents.models import Document
from likvard.guidelines.models import CoSignatureRequest, RuleEvaluation
from likvard.journal import services as journal
from likvard.journal.models import JournalEntry
from likvard.notices import services as notices
from likvard.people.effects import siblings_linked
from likvard.people.models import Child, SiblingLink
from likvard.people.services import ChildInput
from likvard.reports.models import Concern, Feedback, Report
from tests import factories
from tests.casework.helpers import heard_in_investigation
from tests.interventions.builders import add_interventions


def cosign_proposal() -> dict:
    """A decision the co-signature rule stops: not open, guardians deny, child not heard.

    The other rules are satisfied: a motivation, the earlier reports answered, a reason
    for not opening at once although violence is reported.
    """
    return {
        "kind": Decision.Kind.NOT_OPEN,
        "motivation": "Oron är bemött i samtal med familjen och skolan.",
        "answers": {
            "guardians_deny": True,
            "earlier_reports_motivation": "De tidigare anmälningarna gällde annan oro.",
        },
        "overrides": {"serious_investigate_at_once": "Barnet följs redan upp av BUP."},
    }


def awaiting_cosignature(actor, personal_number: str) -> Report:
    """A school's report of violence, ready for the decision `cosign_proposal` proposes."""
    report = factories.assessed_report(
        actor, personal_number=personal_number, concerns=[Concern.VIOLENCE_AGAINST_CHILD]
    )
    casework.record_child_conversation(
        actor, report.pk, held=False, not_held_reason="Barnet är på resa med skolan."
    )
    casework.record_police_consideration(
        actor,
        report.pk,
        considered_on=local_date(timezone.now()),
        outcome="reported",
        motivation="Misstanke om våld mot barnet.",
    )
    return report


def build_case(actor, personal_number: str, *, family: bool = False) -> SimpleNamespace:
    """Reports about one child in the actor's district: new, in pre-assessment, decided,
    and one whose decision waits for a supervisor's co-signature."""
    new_report = factories.report(actor, personal_number=personal_number)
    open_report = factories.assessed_report(actor, personal_number=personal_number)
    decided = factories.assessed_report(actor, personal_number=personal_number)
    decision = casework.decide(
        actor,
        decided.pk,
        casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=decided.version,
    )
    # The feedback its reporter asked for (the factory's reporter left no address).
    notice = notices.prepare(actor, decided.pk)
    awaiting = awaiting_cosignature(actor, personal_number)
    request = casework.request_cosignature(
        actor, awaiting.pk, casework.DecisionInput(**cosign_proposal()), version=awaiting.version
    )
    entry = journal.write_entry(actor, open_report.pk, entry_input())
    document = documents.upload(actor, open_report.pk, upload_input())
    case = SimpleNamespace(
        child=open_report.child,
        journal_entry=entry,
        document=document,
        new_report=new_report,
        report=open_report,
        pre_assessment=open_report.pre_assessment,
        decided_report=decided,
        decision=decision,
        investigation=decision.investigation,
        awaiting_report=awaiting,
        awaiting_pre_assessment=awaiting.pre_assessment,
        cosignature_request=request,
        notice=notice,
    )
    if family:
        _add_family(actor, case, personal_number)
    # Interventions on the investigation (proposals, consent, decision, follow-up,
    # motivation work, LVU): every case kind has a row of this case.
    add_interventions(actor, case)
    # The child heard in the investigation, so the rules at the closing let it close.
    heard_in_investigation(actor, case.investigation)
    return case


def _add_family(actor, case, personal_number: str) -> None:
    """A guardian, a sibling, and an unidentified child linked to the sibling: what the
    family endpoints' valid bodies name."""
    factories.guardian(case.child, first_name="Gerd", last_name="Testsson")
    case.relation = case.child.relations.get()
    number = factories.SIBLING_NUMBERS[factories.CHILD_NUMBERS.index(personal_number)]
    case.sibling = factories.report(actor, personal_number=number).child
    case.unidentified = factories.report(
        actor, child=ChildInput(approximate_age=6, school="Testskolan")
    ).child
    SiblingLink.objects.create(
        **siblings_linked(
            case.sibling.pk,
            case.unidentified.pk,
            district_id=actor.district_id,
            recorded_by_id=None,
            at=timezone.now(),
        )
    )


#: The smallest file that starts as a PDF does: what the upload checks.
PDF_BYTES = b"%PDF-1.4\n% syntetiskt testdokument\n%%EOF\n"


def entry_input(**overrides) -> journal.EntryInput:
    """A journal entry about a phone call today."""
    fields = {
        "kind": "phone_call",
        "event_date": local_date(timezone.now()),
        "text": "Samtal med mamma om skolgången. Hon bekräftar frånvaron.",
        "participants": "Mamma",
    }
    return journal.EntryInput(**{**fields, **overrides})


def upload_input(content: bytes = PDF_BYTES, filename: str = "skolans-anmalan.pdf"):
    return documents.Upload(
        title="Skolans skriftliga anmälan",
        filename=filename,
        size=len(content),
        file=io.BytesIO(content),
    )


def report_payload(**overrides) -> dict:
    """A valid body for POST /api/reports/."""
    body = {
        "child": {
            "personal_number": factories.CHILD_NUMBERS[2],
            "first_name": "Maja",
            "last_name": "Testsson",
        },
        "received_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "channel": "phone",
        "reporter_type": "school",
        "reporter_mandated": True,
        "reporter_wants_feedback": True,
        "reporter_name": "Rektor Exempel",
        "reporter_organisation": "Exempelskolan",
        "reporter_contact": "08-000 00 00",
        "concerns": ["neglect", "violence"],
        "description": "Syntetisk anmälan: eleven berättar om oro hemma.",
    }
    body.update(overrides)
    return body


_COUNTED = (
    Child,
    Report,
    ProtectionAssessment,
    PreAssessment,
    ChildConversation,
    PoliceReportConsideration,
    Feedback,
    Decision,
    Investigation,
    InvestigationExtension,
    RuleEvaluation,
    JournalEntry,
    Document,
)


def snapshot() -> dict:
    """Everything a refused write must leave as it was (logged reads and refusals aside)."""
    counts = {model.__name__: model.objects.count() for model in _COUNTED}
    counts["writes_audited"] = AuditEntry.objects.exclude(
        action__in=[AuditEntry.Action.READ, AuditEntry.Action.DENIED]
    ).count()
    counts["reports"] = sorted(Report.objects.values_list("id", "state", "version"))
    counts["investigations"] = sorted(
        Investigation.objects.values_list("id", "state", "version", "due_date")
    )
    counts["cosignature_requests"] = sorted(
        CoSignatureRequest.objects.values_list("id", "status", "handler_reason")
    )
    return counts


def report_version(**lookup) -> int:
    """A report's version as stored now: what a client that has just read it sends."""
    return Report.objects.values_list("version", flat=True).get(**lookup)


def error_code(response) -> str:
    return response.json()["error"]["code"]
