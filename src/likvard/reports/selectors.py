"""Reads of reports: the one place a read of a report (or its feedback) starts.

The apps above never query `Report.objects` themselves (`tests/test_reads.py`):
they start from `reports(user)`, which decides the scope, and add their own shape
(casework's `report_rows` joins the casework onto it).
"""

import datetime

from django.db.models import Count, Exists, OuterRef

from .models import VIOLENCE_CONCERNS, Feedback, Report, ReportConcern, ReportQuerySet

#: A child is "known" when the district had a report about the child this long before.
KNOWN_EARLIER_WINDOW = datetime.timedelta(days=3 * 365 + 1)  # three years, one leap day


def reports(user, *, to_change: bool = False) -> ReportQuerySet:
    """The reports the user reads, or (`to_change`) may change."""
    return Report.objects.editable_by(user) if to_change else Report.objects.visible_to(user)


def in_every_district(**filters) -> ReportQuerySet:
    """Reports matching `filters` whoever may read them.

    Unscoped on purpose, for the two callers that must know of reports outside the
    reader's scope: the summary of a child's reports elsewhere (district, date and
    state only) and the guideline rules, which weigh every report the district holds.
    """
    return Report.objects.filter(**filters)


def feedback_in_order():
    """Feedback rows in the order they were given (for a prefetch)."""
    return Feedback.objects.order_by("id")


def delivered_feedback():
    """Feedback that reached the reporter: none came back undelivered."""
    return Feedback.objects.filter(undelivered_on__isnull=True)


def earlier_in_district(report: Report) -> list[tuple[int, object, str]]:
    """(id, received at, state) of the child's earlier reports in the report's district.

    Unscoped on purpose: the guideline rules weigh every earlier report the district
    holds, whoever reads the case.
    """
    return list(
        in_every_district(
            child_id=report.child_id,
            district_id=report.district_id,
            received_at__lt=report.received_at,
        )
        .exclude(pk=report.pk)
        .order_by("-received_at")
        .values_list("pk", "received_at", "state")
    )


def report_facts(known_window: datetime.timedelta) -> dict:
    """What the reports app records about each report, as expressions over an outer
    report row (one indexed EXISTS each), for counts over every case.

    `known_earlier`: the district had a report about the child within `known_window`
    before this one.
    """
    outer = OuterRef("pk")
    received = OuterRef("received_at")
    return {
        # Feedback that came back undelivered did not reach the reporter: not given.
        "has_feedback": Exists(delivered_feedback().filter(report=outer)),
        "violence": Exists(
            ReportConcern.objects.filter(report=outer, category__in=sorted(VIOLENCE_CONCERNS))
        ),
        "known_earlier": Exists(
            Report.objects.filter(
                child_id=OuterRef("child_id"),
                district_id=OuterRef("district_id"),
                received_at__lt=received,
                received_at__gte=received - known_window,
            )
        ),
    }


def editable_report(user, pk) -> Report | None:
    """The report if the user may add to its case (its district's caseworkers), else None.

    The apps that file things in a report's case (the journal, documents) start here.
    """
    return Report.objects.editable_by(user).filter(pk=pk).first()


def districts_holding(child_ids) -> list[tuple[str, int]]:
    """(district name, how many of these children it has reports about), by name: what a
    search tells of matches the user may not open (as the child page's summaries)."""
    return list(
        Report.objects.filter(child_id__in=list(child_ids))
        .order_by("district__name")
        .values("district__name")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("district__name", "n")
    )


def district_of_report(pk: int) -> list[tuple[str, int]]:
    """[(district name, 1)] for a report number that exists, whoever may read it."""
    return [
        (name, 1) for name in Report.objects.filter(pk=pk).values_list("district__name", flat=True)
    ]
