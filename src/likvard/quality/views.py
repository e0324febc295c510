"""The quality dashboard, its CSV export and the lists of cases behind its numbers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date
from likvard.core.spreadsheet import csv_response
from likvard.organisation.models import District

from . import access, presentation
from .forms import DashboardFilterForm
from .indicators import BY_ID, INVESTIGATION
from .selectors import cases_behind, compute, intake_units

PAGE_SIZE = 50
#: The parts of a cell one can list, by their Swedish name in the address.
PARTS = {"taljare": "numerator", "namnare": "denominator", "utanfor": "outside"}


def _filter(request):
    if not access.may_view_dashboard(request.user):
        raise PermissionDenied
    today = local_date(timezone.now())
    form = DashboardFilterForm(
        request.GET or None,
        districts=District.objects.order_by("name"),
        today=today,
        own_district=request.user.district_id,
    )
    return form, form.period(), today


def _focus(request, form) -> District | None:
    """The district compared with the municipality: as chosen, else the supervisor's own."""
    chosen = form.cleaned_data.get("stadsdel") if form.is_bound and form.is_valid() else None
    district_id = chosen or request.user.district_id
    if district_id is None:
        return None
    return District.objects.filter(pk=district_id).first()


@login_required
def dashboard(request):
    form, period, today = _filter(request)
    focus = _focus(request, form)
    numbers = compute(period, today)
    sections = presentation.sections(request.user, numbers, focus)
    return render(
        request,
        "quality/dashboard.html",
        {
            "form": form,
            "period": period,
            "today": today,
            "focus": focus,
            "sections": sections,
            "query": presentation.period_query(period, stadsdel=focus.pk if focus else None),
            "small_cell": access.SMALL_CELL,
            "drill_down": access.drill_down_scope(request.user) is not False,
        },
        status=400 if form.errors else 200,
    )


@login_required
def export_csv(request):
    """The indicator table as CSV: aggregates only, suppressed as on the page."""
    _form, period, today = _filter(request)
    numbers = compute(period, today)
    return csv_response(
        f"kvalitet-{period.first:%Y-%m}-{period.last:%Y-%m}.csv",
        presentation.CSV_HEADER,
        presentation.csv_rows(request.user, numbers),
    )


@login_required
def cases(request, indicator, district_id):
    """The cases in one district's cell of one indicator: numerator, denominator or the rest.

    Out of the user's scope (another district for a supervisor, any district for
    an analyst) the answer is 404, as for any case.
    """
    _form, period, today = _filter(request)
    chosen = BY_ID.get(indicator)
    district = District.objects.filter(pk=district_id).first()
    if chosen is None or district is None or not access.may_drill_down(request.user, district_id):
        raise Http404
    part_name = request.GET.get("del", "namnare")
    if part_name not in PARTS:
        part_name = "namnare"
    unit_id = _int(request.GET.get("enhet"))
    unit = district.units.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise Http404
    rows = cases_behind(
        request.user, chosen, district_id, PARTS[part_name], period, today, unit_id=unit_id
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    with transaction.atomic():
        record(
            request.user,
            AuditEntry.Action.READ,
            "view_quality_cases",
            district_id=district_id,
            after={
                "indicator": chosen.id,
                "part": PARTS[part_name],
                "unit": unit_id,
                "page": page.number,
                "rows": len(page.object_list),
            },
        )
    base = presentation.period_query(period, enhet=unit_id)
    counts = _part_counts(
        page.paginator.count,
        part_name,
        lambda part: cases_behind(
            request.user, chosen, district_id, part, period, today, unit_id=unit_id
        ).count(),
    )
    return render(
        request,
        "quality/cases.html",
        {
            "indicator": chosen,
            "district": district,
            "unit": unit,
            "intake_unit": intake_units().get(district_id) == unit_id,
            "period": period,
            "part": part_name,
            "parts": [
                (name, _part_label(chosen, name), counts[name], f"?{base}&del={name}")
                for name in PARTS
            ],
            "page": page,
            "base": f"{base}&del={part_name}",
            "investigations": chosen.source == INVESTIGATION,
            "today": today,
        },
    )


def _part_counts(shown: int, part_name: str, count) -> dict[str, int]:
    """The size of each part from the one on show and one more count (outside = d − n)."""
    if part_name == "namnare":
        numerator = count("numerator")
        return {"namnare": shown, "taljare": numerator, "utanfor": shown - numerator}
    denominator = count("denominator")
    other = "utanfor" if part_name == "taljare" else "taljare"
    return {"namnare": denominator, part_name: shown, other: denominator - shown}


def _part_label(indicator, name: str) -> str:
    return {
        "taljare": indicator.numerator_label,
        "namnare": indicator.denominator_label,
        "utanfor": indicator.outside_label,
    }[name]


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None
