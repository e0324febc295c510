"""Scoped reads for the caseworker: the work queue and a child's history.

The queue is built from indexed deadline columns; each part is one query,
whatever the number of rows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from likvard.access.scoping import readable_district_id
from likvard.core.calendar import STOCKHOLM, local_date
from likvard.core.errors import NotFound
from likvard.people.models import Child
from likvard.people.selectors import child_name_through
from likvard.reports import selectors as report_reads
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
    ProtectionAlert,
)

QUEUE_LIMIT = 200
#: Reports before their decision: the open work in a queue or a caseload.
OPEN_REPORT_STATES = [ReportState.RECEIVED, ReportState.PRE_ASSESSMENT]
#: How long before a police-report reconsideration it comes back into the queue.
RECONSIDER_AHEAD = datetime.timedelta(days=7)
#: How long an unanswered alert of an immediate protection need stays on the lists.
ALERT_DAYS = 14

# The badge beside each due date; a symbol as well as a colour (WCAG 1.4.1).
URGENCY_BADGES = {
    "overdue": _("⚠ Försenad"),
    "today": _("● I dag"),
    "week": _("Denna vecka"),
    "later": _("Senare"),
}
#: What a queue item asks of the worker: the task filter's choices.
TASKS = {
    "protection": _("Skyddsbedömning"),
    "decision": _("Beslut om att inleda utredning"),
    "feedback": _("Återkoppling till anmälare"),
    "investigation": _("Utredning"),
    "police": _("Ompröva polisanmälan"),
}
#: The status filter's choices: the urgency of the due date.
STATUSES = {key: URGENCY_BADGES[key] for key in ("overdue", "today", "week", "later")}


@dataclass(frozen=True)
class QueueItem:
    """One thing waiting for the worker, with the legal clock that governs it."""

    kind: str  # "report", "feedback", "police" (all shown on the report) or "investigation"
    task_key: str  # a key of TASKS
    obj: object
    due: datetime.date | None
    today: datetime.date

    @property
    def task(self):
        """What is asked; a decided report waiting for a handler shows its state."""
        return TASKS.get(self.task_key) or self.obj.get_state_display()

    @property
    def child(self):
        return self.obj.child

    @property
    def urgency(self) -> str:
        return urgency(self.due, self.today)

    @property
    def badge(self):
        return URGENCY_BADGES.get(self.urgency, "")

    @property
    def days_left(self) -> int | None:
        """Days until the due date; negative when it has passed."""
        return None if self.due is None else (self.due - self.today).days

    @property
    def days_left_text(self) -> str:
        """The days left in words, so the overdue is said and not only coloured."""
        days = self.days_left
        if days is None:
            return "–"
        if days == 0:
            return str(_("i dag"))
        if days > 0:
            return ngettext("%(n)s dag kvar", "%(n)s dagar kvar", days) % {"n": days}
        return ngettext("%(n)s dag försenad", "%(n)s dagar försenad", -days) % {"n": -days}

    @property
    def priority(self) -> tuple:
        """Today's and overdue protection assessments first, then the other overdue items
        by how overdue they are, then the rest by due date (those without one last)."""
        if self.task_key == "protection" and self.due is not None and self.due <= self.today:
            group = 0
        elif self.due is not None and self.due < self.today:
            group = 1
        else:
            group = 2
        return (group, self.due is None, self.due or self.today)


def by_priority(items: list[QueueItem]) -> list[QueueItem]:
    return sorted(items, key=lambda item: item.priority)


def _due_filter(field: str, status: str | None, today: datetime.date) -> dict:
    """The condition on a due-date column for a status filter (a key of STATUSES)."""
    week = today + datetime.timedelta(days=7)
    return {
        None: {},
        "overdue": {f"{field}__lt": today},
        "today": {field: today},
        "week": {f"{field}__gt": today, f"{field}__lte": week},
        "later": {f"{field}__gt": week},
    }[status]


@dataclass(frozen=True)
class QueueFilter:
    """Whose items (a worker, `UNASSIGNED`, or everyone), which task, which status."""

    worker: object = None
    task: str | None = None
    status: str | None = None

    def handler(self, path: str) -> dict:
        if self.worker is None:
            return {}
        if self.worker == UNASSIGNED:
            return {f"{path}__isnull": True}
        return {path: self.worker}

    def wants(self, task: str) -> bool:
        return self.task is None or self.task == task


#: The worker filter's value for items nobody handles yet.
UNASSIGNED = "none"


#: The columns a queue row shows (`{% queue_rows %}`): the queue reads no others, so
#: two hundred rows make light model instances (the child's, the handler's).
ROW_PEOPLE = (
    *child_name_through("child"),
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)
REPORT_ROW = (
    "state",
    "district",
    "protection_due",
    "decision_due",
    "feedback_due",
    "child",
    "assigned_to",
    *ROW_PEOPLE,
)


def _queue(user, today, limit, chosen: QueueFilter) -> list[QueueItem]:
    """The district's items the filter chooses, one query per kind of item.

    Each part is read soonest due first, up to `limit`, so the most urgent items are
    always among those read; the parts are then merged by `QueueItem.priority`.
    """
    items = []
    reports = (
        report_reads.reports(user, to_change=True)
        .select_related("child", "assigned_to")
        .only(*REPORT_ROW)
    )
    states = [
        state
        for task, state in (
            ("protection", ReportState.RECEIVED),
            ("decision", ReportState.PRE_ASSESSMENT),
        )
        if chosen.wants(task)
    ]
    if states:
        open_reports = (
            reports.filter(state__in=states, **chosen.handler("assigned_to"))
            .with_current_due()
            .filter(**_due_filter("current_due", chosen.status, today))
            .order_by("current_due", "received_at")[:limit]
        )
        items += [
            QueueItem(
                "report",
                "protection" if r.state == ReportState.RECEIVED else "decision",
                r,
                r.current_due,
                today,
            )
            for r in open_reports
        ]
    if chosen.wants("feedback"):
        feedback = (
            reports.filter(
                feedback_due__isnull=False,
                feedback__isnull=True,
                **chosen.handler("assigned_to"),
                **_due_filter("feedback_due", chosen.status, today),
            )
            .exclude(state=ReportState.ARCHIVED)  # archived with the reason it was not given
            .order_by("feedback_due")[:limit]
        )
        items += [QueueItem("feedback", "feedback", r, r.feedback_due, today) for r in feedback]
    if chosen.wants("police"):
        items += [
            QueueItem("police", "police", c.report, c.reconsider_on, today)
            for c in _reconsiderations(user, today, chosen, limit)
        ]
    if chosen.wants("investigation"):
        investigations = (
            Investigation.objects.editable_by(user)
            .filter(
                state=InvestigationState.ONGOING,
                **chosen.handler("assigned_to"),
                **_due_filter("due_date", chosen.status, today),
            )
            .select_related("child", "assigned_to")
            .only("due_date", "child", "assigned_to", *ROW_PEOPLE)
            .order_by("due_date")[:limit]
        )
        items += [
            QueueItem("investigation", "investigation", i, i.due_date, today)
            for i in investigations
        ]
    return by_priority(items)[:limit]


def _reconsiderations(user, today, chosen: QueueFilter, limit):
    """Police-report considerations to look at again: the latest of each report whose
    reconsideration date is within a week (or past), while the case is in progress.

    In progress: the report is before its decision, or the investigation it opened is
    ongoing. The question is weighed again during the case, not after it: a closed
    case's last "not now" would otherwise stay overdue in the queue for good (in ten
    years of demo data, 270 such items for one worker, ahead of every live deadline).
    """
    later = PoliceReportConsideration.objects.filter(
        report_id=OuterRef("report_id"), pk__gt=OuterRef("pk")
    )
    in_progress = Q(report__state__in=OPEN_REPORT_STATES) | Q(
        report__pre_assessment__decision__investigation__state=InvestigationState.ONGOING
    )
    return (
        PoliceReportConsideration.objects.editable_by(user)
        .filter(
            in_progress,
            reconsider_on__lte=today + RECONSIDER_AHEAD,
            **chosen.handler("report__assigned_to"),
            **_due_filter("reconsider_on", chosen.status, today),
        )
        .exclude(Exists(later))
        .select_related("report__child", "report__assigned_to")
        .only("reconsider_on", "report", *(f"report__{field}" for field in REPORT_ROW))
        .order_by("reconsider_on")[:limit]
    )


def work_queue(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> list[QueueItem]:
    """'Mina ärenden': the user's open reports, owed feedback, police-report
    reconsiderations and investigations, most urgent first (`QueueItem.priority`)."""
    return _queue(user, today, limit, QueueFilter(worker=user))


def team_queue(
    user, today: datetime.date, chosen: QueueFilter, limit: int = QUEUE_LIMIT
) -> list[QueueItem]:
    """The team view: the same items for the whole of the user's district (`editable_by`),
    so a colleague's overdue protection assessment is seen by all."""
    return _queue(user, today, limit, chosen)


