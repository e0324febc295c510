"""Preparing, sending and following up feedback notices to reporters.

Every write goes through here with its audit entry (no address, no text: channel,
state and attempt only). Sending is a job of the database queue: `queue_sending`
marks the chosen notices "sending" and enqueues one job after its commit; the job
sends each notice still "sending" under its row lock and records the feedback in
the same transaction, so a notice is sent at most once (a double submit finds
nothing left to mark, a retried job finds it "sent"), and a send that fails leaves
it "failed", to be chosen again.
"""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import check_not_future
from likvard.documents import services as documents
from likvard.reports import selectors as report_reads
from likvard.reports import services as reports
from likvard.reports.models import Feedback
from likvard.reports.workflow import DecisionKind

from . import content, selectors
from .channels import route
from .models import Bounce, Channel, Notice, State, Unsendable

log = logging.getLogger(__name__)

PERMISSION = "send_reporter_feedback"
#: The three outcomes the law lets a notice tell (SoL 19:6); a transfer is not one.
TOLD = (DecisionKind.OPEN_INVESTIGATION, DecisionKind.NOT_OPEN, DecisionKind.ALREADY_ONGOING)
METHOD = {Channel.EMAIL: Feedback.Method.EMAIL, Channel.LETTER: Feedback.Method.LETTER}


def _require(actor) -> None:
    if not actor.holds(PERMISSION):
        raise PermissionDenied(_("Din roll får inte skicka återkoppling till anmälare."))


def _logged(actor, action, verb, notice: Notice, **after) -> None:
    record(
        actor,
        action,
        verb,
        notice,
        child_id=notice.report.child_id,
        district_id=notice.report.district_id,
        after={
            "attempt": notice.attempt,
            "channel": notice.channel,
            "state": notice.state,
            **after,
        },
    )


def _fields(decision_kind: str, contact: str) -> dict:
    """Channel, address, state and reason for a notice of this outcome to this contact."""
    if decision_kind not in TOLD:
        return {
            "channel": Channel.NONE,
            "state": State.UNSENDABLE,
            "unsendable": Unsendable.TRANSFERRED,
        }
    way = route(contact)
    if way.channel == Channel.NONE:
        return {
            "channel": Channel.NONE,
            "state": State.UNSENDABLE,
            "unsendable": Unsendable.NO_ADDRESS,
        }
    return {"channel": way.channel, "address": way.address, "state": State.PREPARED}


def prepare(actor, report_id: int, *, at: datetime.datetime | None = None) -> Notice | None:
    """Prepare the feedback for a decided report whose mandated reporter asked for it;
    None when there is nothing to prepare (not asked, not decided, already prepared)."""
    now = moment(at)
    with transaction.atomic():
        report = (
            selectors.owed_reports(actor)
            .select_related("pre_assessment__decision")
            .select_for_update(of=("self",))
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return None
        decision = report.pre_assessment.decision
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    report=report,
                    attempt=1,
                    outcome=decision.kind,
                    decided_on=local_date(decision.decided_at),
                    due=report.feedback_due,
                    prepared_at=now,
                    **_fields(decision.kind, report.reporter_contact),
                )
        except IntegrityError:  # prepared by a concurrent call meanwhile
            return None
        _logged(actor, AuditEntry.Action.CREATE, "prepare_reporter_notice", notice)
    return notice


def prepare_owed(
    actor, *, decided_since: datetime.date | None = None, at: datetime.datetime | None = None
) -> int:
    """Prepare every notice owed in the actor's district for decisions from
    `decided_since` (the decisions recorded before this app, the demo's); how many."""
    owed = selectors.owed_reports(actor)
    if decided_since is not None:
        owed = owed.filter(pre_assessment__decision__decided_at__date__gte=decided_since)
    ids = list(owed.order_by("pk").values_list("pk", flat=True))
    return sum(prepare(actor, pk, at=at) is not None for pk in ids)


def prepare_after_decision(decision) -> None:
    """Prepare the notice once the decision's transaction has committed (from the
    `post_save` of a new casework Decision, see apps.py), as its decision maker."""
    report_id = decision.pre_assessment.report_id
    transaction.on_commit(lambda: prepare(decision.decided_by, report_id), robust=True)


def queue_sending(actor, notice_ids, *, at: datetime.datetime | None = None) -> int:
    """Mark the chosen notices "sending" and enqueue the job that sends them.

    All of them must be the actor's district's, or nothing is queued (NotFound). Those
    already sending or sent are left as they are (a double submit): how many were
    queued now.
    """
    _require(actor)
    ids = sorted(set(notice_ids))
    with transaction.atomic():
        chosen = list(
            selectors.notices(actor, to_change=True)
            .select_related("report")
            .select_for_update(of=("self",))
            .filter(pk__in=ids)
        )
        if len(chosen) != len(ids):
            raise NotFound()
        ready = [n for n in chosen if n.state in (State.PREPARED, State.FAILED)]
        for notice in ready:
            notice.state, notice.queued_by, notice.failure = State.SENDING, actor, ""
            notice.save(update_fields=["state", "queued_by", "failure"])
            _logged(actor, AuditEntry.Action.UPDATE, "queue_reporter_notice", notice)
        queued = [n.pk for n in ready]
        if queued:
            transaction.on_commit(lambda: send_notices.enqueue(queued))
    return len(queued)


