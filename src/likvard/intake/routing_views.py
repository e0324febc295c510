"""The central routing queue: e-service reports whose district routing could not
tell, cleared by a supervisor holding `route_public_reports`. Staff pages: never in
the public URL set."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound
from likvard.core.validation import MAX_ID

from . import selectors, services


class RouteForm(forms.Form):
    district = forms.TypedChoiceField(label=gettext_lazy("Stadsdelsområde"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", gettext_lazy("Välj stadsdelsområde"))] + [
            (d.pk, d.name) for d in selectors.districts()
        ]


def _may_route(request) -> None:
    if not selectors.may_route(request.user):
        raise DjangoPermissionDenied


@require_safe
@login_required
def central_queue(request):
    _may_route(request)
    return render(
        request,
        "intake/central_queue.html",
        {"submissions": selectors.central_queue(request.user), "form": RouteForm()},
    )


@require_http_methods(["POST"])
@login_required
@serves(None)  # a submission waiting for a district: no case yet (it has no district)
def route(request, pk: int):
    _may_route(request)
    if pk > MAX_ID:  # no submission has it: not found, whatever the form says
        raise Http404
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            submission = services.route_to_district(request.user, pk, form.cleaned_data["district"])
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("%(reference)s är registrerad i %(district)s.")
                % {"reference": submission.reference, "district": submission.district.name},
            )
            return redirect("intake_routing:central_queue")
    return render(
        request,
        "intake/central_queue.html",
        {"submissions": selectors.central_queue(request.user), "form": form},
        status=400,
    )
