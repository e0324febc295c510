"""Scoped reads for the caseworker: the work queue.

The queue is built from indexed deadline columns; each part is one query,
whatever the number of rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, When
from django.utils.translation import gettext_lazy as _

from likvard.reports.models import Report

from .deadlines import urgency
from .models import Investigation
from .workflow import InvestigationState, ReportState

QUEUE_LIMIT = 200

# The badge beside each due date; a symbol as well as a colour (WCAG 1.4.1).
URGENCY_BADGES = {
    "overdue": _("⚠ Försenad"),
    "today": _("● I dag"),
    "week": _("Denna vecka"),
    "later": _("Senare"),
}


@dataclass(frozen=True)
class QueueItem:
    """One thing waiting for the worker, with the legal clock that governs it."""

    kind: str  # "report", "feedback" or "investigation"
    task: str
    obj: object
    due: datetime.date | None
    urgency: str

    @property
    def child(self):
        return self.obj.child

    @property
    def badge(self):
        return URGENCY_BADGES.get(self.urgency, "")


def work_queue(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> list[QueueItem]:
    """'Mina ärenden': open reports, owed feedback and investigations, soonest due first."""
    reports = (
        Report.objects.editable_by(user)
        .filter(assigned_to=user, state__in=[ReportState.RECEIVED, ReportState.PRE_ASSESSMENT])
        .annotate(
            due=Case(
                When(state=ReportState.RECEIVED, then=F("protection_due")),
                default=F("decision_due"),
            )
        )
        .select_related("child")
        .order_by("due", "received_at")[:limit]
    )
    feedback = (
        Report.objects.editable_by(user)
        .filter(assigned_to=user, feedback_due__isnull=False, feedback__isnull=True)
        .exclude(state=ReportState.ARCHIVED)  # archived with the reason feedback was not given
        .select_related("child")
        .order_by("feedback_due")[:limit]
    )
    investigations = (
        Investigation.objects.editable_by(user)
        .filter(assigned_to=user, state=InvestigationState.ONGOING)
        .select_related("child")
        .order_by("due_date")[:limit]
    )
    items = [
        QueueItem(
            "report",
            _("Skyddsbedömning") if r.state == ReportState.RECEIVED else _("Beslut om utredning"),
            r,
            r.due,
            urgency(r.due, today),
        )
        for r in reports
    ]
    items += [
        QueueItem(
            "feedback",
            _("Återkoppling till anmälare"),
            r,
            r.feedback_due,
            urgency(r.feedback_due, today),
        )
        for r in feedback
    ]
    items += [
        QueueItem("investigation", _("Utredning"), i, i.due_date, urgency(i.due_date, today))
        for i in investigations
    ]
    items.sort(key=lambda item: (item.due is None, item.due or today))
    return items[:limit]
