"""The BBIC pages. Thin: parse with a form, call a service, go back to the investigation.

Each form of the investigation page posts here (`/utredning/<pk>/bbic/...`). Done, it
redirects to the investigation page at its section; refused, it shows a small page
of its own with the bound form and the error summary (status 400), so the whole
investigation page is not drawn again. A role that never writes gets 403; an
investigation outside the writer's district 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from likvard.access.scoping import writable_district_id
from likvard.access.services import record_case_read
from likvard.casework.models import Investigation
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.reports.workflow import InvestigationState

from . import forms, selectors, services
from .triangle import Area


def _investigation(request, pk):
    try:
        return selectors.investigation(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _apply(form, call) -> bool:
    """Run the service for a valid form; put a refusal on the form. True on success."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except (NotFound, PermissionDenied) as exc:
        raise Http404 if isinstance(exc, NotFound) else DjangoPermissionDenied from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    return True


def _back(pk, anchor: str):
    return redirect(f"{reverse('casework:investigation', kwargs={'pk': pk})}#{anchor}")


@dataclass(frozen=True)
class Step:
    """One form of a BBIC section: how to build it, what to call, what to say."""

    anchor: str
    form: type
    call: object  # (user, pk, form) -> row
    heading: str
    button: str
    done: str
    #: Extra arguments of the form from the investigation (the family to choose from).
    form_kwargs: object = None


def _step(step: Step):
    @serves(Investigation)
    @login_required
    @require_POST
    def view(request, pk):
        if writable_district_id(request.user) is None:
            raise DjangoPermissionDenied
        investigation = _investigation(request, pk)
        extra = step.form_kwargs(investigation) if step.form_kwargs else {}
        form = step.form(request.POST, **extra)
        if _apply(form, lambda data: step.call(request.user, pk, form)):
            messages.success(request, step.done)
            return _back(pk, step.anchor)
        return render(
            request,
            "bbic/step_page.html",
            {
                "investigation": investigation,
                "form": form,
                "heading": step.heading,
                "button": step.button,
                "action": request.path,
                "anchor": step.anchor,
            },
            status=400,
        )

    return view


def _family(investigation) -> dict:
    return {"family": selectors.family(investigation)}


def _guardians(investigation) -> dict:
    return {"guardians": selectors.guardians(investigation)}


def _data(form) -> dict:
    return dict(form.cleaned_data)


plan = _step(
    Step(
        "bbic-plan",
        forms.PlanForm,
        lambda user, pk, form: services.revise_plan(user, pk, **_data(form)),
        _("Utredningsplan"),
        _("Spara planen"),
        _("Utredningsplanen är sparad."),
    )
)
meeting = _step(
    Step(
        "bbic-meetings",
        forms.MeetingForm,
        lambda user, pk, form: services.record_meeting(user, pk, form.meeting_input()),
        _("Dokumentera samtal eller möte"),
        _("Spara"),
        _("Samtalet eller mötet är dokumenterat."),
        _family,
    )
)
interpreter_need = _step(
    Step(
        "bbic-interpreters",
        forms.InterpreterNeedForm,
        lambda user, pk, form: services.record_interpreter_need(user, pk, **_data(form)),
        _("Registrera tolkbehov"),
        _("Spara tolkbehov"),
        _("Tolkbehovet är registrerat."),
        _family,
    )
)
network_contact = _step(
    Step(
        "bbic-network",
        forms.NetworkContactForm,
        lambda user, pk, form: services.record_network_contact(user, pk, **_data(form)),
        _("Dokumentera nätverkskontakt"),
        _("Spara kontakten"),
        _("Nätverkskontakten är dokumenterad."),
    )
)
communication = _step(
    Step(
        "bbic-communications",
        forms.CommunicationForm,
        lambda user, pk, form: services.record_communication(user, pk, **_data(form)),
        _("Dokumentera kommunicering"),
        _("Spara kommuniceringen"),
        _("Kommuniceringen är dokumenterad."),
        _guardians,
    )
)
communication_response = _step(
    Step(
        "bbic-communications",
        forms.ResponseForm,
        lambda user, pk, form: services.record_communication_response(user, pk, **_data(form)),
        _("Synpunkter på kommuniceringen"),
        _("Spara"),
        _("Svaret på kommuniceringen är dokumenterat."),
    )
)
conclusion = _step(
    Step(
        "bbic-conclusion",
        forms.ConclusionForm,
        lambda user, pk, form: services.revise_conclusion(user, pk, **_data(form)),
        _("Utredningens slutsats"),
        _("Spara slutsatsen"),
        _("Slutsatsen är sparad."),
    )
)


# ------------------------------------------------------------------ the triangle's page


def _area_forms(investigation, sides, bound=None) -> dict:
    if investigation.state != InvestigationState.ONGOING:
        return {}
    made = {}
    for side in sides:
        for row in side.areas:
            initial = {"area": row.key, "based_on": row.revision.revision if row.revision else 0}
            if row.revision:
                initial.update(
                    needs=row.text.needs,
                    protective_factors=row.text.protective_factors,
                    risk_factors=row.text.risk_factors,
                )
            made[row.key] = forms.AreaForm(initial=initial)
    if bound is not None:
        made[bound["area"].value()] = bound
    return made


@serves(Investigation)
@require_safe
@login_required
def areas(request, pk):
    """The BBIC triangle of one investigation: a page, read only (GET/HEAD)."""
    return _areas_page(request, pk)


def _areas_page(request, pk, bound=None):
    """The BBIC triangle of one investigation: every area with its texts, its history
    and (for a worker of the district, while ongoing) its form; `bound`, a refused
    area form to show again with its errors (status 400)."""
    investigation = _investigation(request, pk)
    record_case_read(
        request.user,
        "view_bbic_areas",
        investigation,
        child_id=investigation.child_id,
        shown=[investigation],
    )
    sides = selectors.triangle(investigation)
    editable = writable_district_id(request.user) == investigation.district_id
    area_forms = _area_forms(investigation, sides, bound) if editable else {}
    history = {
        row.key: selectors.area_history(investigation, row.key)[1:]
        for side in sides
        for row in side.areas
        if row.revision and row.revision.revision > 1
    }
    return render(
        request,
        "bbic/areas.html",
        {
            "investigation": investigation,
            "sides": [
                (
                    side,
                    [
                        (row, area_forms.get(row.key), history.get(row.key, []))
                        for row in side.areas
                    ],
                )
                for side in sides
            ],
            "bound_area": bound["area"].value() if bound is not None else None,
        },
        status=400 if bound is not None else 200,
    )


@serves(Investigation)
@login_required
@require_POST
def save_area(request, pk):
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    investigation = _investigation(request, pk)
    form = forms.AreaForm(request.POST)
    if _apply(form, lambda data: services.revise_area(request.user, investigation.pk, **data)):
        area = form.cleaned_data["area"]
        messages.success(
            request, _("Området %(area)s är sparat.") % {"area": Area(area).label.lower()}
        )
        return redirect(f"{reverse('bbic:areas', kwargs={'pk': pk})}#area-{area}")
    if form["area"].value() not in Area.values:
        raise Http404  # no area to show the form under: a made-up post
    return _areas_page(request, pk, bound=form)


# ------------------------------------------------------------------ the decision letter


@serves(Investigation)
@login_required
@require_POST
def decision_letter(request, pk):
    """File the decision the family receives (once per conclusion) and download it."""
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    try:
        letter = services.file_decision_letter(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(pk, "bbic-conclusion")
    return redirect("documents:download", pk=letter.document_id)
