"""Keeping the stored month counts (`MonthCount`) equal to what counting afresh would give.

A flow indicator's count for a district, unit and month depends only on the
cases that started in that month there (the unit is the one snapshotted on the
case when it was assigned, so a worker moving on changes no count), and (for
"known earlier") on the child's other reports in the district. Every service
that writes case data appends an audit entry with the child and the district in
the same transaction, and appends are serialised, so audit entry ids are
committed in order. Hence `refresh`:

1. read the newest audit entry id (the new watermark) first;
2. take the (district, child) pairs of write entries after the old watermark;
3. count again every month in which those children have a report or an
   investigation in those districts, replacing the stored rows;
4. store the new watermark.

Counting after reading the watermark can only see more than the watermark
promises, never less.

When. `refresh` runs after the commit of every transaction that wrote case data,
as a job of the job queue (`refresh_job`, Django's tasks API with its database
backend; `likvard worker` runs the jobs): the audit log announces each entry
(`access.services.recorded`), and the first write entry of a transaction
registers one `enqueue_refresh` with `transaction.on_commit`. Counting a
district's month again takes 0.15–0.9 s over ten years on PostgreSQL, which a
worker saving a protection assessment must not wait for. A job already waiting
to start covers the writes committed before it starts, so no second one is
enqueued; a job that fails is enqueued again after a growing wait (10 s to 80
s, five attempts in all), then left failed, and the next write enqueues a new
one. A re-run is harmless: the watermark makes `refresh` idempotent. Tests run
the jobs inline.

A page never writes: `month_rows` reads the stored rows and counts afresh,
without storing them, the months written to since the watermark (a job that
failed, waits for its retry, or has not run yet, the worker being down), so the
dashboard is current either way, only slower the more there is to count.
Writes that bypass the services (a bulk load, a manual SQL fix) are not in the
audit log: run `likvard quality_rollup --rebuild` after them. When the indicator
definitions change, the SQL changes, and so does the fingerprint:
`quality_rollup` (or the next write) counts everything again, and until then
the pages count afresh.
"""

import datetime
import functools
import hashlib
import logging
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from likvard.access.models import AuditEntry
from likvard.casework.models import Investigation
from likvard.core.calendar import add_months
from likvard.reports.models import Report

from .counting import flow_indicators, grouped_counts, month_of, month_start, plain_plans
from .indicators import INVESTIGATION, REPORT, period_filter
from .models import MonthCount, RollupState

FLOW_SOURCES = (REPORT, INVESTIGATION)
WRITE_ACTIONS = (
    AuditEntry.Action.CREATE,
    AuditEntry.Action.UPDATE,
    AuditEntry.Action.TRANSITION,
)
#: Children looked up per query when finding the months to count again.
CHUNK = 1000
#: With more changed children than this, counting everything again is cheaper.
REBUILD_ABOVE = 20_000
#: The date the counting conditions are compiled with; flow conditions do not use it.
_ANY_DAY = datetime.date(2000, 1, 1)

Cells = dict[str, dict[int, set[datetime.date]]]  # source → district → months


def fingerprint() -> str:
    """sha256 of the SQL that makes the stored counts (compiled once per database vendor)."""
    return _fingerprint(connection.vendor)


@functools.cache
def _fingerprint(vendor: str) -> str:
    sql = "\n".join(
        str(grouped_counts(s, flow_indicators(s), Q(), _ANY_DAY, by_month=True).query)
        for s in FLOW_SOURCES
    )
    return hashlib.sha256(sql.encode()).hexdigest()


def _latest_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _month_rows(source: str, where: Q) -> list[MonthCount]:
    """Counted afresh, as unsaved rows (saved by `refresh`, only read by `month_rows`)."""
    rows = []
    indicators = flow_indicators(source)
    for row in grouped_counts(source, indicators, where, _ANY_DAY, by_month=True):
        counts = {i.id: [row[f"{i.id}__n"], row[f"{i.id}__d"]] for i in indicators}
        if any(d for _n, d in counts.values()):
            rows.append(
                MonthCount(
                    source=source,
                    district_id=row["district_id"],
                    unit_id=row["unit_id"] or 0,
                    month=month_start(row["month"]),
                    counts=counts,
                )
            )
    return rows


