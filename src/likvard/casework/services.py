"""Every write of casework: protection assessment to decision and investigation.

Views and the API call these functions and nothing else changes case state.
Each function takes the acting user, scopes the row to what that user may
change, validates, writes, and audits in one transaction. What a step writes is
computed by `effects.py`, which the demo generator and the test builders use too;
the moment of the step is `at=` (default now), so a case can be written as of a
date through this code.
"""

import dataclasses
import datetime
from collections.abc import Mapping

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import add_months, local_date, moment
from likvard.core.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.core.validation import EarlierEvent, check_reason, check_text
from likvard.documents import services as documents
from likvard.guidelines import services as cosignatures
from likvard.guidelines.context import case_context, closing_context
from likvard.guidelines.engine import (
    clean_answers,
    clean_overrides,
    evaluate,
    judge,
    needs_cosignature,
)
from likvard.guidelines.models import CoSignatureRequest, DecisionPoint
from likvard.guidelines.services import record_evaluations
from likvard.organisation.models import Role, User
from likvard.organisation.services import AuditedConfiguration
from likvard.reports import dates
from likvard.reports import selectors as report_reads
from likvard.reports import services as report_writes
from likvard.reports.models import Report
from likvard.reports.workflow import DECISION_ACTION, Action, InvestigationState

from . import assignment, effects, letters, sections
from .effects import DecisionInput
from .models import (
    ChildConversation,
    Decision,
    ImmediateStep,
    Investigation,
    InvestigationExtension,
    LegalProvision,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAlert,
    ProtectionAssessment,
)
from .transitions import lock_for, provision_data, provision_in_force, transition

#: Fields of an effect that `transition()` writes itself, with its compare-and-swap.
TRANSITION_FIELDS = frozenset({"state", "version"})
#: The shortest statement of the special reasons for an extension.
EXTENSION_REASON_MIN = 20
#: The shortest motivation of a next step after an immediate protection need.
IMMEDIATE_STEP_MOTIVATION_MIN = 15


def _beside_transition(fields: dict) -> dict:
    """The fields of a step's effect that the service writes (state and version are
    `transition()`'s)."""
    return {name: value for name, value in fields.items() if name not in TRANSITION_FIELDS}


def _open_report(actor, report_id: int) -> Report:
    """A report the actor may change and that is still before its decision."""
    report = report_reads.reports(actor, to_change=True).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    if not report.is_open:
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided")
    return report


def _report_event_date(
    report: Report, day: datetime.date, field: str, reason: str, now: datetime.datetime
) -> str:
    """A date of an event in a report's pre-assessment: from the receipt to today, within
    the municipality's window, with a reason when before today (returned cleaned)."""
    return dates.event_date(
        report.district,
        day,
        field,
        earlier=EarlierEvent(local_date(report.received_at), _("anmälan kom in")),
        reason=reason,
        now=now,
    )


def assess_protection(
    actor,
    report_id: int,
    *,
    version: int | None,
    immediate_protection_needed: bool,
    assessment: str,
    at: datetime.datetime | None = None,
) -> Report:
    """Record the same-day protection assessment; the pre-assessment begins."""
    text = check_text(assessment, "assessment")
    now = moment(at)
    with transition(
        report_reads.reports(actor, to_change=True),
        report_id,
        Action.ASSESS_PROTECTION,
        actor,
        expected_version=version,
    ) as step:
        protection_row, pre_assessment_row, alert_row = effects.protection_assessed(
            step.obj.pk,
            at=now,
            assessed_by_id=actor.pk,
            immediate_protection_needed=immediate_protection_needed,
            assessment=text,
        )
        protection = ProtectionAssessment.objects.create(**protection_row)
        pre_assessment = PreAssessment.objects.create(**pre_assessment_row)
        # The assessment itself is narrative about the child: the log keeps its outcome.
        step.created(
            protection, assessed_at=now, immediate_protection_needed=immediate_protection_needed
        )
        step.created(pre_assessment, started_at=now)
        if alert_row is not None:
            alert = ProtectionAlert.objects.create(**alert_row)
            step.created(alert, raised_at=now)
            transaction.on_commit(lambda: mail_protection_alert.enqueue(alert.pk))
        step.wrote(immediate_protection_needed=immediate_protection_needed)
    return step.obj


