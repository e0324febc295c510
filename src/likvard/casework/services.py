"""Every write of casework: protection assessment to decision and investigation.

Views and the API call these functions and nothing else changes case state.
Each function takes the acting user, scopes the row to what that user may
change, validates, writes, and audits in one transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.errors import InvalidInput, NotFound, TransitionNotAllowed
from likvard.reports.models import Report
from likvard.validation import check_not_future, check_text

from . import deadlines
from .models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from .transitions import provision_in_force, transition
from .workflow import Action, InvestigationState

DECISION_ACTION = {
    Decision.Kind.OPEN_INVESTIGATION: Action.OPEN_INVESTIGATION,
    Decision.Kind.NOT_OPEN: Action.NOT_OPEN,
    Decision.Kind.ALREADY_ONGOING: Action.JOIN_ONGOING,
    Decision.Kind.TRANSFER: Action.TRANSFER,
}


def _open_report(actor, report_id: int) -> Report:
    """A report the actor may change and that is still before its decision."""
    report = Report.objects.editable_by(actor).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    if not report.is_open:
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided")
    return report


def _check_not_before_receipt(report: Report, day: datetime.date, field: str) -> None:
    if day < deadlines.local_date(report.received_at):
        raise InvalidInput(
            _("Datumet kan inte ligga före anmälans ankomst."), code="before_receipt", field=field
        )


def assess_protection(
    actor,
    report_id: int,
    *,
    version: int | None,
    immediate_protection_needed: bool,
    assessment: str,
) -> Report:
    """Record the same-day protection assessment; the pre-assessment begins."""
    text = check_text(assessment, "assessment")
    now = timezone.now()
    with transition(
        Report.objects.editable_by(actor),
        report_id,
        Action.ASSESS_PROTECTION,
        actor,
        expected_version=version,
    ) as step:
        ProtectionAssessment.objects.create(
            report=step.obj,
            assessed_at=now,
            assessment=text,
            assessed_by=actor,
            immediate_protection_needed=immediate_protection_needed,
        )
        PreAssessment.objects.create(report=step.obj, started_at=now)
    return step.obj


def record_child_conversation(
    actor,
    report_id: int,
    *,
    held: bool,
    held_on: datetime.date | None = None,
    not_held_reason: str = "",
    notes: str = "",
) -> ChildConversation:
    """Document a conversation with the child, or why there was none."""
    if held:
        if held_on is None:
            raise InvalidInput(_("Ange datum för samtalet."), code="required", field="held_on")
        check_not_future(held_on, "held_on")
        not_held_reason = ""
    else:
        not_held_reason = check_text(not_held_reason, "not_held_reason")
        held_on = None
    notes = check_text(notes, "notes", required=False)
    with transaction.atomic():
        report = _open_report(actor, report_id)
        if held_on is not None:
            _check_not_before_receipt(report, held_on, "held_on")
        conversation = ChildConversation.objects.create(
            report=report,
            held=held,
            held_on=held_on,
            not_held_reason=not_held_reason,
            notes=notes,
            recorded_by=actor,
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "record_child_conversation",
            conversation,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"held": held, "held_on": str(held_on) if held_on else None},
        )
    return conversation


def record_police_consideration(
    actor,
    report_id: int,
    *,
    considered_on: datetime.date,
    outcome: str,
    motivation: str,
    reconsider_on: datetime.date | None = None,
) -> PoliceReportConsideration:
    """Document whether suspected violence is reported to the police, and when to look again."""
    if outcome not in PoliceReportConsideration.Outcome.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="outcome")
    check_not_future(considered_on, "considered_on")
    motivation = check_text(motivation, "motivation")
    if reconsider_on is not None and reconsider_on <= considered_on:
        raise InvalidInput(
            _("Omprövningen ska ligga efter övervägandet."),
            code="reconsider_before_consideration",
            field="reconsider_on",
        )
    if outcome == PoliceReportConsideration.Outcome.NOT_NOW and reconsider_on is None:
        raise InvalidInput(
            _("Ange när frågan om polisanmälan ska omprövas."),
            code="required",
            field="reconsider_on",
        )
    with transaction.atomic():
        report = Report.objects.editable_by(actor).filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        _check_not_before_receipt(report, considered_on, "considered_on")
        consideration = PoliceReportConsideration.objects.create(
            report=report,
            considered_on=considered_on,
            outcome=outcome,
            motivation=motivation,
            reconsider_on=reconsider_on,
            recorded_by=actor,
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "record_police_consideration",
            consideration,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"outcome": outcome, "reconsider_on": str(reconsider_on or "")},
        )
    return consideration


def _check_decision_input(
    report: Report,
    kind: str,
    motivation: str,
    exceptional_reason: str,
    transfer_municipality: str,
    decided_on: datetime.date,
) -> None:
    if kind == Decision.Kind.NOT_OPEN and not motivation:
        raise InvalidInput(
            _("Ett beslut att inte inleda utredning ska ha en skriftlig motivering."),
            code="motivation_required",
            field="motivation",
        )
    if kind == Decision.Kind.TRANSFER and not transfer_municipality:
        raise InvalidInput(
            _("Ange vilken kommun ärendet överflyttas till."),
            code="required",
            field="transfer_municipality",
        )
    if decided_on > report.decision_due and not exceptional_reason:
        raise InvalidInput(
            _(
                "Beslutet fattas efter 14 dagar. Ange de synnerliga skälen (arbetsbelastning "
                "är inte ett sådant skäl)."
            ),
            code="exceptional_reason_required",
            field="exceptional_reason",
        )
    if (
        kind == Decision.Kind.ALREADY_ONGOING
        and not Investigation.objects.filter(
            child_id=report.child_id,
            district_id=report.district_id,
            state=InvestigationState.ONGOING,
        ).exists()
    ):
        raise InvalidInput(
            _("Det finns ingen pågående utredning om barnet i stadsdelsområdet."),
            code="no_ongoing_investigation",
            field="kind",
        )


def decide(
    actor,
    report_id: int,
    *,
    version: int | None,
    kind: str,
    motivation: str = "",
    exceptional_reason: str = "",
    transfer_municipality: str = "",
) -> Decision:
    """Take the one decision that ends a pre-assessment (open, not open, ongoing, transfer)."""
    if kind not in DECISION_ACTION:
        raise InvalidInput(_("Ogiltigt beslut."), code="invalid_choice", field="kind")
    motivation = check_text(motivation, "motivation", required=False)
    exceptional_reason = check_text(exceptional_reason, "exceptional_reason", required=False)
    transfer_municipality = check_text(
        transfer_municipality, "transfer_municipality", required=False, max_length=100
    )
    now = timezone.now()
    today = deadlines.local_date(now)
    try:
        with transition(
            Report.objects.editable_by(actor),
            report_id,
            DECISION_ACTION[kind],
            actor,
            expected_version=version,
        ) as step:
            report = step.obj
            _check_decision_input(
                report, kind, motivation, exceptional_reason, transfer_municipality, today
            )
            decision = Decision.objects.create(
                pre_assessment=report.pre_assessment,
                kind=kind,
                motivation=motivation,
                exceptional_reason=exceptional_reason,
                transfer_municipality=transfer_municipality,
                decided_at=now,
                decided_by=actor,
                provision=provision_in_force(step.edge.ground, today),
            )
            if kind == Decision.Kind.OPEN_INVESTIGATION:
                Investigation.objects.create(
                    district_id=report.district_id,
                    child_id=report.child_id,
                    opening_decision=decision,
                    opened_on=today,
                    due_date=deadlines.investigation_due(today),
                )
            if report.reporter_mandated and report.reporter_wants_feedback:
                report.feedback_due = deadlines.feedback_due(
                    today, immediate=kind == Decision.Kind.ALREADY_ONGOING
                )
                Report.objects.filter(pk=report.pk).update(feedback_due=report.feedback_due)
    except IntegrityError as exc:  # the unique decision per pre-assessment held the line
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided") from exc
    return decision


def extend_investigation(
    actor, investigation_id: int, *, version: int | None, new_due: datetime.date, reason: str
) -> Investigation:
    """Extend an investigation for a set time, for special reasons (its own decision)."""
    reason = check_text(reason, "reason")
    with transition(
        Investigation.objects.editable_by(actor),
        investigation_id,
        Action.EXTEND_INVESTIGATION,
        actor,
        expected_version=version,
    ) as step:
        investigation = step.obj
        if new_due <= investigation.due_date:
            raise InvalidInput(
                _("Det nya slutdatumet ska ligga efter det nuvarande."),
                code="extension_not_later",
                field="new_due",
            )
        InvestigationExtension.objects.create(
            investigation=investigation,
            reason=reason,
            previous_due=investigation.due_date,
            new_due=new_due,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        Investigation.objects.filter(pk=investigation.pk).update(due_date=new_due)
        investigation.due_date = new_due
    return investigation


def complete_investigation(
    actor, investigation_id: int, *, version: int | None, completed_on: datetime.date, outcome: str
) -> Investigation:
    """Close an investigation: not before it was opened, not in the future."""
    if outcome not in Investigation.Outcome.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="outcome")
    check_not_future(completed_on, "completed_on")
    with transition(
        Investigation.objects.editable_by(actor),
        investigation_id,
        Action.COMPLETE_INVESTIGATION,
        actor,
        expected_version=version,
    ) as step:
        investigation = step.obj
        if completed_on < investigation.opened_on:
            raise InvalidInput(
                _("En utredning kan inte avslutas innan den inleddes."),
                code="completed_before_opened",
                field="completed_on",
            )
        Investigation.objects.filter(pk=investigation.pk).update(
            completed_on=completed_on, outcome=outcome
        )
        investigation.completed_on, investigation.outcome = completed_on, outcome
    return investigation