def _months_where(source: str, months_by_district: dict[int, set[datetime.date]]) -> Q:
    """Rows of the given districts that started in the given months."""
    where = Q(pk__in=[])
    for district_id, months in months_by_district.items():
        in_months = Q(pk__in=[])
        for month in sorted(months):
            in_months |= period_filter(source, month, add_months(month, 1))
        where |= Q(district_id=district_id) & in_months
    return where


def _writes_after(after_id: int):
    """Audit entries of writes to a child's case after `after_id` (reads change no count)."""
    return AuditEntry.objects.filter(
        id__gt=after_id, action__in=WRITE_ACTIONS, child_id__isnull=False
    )


def _changed_cells(after_id: int, up_to_id: int) -> tuple[Cells, int]:
    """The months to count again, and the number of children written to, in (after, up_to]."""
    pairs = set(
        _writes_after(after_id)
        .filter(id__lte=up_to_id)
        .values_list("district_id", "child_id")
        .order_by()
        .distinct()
    )
    children = sorted({child for _district, child in pairs})
    any_district = {child for district, child in pairs if district is None}
    cells: Cells = {source: defaultdict(set) for source in FLOW_SOURCES}
    if len(children) > REBUILD_ABOVE:
        return cells, len(children)
    for start in range(0, len(children), CHUNK):
        chunk = children[start : start + CHUNK]
        for source, model in ((REPORT, Report), (INVESTIGATION, Investigation)):
            found = (
                model._default_manager.filter(child_id__in=chunk)
                .values_list("district_id", "child_id", month_of(source))
                .order_by()
            )
            for district_id, child_id, month in found:
                if (district_id, child_id) in pairs or child_id in any_district:
                    cells[source][district_id].add(month_start(month))
    return cells, len(children)


def _replace(cells: Cells) -> None:
    for source, months_by_district in cells.items():
        if not months_by_district:
            continue
        for district_id, months in months_by_district.items():
            MonthCount.objects.filter(
                source=source, district_id=district_id, month__in=months
            ).delete()
        MonthCount.objects.bulk_create(
            _month_rows(source, _months_where(source, months_by_district)), batch_size=2000
        )


def _count_everything() -> None:
    MonthCount.objects.all().delete()
    for source in FLOW_SOURCES:
        MonthCount.objects.bulk_create(_month_rows(source, Q()), batch_size=2000)


def refresh(*, rebuild: bool = False) -> None:
    """Bring the stored counts up to the newest audit entry; `rebuild` counts all again.

    A no-op (two small reads) when nothing was written since the last refresh.
    Concurrent callers wait for each other on the state row, and the later one
    finds the work done.
    """
    expected = fingerprint()
    current = RollupState.objects.filter(pk=1).first()
    if (
        not rebuild
        and current is not None
        and current.fingerprint == expected
        and not _writes_after(current.audit_watermark).exists()
    ):
        return
    with plain_plans():
        state = _locked_state()
        watermark = _latest_audit_id()
        if rebuild or state.fingerprint != expected:
            _count_everything()
        elif watermark > state.audit_watermark:
            cells, children = _changed_cells(state.audit_watermark, watermark)
            if children > REBUILD_ABOVE:
                _count_everything()
            else:
                _replace(cells)
        else:
            return
        state.fingerprint, state.audit_watermark = expected, watermark
        state.refreshed_at = timezone.now()
        state.save(update_fields=["fingerprint", "audit_watermark", "refreshed_at"])


def _locked_state() -> RollupState:
    """The state row, locked until the transaction ends (created empty the first time)."""
    RollupState.objects.get_or_create(
        pk=1, defaults={"fingerprint": "", "audit_watermark": 0, "refreshed_at": timezone.now()}
    )
    return RollupState.objects.select_for_update().get(pk=1)


# ------------------------------------------------------------------ reading, never writing


