"""Scoped reads for the caseworker: the work queue and a child's history.

The queue is built from indexed deadline columns; each part is one query,
whatever the number of rows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import readable_district_id
from likvard.core.calendar import local_date
from likvard.core.errors import NotFound
from likvard.people.models import Child
from likvard.reports.deadlines import urgency
from likvard.reports.models import Feedback, Report
from likvard.reports.workflow import InvestigationState, ReportState

from .assignment import INVESTIGATION, REPORT, eligible_workers
from .models import (
    ChildConversation,
    Decision,
    Investigation,
    PoliceReportConsideration,
    PreAssessment,
)

QUEUE_LIMIT = 200
#: Reports before their decision: the open work in a queue or a caseload.
OPEN_REPORT_STATES = [ReportState.RECEIVED, ReportState.PRE_ASSESSMENT]

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
        .filter(assigned_to=user, state__in=OPEN_REPORT_STATES)
        .with_current_due()
        .select_related("child")
        .order_by("current_due", "received_at")[:limit]
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
            _("Skyddsbedömning")
            if r.state == ReportState.RECEIVED
            else _("Beslut om att inleda utredning"),
            r,
            r.current_due,
            urgency(r.current_due, today),
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


# --- "Fördela ärenden": the supervisor's view of the district -----------------------------


@dataclass(frozen=True)
class Workload:
    """A worker who may be assigned cases, with the open cases they hold now."""

    worker: object
    reports: int
    investigations: int
    overdue: int

    @property
    def total(self) -> int:
        return self.reports + self.investigations


@dataclass(frozen=True)
class Distribution:
    """What a supervisor distributes: unassigned and overdue cases, and who has what."""

    unassigned: list[QueueItem]
    overdue: list[QueueItem]
    workloads: list[Workload]
    #: Who may be given a report / an investigation, with what they hold now.
    report_workers: list[Workload]
    investigation_workers: list[Workload]


def _report_items(reports, today) -> list[QueueItem]:
    return [
        QueueItem(
            "report",
            _report_task(r),
            r,
            r.current_due or r.feedback_due,
            urgency(r.current_due or r.feedback_due, today),
        )
        for r in reports
    ]


def _report_task(report):
    if report.state == ReportState.RECEIVED:
        return _("Skyddsbedömning")
    if report.state == ReportState.PRE_ASSESSMENT:
        return _("Beslut om att inleda utredning")
    return _("Återkoppling till anmälare") if report.feedback_due else report.get_state_display()


def _investigation_items(investigations, today) -> list[QueueItem]:
    return [
        QueueItem("investigation", _("Utredning"), i, i.due_date, urgency(i.due_date, today))
        for i in investigations
    ]


def _by_due(items: list[QueueItem], today) -> list[QueueItem]:
    return sorted(items, key=lambda item: (item.due is None, item.due or today))


def distribution(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> Distribution:
    """The district's unassigned and overdue cases and every eligible worker's caseload.

    Only for a user who may assign cases (`assign_cases`); the rows are read through
    `editable_by`, so only the user's own district is ever listed.
    """
    district_id = user.district_id
    reports = Report.objects.editable_by(user).select_related("child", "assigned_to")
    investigations = Investigation.objects.editable_by(user).select_related("child", "assigned_to")
    unassigned_reports = reports.filter(assigned_to__isnull=True).exclude(
        state=ReportState.ARCHIVED
    )
    unassigned_investigations = investigations.filter(
        assigned_to__isnull=True, state=InvestigationState.ONGOING
    )
    # The state filter as well, so the (district, state, …) index narrows the rows first.
    overdue_reports = (
        reports.filter(state__in=OPEN_REPORT_STATES)
        .with_current_due()
        .filter(current_due__lt=today)
    )
    overdue_investigations = investigations.filter(
        state=InvestigationState.ONGOING, due_date__lt=today
    )
    report_workers = list(eligible_workers(REPORT, district_id))
    investigation_workers = list(eligible_workers(INVESTIGATION, district_id))
    workers = {w.pk: w for w in [*report_workers, *investigation_workers]}

    def counts(queryset) -> dict[int, int]:
        return dict(
            queryset.filter(assigned_to__in=list(workers))
            .order_by()
            .values("assigned_to")
            .annotate(n=Count("pk"))
            .values_list("assigned_to", "n")
        )

    open_reports = counts(reports.filter(state__in=OPEN_REPORT_STATES))
    open_investigations = counts(investigations.filter(state=InvestigationState.ONGOING))
    late = Counter(counts(overdue_reports)) + Counter(counts(overdue_investigations))
    loads = {
        pk: Workload(w, open_reports.get(pk, 0), open_investigations.get(pk, 0), late.get(pk, 0))
        for pk, w in workers.items()
    }
    workloads = sorted(
        loads.values(), key=lambda load: (load.worker.last_name, load.worker.first_name)
    )
    return Distribution(
        unassigned=_by_due(
            _report_items(unassigned_reports.order_by("decision_due")[:limit], today)
            + _investigation_items(unassigned_investigations.order_by("due_date")[:limit], today),
            today,
        )[:limit],
        overdue=_by_due(
            _report_items(overdue_reports.order_by("decision_due")[:limit], today)
            + _investigation_items(overdue_investigations.order_by("due_date")[:limit], today),
            today,
        )[:limit],
        workloads=workloads,
        report_workers=[loads[w.pk] for w in report_workers],
        investigation_workers=[loads[w.pk] for w in investigation_workers],
    )


@dataclass(frozen=True)
class ElsewhereSummary:
    """What a worker may know of another district's report."""

    district_id: int
    district_name: str
    received_on: object
    outcome: str


