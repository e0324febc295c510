"""Scoped reads of the feedback notices: the administrators' queue and a notice's facts."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import local_date
from likvard.reports import selectors as report_reads

from .content import NoticeFacts
from .models import Notice, NoticeQuerySet, State

#: Rows per part of the queue; a district has tens a week.
QUEUE_LIMIT = 300
#: How far back the queue lists sent notices (to mark one that came back).
SENT_SHOWN_DAYS = 60


def notices(user, *, to_change: bool = False) -> NoticeQuerySet:
    return Notice.objects.editable_by(user) if to_change else Notice.objects.visible_to(user)


def owed_reports(user):
    """Decided reports in the user's district whose mandated reporter asked for feedback,
    with no notice prepared and no feedback that reached them: what `prepare_owed` fills."""
    return (
        report_reads.reports(user, to_change=True)
        .filter(
            reporter_mandated=True,
            reporter_wants_feedback=True,
            pre_assessment__decision__isnull=False,
        )
        .exclude(Exists(Notice.objects.filter(report=OuterRef("pk"))))
        .exclude(Exists(report_reads.delivered_feedback().filter(report=OuterRef("pk"))))
    )


@dataclass(frozen=True)
class Queue:
    to_send: list[Notice]  # prepared or failed: selectable for a bulk send
    sending: list[Notice]
    unsendable: list[Notice]
    sent: list[Notice]
    undeliverable: list[Notice]

    @property
    def needing_action(self) -> int:
        return len(self.unsendable) + len(self.undeliverable)


def queue(user, today: datetime.date) -> Queue:
    """The user's district's notices by part, the latest attempt of each report only;
    those whose report got feedback another way (a phone call) drop out."""
    rows = (
        notices(user, to_change=True)
        .exclude(
            Exists(
                Notice.objects.filter(report=OuterRef("report"), attempt__gt=OuterRef("attempt"))
            )
        )
        .select_related("report", "feedback")
        .order_by("due", "report_id")
    )
    unanswered = rows.exclude(
        Exists(report_reads.delivered_feedback().filter(report=OuterRef("report")))
    )

    def part(queryset, *states):
        return list(queryset.filter(state__in=states)[:QUEUE_LIMIT])

    since = today - datetime.timedelta(days=SENT_SHOWN_DAYS)
    return Queue(
        to_send=part(unanswered, State.PREPARED, State.FAILED),
        sending=part(rows, State.SENDING),
        unsendable=part(unanswered, State.UNSENDABLE),
        sent=list(
            rows.filter(state=State.SENT, sent_at__date__gte=since).order_by("-sent_at")[
                :QUEUE_LIMIT
            ]
        ),
        undeliverable=part(unanswered, State.UNDELIVERABLE),
    )


def notice_facts(notice: Notice, today: datetime.date) -> NoticeFacts:
    """What the notice states, from its report (never the child's data)."""
    report = notice.report
    provision = provision_in_force("feedback", notice.decided_on)
    return NoticeFacts(
        district=report.district.name,
        report_number=report.pk,
        received_on=local_date(report.received_at),
        outcome=notice.outcome,
        provision=str(provision) if provision else "socialtjänstlagen",
        reporter_name=report.reporter_name,
        reporter_organisation=report.reporter_organisation,
        address=notice.address,
        today=today,
    )


def latest_for_report(user, report_id: int) -> Notice | None:
    """The latest attempt at a report's notice the user may read, or None."""
    return notices(user).filter(report_id=report_id).order_by("-attempt").first()