def team_workers(district_id) -> list:
    """Who may hold a report or an investigation in the district: the worker filter."""
    workers = {
        w.pk: w for kind in (REPORT, INVESTIGATION) for w in eligible_workers(kind, district_id)
    }
    return sorted(workers.values(), key=lambda w: (w.last_name, w.first_name, w.username))


def open_alerts(user, now: datetime.datetime):
    """Alerts of an immediate protection need in the user's district that no next step
    has answered yet, raised within `ALERT_DAYS`, newest first."""
    return list(
        ProtectionAlert.objects.editable_by(user)
        .filter(
            raised_at__gte=now - datetime.timedelta(days=ALERT_DAYS),
            report__immediate_steps__isnull=True,
        )
        .select_related("report__child", "raised_by")
        .order_by("-raised_at")
    )


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
        QueueItem("report", _report_task(r), r, r.current_due or r.feedback_due, today)
        for r in reports
    ]


def _report_task(report) -> str:
    if report.state == ReportState.RECEIVED:
        return "protection"
    if report.state == ReportState.PRE_ASSESSMENT:
        return "decision"
    return "feedback" if report.feedback_due else "state"


def _investigation_items(investigations, today) -> list[QueueItem]:
    return [
        QueueItem("investigation", "investigation", i, i.due_date, today) for i in investigations
    ]


