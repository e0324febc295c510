"""Every write of casework: protection assessment to decision and investigation.

Views and the API call these functions and nothing else changes case state.
Each function takes the acting user, scopes the row to what that user may
change, validates, writes, and audits in one transaction.
"""

import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date
from likvard.core.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.core.validation import check_not_future, check_text
from likvard.guidelines.context import Proposal, case_context
from likvard.guidelines.engine import (
    clean_answers,
    clean_overrides,
    evaluate,
    judge,
    needs_cosignature,
)
from likvard.guidelines.models import CoSignatureRequest, DecisionPoint
from likvard.guidelines.services import record_evaluations
from likvard.organisation.services import AuditedConfiguration
from likvard.reports import deadlines
from likvard.reports.models import Report
from likvard.reports.workflow import DECISION_ACTION, Action, InvestigationState

from . import assignment
from .models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    LegalProvision,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from .transitions import lock_for, provision_data, provision_in_force, transition


def _open_report(actor, report_id: int) -> Report:
    """A report the actor may change and that is still before its decision."""
    report = Report.objects.editable_by(actor).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    if not report.is_open:
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided")
    return report


def _check_not_before_receipt(report: Report, day: datetime.date, field: str) -> None:
    if day < local_date(report.received_at):
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
        protection = ProtectionAssessment.objects.create(
            report=step.obj,
            assessed_at=now,
            assessment=text,
            assessed_by=actor,
            immediate_protection_needed=immediate_protection_needed,
        )
        pre_assessment = PreAssessment.objects.create(report=step.obj, started_at=now)
        # The assessment itself is narrative about the child: the log keeps its outcome.
        step.created(
            protection, assessed_at=now, immediate_protection_needed=immediate_protection_needed
        )
        step.created(pre_assessment, started_at=now)
        step.wrote(immediate_protection_needed=immediate_protection_needed)
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


@dataclass(frozen=True)
class DecisionInput:
    """A decision as the worker proposes it, with the answers and overrides the rules ask for."""

    kind: str
    motivation: str = ""
    exceptional_reason: str = ""
    transfer_municipality: str = ""
    answers: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    #: The investigator named for the investigation an opening decision starts
    #: (None: it goes to the district's unassigned list).
    investigator: int | None = None

    @property
    def proposal(self) -> Proposal:
        return Proposal(
            self.kind, self.motivation, self.exceptional_reason, self.transfer_municipality
        )


def _decision_input(
    kind: str,
    motivation: str,
    exceptional_reason: str,
    transfer_municipality: str,
    answers: Mapping | None,
    overrides: Mapping | None,
    investigator: int | None = None,
) -> DecisionInput:
    if kind not in DECISION_ACTION:
        raise InvalidInput(_("Ogiltigt beslut."), code="invalid_choice", field="kind")
    if investigator is not None and kind != Decision.Kind.OPEN_INVESTIGATION:
        raise InvalidInput(
            _("Utredare anges bara när utredning inleds."),
            code="investigator_without_investigation",
            field="investigator",
        )
    return DecisionInput(
        kind=kind,
        motivation=check_text(motivation, "motivation", required=False),
        exceptional_reason=check_text(exceptional_reason, "exceptional_reason", required=False),
        transfer_municipality=check_text(
            transfer_municipality, "transfer_municipality", required=False, max_length=100
        ),
        answers=clean_answers(DecisionPoint.DECISION, answers),
        overrides=clean_overrides(DecisionPoint.DECISION, overrides),
        investigator=investigator,
    )