#: One report as its page and the API show it: the rows it joins...
REPORT_JOINS = (
    "district",
    "child",
    "assigned_to",
    "registered_by",
    "protection_assessment__assessed_by",
    "pre_assessment__decision__decided_by",
    "pre_assessment__decision__provision",
    "pre_assessment__decision__investigation",
)
#: ...and the lists it shows, in the order they were recorded. The guideline rules
#: read the same lists (`guidelines.context.case_context`), so a page reads each once.
REPORT_LISTS = (
    "concerns",
    Prefetch("feedback", queryset=Feedback.objects.order_by("id")),
    "feedback__given_by",
    Prefetch("child_conversations", queryset=ChildConversation.objects.order_by("id")),
    "child_conversations__recorded_by",
    Prefetch("police_considerations", queryset=PoliceReportConsideration.objects.order_by("id")),
    "police_considerations__recorded_by",
)


def report_rows(queryset):
    """Reports in full (`REPORT_JOINS`, `REPORT_LISTS`): a fixed number of queries."""
    return queryset.select_related(*REPORT_JOINS).prefetch_related(*REPORT_LISTS)


def visible_report(user, pk) -> Report:
    """One report in full, read through the user's scope; NotFound otherwise."""
    report = report_rows(Report.objects.visible_to(user)).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def _elsewhere(user, child: Child, mine) -> list[ElsewhereSummary]:
    """What the user may know of the child's reports outside their scope."""
    if readable_district_id(user) is True:
        return []
    others = Report.objects.filter(child=child).exclude(pk__in=mine.values("pk"))
    return [
        ElsewhereSummary(
            row["district_id"],
            row["district__name"],
            local_date(row["received_at"]),
            ReportState(row["state"]).label,
        )
        for row in others.order_by("-received_at").values(
            "district_id", "district__name", "received_at", "state"
        )
    ]


def earlier_reports(user, report: Report) -> tuple[list[Report], list[ElsewhereSummary]]:
    """For a report's page: the child's earlier reports in scope, and summaries of others."""
    mine = Report.objects.visible_to(user).filter(child_id=report.child_id)
    earlier = mine.filter(received_at__lt=report.received_at).order_by("-received_at")
    return list(earlier), _elsewhere(user, report.child, mine)


def child_history(user, child: Child, *, in_full: bool = False):
    """(reports in the user's scope, summaries of the others, investigations).

    The child's page shows each report as a row (its concerns, decision and
    conversations); the API's answer (`in_full`) gives each report in full.
    """
    mine = Report.objects.visible_to(user).filter(child=child)
    if in_full:
        own = report_rows(mine)
    else:
        own = mine.select_related("pre_assessment__decision").prefetch_related(
            "concerns",
            Prefetch("child_conversations", queryset=ChildConversation.objects.order_by("id")),
        )
    investigations = Investigation.objects.visible_to(user).filter(child=child)
    if in_full:
        investigations = investigations.select_related("district", "child", "assigned_to")
    return (
        list(own.order_by("-received_at")),
        _elsewhere(user, child, mine),
        list(investigations.prefetch_related("extensions").order_by("-opened_on")),
    )


# --- the scoped reads the API's view sets start from ----------------------------------------


def reports(user, *, to_change: bool = False):
    """The reports the user reads, or (`to_change`) may change."""
    return Report.objects.editable_by(user) if to_change else Report.objects.visible_to(user)


def pre_assessments(user, *, to_change: bool = False):
    """The pre-assessments the user reads, or may change."""
    rows = PreAssessment.objects
    return rows.editable_by(user) if to_change else rows.visible_to(user)


def decisions(user, *, in_full: bool = False):
    """The decisions the user reads, with the rows a decision's answer names (in a list,
    all but the provision, which only the full answer shows)."""
    rows = Decision.objects.visible_to(user).select_related(
        "pre_assessment__report__district",
        "pre_assessment__report__child",
        "decided_by",
        "investigation",
    )
    return rows.select_related("provision") if in_full else rows


def investigations(user, *, to_change: bool = False):
    """The investigations the user reads, or may change, with their child and handler."""
    rows = Investigation.objects
    rows = rows.editable_by(user) if to_change else rows.visible_to(user)
    return rows.select_related("district", "child", "assigned_to")


def visible_investigation(user, pk) -> Investigation:
    """One investigation as its page shows it; NotFound when out of scope."""
    investigation = (
        investigations(user)
        .select_related("opening_decision__pre_assessment__report")
        .filter(pk=pk)
        .first()
    )
    if investigation is None:
        raise NotFound()
    return investigation


def recorded(user, model, pk):
    """A conversation, police-report consideration or feedback just recorded, read back."""
    by = "given_by" if model is Feedback else "recorded_by"
    row = model.objects.visible_to(user).select_related(by).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def provision_cited(provision) -> bool:
    """Whether a decision cites the provision (then its text may no longer change)."""
    return Decision.objects.filter(provision=provision).exists()
