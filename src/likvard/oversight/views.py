"""The register's pages: the list with the queue of what is due, a matter with its
forms, registering and editing, and the committee's counts. Thin: parse, call a
service or a selector, draw.

Out of scope is 404 (another district's matter), a role that may not keep the
register 403; a refusal by the rules redraws the form with its message (400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.core.spreadsheet import csv_response
from likvard.organisation.models import District

from . import committee, forms, selectors, services
from .models import Matter
from .states import HISTORY, STEPS, steps_from

PAGE_SIZE = 50


def _reader(request):
    if not selectors.may_read_register(request.user):
        raise DjangoPermissionDenied
    return request.user


def _keeper(request):
    if not Matter.objects.may_keep(request.user):
        raise DjangoPermissionDenied
    return request.user


def _matter(user, pk) -> Matter:
    try:
        return selectors.matter(user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _refused(form, exc: DomainError) -> None:
    if isinstance(exc, NotFound):
        raise Http404 from exc
    if isinstance(exc, PermissionDenied):
        raise DjangoPermissionDenied(str(exc.message)) from exc
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@login_required
def matters(request):
    """The register: what is due first, then every matter, the latest first."""
    user = _reader(request)
    today = local_date(timezone.now())
    page = Paginator(selectors.matters(user), PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "oversight/matters.html",
        {
            "due": selectors.due(user, today),
            "page": page,
            "today": today,
            "may_keep": Matter.objects.may_keep(user),
            "queue_days": selectors.STATEMENT_QUEUE_DAYS,
            "may_see_committee": user.holds("view_quality_indicators"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    user = _keeper(request)
    form = forms.MatterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.register_matter(user, form.as_input())
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Tillsynsärendet är registrerat."))
            return redirect("oversight:matter", pk=matter.pk)
    return render(
        request,
        "oversight/form.html",
        {"form": form, "heading": _("Registrera tillsynsärende"), "button": _("Registrera")},
        status=400 if form.errors else 200,
    )


@serves(None)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    user = _keeper(request)
    matter = _matter(user, pk)
    initial = forms.initial_of(matter, selectors.case_refs(matter))
    form = forms.MatterForm(request.POST or None, initial=initial, kind_fixed=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_matter(user, pk, form.as_input(matter.kind))
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Uppgifterna är sparade."))
            return redirect("oversight:matter", pk=pk)
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "heading": _("Ändra tillsynsärende"),
            "button": _("Spara"),
            "matter": matter,
        },
        status=400 if form.errors else 200,
    )


def _step_forms(matter, bound=None) -> list:
    """The form of each step the matter may take now (the bound one in place)."""
    return [
        (
            step,
            bound[1]
            if bound and bound[0] == step.verb
            else forms.STEP_FORMS[step.verb](auto_id=f"id_{step.verb}_%s"),
        )
        for step in steps_from(matter.state, matter.is_lex_sarah)
    ]


def _matter_page(request, matter, *, step=None, measure_form=None, done=None, status=200):
    user = request.user
    may_keep = Matter.objects.editable_by(user).filter(pk=matter.pk).exists()
    measures = list(matter.measures.order_by("due_on", "id"))
    return render(
        request,
        "oversight/matter.html",
        {
            "matter": matter,
            "cases": selectors.cases_shown(user, matter),
            "measures": [
                (
                    m,
                    done[1]
                    if done and done[0] == m.pk
                    else forms.MeasureDoneForm(auto_id=f"id_done_{m.pk}_%s"),
                )
                for m in measures
            ],
            "history": [
                (event, HISTORY.get(event.verb, "")) for event in selectors.history(matter)
            ],
            "may_keep": may_keep,
            "steps": _step_forms(matter, step) if may_keep else [],
            "measure_form": measure_form or forms.MeasureForm(),
            "today": local_date(timezone.now()),
        },
        status=status,
    )


@serves(None)
@login_required
def matter(request, pk):
    return _matter_page(request, _matter(_reader(request), pk))


@serves(None)
@login_required
@require_POST
def step(request, pk, verb):
    user = _keeper(request)
    target = _matter(user, pk)
    if verb not in STEPS:
        raise Http404
    form = forms.STEP_FORMS[verb](request.POST, auto_id=f"id_{verb}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.take_step(
                user,
                pk,
                verb,
                day=data["day"],
                outcome=data.get("outcome", ""),
                criticism=data.get("criticism", ""),
                serious=data.get("serious"),
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, HISTORY[verb])
            return redirect("oversight:matter", pk=pk)
    return _matter_page(request, target, step=(verb, form), status=400)


@serves(None)
@login_required
@require_POST
def add_measure(request, pk):
    user = _keeper(request)
    target = _matter(user, pk)
    form = forms.MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.add_measure(user, pk, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Åtgärden är tillagd."))
            return redirect("oversight:matter", pk=pk)
    return _matter_page(request, target, measure_form=form, status=400)


@serves(None)
@login_required
@require_POST
def complete_measure(request, pk):
    user = _keeper(request)
    measure = selectors.measures(user).filter(pk=pk).first()
    if measure is None:
        raise Http404
    form = forms.MeasureDoneForm(request.POST, auto_id=f"id_done_{pk}_%s")
    if form.is_valid():
        try:
            services.complete_measure(user, pk, done_on=form.cleaned_data["done_on"])
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Åtgärden är markerad som genomförd."))
            return redirect("oversight:matter", pk=measure.matter_id)
    target = _matter(user, measure.matter_id)
    return _matter_page(request, target, done=(pk, form), status=400)


def _committee(request):
    if not request.user.holds("view_quality_indicators"):
        raise DjangoPermissionDenied
    years = selectors.committee_years() or [local_date(timezone.now()).year]
    form = forms.CommitteeForm(request.GET or None, years=years)
    year = form.cleaned_data["ar"] if form.is_bound and form.is_valid() else years[0]
    districts = District.objects.order_by("name")
    return form, year, committee.tables(districts, selectors.committee_counts(year))


@login_required
def committee_view(request):
    form, year, tables = _committee(request)
    return render(
        request,
        "oversight/committee.html",
        {"form": form, "year": year, "tables": tables, "header": committee.header()},
        status=400 if form.errors else 200,
    )


@login_required
def committee_csv(request):
    _form, year, tables = _committee(request)
    hidden = str(_("dolt"))
    rows = [
        [year, table.district, label, *(hidden if value is None else value for value in cells)]
        for table in tables
        for label, cells in table.rows
    ]
    return csv_response(
        f"tillsyn-{year}.csv",
        [str(_("År")), str(_("Stadsdelsområde")), str(_("Slag")), *committee.header()],
        rows,
    )
