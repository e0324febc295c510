"""The inspectors' pages. Thin: read through the selectors, write through the services.

Only a user holding `conduct_inspections` reaches them (403 for everyone else). The
ids in the URLs name a review and a case of its sample, not a case of a district: the
case page reads the case read-only through the owners' selectors and logs the read.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from likvard.casework import selectors as casework_reads
from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound

from . import facts, forms, imports, selectors, services
from .models import State, Value

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def inspector_page(view):
    """Signed in, holding `conduct_inspections`; a missing review or case is a 404."""

    @serves(None)
    @login_required
    @GET_POST
    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.user.holds("conduct_inspections"):
            raise DjangoPermissionDenied(_("Sidan är till för socialtjänstinspektörer."))
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return page


def _fail(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def _setup_page(request, review=None):
    today = local_date(timezone.now())
    others = selectors.reviews(request.user)
    if review is not None:
        others = others.exclude(pk=review.pk)
    kwargs = {"districts": selectors.districts(), "reviews": others}
    if request.method == "POST":
        form = forms.SetupForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [int(pk) for pk in data.pop("districts")]
            try:
                if review is None:
                    review = services.create_review(request.user, data, chosen)
                else:
                    services.update_review(request.user, review.pk, data, chosen)
            except DomainError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Granskningens inställningar är sparade."))
                return redirect("inspection:review", pk=review.pk)
    else:
        form = forms.SetupForm(initial=forms.SetupForm.initial_for(review, today), **kwargs)
    status = 400 if form.errors else 200
    return render(request, "inspection/setup.html", {"form": form, "review": review}, status=status)


@inspector_page
def review_list(request):
    return render(request, "inspection/list.html", {"reviews": selectors.reviews(request.user)})


@inspector_page
def review_new(request):
    return _setup_page(request)


@inspector_page
def review_edit(request, pk):
    review = selectors.review(request.user, pk)
    if review.frozen and request.method == "POST":
        messages.error(request, _("Granskningen har börjat: inställningarna kan inte ändras."))
    return _setup_page(request, review)


#: The review page's actions: name → (form class or None, service call, message).
ACTIONS = {
    "draw": (None, lambda u, r, d: services.draw_sample(u, r.pk), _("Urvalet är draget.")),
    "add_question": (
        forms.QuestionForm,
        lambda u, r, d: services.add_question(u, r.pk, d["key"], d["text"]),
        _("Frågan är tillagd."),
    ),
    "remove_question": (
        forms.RemoveQuestionForm,
        lambda u, r, d: services.remove_question(u, r.pk, d["question"]),
        _("Frågan är borttagen."),
    ),
    "double_review": (
        forms.DoubleReviewForm,
        lambda u, r, d: services.mark_double_review(u, r.pk, d["count"]),
        _("Ärendena för dubbelgranskning är valda."),
    ),
    "complete": (
        None,
        lambda u, r, d: services.complete_review(u, r.pk),
        _("Granskningen är avslutad."),
    ),
}


def _act(request, review):
    """Run the posted action; on success, back to the review page (PRG)."""
    name = request.POST.get("action", "")
    if name not in ACTIONS:
        messages.error(request, _("Okänd åtgärd."))
        return None
    form_class, call, done = ACTIONS[name]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return None
    try:
        call(request.user, review, form.cleaned_data if form else {})
    except DomainError as exc:
        messages.error(request, exc.message)
        return exc.status
    messages.success(request, done)
    return 0


@inspector_page
def review_detail(request, pk):
    review = selectors.review(request.user, pk)
    status = 200
    if request.method == "POST":
        outcome = _act(request, review)
        if outcome == 0:
            return redirect("inspection:review", pk=review.pk)
        status = outcome or 400
        review = selectors.review(request.user, pk)
    cases = list(selectors.cases(review)) if review.frozen else []
    doubles = sum(c.double_review for c in cases)
    context = {
        "review": review,
        "questions": selectors.questions(review),
        "cases": cases,
        "progress": selectors.progress(review) if review.frozen else [],
        "agreement": selectors.agreement(review) if review.frozen else [],
        "doubles": doubles,
        "question_form": forms.QuestionForm(),
        "double_form": forms.DoubleReviewForm(initial={"count": doubles or min(len(cases), 30)}),
        "in_review": review.state == State.IN_REVIEW,
    }
    return render(request, "inspection/review.html", context, status=status)


@inspector_page
def case_detail(request, pk, case_pk):
    review = selectors.review(request.user, pk)
    case = selectors.sampled_case(review, case_pk)
    report = casework_reads.visible_report(request.user, case.report_id)
    questions = selectors.questions(review)
    prefill = facts.prefills(request.user, [case.report_id]).get(case.report_id, {})
    existing = selectors.answers_of(case, request.user)
    form_class, initial = forms.answers_form(questions, prefill, existing)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            given = [
                services.Given(
                    q,
                    form.cleaned_data[f"q{q.pk}"],
                    form.cleaned_data[f"c{q.pk}"],
                    prefill.get(q.prefill) if q.prefill else None,
                )
                for q in questions
                if form.cleaned_data[f"q{q.pk}"]
            ]
            try:
                services.answer_case(request.user, review.pk, case.pk, given)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Svaren är sparade."))
                return redirect("inspection:review", pk=review.pk)
        status = 400
    else:
        form = form_class(initial=initial)
        services.log_case_read(request.user, case)
    earlier, _elsewhere = casework_reads.earlier_reports(request.user, report)
    rows = [
        {
            "question": q,
            "field": form[f"q{q.pk}"],
            "comment": form[f"c{q.pk}"],
            "prefilled": q.prefill in prefill and q.pk not in existing,
            "prefill_label": Value(prefill[q.prefill]).label if q.prefill in prefill else "",
        }
        for q in questions
    ]
    context = {
        "review": review,
        "case": case,
        "report": report,
        "earlier": earlier,
        "form": form,
        "rows": rows,
        "others": selectors.other_answers(case, request.user),
        "in_review": review.state == State.IN_REVIEW,
    }
    return render(request, "inspection/case.html", context, status=status)


@inspector_page
def import_answers(request, pk):
    review = selectors.review(request.user, pk)
    problems = []
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            raw = form.cleaned_data["file"].read(imports.MAX_BYTES + 1)
            cases = {c.report_id: c for c in selectors.cases(review)}
            questions = {q.key: q for q in selectors.questions(review)}
            rows, problems = imports.check(
                raw, cases, questions, lambda refs: selectors.known_reports(request.user, refs)
            )
            if not problems:
                try:
                    count = services.import_answers(request.user, review.pk, rows)
                except DomainError as exc:
                    form.add_error(None, str(exc.message))
                else:
                    messages.success(request, _("%(n)s svar är importerade.") % {"n": count})
                    return redirect("inspection:review", pk=review.pk)
    else:
        form = forms.ImportForm()
    status = 400 if (problems or form.errors) else 200
    return render(
        request,
        "inspection/import.html",
        {
            "review": review,
            "form": form,
            "problems": problems,
            "questions": selectors.questions(review),
        },
        status=status,
    )