def _check_decision_input(report: Report, data: DecisionInput) -> None:
    """What makes a decision valid as such; the guideline rules are judged after this."""
    if data.kind == Decision.Kind.TRANSFER and not data.transfer_municipality:
        raise InvalidInput(
            _("Ange vilken kommun ärendet överflyttas till."),
            code="required",
            field="transfer_municipality",
        )
    if (
        data.kind == Decision.Kind.ALREADY_ONGOING
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


def _evaluate_decision(report: Report, data: DecisionInput, today: datetime.date):
    context = case_context(report, on=today, proposal=data.proposal, answers=data.answers)
    return evaluate(DecisionPoint.DECISION, context, today)


def _supersede_pending_requests(actor, report: Report, now) -> None:
    """A new proposal or another decision replaces a proposal waiting for co-signature."""
    status = CoSignatureRequest.Status.SUPERSEDED
    pending = CoSignatureRequest.objects.filter(
        report=report, status=CoSignatureRequest.Status.PENDING
    )
    for request in pending:
        CoSignatureRequest.objects.filter(pk=request.pk).update(
            status=status, handled_by=actor, handled_at=now
        )
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "supersede_cosignature_request",
            request,
            child_id=report.child_id,
            district_id=report.district_id,
            before={"status": request.status},
            after={"status": status},
        )


def _open_investigation(actor, step, decision: Decision, investigator_id, today) -> Investigation:
    """The investigation an opening decision starts: with the named investigator (under
    the rules of `assign`) or unassigned, in the district's list for its supervisors."""
    report = step.obj
    investigator = assignment.handler_for_new_case(
        actor, assignment.INVESTIGATION, report.district_id, investigator_id
    )
    due = deadlines.investigation_due(today)
    investigation = Investigation.objects.create(
        district_id=report.district_id,
        child_id=report.child_id,
        opening_decision=decision,
        opened_on=today,
        statutory_due_date=due,
        due_date=due,
        assigned_to=investigator,
        unit_id=investigator.unit_id if investigator else None,
    )
    step.created(
        investigation,
        decision=decision,
        opened_on=investigation.opened_on,
        due_date=investigation.due_date,
        assigned_to=investigation.assigned_to_id,
        unit=investigation.unit_id,
    )
    return investigation


def _take_decision(
    actor,
    report_id: int,
    version: int | None,
    data: DecisionInput,
    *,
    decided_by=None,
    cosigned_by=None,
    cosign_reason: str = "",
) -> Decision:
    """Lock, check, run the rules at the decision, write the decision and what the rules found.

    `decided_by` is the worker whose decision it is when a supervisor co-signs it
    (then `actor` is the supervisor who completes it).
    """
    decided_by = decided_by or actor
    now = timezone.now()
    today = local_date(now)
    try:
        with transition(
            Report.objects.editable_by(actor),
            report_id,
            DECISION_ACTION[data.kind],
            actor,
            expected_version=version,
        ) as step:
            report = step.obj
            _check_decision_input(report, data)
            evaluations = _evaluate_decision(report, data, today)
            judge(evaluations, overrides=data.overrides, cosigned=cosigned_by is not None)
            provision = provision_in_force(step.edge.ground, today)
            decision = Decision.objects.create(
                pre_assessment=report.pre_assessment,
                kind=data.kind,
                motivation=data.motivation,
                exceptional_reason=data.exceptional_reason,
                transfer_municipality=data.transfer_municipality,
                decided_at=now,
                decided_by=decided_by,
                provision=provision,
            )
            decision_fields = {
                "decision": decision,
                "kind": data.kind,
                "provision": provision_data(provision),
            }
            step.created(decision, **decision_fields, decided_by=decided_by)
            step.wrote(**decision_fields)
            record_evaluations(
                evaluations,
                report=report,
                point=DecisionPoint.DECISION,
                actor=actor,
                decision=decision,
                answers=data.answers,
                overrides=data.overrides,
                overridden_by=decided_by,
                cosigned_by=cosigned_by,
                cosign_reason=cosign_reason,
            )
            if cosigned_by is None:
                _supersede_pending_requests(actor, report, now)
            if data.kind == Decision.Kind.OPEN_INVESTIGATION:
                _open_investigation(actor, step, decision, data.investigator, today)
            if report.reporter_mandated and report.reporter_wants_feedback:
                report.feedback_due = deadlines.feedback_due(
                    today, immediate=data.kind == Decision.Kind.ALREADY_ONGOING
                )
                Report.objects.filter(pk=report.pk).update(feedback_due=report.feedback_due)
                step.wrote(feedback_due=report.feedback_due)
    except IntegrityError as exc:  # the unique decision per pre-assessment held the line
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided") from exc
    return decision


