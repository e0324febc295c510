"""The administrators' queue of feedback to reporters, and its three forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from likvard.access.services import record_read
from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied

from . import content, forms, selectors, services
from .models import Bounce, Channel, Notice

TEXT = "text/plain; charset=utf-8"


def _page(request, form=None, status=200, row_form=None):
    if not request.user.holds(services.PERMISSION):
        raise DjangoPermissionDenied
    today = local_date(timezone.now())
    return render(
        request,
        "notices/queue.html",
        {
            "queue": selectors.queue(request.user, today),
            "today": today,
            "form": form or forms.SendForm(),
            "row_form": row_form,
            "bounces": Bounce.choices,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def queue(request):
    """GET: the queue. POST: send the chosen notices (a job does the sending)."""
    if request.method != "POST":
        return _page(request)
    form = forms.SendForm(request.POST)
    if form.is_valid():
        try:
            queued = services.queue_sending(request.user, form.cleaned_data["notice"])
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc.message)) from exc
        messages.success(
            request,
            ngettext("%(n)s återkoppling skickas nu.", "%(n)s återkopplingar skickas nu.", queued)
            % {"n": queued}
            if queued
            else _("De valda återkopplingarna skickas redan eller är skickade."),
        )
        return redirect("notices:queue")
    return _page(request, form, status=400)


def _row_view(form_class, call, done):
    @serves(Notice)
    @login_required
    @require_POST
    def view(request, pk):
        form = form_class(request.POST)
        if form.is_valid():
            try:
                call(request.user, pk, **form.cleaned_data)
            except NotFound as exc:
                raise Http404 from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc.message)) from exc
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, done)
                return redirect("notices:queue")
        if not selectors.notices(request.user, to_change=True).filter(pk=pk).exists():
            raise Http404
        return _page(request, status=400, row_form=form)

    return view


undeliverable = _row_view(
    forms.UndeliverableForm,
    services.record_undeliverable,
    _("Återkopplingen är markerad som att den inte kom fram."),
)
resend = _row_view(
    forms.ResendForm,
    services.prepare_again,
    _("En ny återkoppling är förberedd och kan skickas."),
)


@serves(Notice)
@login_required
@require_http_methods(["GET", "HEAD"])
def preview(request, pk):
    """The letter as a PDF, or the e-mail as text, as it would go out today."""
    notice = (
        selectors.notices(request.user).select_related("report__district").filter(pk=pk).first()
    )
    if notice is None:
        raise Http404
    with transaction.atomic():
        record_read(
            request.user,
            "view_reporter_notice",
            notice,
            child_id=notice.report.child_id,
            district_id=notice.report.district_id,
        )
    if notice.channel == Channel.NONE:
        return HttpResponse(notice.get_unsendable_display(), content_type=TEXT)
    facts = selectors.notice_facts(notice, local_date(timezone.now()))
    if notice.channel == Channel.LETTER:
        response = HttpResponse(content.letter_pdf(facts), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="aterkoppling-{notice.report_id}.pdf"'
        return response
    text = f"{content.email_subject(facts)}\n\n{content.email_body(facts)}"
    return HttpResponse(text, content_type=TEXT)