def month_rows(first: datetime.date, after: datetime.date) -> list[MonthCount] | None:
    """The month counts of [first, after) as counting afresh would give them, writing nothing.

    The stored rows, with the months of children written to since the
    watermark counted again in place. None when the stored counts cannot be
    used at all (never made, made by other definitions, or too much to count
    again): the caller counts the period afresh.
    """
    state = RollupState.objects.filter(pk=1).first()
    if state is None or state.fingerprint != fingerprint():
        return None
    stored = list(MonthCount.objects.filter(month__gte=first, month__lt=after))
    if not _writes_after(state.audit_watermark).exists():
        return stored
    cells, children = _changed_cells(state.audit_watermark, _latest_audit_id())
    if children > REBUILD_ABOVE:
        return None
    stale = {
        (source, district_id, month)
        for source, by_district in cells.items()
        for district_id, months in by_district.items()
        for month in months
        if first <= month < after
    }
    rows = [r for r in stored if (r.source, r.district_id, r.month) not in stale]
    for source, by_district in cells.items():
        in_period = {
            district_id: {m for m in months if first <= m < after}
            for district_id, months in by_district.items()
        }
        in_period = {d: months for d, months in in_period.items() if months}
        if in_period:
            rows += _month_rows(source, _months_where(source, in_period))
    return rows


# ------------------------------------------------------------------ after every commit that wrote

#: Attempts of one refresh job before it is left failed (the next write enqueues anew).
ATTEMPTS = 5
#: Wait before attempt n+1: BACKOFF_SECONDS * 2**(n-1), so 10, 20, 40 and 80 s.
BACKOFF_SECONDS = 10

logger = logging.getLogger(__name__)


def on_audit_entry(sender, entry, **kwargs) -> None:
    """An audit entry was appended: if it wrote a child's case, refresh after the commit."""
    if entry.action in WRITE_ACTIONS and entry.child_id is not None:
        schedule_refresh()


def schedule_refresh() -> None:
    """Enqueue the refresh job once after the current transaction commits (at once outside one).

    A transaction writes several entries; one enqueue is registered for it. One
    registered in a savepoint since rolled back is gone, so only one that
    survives every rollback the current write would not survive counts.
    Robust: the write is committed whatever happens to the enqueue, and a
    failure to enqueue is logged; the page counts afresh meanwhile and the next
    write enqueues again.
    """
    current = set(transaction.get_connection().savepoint_ids)
    for savepoints, func, _robust in getattr(transaction.get_connection(), "run_on_commit", ()):
        if func is enqueue_refresh and savepoints <= current:
            return
    transaction.on_commit(enqueue_refresh, robust=True)


def enqueue_refresh() -> None:
    """Enqueue `refresh_job` unless one is already waiting to start.

    A waiting job (READY) reads the audit log's newest id only after a worker
    has claimed it, which is after this commit (we saw it unclaimed after
    committing), so it covers this write too; a burst of writes costs one job. A
    running job may have read the watermark already, so it does not count.
    """
    waiting = DBTaskResult.objects.filter(
        backend_name=refresh_job.backend,
        task_path=refresh_job.module_path,
        status=TaskResultStatus.READY,
    )
    if not waiting.exists():
        refresh_job.enqueue()


@task()
def refresh_job(attempt: int = 1) -> None:
    """The job queue's refresh: `refresh`, retried with a growing wait when it fails.

    Idempotent: `refresh` counts again up to the newest audit entry and moves the
    watermark in one transaction, so a job that runs twice, or after another
    job, finds nothing to do, and one that fails has changed nothing. Its log
    lines name the exception's class and the attempt only; the job takes no
    argument but the attempt and reads ids and counts, so neither the log nor
    the traceback kept with a failed job can hold a personnummer or text about
    a child. Where jobs run inline (a backend without `run_after`) a failure is
    not retried: the next write's refresh catches up.
    """
    try:
        refresh()
    except Exception as error:
        if attempt >= ATTEMPTS or not refresh_job.get_backend().supports_defer:
            logger.error(
                "quality rollup refresh failed (%s), attempt %d of %d: not retried",
                type(error).__name__,
                attempt,
                ATTEMPTS,
            )
            raise
        wait = BACKOFF_SECONDS * 2 ** (attempt - 1)
        logger.warning(
            "quality rollup refresh failed (%s), attempt %d of %d: retried in %d s",
            type(error).__name__,
            attempt,
            ATTEMPTS,
            wait,
        )
        refresh_job.using(run_after=timezone.now() + datetime.timedelta(seconds=wait)).enqueue(
            attempt=attempt + 1
        )
        raise
