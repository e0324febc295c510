"""Log review pages for supervisors and system admins (loggkontroll)."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from likvard.core.errors import DomainError, NotFound

from . import grants, review
from .models import AuditEntry
from .services import record

PAGE_SIZE = 100
EXPORT_LIMIT = 10_000

FLAG_LABELS = {
    "outside_caseload": _("Utanför egna ärenden"),
    "protected": _("Skyddade personuppgifter"),
    "burst": _("Många barn på kort tid"),
    "night": _("Nattetid"),
    "denied": _("Nekad"),
}


class ReviewFilterForm(forms.Form):
    username = forms.CharField(label=_("Användare"), required=False, max_length=150)
    child_id = forms.IntegerField(label=_("Barn-id"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    flagged_only = forms.BooleanField(label=_("Bara flaggade"), required=False)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput
    )


def _criteria(request):
    if not request.user.holds("review_access_log"):
        raise PermissionDenied
    form = ReviewFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    criteria = review.ReviewFilter(
        **{k: v for k, v in data.items() if k != "page" and v not in (None, "")}
    )
    return form, criteria, data.get("page") or 1


@login_required
def access_log(request):
    form, criteria, page = _criteria(request)
    rows, more = review.review_rows(request.user, criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access/log.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "more": more,
            "query": query.urlencode(),
            "flag_labels": FLAG_LABELS,
            "scan_limit": review.FLAGGED_SCAN_LIMIT,
        },
        status=400 if form.errors else 200,
    )


@login_required
def access_log_csv(request):
    """The filtered log as CSV (no names of children, no free text); the export is logged."""
    _form, criteria, _page = _criteria(request)
    rows, _more = review.review_rows(request.user, criteria, 0, EXPORT_LIMIT)
    with transaction.atomic():
        record(
            request.user,
            AuditEntry.Action.READ,
            "export_access_log",
            district_id=request.user.district_id,
            after={"rows": len(rows)},
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loggkontroll.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "tidpunkt",
            "användare",
            "roll",
            "händelse",
            "åtgärd",
            "objekt",
            "objekt_id",
            "barn_id",
            "stadsdelsområde_id",
            "anrops_id",
            "kanal",
            "flaggor",
        ]
    )
    for row in rows:
        e = row.entry
        writer.writerow(
            [
                e.at.isoformat(),
                e.actor_username,
                e.actor_role,
                e.action,
                e.verb,
                e.object_type,
                e.object_id,
                e.child_id,
                e.district_id,
                e.request_id,
                e.channel,
                " ".join(row.flags),
            ]
        )
    return response


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


@login_required
@require_POST
def request_case_access(request, pk):
    """Ask another district for read access to its case about this child."""
    from likvard.reports.selectors import child_history, visible_child

    try:
        child = visible_child(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    _own, elsewhere, _investigations = child_history(request.user, child)
    form = access_request_form(elsewhere, request.POST)
    if form.is_valid():
        try:
            grants.request_access(
                request.user, child, form.cleaned_data["district"], form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Din begäran är skickad till stadsdelsområdet."))
    else:
        messages.error(request, _("Välj stadsdelsområde och skriv skälet."))
    return redirect("casework:child", pk=pk)
