"""Scoped reads about a child: full history at home, a summary from elsewhere.

Each district board is its own authority under secrecy: a worker sees the
contents of their own district's reports, and of other districts only that a
report exists (district, date, outcome).
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from likvard.access.scoping import readable_district_id
from likvard.casework.models import ChildConversation, Investigation, PoliceReportConsideration
from likvard.core.calendar import local_date
from likvard.core.errors import NotFound
from likvard.people.models import Child
from likvard.reports.workflow import ReportState

from .models import Report


@dataclass(frozen=True)
class ElsewhereSummary:
    """What a worker may know of another district's report."""

    district_id: int
    district_name: str
    received_on: object
    outcome: str


def visible_child(user, child_id) -> Child:
    """The child if the user may see the child's case; NotFound otherwise."""
    child = Child.objects.visible_to(user).filter(pk=child_id).first()
    if child is None:
        raise NotFound()
    return child


def child_history(user, child: Child):
    """(reports in the user's scope in full, summaries of the others, investigations)."""
    scope = readable_district_id(user)
    mine = Report.objects.visible_to(user).filter(child=child)
    own = (
        mine.select_related(
            "district", "pre_assessment__decision", "protection_assessment", "assigned_to"
        )
        .prefetch_related(
            "concerns",
            "feedback",
            Prefetch("child_conversations", queryset=ChildConversation.objects.order_by("id")),
            Prefetch(
                "police_considerations", queryset=PoliceReportConsideration.objects.order_by("id")
            ),
        )
        .order_by("-received_at")
    )
    others = (
        Report.objects.filter(child=child).exclude(pk__in=mine.values("pk"))
        if scope is not True
        else Report.objects.none()
    )
    elsewhere = [
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
    investigations = (
        Investigation.objects.visible_to(user)
        .filter(child=child)
        .select_related("assigned_to")
        .prefetch_related("extensions")
        .order_by("-opened_on")
    )
    return list(own), elsewhere, list(investigations)
