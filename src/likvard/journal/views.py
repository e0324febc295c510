"""The journal's pages: write an entry, read one, correct one. No page changes an entry.

The form to write sits on the report's page (casework draws it); a refused entry is
shown again here, on a page of its own, with the message beside the field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from likvard.access.scoping import writable_district_id
from likvard.access.services import record_case_read
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.reports.models import Report
from likvard.reports.selectors import editable_report

from . import selectors, services
from .forms import EntryForm
from .models import JournalEntry


def _saved(form, call) -> bool:
    """Run the service for a valid form; a refusal goes on the form."""
    if not form.is_valid():
        return False
    try:
        call(form.entry_input())
    except NotFound as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    return True


@serves(Report)
@login_required
@require_POST
def write(request, pk):
    """Sign a new entry in the journal of report `pk`'s case."""
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    report = editable_report(request.user, pk)
    if report is None:
        raise Http404
    form = EntryForm(request.POST)
    if _saved(form, lambda data: services.write_entry(request.user, pk, data)):
        messages.success(request, _("Journalanteckningen är signerad."))
        return redirect(reverse("casework:report", kwargs={"pk": pk}) + "#journal")
    return render(request, "journal/entry_form.html", {"form": form, "report": report}, status=400)


def _entry_page(request, entry, form=None, status=200):
    may_correct = writable_district_id(request.user) == entry.district_id
    entry.corrected = bool(entry.corrections.all())  # prefetched by the selector
    return render(
        request,
        "journal/entry_detail.html",
        {
            "entry": entry,
            "form": form
            or (
                EntryForm(initial={"kind": entry.kind, "event_date": entry.event_date})
                if may_correct
                else None
            ),
        },
        status=status,
    )


def _visible_entry(request, pk) -> JournalEntry:
    try:
        return selectors.visible_entry(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


@serves(JournalEntry)
@login_required
def entry(request, pk):
    """One entry, what it corrects and its corrections. Any method but GET is refused:
    an entry is signed and never changed (405, with the way to a correction)."""
    if request.method not in ("GET", "HEAD"):
        refused = render(request, "journal/locked.html", status=405)
        refused["Allow"] = "GET, HEAD"
        return refused
    found = _visible_entry(request, pk)
    record_case_read(
        request.user, "view_journal_entry", found, child_id=found.child_id, shown=[found]
    )
    return _entry_page(request, found)


@serves(JournalEntry)
@login_required
@require_POST
def correct(request, pk):
    """Sign a correction of entry `pk`: a new entry that points at it."""
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    corrected = _visible_entry(request, pk)
    form = EntryForm(request.POST)
    if _saved(form, lambda data: services.correct_entry(request.user, pk, data)):
        messages.success(request, _("Rättelsen är signerad."))
        return redirect(reverse("casework:report", kwargs={"pk": corrected.report_id}) + "#journal")
    return _entry_page(request, corrected, form, status=400)
