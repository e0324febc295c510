"""Upload a document to a case, and download one: the only way to a document's file.

The files lie under LIKVARD_DOCUMENT_ROOT, which no URL serves; the download view
checks scope like every case page and logs the download in the audit log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from likvard.access.scoping import writable_district_id
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.reports.models import Report
from likvard.reports.selectors import editable_report

from . import downloads, selectors, services
from .forms import UploadForm
from .models import Document


@serves(Report)
@login_required
@require_POST
def upload(request, pk):
    """File an uploaded PDF or image in report `pk`'s case; a refusal shows the form again."""
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    report = editable_report(request.user, pk)
    if report is None:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload(request.user, pk, form.upload())
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Dokumentet är sparat i akten."))
            return redirect(reverse("casework:report", kwargs={"pk": pk}) + "#journal")
    return render(
        request, "documents/upload_form.html", {"form": form, "report": report}, status=400
    )


@serves(Document)
@login_required
@require_GET
def download(request, pk):
    """The document's file, to a reader of its case; each download is logged."""
    try:
        return downloads.download(request.user, selectors.visible_document(request.user, pk))
    except NotFound as exc:
        raise Http404 from exc