def decide(
    actor,
    report_id: int,
    *,
    version: int | None,
    kind: str,
    motivation: str = "",
    exceptional_reason: str = "",
    transfer_municipality: str = "",
    answers: Mapping | None = None,
    overrides: Mapping[str, str] | None = None,
    investigator: int | None = None,
) -> Decision:
    """Take the one decision that ends a pre-assessment (open, not open, ongoing, transfer).

    The guideline rules in force run inside the transaction: a failing blocking rule
    refuses the decision (GuidelineRefusal, code "guideline_blocked"); a failing
    warning needs a reason in `overrides` (rule id → reason); a rule that needs a
    supervisor's co-signature refuses it with "cosignature_required" (see
    `request_cosignature`). `answers` holds what the rules ask (e.g.
    "earlier_reports_motivation", "guardians_deny"). `investigator` names who
    handles the investigation an opening decision starts (see `assignment`);
    without one it waits in the district's unassigned list.
    """
    data = _decision_input(
        kind,
        motivation,
        exceptional_reason,
        transfer_municipality,
        answers,
        overrides,
        investigator,
    )
    return _take_decision(actor, report_id, version, data)


def request_cosignature(
    actor,
    report_id: int,
    *,
    version: int | None,
    kind: str,
    motivation: str = "",
    exceptional_reason: str = "",
    transfer_municipality: str = "",
    answers: Mapping | None = None,
    overrides: Mapping[str, str] | None = None,
    investigator: int | None = None,
) -> CoSignatureRequest:
    """Send a decision that only lacks a supervisor's co-signature to the supervisors.

    Every other rule must already let it through. The report stays in
    pre-assessment until a supervisor co-signs (`cosign_decision`) or returns it.
    """
    data = _decision_input(
        kind,
        motivation,
        exceptional_reason,
        transfer_municipality,
        answers,
        overrides,
        investigator,
    )
    now = timezone.now()
    today = local_date(now)
    with transaction.atomic():
        report, _edge = lock_for(
            Report.objects.editable_by(actor), report_id, DECISION_ACTION[data.kind], version
        )
        _check_decision_input(report, data)
        evaluations = _evaluate_decision(report, data, today)
        judge(evaluations, overrides=data.overrides, cosigned=True)
        needed = needs_cosignature(evaluations)
        if not needed:
            raise InvalidInput(
                _("Beslutet kräver ingen kontrasignering. Fatta beslutet direkt."),
                code="cosignature_not_needed",
            )
        _supersede_pending_requests(actor, report, now)
        request = CoSignatureRequest.objects.create(
            report=report,
            proposal=asdict(data),
            report_version=report.version,
            rule_ids=[e.rule.id for e in needed],
            requested_by=actor,
            requested_at=now,
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "request_cosignature",
            request,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"kind": data.kind, "rules": request.rule_ids},
        )
    return request


def _pending_request_for(actor, report_id: int, request_id: int) -> CoSignatureRequest:
    """The proposal waiting on the report, if it is still the one the supervisor read.

    A worker may replace a proposal while the supervisor reads it; signing by report
    alone would then sign a decision the supervisor never saw.
    """
    request = (
        CoSignatureRequest.objects.editable_by(actor)
        .select_for_update(of=("self",))
        .filter(report_id=report_id, status=CoSignatureRequest.Status.PENDING)
        .select_related("report", "requested_by")
        .first()
    )
    if request is None:
        raise NotFound()
    if not actor.holds("cosign_decisions"):
        raise PermissionDenied(_("Din roll får inte kontrasignera beslut."))
    if request.requested_by_id == actor.pk:
        raise PermissionDenied(
            _("Ett beslut kan inte kontrasigneras av den som har föreslagit det.")
        )
    if request.pk != request_id:
        raise ConcurrentChange(
            _("Förslaget har ersatts av ett nytt sedan du läste det. Läs det nya förslaget.")
        )
    return request


