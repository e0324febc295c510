"""Log review pages for supervisors and system admins (loggkontroll)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.spreadsheet import csv_response

from . import review, words

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


def _log_review_read(user, verb: str, after: dict) -> None:
    """The reviewer's own reading is logged too (no child named: not in the review)."""
    with transaction.atomic():
        record(user, AuditEntry.Action.READ, verb, district_id=user.district_id, after=after)


@login_required
def access_log(request):
    form, criteria, page = _criteria(request)
    rows, more = review.review_rows(request.user, criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    named = sorted({row.entry.child_id for row in rows if row.child_name})
    if named:  # the page shows these children's names: a read of them, logged
        _log_review_read(request.user, "review_access_log", {"named_children": named})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "logreview/log.html",
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
    """The filtered log as CSV, in words and Stockholm time like the page (no names of
    children, no free text: the file leaves the system); the export is logged."""
    _form, criteria, _page = _criteria(request)
    rows, _more = review.review_rows(request.user, criteria, 0, EXPORT_LIMIT)
    _log_review_read(request.user, "export_access_log", {"rows": len(rows)})
    return csv_response(
        "loggkontroll.csv",
        [
            "tidpunkt",
            "användare",
            "roll",
            "händelse",
            "objekt",
            "objekt_id",
            "barn_id",
            "stadsdelsområde_id",
            "anrops_id",
            "kanal",
            "flaggor",
        ],
        (
            [
                row.entry.at,
                row.entry.actor_username,
                row.role,
                row.change[0] if row.change else row.what,
                words.object_kind(row.entry.object_type),
                row.entry.object_id,
                row.entry.child_id,
                row.entry.district_id,
                row.entry.request_id,
                row.entry.channel,
                ", ".join(str(FLAG_LABELS[f]) for f in row.flags),
            ]
            for row in rows
        ),
    )
