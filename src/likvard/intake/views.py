"""The public e-service's pages: the form, the receipt, and the too-many-requests page.

Plain HTML forms checked on the server: the service works without JavaScript. No
page reads case data; the form hands the report over through `handover`.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import handover, ratelimit, receipts
from .forms import PublicReportForm
from .organisations import partner_options


@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    partners = partner_options()
    failed = False
    if request.method != "POST":
        form = PublicReportForm(partners=partners)
    else:
        if not ratelimit.allow(ratelimit.client_of(request)):
            return render(request, "intake/rate_limited.html", status=429)
        form = PublicReportForm(request.POST, partners=partners)
        if form.is_valid():
            try:
                receipt = handover.hand_over(form)
            except handover.HandoverFailed:
                failed = True
            else:
                token = receipts.token(receipt.reference, receipt.received_at)
                return redirect(f"{reverse('intake:receipt')}?k={token}")
    status = 503 if failed else 400 if form.is_bound else 200
    return render(
        request, "intake/report_form.html", {"form": form, "failed": failed}, status=status
    )


@require_http_methods(["GET", "HEAD"])
def receipt(request):
    signed = receipts.read_token(request.GET.get("k", ""))
    if signed is None:
        raise Http404
    return render(
        request,
        "intake/receipt.html",
        {"reference": signed["r"], "received_at": parse_datetime(signed["t"])},
    )


#: The public host's own error pages: the staff ones link to the staff start page.
ERRORS = {
    400: _("Begäran kunde inte tas emot"),
    403: _("Formuläret kunde inte skickas"),
    404: _("Sidan finns inte"),
    500: _("Något gick fel"),
}


def _error(request, status: int):
    return render(
        request, "intake/error.html", {"title": ERRORS[status], "status": status}, status=status
    )


def not_found(request, exception=None):
    return _error(request, 404)


def forbidden(request, exception=None, reason=""):
    """403, and the CSRF failure of a form kept open too long (CSRF_FAILURE_VIEW)."""
    return _error(request, 403)


def bad_request(request, exception=None):
    return _error(request, 400)


def server_error(request):
    return _error(request, 500)
