"""Reads of reports that the apps above share.

Scoped reads of a report in full, with its casework, are casework's
(`casework.selectors`); what is here reads reports alone.
"""

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


def editable_report(user, pk) -> Report | None:
    """The report if the user may add to its case (its district's caseworkers), else None.

    The apps that file things in a report's case (the journal, documents) start here.
    """
    return Report.objects.editable_by(user).filter(pk=pk).first()
