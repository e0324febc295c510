"""The report's pages: the draft report (with the findings), its PDF and CSV, and the
districts' measures. Thin: read through `report_selectors`, write through
`report_services`.

Who reads what: an inspector every review's report and follow-up; a district
supervisor who answers reviews (`respond_to_inspections`) the completed reviews
covering the own district, and writes only the own district's measures; everyone
else finds nothing (404). The ids name a review, not a case (`serves(None)`).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound
from likvard.core.spreadsheet import csv_response

from . import export, pdf, report_forms, report_selectors, report_services
from .models import State
from .report import build, follow_up


def _page(*methods):
    def decorate(view):
        @serves(None)
        @login_required
        @require_http_methods(["GET", "HEAD", *methods])
        @wraps(view)
        def page(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404 from exc

        return page

    return decorate


def _run(request, forms_by_action: dict, call) -> tuple[int, dict]:
    """Validate the posted action's form and run it; (status, bound forms by action).

    Status 0 means done (the view redirects); the form with its errors otherwise."""
    action = request.POST.get("action", "")
    if action not in forms_by_action:
        messages.error(request, _("Okänd åtgärd."))
        return 400, {}
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        return 400, {action: form}
    try:
        done = call(action, form.cleaned_data)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return exc.status, {action: form}
    messages.success(request, done)
    return 0, {}


@_page("POST")
def report(request, pk):
    review = report_selectors.report_review(request.user, pk)
    districts = list(review.districts.all()) or report_selectors.sampled_districts(review)
    forms_by_action = {
        "add_finding": lambda data: report_forms.FindingForm(data, districts=districts),
        "change_finding": report_forms.FindingTextForm,
        "remove_finding": report_forms.RemoveFindingForm,
    }
    status, bound = 200, {}
    if request.method == "POST":

        def call(action, data):
            user = request.user
            if action == "add_finding":
                report_services.add_finding(
                    user, review.pk, kind=data["kind"], text=data["text"], district=data["district"]
                )
                return _("Texten är tillagd i rapporten.")
            if action == "change_finding":
                report_services.change_finding(user, review.pk, data["finding"], text=data["text"])
                return _("Texten är ändrad.")
            report_services.remove_finding(user, review.pk, data["finding"])
            return _("Texten är borttagen ur rapporten.")

        status, bound = _run(request, forms_by_action, call)
        if status == 0:
            return redirect("inspection:report", pk=review.pk)
    context = {
        "report": build(review),
        "editing": request.user.holds("conduct_inspections") and review.state != State.COMPLETED,
        "finding_form": bound.get(
            "add_finding",
            report_forms.FindingForm(districts=districts, initial={"kind": "finding"}),
        ),
        "bound": bound,
    }
    return render(request, "inspection/report.html", context, status=status)


@_page()
def report_pdf(request, pk):
    review = report_selectors.report_review(request.user, pk)
    response = HttpResponse(pdf.report_pdf(build(review)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="granskning-{review.pk}.pdf"'
    return response


@_page()
def report_csv(request, pk):
    review = report_selectors.report_review(request.user, pk)
    return csv_response(f"granskning-{review.pk}.csv", export.header(), export.rows(build(review)))


@_page()
def to_answer(request):
    """The completed reviews whose follow-up the user reads (or answers)."""
    reviews = report_selectors.published_reviews(request.user)
    if not reviews and not request.user.holds("respond_to_inspections"):
        raise NotFound()
    return render(request, "inspection/to_answer.html", {"reviews": reviews})


@_page("POST")
def responses(request, pk):
    review = report_selectors.report_review(request.user, pk)
    district = report_selectors.answering_district(request.user, review)
    if review.state != State.COMPLETED and district is not None:
        raise NotFound()  # a supervisor reads only a published report's follow-up
    today = local_date(timezone.now())
    findings = [
        f
        for f in report_selectors.findings(review)
        if district is None or f.district_id in (None, district.pk)
    ]
    forms_by_action = {
        "respond": lambda data: report_forms.ResponseForm(data, findings=findings),
        "done": report_forms.DoneForm,
    }
    status, bound = 200, {}
    if request.method == "POST":

        def call(action, data):
            if action == "respond":
                report_services.respond(
                    request.user,
                    review.pk,
                    measure=data["measure"],
                    due_on=data["due_on"],
                    finding_id=data["finding"],
                )
                return _("Åtgärden är registrerad.")
            report_services.mark_done(
                request.user, review.pk, data["response"], done_on=data["done_on"]
            )
            return _("Åtgärden är markerad som genomförd.")

        status, bound = _run(request, forms_by_action, call)
        if status == 0:
            return redirect("inspection:responses", pk=review.pk)
    context = {
        "review": review,
        "district": district,
        "findings": findings,
        "today": today,
        "follow_up": follow_up(review, today, district=district),
        "response_form": bound.get("respond", report_forms.ResponseForm(findings=findings)),
        "bound": bound,
    }
    return render(request, "inspection/responses.html", context, status=status)