def distribution(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> Distribution:
    """The district's unassigned and overdue cases and every eligible worker's caseload.

    Only for a user who may assign cases (`assign_cases`); the rows are read through
    `editable_by`, so only the user's own district is ever listed.
    """
    district_id = user.district_id
    reports = report_reads.reports(user, to_change=True).select_related("child", "assigned_to")
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
        unassigned=by_priority(
            _report_items(unassigned_reports.order_by("decision_due")[:limit], today)
            + _investigation_items(unassigned_investigations.order_by("due_date")[:limit], today)
        )[:limit],
        overdue=by_priority(
            _report_items(overdue_reports.order_by("decision_due")[:limit], today)
            + _investigation_items(overdue_investigations.order_by("due_date")[:limit], today)
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
    "protection_alert",
    "pre_assessment__decision__decided_by",
    "pre_assessment__decision__provision",
    "pre_assessment__decision__investigation",
)
#: ...and the lists it shows, in the order they were recorded. The guideline rules
#: read the same lists (`guidelines.context.case_context`), so a page reads each once.
REPORT_LISTS = (
    "concerns",
    Prefetch("feedback", queryset=report_reads.feedback_in_order()),
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
    report = report_rows(report_reads.reports(user)).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def _elsewhere(user, child: Child, mine) -> list[ElsewhereSummary]:
    """What the user may know of the child's reports outside their scope."""
    if readable_district_id(user) is True:
        return []
    others = report_reads.in_every_district(child=child).exclude(pk__in=mine.values("pk"))
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
    mine = report_reads.reports(user).filter(child_id=report.child_id)
    earlier = mine.filter(received_at__lt=report.received_at).order_by("-received_at")
    return list(earlier), _elsewhere(user, report.child, mine)


def child_history(user, child: Child, *, in_full: bool = False):
    """(reports in the user's scope, summaries of the others, investigations).

    The child's page shows each report as a row (its concerns, decision and
    conversations); the API's answer (`in_full`) gives each report in full.
    """
    mine = report_reads.reports(user).filter(child=child)
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
        .select_related("opening_decision__pre_assessment", "district")
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


#: Outcomes of a police-report consideration where the police know of the suspicion.
POLICE_REPORTED = (
    PoliceReportConsideration.Outcome.REPORTED,
    PoliceReportConsideration.Outcome.ALREADY_REPORTED,
)


def report_facts() -> dict:
    """What casework records about each report, as expressions over an outer report
    row (one indexed EXISTS each), for counts over every case."""
    outer = OuterRef("pk")
    considerations = PoliceReportConsideration.objects.filter(report=outer)
    return {
        "heard": Exists(ChildConversation.objects.filter(report=outer, held=True)),
        "police_considered": Exists(considerations),
        "police_reported": Exists(considerations.filter(outcome__in=POLICE_REPORTED)),
    }


def all_investigations():
    """Every investigation, unscoped: for counts that are published aggregated."""
    return Investigation.objects.all()


def closed_not_opened(
    user, start: datetime.datetime, end: datetime.datetime, district_ids=(), born=None
):
    """(report id, district id, day of the decision in Stockholm, child's birth date) of
    every pre-assessment the user reads that was closed "not open" in [start, end): the
    columns the inspectors' draw needs, in one query over the (kind, decided_at) index."""
    rows = Decision.objects.visible_to(user).filter(
        kind=Decision.Kind.NOT_OPEN, decided_at__gte=start, decided_at__lt=end
    )
    if district_ids:
        rows = rows.filter(pre_assessment__report__district_id__in=list(district_ids))
    if born:  # (first, last) birth dates, when the caller limits the child's age
        rows = rows.filter(pre_assessment__report__child__birth_date__range=born)
    return rows.values_list(
        "pre_assessment__report_id",
        "pre_assessment__report__district_id",
        TruncDate("decided_at", tzinfo=STOCKHOLM),
        "pre_assessment__report__child__birth_date",
    )


def completed_investigations(
    user, first: datetime.date, last: datetime.date, district_ids=(), born=None
):
    """(report id, district id, completed on, child's birth date, investigation id) of
    every investigation the user reads, opened by a report's decision and completed
    between `first` and `last`: the inspectors' draw, in one query."""
    rows = Investigation.objects.visible_to(user).filter(
        state=InvestigationState.COMPLETED,
        completed_on__range=(first, last),
        opening_decision__isnull=False,
    )
    if district_ids:
        rows = rows.filter(district_id__in=list(district_ids))
    if born:
        rows = rows.filter(child__birth_date__range=born)
    return rows.values_list(
        "opening_decision__pre_assessment__report_id",
        "district_id",
        "completed_on",
        "child__birth_date",
        "id",
    )