def alert_recipients(district) -> list[str]:
    """The district's active supervisors with an e-mail address, and its on-call address."""
    supervisors = User.objects.filter(
        unit__district=district, role=Role.SUPERVISOR, is_active=True
    ).exclude(email="")
    addresses = sorted(set(supervisors.values_list("email", flat=True)))
    if district.on_call_email:
        addresses.append(district.on_call_email)
    return addresses


@task()
def mail_protection_alert(alert_id: int) -> None:
    """E-mail an immediate protection need to the supervisors and the on-call service.

    The mail says which report and district, when and by whom, never the child's name,
    personnummer or the assessment: e-mail leaves the system. Sent once: a job that
    runs again finds `mailed_at` set (the row is locked while it sends).
    """
    with transaction.atomic():
        alert = (
            ProtectionAlert.objects.select_related("report__district", "raised_by")
            .select_for_update(of=("self",))
            .filter(pk=alert_id, mailed_at__isnull=True)
            .first()
        )
        if alert is None:
            return
        report = alert.report
        recipients = alert_recipients(report.district)
        if recipients:
            send_mail(
                str(_("Larm: omedelbart skyddsbehov, orosanmälan %(id)s") % {"id": report.pk}),
                str(
                    _(
                        "%(worker)s bedömde %(at)s att barnet i orosanmälan %(id)s "
                        "(%(district)s) har ett omedelbart skyddsbehov.\n\n"
                        "Öppna ärendet i Likvärd: %(path)s"
                    )
                    % {
                        "worker": alert.raised_by,
                        "at": timezone.localtime(alert.raised_at).strftime("%Y-%m-%d %H:%M"),
                        "id": report.pk,
                        "district": report.district.name,
                        "path": reverse("casework:report", kwargs={"pk": report.pk}),
                    }
                ),
                None,
                recipients,
            )
        alert.mailed_at = timezone.now()
        alert.save(update_fields=["mailed_at"])
        record(
            None,
            AuditEntry.Action.UPDATE,
            "mail_protection_alert",
            alert,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"recipients": len(recipients)},
        )


def record_immediate_step(
    actor,
    report_id: int,
    *,
    kind: str,
    outcome: str,
    motivation: str,
    at: datetime.datetime | None = None,
) -> ImmediateStep:
    """Record that a next step after an immediate protection need was weighed.

    Only on a report whose protection assessment found the need; the alert counts as
    answered from the first step recorded.
    """
    if kind not in ImmediateStep.Kind.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="kind")
    if outcome not in ImmediateStep.Outcome.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="outcome")
    # A step after an immediate need is weighed for the record: "ok" is no motivation.
    motivation = check_reason(motivation, "motivation", min_length=IMMEDIATE_STEP_MOTIVATION_MIN)
    with transaction.atomic():
        report = report_reads.reports(actor, to_change=True).filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        if not ProtectionAlert.objects.filter(report=report).exists():
            raise TransitionNotAllowed(
                _("Skyddsbedömningen har inte funnit något omedelbart skyddsbehov."),
                code="no_immediate_need",
            )
        step = ImmediateStep.objects.create(
            **effects.immediate_step(
                report.pk,
                kind=kind,
                outcome=outcome,
                motivation=motivation,
                recorded_by_id=actor.pk,
                at=moment(at),
            )
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "record_immediate_step",
            step,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"kind": kind, "outcome": outcome},
        )
    return step


