"""Reads of reports that the apps above share.

Scoped reads of a report in full, with its casework, are casework's
(`casework.selectors`); what is here reads reports alone.
"""

from django.db.models import Count

from .models import Report


def earlier_in_district(report: Report) -> list[tuple[int, object, str]]:
    """(id, received at, state) of the child's earlier reports in the report's district.

    Unscoped on purpose: the guideline rules weigh every earlier report the district
    holds, whoever reads the case.
    """
    return list(
        Report.objects.filter(
            child_id=report.child_id,
            district_id=report.district_id,
            received_at__lt=report.received_at,
        )
        .exclude(pk=report.pk)
        .order_by("-received_at")
        .values_list("pk", "received_at", "state")
    )


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