@task()
def send_notices(notice_ids: list[int]) -> None:
    """Send each notice still "sending"; one that fails is marked failed, the rest go on."""
    for notice_id in notice_ids:
        try:
            send_one(notice_id)
        except Exception as error:
            log.warning("reporter notice %s not sent: %s", notice_id, type(error).__name__)
            _failed(notice_id, type(error).__name__)


def send_one(notice_id: int, *, at: datetime.datetime | None = None) -> bool:
    """Send one notice if it is still "sending" and record the feedback; whether it sent.

    The row stays locked from the check to "sent", so two runs cannot both send it.
    """
    now = moment(at)
    with transaction.atomic():
        notice = (
            Notice.objects.select_related("report__district", "queued_by")
            .select_for_update(of=("self",))
            .filter(pk=notice_id, state=State.SENDING)
            .first()
        )
        if notice is None:
            return False
        actor, report = notice.queued_by, notice.report
        facts = selectors.notice_facts(notice, local_date(now))
        if notice.channel == Channel.EMAIL:
            EmailMessage(
                content.email_subject(facts), content.email_body(facts), to=[notice.address]
            ).send()
        else:
            notice.document = documents.file_generated(
                actor,
                report,
                title=f"{content.TITLE}, {report.pk}",
                content=content.letter_pdf(facts),
                at=now,
            )
        notice.feedback = reports.record_feedback(
            actor, report.pk, given_on=local_date(now), method=METHOD[notice.channel], at=now
        )
        notice.state, notice.sent_at = State.SENT, now
        notice.save(update_fields=["state", "sent_at", "feedback", "document"])
        _logged(actor, AuditEntry.Action.UPDATE, "send_reporter_notice", notice)
    return True


def _failed(notice_id: int, failure: str) -> None:
    with transaction.atomic():
        notice = (
            Notice.objects.select_related("report")
            .select_for_update(of=("self",))
            .filter(pk=notice_id, state=State.SENDING)
            .first()
        )
        if notice is None:
            return
        notice.state, notice.failure = State.FAILED, failure[:100]
        notice.save(update_fields=["state", "failure"])
        _logged(None, AuditEntry.Action.UPDATE, "reporter_notice_failed", notice, failure=failure)


def record_undeliverable(
    actor,
    notice_id: int,
    *,
    undelivered_on: datetime.date,
    bounce: str,
    at: datetime.datetime | None = None,
) -> Notice:
    """Record that a sent notice came back: the feedback stops counting as given."""
    _require(actor)
    now = moment(at)
    if bounce not in Bounce.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="bounce")
    check_not_future(undelivered_on, "undelivered_on", now=now)
    with transaction.atomic():
        notice = _locked(actor, notice_id)
        if notice.state == State.UNDELIVERABLE:
            return notice  # recorded already (a double submit)
        if notice.state != State.SENT:
            raise InvalidInput(
                _("Bara en skickad återkoppling kan markeras som att den inte kom fram."),
                code="not_sent",
            )
        reports.record_undelivered(actor, notice.feedback_id, undelivered_on=undelivered_on, at=now)
        notice.state, notice.bounce, notice.undelivered_on = (
            State.UNDELIVERABLE,
            bounce,
            undelivered_on,
        )
        notice.save(update_fields=["state", "bounce", "undelivered_on"])
        _logged(
            actor,
            AuditEntry.Action.UPDATE,
            "record_reporter_notice_undelivered",
            notice,
            bounce=bounce,
            undelivered_on=str(undelivered_on),
        )
    return notice


def prepare_again(actor, notice_id: int, *, address: str, at: datetime.datetime | None = None):
    """A new attempt for a notice that came back or could not be sent: to the e-mail or
    postal address the administrator found (another channel or a corrected address)."""
    _require(actor)
    now = moment(at)
    with transaction.atomic():
        notice = _locked(actor, notice_id)
        if notice.state not in (State.UNDELIVERABLE, State.UNSENDABLE):
            raise InvalidInput(
                _("Återkopplingen kan bara skickas på nytt om den inte kom fram."),
                code="not_returned",
            )
        if notice.unsendable == Unsendable.TRANSFERRED:
            raise InvalidInput(Unsendable.TRANSFERRED.label, code="transferred")
        way = route(address[:200])
        if way.channel == Channel.NONE:
            raise InvalidInput(
                _("Ange en e-postadress, eller en postadress med postnummer och ort."),
                code="no_address",
                field="address",
            )
        if report_reads.delivered_feedback().filter(report=notice.report_id).exists():
            raise InvalidInput(_("Anmälaren har redan fått återkoppling."), code="feedback_given")
        try:
            with transaction.atomic():
                again = Notice.objects.create(
                    report=notice.report,
                    attempt=notice.attempt + 1,
                    outcome=notice.outcome,
                    decided_on=notice.decided_on,
                    due=notice.due,
                    channel=way.channel,
                    address=way.address,
                    state=State.PREPARED,
                    prepared_at=now,
                )
        except IntegrityError:  # a double submit: the first one made it
            return Notice.objects.get(report=notice.report, attempt=notice.attempt + 1)
        _logged(actor, AuditEntry.Action.CREATE, "prepare_reporter_notice", again)
    return again


def _locked(actor, notice_id: int) -> Notice:
    notice = (
        selectors.notices(actor, to_change=True)
        .select_related("report")
        .select_for_update(of=("self",))
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise NotFound()
    return notice