def record_child_conversation(
    actor,
    report_id: int,
    *,
    held: bool,
    held_on: datetime.date | None = None,
    not_held_reason: str = "",
    notes: str = "",
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> ChildConversation:
    """Document a conversation with the child, or why there was none.

    A conversation held before today needs `backdating_reason` (see `check_event_date`).
    """
    if held:
        if held_on is None:
            raise InvalidInput(_("Ange datum för samtalet."), code="required", field="held_on")
        not_held_reason = ""
    else:
        not_held_reason = check_text(not_held_reason, "not_held_reason")
        held_on = None
    notes = check_text(notes, "notes", required=False)
    now = moment(at)
    with transaction.atomic():
        report = _open_report(actor, report_id)
        backdating_reason = (
            _report_event_date(report, held_on, "held_on", backdating_reason, now)
            if held_on is not None
            else ""
        )
        conversation = ChildConversation.objects.create(
            **effects.child_conversation(
                report.pk,
                held=held,
                held_on=held_on,
                not_held_reason=not_held_reason,
                notes=notes,
                recorded_by_id=actor.pk,
                at=now,
                backdating_reason=backdating_reason,
            )
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
        dates.record_backdating(actor, conversation, report, "held_on", held_on, backdating_reason)
    return conversation


def record_police_consideration(
    actor,
    report_id: int,
    *,
    considered_on: datetime.date,
    outcome: str,
    motivation: str,
    reconsider_on: datetime.date | None = None,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> PoliceReportConsideration:
    """Document whether suspected violence is reported to the police, and when to look again.

    A consideration dated before today needs `backdating_reason` (see `check_event_date`).
    """
    if outcome not in PoliceReportConsideration.Outcome.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="outcome")
    now = moment(at)
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
        report = report_reads.reports(actor, to_change=True).filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        backdating_reason = _report_event_date(
            report, considered_on, "considered_on", backdating_reason, now
        )
        consideration = PoliceReportConsideration.objects.create(
            **effects.police_consideration(
                report.pk,
                considered_on=considered_on,
                outcome=outcome,
                motivation=motivation,
                reconsider_on=reconsider_on,
                recorded_by_id=actor.pk,
                backdating_reason=backdating_reason,
            )
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
        dates.record_backdating(
            actor, consideration, report, "considered_on", considered_on, backdating_reason
        )
    return consideration


def _clean_decision_input(data: DecisionInput) -> DecisionInput:
    """The input with its texts, answers and overrides checked and cleaned."""
    if data.kind not in DECISION_ACTION:
        raise InvalidInput(_("Ogiltigt beslut."), code="invalid_choice", field="kind")
    if data.investigator is not None and data.kind != Decision.Kind.OPEN_INVESTIGATION:
        raise InvalidInput(
            _("Utredare anges bara när utredning inleds."),
            code="investigator_without_investigation",
            field="investigator",
        )
    return dataclasses.replace(
        data,
        motivation=check_text(data.motivation, "motivation", required=False),
        exceptional_reason=check_text(
            data.exceptional_reason, "exceptional_reason", required=False
        ),
        transfer_municipality=check_text(
            data.transfer_municipality, "transfer_municipality", required=False, max_length=100
        ),
        answers=clean_answers(DecisionPoint.DECISION, data.answers),
        overrides=clean_overrides(DecisionPoint.DECISION, data.overrides),
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


def _investigator(actor, report: Report, investigator_id: int | None):
    """The investigator an opening decision names (under the rules of `assign`), or None:
    the investigation then waits in the district's list for its supervisors."""
    return assignment.handler_for_new_case(
        actor, assignment.INVESTIGATION, report.district_id, investigator_id
    )


def _take_decision(
    actor,
    report_id: int,
    version: int | None,
    data: DecisionInput,
    now: datetime.datetime,
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
    today = local_date(now)
    try:
        with transition(
            report_reads.reports(actor, to_change=True),
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
            investigator = (
                _investigator(actor, report, data.investigator)
                if data.kind == Decision.Kind.OPEN_INVESTIGATION
                else None
            )
            taken = effects.decision_taken(
                dataclasses.replace(data, investigator=getattr(investigator, "pk", None)),
                {
                    "state": report.state,
                    "version": report.version,
                    "district_id": report.district_id,
                    "child_id": report.child_id,
                    "reporter_mandated": report.reporter_mandated,
                    "reporter_wants_feedback": report.reporter_wants_feedback,
                },
                pre_assessment_id=report.pre_assessment.pk,
                decided_by_id=decided_by.pk,
                provision_id=getattr(provision, "pk", None),
                investigator_unit_id=getattr(investigator, "unit_id", None),
                at=now,
            )
            decision = Decision.objects.create(**taken.decision)
            decision_fields = {
                "decision": decision,
                "kind": data.kind,
                "provision": provision_data(provision),
            }
            step.created(decision, **decision_fields, decided_by=decided_by)
            _file_decision_on_commit(actor, report, decision, provision, decided_by, cosigned_by)
            step.wrote(**decision_fields)
            record_evaluations(
                evaluations,
                report=report,
                point=DecisionPoint.DECISION,
                actor=actor,
                at=now,
                decision=decision,
                answers=data.answers,
                overrides=data.overrides,
                overridden_by=decided_by,
                cosigned_by=cosigned_by,
                cosign_reason=cosign_reason,
            )
            if cosigned_by is None:
                cosignatures.supersede_pending(actor, report, now)
            if taken.investigation is not None:
                investigation = Investigation.objects.create(
                    **taken.investigation, opening_decision=decision
                )
                step.created(
                    investigation,
                    decision=decision,
                    opened_on=investigation.opened_on,
                    due_date=investigation.due_date,
                    assigned_to=investigation.assigned_to_id,
                    unit=investigation.unit_id,
                )
            report_fields = _beside_transition(taken.report)
            if report_fields:
                report_writes.write_fields(report, report_fields)
                step.wrote(**report_fields)
    except IntegrityError as exc:  # the unique decision per pre-assessment held the line
        raise TransitionNotAllowed(_("Ärendet är redan beslutat."), code="already_decided") from exc
    return decision


def _file_decision_on_commit(actor, report, decision, provision, decided_by, cosigned_by):
    """After the decision's commit, file it as a PDF in the case's documents: a decision
    rolled back files nothing, and a failure to file leaves the decision standing."""

    def file_it():
        title, content = letters.decision_document(
            report, decision, provision, decided_by, cosigned_by
        )
        documents.file_generated(actor, report, title=title, content=content)

    transaction.on_commit(file_it, robust=True)


def decide(
    actor,
    report_id: int,
    data: DecisionInput,
    *,
    version: int | None,
    at: datetime.datetime | None = None,
) -> Decision:
    """Take the one decision that ends a pre-assessment (open, not open, ongoing, transfer).

    The guideline rules in force run inside the transaction: a failing blocking rule
    refuses the decision (GuidelineRefusal, code "guideline_blocked"); a failing
    warning needs a reason in `data.overrides` (rule id → reason); a rule that needs a
    supervisor's co-signature refuses it with "cosignature_required" (see
    `request_cosignature`). `data.answers` holds what the rules ask (e.g.
    "earlier_reports_motivation", "guardians_deny"). `data.investigator` names who
    handles the investigation an opening decision starts (see `assignment`);
    without one it waits in the district's unassigned list.
    """
    return _take_decision(actor, report_id, version, _clean_decision_input(data), moment(at))


def request_cosignature(
    actor,
    report_id: int,
    data: DecisionInput,
    *,
    version: int | None,
    at: datetime.datetime | None = None,
) -> CoSignatureRequest:
    """Send a decision that only lacks a supervisor's co-signature to the supervisors.

    Every other rule must already let it through. The report stays in
    pre-assessment until a supervisor co-signs (`cosign_decision`) or returns it.
    """
    data = _clean_decision_input(data)
    now = moment(at)
    today = local_date(now)
    with transaction.atomic():
        report, _edge = lock_for(
            report_reads.reports(actor, to_change=True),
            report_id,
            DECISION_ACTION[data.kind],
            version,
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
        cosignatures.supersede_pending(actor, report, now)
        request = cosignatures.open_request(
            actor, report, dataclasses.asdict(data), [e.rule.id for e in needed], now
        )
    return request


def cosign_decision(
    actor,
    report_id: int,
    *,
    request_id: int,
    reason: str,
    at: datetime.datetime | None = None,
) -> Decision:
    """A supervisor co-signs the proposed decision, with a reason: the decision is taken.

    The rules run again as of now; the decision is the proposing worker's
    (`decided_by`), the co-signature the supervisor's.
    """
    reason = check_text(reason, "reason")
    now = moment(at)
    with transaction.atomic():
        request = cosignatures.pending_for_update(actor, report_id, request_id)
        decision = _take_decision(
            actor,
            report_id,
            request.report_version,
            DecisionInput(**request.proposal),
            now,
            decided_by=request.requested_by,
            cosigned_by=actor,
            cosign_reason=reason,
        )
        cosignatures.handle(
            actor,
            request,
            "cosign_decision",
            CoSignatureRequest.Status.COSIGNED,
            reason,
            {"decision": decision.pk},
            now,
        )
    return decision


def return_decision(
    actor,
    report_id: int,
    *,
    request_id: int,
    reason: str,
    at: datetime.datetime | None = None,
) -> CoSignatureRequest:
    """A supervisor sends the proposed decision back to the worker, with a reason."""
    reason = check_text(reason, "reason")
    now = moment(at)
    with transaction.atomic():
        request = cosignatures.pending_for_update(actor, report_id, request_id)
        cosignatures.handle(
            actor, request, "return_decision", CoSignatureRequest.Status.RETURNED, reason, {}, now
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
    at: datetime.datetime | None = None,
) -> Report:
    """Archive a decided report once the rules at archiving let it (e.g. feedback done).

    `reason_no_feedback` is the recorded reason when a reporter who asked for
    feedback did not get it.
    """
    reason = check_text(reason_no_feedback, "reason_no_feedback", required=False)
    answers = {"reason_no_feedback": reason} if reason else {}
    overrides = clean_overrides(DecisionPoint.ARCHIVE, overrides)
    now = moment(at)
    today = local_date(now)
    with transition(
        report_reads.reports(actor, to_change=True),
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
            at=now,
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


def _check_extension(actor, investigation: Investigation, new_due, today) -> None:
    """Who may extend, and how far: the delegation and the municipality's bound."""
    if not actor.may_extend_investigations:
        raise PermissionDenied(
            _(
                "Du har inte delegation att besluta om förlängd utredningstid. "
                "Beslutet fattas av den som har delegationen, oftast arbetsledaren."
            ),
            code="no_delegation",
        )
    if new_due <= investigation.due_date:
        raise InvalidInput(
            _("Det nya slutdatumet ska ligga efter det nuvarande."),
            code="extension_not_later",
            field="new_due",
        )
    if new_due <= today:
        raise InvalidInput(
            _("Det nya slutdatumet ska ligga efter i dag."),
            code="extension_in_past",
            field="new_due",
        )
    months = dates.municipality_settings(investigation.district).max_extension_months
    if new_due > add_months(investigation.due_date, months):
        raise InvalidInput(
            _(
                "En förlängning får gälla högst %(months)d månader från nuvarande slutdatum "
                "(%(due)s)."
            )
            % {"months": months, "due": investigation.due_date.isoformat()},
            code="extension_too_long",
            field="new_due",
        )


def extend_investigation(
    actor,
    investigation_id: int,
    *,
    version: int | None,
    new_due: datetime.date,
    reason: str,
    at: datetime.datetime | None = None,
) -> Investigation:
    """Decide to extend an investigation for a set time, for special reasons (20:4).

    A decision for someone holding the delegation (`extend_investigations`, the
    supervisor's by default), moving the due date at most the municipality's
    `max_extension_months`. Decided after the due date had passed, it is stored as late
    (`late`, and `extended_late` on the investigation), and stays counted as overdue.
    """
    reason = check_reason(reason, "reason", min_length=EXTENSION_REASON_MIN)
    now = moment(at)
    with transition(
        Investigation.objects.editable_by(actor),
        investigation_id,
        Action.EXTEND_INVESTIGATION,
        actor,
        expected_version=version,
    ) as step:
        investigation = step.obj
        _check_extension(actor, investigation, new_due, local_date(now))
        extension_row, fields = effects.investigation_extended(
            {
                "state": investigation.state,
                "version": investigation.version,
                "due_date": investigation.due_date,
            },
            investigation_id=investigation.pk,
            new_due=new_due,
            reason=reason,
            decided_by_id=actor.pk,
            at=now,
        )
        extension = InvestigationExtension.objects.create(**extension_row)
        Investigation.objects.filter(pk=investigation.pk).update(**_beside_transition(fields))
        dates = {"previous_due": investigation.due_date, "new_due": new_due}
        step.created(extension, **dates, late=extension.late)
        step.wrote(**dates, late=extension.late)
        step.reason = reason  # the stated special reasons, the ground of the step
        for name, value in _beside_transition(fields).items():
            setattr(investigation, name, value)
    return investigation


def _last_event(investigation: Investigation) -> EarlierEvent:
    """The latest event the investigation records: its opening or its last extension."""
    last = investigation.extensions.order_by("-decided_at").values_list("decided_at", flat=True)
    extended = last.first()
    if extended is not None and local_date(extended) > investigation.opened_on:
        return EarlierEvent(local_date(extended), _("det senaste beslutet om förlängning"))
    return EarlierEvent(investigation.opened_on, _("utredningen inleddes"))


def opening_report(investigation: Investigation) -> Report | None:
    """The report whose decision opened the investigation; None when not on record."""
    if investigation.opening_decision_id is None:
        return None
    return investigation.opening_decision.pre_assessment.report


def closing_rules_context(
    investigation: Investigation, on: datetime.date, report=None, outcome: str = ""
):
    """The investigation as the rules at its closing see it on `on`: its dates, the
    closing's outcome ("" before it is chosen) and the facts the apps above casework
    register (`sections.closing_facts`); `report` is `opening_report(investigation)`
    when the caller has it (the rules need only its id: the page does not read it)."""
    if report is not None:
        report_id = report.pk
    elif investigation.opening_decision_id is not None:
        report_id = investigation.opening_decision.pre_assessment.report_id
    else:
        report_id = None
    return closing_context(
        investigation,
        sections.closing_facts(investigation),
        on=on,
        report_id=report_id,
        outcome=outcome,
    )


def complete_investigation(
    actor,
    investigation_id: int,
    *,
    version: int | None,
    completed_on: datetime.date,
    outcome: str,
    backdating_reason: str = "",
    overrides: Mapping[str, str] | None = None,
    at: datetime.datetime | None = None,
) -> Investigation:
    """Close an investigation: not in the future, not before its last recorded event,
    within the municipality's window back, with a logged reason when before today.

    The guideline rules at the closing run inside the transaction, on the facts the
    apps above register as the investigation stands after the lock: a failing blocking
    rule refuses the closing (GuidelineRefusal, "guideline_blocked"); a failing warning
    needs a reason in `overrides` (rule id → reason). What they found is stored on the
    investigation and on the report that opened it.
    """
    if outcome not in Investigation.Outcome.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="outcome")
    overrides = clean_overrides(DecisionPoint.INVESTIGATION_CLOSING, overrides)
    now = moment(at)
    today = local_date(now)
    with transition(
        Investigation.objects.editable_by(actor),
        investigation_id,
        Action.COMPLETE_INVESTIGATION,
        actor,
        expected_version=version,
    ) as step:
        investigation = step.obj
        backdating_reason = dates.event_date(
            investigation.district,
            completed_on,
            "completed_on",
            earlier=_last_event(investigation),
            reason=backdating_reason,
            now=now,
        )
        report = opening_report(investigation)
        context = closing_rules_context(investigation, today, report, outcome)
        evaluations = evaluate(DecisionPoint.INVESTIGATION_CLOSING, context, today)
        judge(evaluations, overrides=overrides, cosigned=False)
        fields = _beside_transition(
            effects.investigation_completed(
                {"state": investigation.state, "version": investigation.version},
                completed_on=completed_on,
                outcome=outcome,
                backdating_reason=backdating_reason,
            )
        )
        Investigation.objects.filter(pk=investigation.pk).update(**fields)
        step.wrote(completed_on=completed_on, outcome=outcome)
        if backdating_reason:
            step.reason = backdating_reason  # why the closing is dated before today
        record_evaluations(
            evaluations,
            report=report,
            investigation=investigation,
            point=DecisionPoint.INVESTIGATION_CLOSING,
            actor=actor,
            at=now,
            overrides=overrides,
        )
        for name, value in fields.items():
            setattr(investigation, name, value)
    return investigation


#: Law references changed in the admin are logged before/after like any configuration.
LEGAL_PROVISIONS = AuditedConfiguration(
    LegalProvision,
    "legal_provision",
    ("key", "law", "chapter", "section", "in_force_from", "in_force_until", "summary"),
    identity={"provision": str, "key": lambda provision: provision.key},
)
