"""Reads of the report's findings and the districts' measures, and who may read a report.

A review is the inspectors' (`conduct_inspections`, `selectors.review`). Its report,
once the review is completed, is also read by the supervisors who answer it
(`respond_to_inspections`) in a district the review covered: it names no child, and
they must read the findings they answer. A supervisor reads and writes only the own
district's measures.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from likvard.core.errors import NotFound
from likvard.organisation.models import District

from . import selectors
from .models import Finding, Response, Review


def covers(review: Review, district_id) -> bool:
    """Whether the review covered the district: one it was limited to, or (limited to
    none) one its sample has cases in. A district with nothing reviewed has nothing
    to answer."""
    chosen = {d.pk for d in review.districts.all()}
    if chosen:
        return district_id in chosen
    return review.cases.filter(district_id=district_id).exists()


def report_review(user, pk) -> Review:
    """The review whose report `user` may read: any for an inspector; a completed one
    covering the own district for a supervisor who answers reviews."""
    if user.holds("conduct_inspections"):
        return selectors.review(user, pk)
    if not user.holds("respond_to_inspections") or user.unit_id is None:
        raise NotFound()
    found = (
        Review.objects.filter(pk=pk, state=Review.State.COMPLETED)
        .select_related("created_by", "compare_with")
        .prefetch_related("districts")
        .first()
    )
    if found is None or not covers(found, user.unit.district_id):
        raise NotFound()
    return found


def published_reviews(user) -> list[Review]:
    """The completed reviews whose follow-up `user` reads: every one for an inspector,
    those covering the own district for a supervisor who answers reviews."""
    completed = Review.objects.filter(state=Review.State.COMPLETED).prefetch_related("districts")
    if user.holds("conduct_inspections"):
        return list(completed)
    if not user.holds("respond_to_inspections") or user.unit_id is None:
        return []
    return [r for r in completed if covers(r, user.unit.district_id)]


def answering_district(user, review: Review):
    """The district `user` answers the review for, or None (an inspector answers none)."""
    if not user.holds("respond_to_inspections") or user.unit_id is None:
        return None
    district = user.unit.district
    return district if covers(review, district.pk) else None


@dataclass(frozen=True)
class DistrictCases:
    name: str
    drawn: int
    answered: int


def cases_per_district(review: Review) -> list[DistrictCases]:
    """Cases drawn and cases with an answer, per district of the sample: one query."""
    rows = (
        review.cases.values("district__name")
        .annotate(drawn=Count("pk", distinct=True), answered=_answered())
        .order_by("district__name")
    )
    return [DistrictCases(r["district__name"], r["drawn"], r["answered"]) for r in rows]


def sampled_districts(review: Review) -> list[District]:
    """The districts the sample has cases in (a review limited to none covers all)."""
    return list(District.objects.filter(pk__in=review.cases.values("district_id")))


def district_names(review: Review) -> list[str]:
    return [d.name for d in sampled_districts(review)]


def municipality(review: Review) -> str:
    """The municipality whose districts the review sampled (the title page's sender)."""
    return review.cases.values_list("district__municipality", flat=True).first() or ""


def _answered():
    return Count("pk", filter=Q(answers__isnull=False), distinct=True)


def findings(review: Review) -> list[Finding]:
    return list(review.findings.select_related("district"))


def finding(review: Review, pk) -> Finding:
    found = review.findings.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def responses(review: Review, district=None) -> list[Response]:
    """The measures of the review (of one district when given), with their findings."""
    rows = review.responses.select_related("district", "finding", "responded_by")
    if district is not None:
        rows = rows.filter(district=district)
    return list(rows)


def response(review: Review, district, pk) -> Response:
    """One measure of `district` (a measure of another district is not found)."""
    found = review.responses.filter(pk=pk, district=district).first()
    if found is None:
        raise NotFound()
    return found
