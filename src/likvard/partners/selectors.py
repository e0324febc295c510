"""Reads of the partner registry and of the districts' collaboration records.

The registry is the city's and holds no case data: any signed-in staff member may
pick from it (`active_partners`), the public e-service too (through its own
interface). The collaboration records are scoped to their district.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from likvard.core.calendar import STOCKHOLM, add_months
from likvard.reports import selectors as reports

from .models import REVERIFY_MONTHS, SCHOOL_KINDS, Collaboration, Partner
from .terms import Term, term_of


def active_partners(kind: str | None = None) -> QuerySet:
    """The active partners for a picker: id, name, kind, district (id), by name."""
    rows = Partner.objects.filter(active=True)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.order_by("name", "id").values("id", "name", "kind", "district")


def registry(*, text: str = "", kind: str = "", district_id: int | None = None, active=True):
    """The registry's page: partners matching a search, a kind and a district."""
    rows = Partner.objects.select_related("district").annotate(contact_count=Count("contacts"))
    if active is not None:
        rows = rows.filter(active=active)
    if text:
        rows = rows.filter(
            Q(name__icontains=text)
            | Q(organisation_number__icontains=text)
            | Q(contacts__name__icontains=text)
        ).distinct()
    if kind:
        rows = rows.filter(kind=kind)
    if district_id:
        rows = rows.filter(district_id=district_id)
    return rows.order_by("name", "id")


def partner_with_contacts(partner_id: int) -> Partner | None:
    return (
        Partner.objects.select_related("district")
        .prefetch_related("contacts")
        .filter(pk=partner_id)
        .first()
    )


def due_for_verification(today: datetime.date):
    """Active partners not verified within `REVERIFY_MONTHS` (never verified first)."""
    limit = add_months(today, -REVERIFY_MONTHS)
    return (
        Partner.objects.filter(active=True)
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=limit))
        .select_related("district")
        .order_by(F("last_verified").asc(nulls_first=True), "name")
    )


def schools_to_open(user) -> QuerySet:
    """Active schools the user's district does not follow up yet."""
    followed = Collaboration.objects.editable_by(user).values("school_id")
    return Partner.objects.filter(active=True, kind__in=SCHOOL_KINDS).exclude(pk__in=followed)


def collaborations(user, *, to_change: bool = False) -> QuerySet:
    rows = (
        Collaboration.objects.editable_by(user)
        if to_change
        else (Collaboration.objects.visible_to(user))
    )
    return rows.select_related("school", "school_contact", "district_contact", "district")


def collaboration_page(user, collaboration_id: int) -> Collaboration | None:
    """One collaboration with its rows, for the district's staff who keep it."""
    return (
        collaborations(user, to_change=True)
        .prefetch_related("agreements", "meetings", "referrals", "joint_cases", "school__contacts")
        .filter(pk=collaboration_id)
        .first()
    )


@dataclass(frozen=True)
class SchoolFollowUp:
    """One school's line in a district's follow-up: numbers and the school's name only."""

    school: str
    kind: str
    followed: bool
    named_contacts: bool
    agreement_in_force: bool
    student_health_team: bool
    meetings_this_term: int
    referrals_this_term: int
    joint_cases_open: int
    reports_this_term: int
    reports_with_feedback: int


def _term_moments(term: Term) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(term.start, datetime.time.min, tzinfo=STOCKHOLM)
    end = datetime.datetime.combine(term.end, datetime.time.max, tzinfo=STOCKHOLM)
    return start, end


def follow_up(district_id: int, today: datetime.date) -> list[SchoolFollowUp]:
    """A district's collaboration with schools this term, per school: the schools that
    lie in the district and those it follows up elsewhere (independent schools, schools
    in other districts).

    Counts only, for the committee (`view_quality_indicators`), who reads no case:
    the reports are counted over every report of the district (`in_every_district`),
    never listed.
    """
    term = term_of(today)
    term_range = (term.start, term.end)
    followed = {
        row.school_id: row
        for row in Collaboration.objects.filter(district_id=district_id)
        .select_related("school")
        .annotate(
            meetings_this_term=Count(
                "meetings", filter=Q(meetings__held_on__range=term_range), distinct=True
            ),
            referrals_this_term=Count(
                "referrals",
                filter=Q(referrals__referred_on__range=term_range),
                distinct=True,
            ),
            joint_cases_open=Count(
                "joint_cases", filter=Q(joint_cases__ended_on__isnull=True), distinct=True
            ),
            agreements_in_force=Count(
                "agreements",
                filter=Q(agreements__valid_from__lte=today, agreements__valid_until__gte=today),
                distinct=True,
            ),
        )
    }
    schools = Partner.objects.filter(kind__in=SCHOOL_KINDS).filter(
        Q(district_id=district_id, active=True) | Q(pk__in=followed.keys())
    )
    start, end = _term_moments(term)
    received = {
        row["partner_source__partner"]: row
        for row in reports.in_every_district(
            district_id=district_id,
            received_at__range=(start, end),
            partner_source__partner__in=schools,
        )
        .values("partner_source__partner")
        .annotate(
            reports=Count("id", distinct=True),
            with_feedback=Count("id", filter=Q(feedback__isnull=False), distinct=True),
        )
    }
    lines = []
    for school in schools.order_by("name"):
        row = followed.get(school.pk)
        counts = received.get(school.pk, {})
        lines.append(
            SchoolFollowUp(
                school=school.name,
                kind=school.get_kind_display(),
                followed=row is not None,
                named_contacts=bool(row and row.school_contact_id and row.district_contact_id),
                agreement_in_force=bool(row and row.agreements_in_force),
                student_health_team=bool(row and row.student_health_team),
                meetings_this_term=row.meetings_this_term if row else 0,
                referrals_this_term=row.referrals_this_term if row else 0,
                joint_cases_open=row.joint_cases_open if row else 0,
                reports_this_term=counts.get("reports", 0),
                reports_with_feedback=counts.get("with_feedback", 0),
            )
        )
    return lines


def district_staff(district_id: int) -> QuerySet:
    """The district's active staff, who may be named its contact with a school."""
    return (
        get_user_model()
        .objects.filter(is_active=True, unit__district_id=district_id)
        .order_by("last_name", "first_name", "username")
    )