def _handle_request(actor, request, verb: str, status: str, reason: str, after: dict) -> None:
    CoSignatureRequest.objects.filter(pk=request.pk).update(
        status=status, handled_by=actor, handled_at=timezone.now(), handler_reason=reason
    )
    record(
        actor,
        AuditEntry.Action.UPDATE,
        verb,
        request,
        child_id=request.report.child_id,
        district_id=request.report.district_id,
        before={"status": request.status},
        after={"status": status, **after},
        reason=reason,
    )


def cosign_decision(actor, report_id: int, *, request_id: int, reason: str) -> Decision:
    """A supervisor co-signs the proposed decision, with a reason: the decision is taken.

    The rules run again as of now; the decision is the proposing worker's
    (`decided_by`), the co-signature the supervisor's.
    """
    reason = check_text(reason, "reason")
    with transaction.atomic():
        request = _pending_request_for(actor, report_id, request_id)
        decision = _take_decision(
            actor,
            report_id,
            request.report_version,
            DecisionInput(**request.proposal),
            decided_by=request.requested_by,
            cosigned_by=actor,
            cosign_reason=reason,
        )
        _handle_request(
            actor,
            request,
            "cosign_decision",
            CoSignatureRequest.Status.COSIGNED,
            reason,
            {"decision": decision.pk},
        )
    return decision


def return_decision(actor, report_id: int, *, request_id: int, reason: str) -> CoSignatureRequest:
    """A supervisor sends the proposed decision back to the worker, with a reason."""
    reason = check_text(reason, "reason")
    with transaction.atomic():
        request = _pending_request_for(actor, report_id, request_id)
        _handle_request(
            actor, request, "return_decision", CoSignatureRequest.Status.RETURNED, reason, {}
        )
    request.refresh_from_db()
    return request


def archive_report(
    actor,
    report_id: int,
    *,
    version: int | None,
    reason_no_feedback: str = "",
    overrides: Mapping[str, str] | None = None,
) -> Report:
    """Archive a decided report once the rules at archiving let it (e.g. feedback done).

    `reason_no_feedback` is the recorded reason when a reporter who asked for
    feedback did not get it.
    """
    reason = check_text(reason_no_feedback, "reason_no_feedback", required=False)
    answers = {"reason_no_feedback": reason} if reason else {}
    overrides = clean_overrides(DecisionPoint.ARCHIVE, overrides)
    today = local_date(timezone.now())
    with transition(
        Report.objects.editable_by(actor),
        report_id,
        Action.ARCHIVE,
        actor,
        expected_version=version,
    ) as step:
        report = step.obj
        context = case_context(report, on=today, answers=answers)
        evaluations = evaluate(DecisionPoint.ARCHIVE, context, today)
        judge(evaluations, overrides=overrides, cosigned=False)
        record_evaluations(
            evaluations,
            report=report,
            point=DecisionPoint.ARCHIVE,
            actor=actor,
            answers=answers,
            overrides=overrides,
        )
        if reason and not context.feedback_given_on:
            record(
                actor,
                AuditEntry.Action.CREATE,
                "archive_without_feedback",
                report,
                child_id=report.child_id,
                district_id=report.district_id,
                reason=reason,
            )
    return step.obj


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
        extension = InvestigationExtension.objects.create(
            investigation=investigation,
            reason=reason,
            previous_due=investigation.due_date,
            new_due=new_due,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        Investigation.objects.filter(pk=investigation.pk).update(due_date=new_due)
        dates = {"previous_due": investigation.due_date, "new_due": new_due}
        step.created(extension, **dates)
        step.wrote(**dates)
        step.reason = reason  # the worker's stated special reasons, the ground of the step
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
        step.wrote(completed_on=completed_on, outcome=outcome)
        investigation.completed_on, investigation.outcome = completed_on, outcome
    return investigation


#: Law references changed in the admin are logged before/after like any configuration.
LEGAL_PROVISIONS = AuditedConfiguration(
    LegalProvision,
    "legal_provision",
    ("key", "law", "chapter", "section", "in_force_from", "in_force_until", "summary"),
    identity={"provision": str, "key": lambda provision: provision.key},
)
