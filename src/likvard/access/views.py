"""Asking another district for access to its case, and a supervisor answering."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound

from . import grants


class AccessRequestForm(forms.Form):
    district = forms.TypedChoiceField(label=_("Stadsdelsområde"), coerce=int)
    reason = forms.CharField(
        label=_("Skäl"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, districts=(), **kwargs):
        kwargs.setdefault("auto_id", "id_access_%s")
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = list(districts)


def access_request_form(elsewhere, data=None):
    """The form to ask for access, offering the districts where the child is known."""
    districts = dict((row.district_id, row.district_name) for row in elsewhere)
    return AccessRequestForm(data, districts=sorted(districts.items(), key=lambda d: d[1]))


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", _("Bevilja")), ("deny", _("Avslå"))],
        widget=forms.RadioSelect,
        label=_("Beslut"),
    )
    days = forms.IntegerField(
        label=_("Antal dagar"),
        min_value=1,
        max_value=grants.MAX_GRANT_DAYS,
        required=False,
        initial=7,
    )


@login_required
def access_requests(request):
    """A supervisor's list of requests from other districts, each with its answer form."""
    if not request.user.holds("grant_case_access"):
        raise PermissionDenied
    pending = (
        grants.pending_for(request.user)
        .select_related("requester__unit__district", "child")
        .order_by("requested_at")
    )
    return render(
        request,
        "access/requests.html",
        {
            "pending": [(item, AccessDecisionForm(auto_id=f"id_{item.pk}_%s")) for item in pending],
        },
    )


@serves(None)  # the id names an access request, not a case
@login_required
@require_POST
def decide_access_request(request, pk):
    form = AccessDecisionForm(request.POST)
    if form.is_valid():
        try:
            grants.decide_access(
                request.user,
                pk,
                grant=form.cleaned_data["decision"] == "grant",
                days=form.cleaned_data["days"],
            )
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Beslutet om åtkomst är sparat."))
    else:
        messages.error(request, _("Välj bevilja eller avslå, och antal dagar (1–30)."))
    return redirect("access:requests")
