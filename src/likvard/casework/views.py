"""Caseworker pages. Thin: parse with a form, call a service, show the result.

Refusals from the services come back as messages on the form that caused
them, with status 400; out-of-scope ids are 404 whatever the reason.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from likvard.access import grants
from likvard.access.scoping import writable_district_id
from likvard.access.services import record_case_read
from likvard.access.views import access_request_form
from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.documents.forms import UploadForm
from likvard.documents.selectors import documents_for_child, documents_for_report
from likvard.guidelines import selectors as guidelines
from likvard.guidelines.engine import GuidelineRefusal
from likvard.guidelines.models import DecisionPoint
from likvard.journal.forms import EntryForm
from likvard.journal.selectors import entries_for_child, entries_for_report
from likvard.people import selectors as people
from likvard.people.models import Child
from likvard.people.page import family_context
from likvard.people.selectors import address_for, reveal_protected_contact, visible_child
from likvard.people.services import ChildInput
from likvard.reports import services as report_services
from likvard.reports.dates import municipality_settings
from likvard.reports.models import VIOLENCE_CONCERNS, Report
from likvard.reports.services import ReportInput
from likvard.reports.workflow import DECIDED_STATES, InvestigationState, ReportState

from . import assignment, forms, services
from .models import Decision, Investigation
from .sections import feedback_sections, investigation_sections, queue_sections
from .selectors import (
    STATUSES,
    TASKS,
    UNASSIGNED,
    QueueFilter,
    child_history,
    distribution,
    earlier_reports,
    open_alerts,
    team_queue,
    team_workers,
    visible_investigation,
    visible_report,
    work_queue,
)
from .timeline import child_steps, report_steps, shown, timeline
from .transitions import provisions_in_force


def _today():
    return local_date(timezone.now())


#: What the worker can do about each kind of refusal by the guideline rules.
REFUSAL_HINTS = {
    "guideline_blocked": _("Riktlinjerna stoppar steget. Se nedan vad som krävs och varför."),
    "override_required": _(
        "En riktlinje avråder från beslutet. Ange skälen för avsteg, eller ändra beslutet."
    ),
    "cosignature_required": _(
        "Beslutet kräver kontrasignering av en arbetsledare. Skicka det till arbetsledaren "
        "med knappen ”Skicka till arbetsledare för kontrasignering”."
    ),
}


def _apply(form, call):
    """Run a service call for a valid form; put a refusal on the form. True on success.

    A refusal by the guideline rules puts each stopping rule's message on its field
    and keeps the refusal on the form (`form.refusal`) for the rules panel.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except (NotFound, PermissionDenied) as exc:
        raise Http404 if isinstance(exc, NotFound) else DjangoPermissionDenied from exc
    except GuidelineRefusal as exc:
        form.refusal = exc
        form.add_error(None, REFUSAL_HINTS[exc.code])
        field_for_rule = getattr(form, "field_for_rule", lambda rule, severity: None)
        for e in exc.stopping:
            # On its field the message stands alone (the field, or the override's
            # label, names the rule already); on the form as a whole it says which rule.
            field = field_for_rule(e.rule, e.severity)
            form.add_error(field, e.message if field else f"{e.rule.title}: {e.message}")
        return False
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    return True


def _counts(items) -> dict[str, int]:
    return {
        key: sum(1 for item in items if item.urgency == key) for key in ("overdue", "today", "week")
    }


@require_safe
@login_required
def queue(request):
    items = work_queue(request.user, _today())
    return render(
        request,
        "casework/queue.html",
        {
            "items": items,
            "counts": _counts(items),
            "can_register": writable_district_id(request.user) is not None,
            # The supervisors' start page carries the district's unanswered alerts.
            "alerts": open_alerts(request.user, timezone.now())
            if request.user.may_assign_cases
            else None,
            **guidelines.supervisor_lists(request.user),
            "sections": queue_sections(request, _today()),
        },
    )


@require_safe
@login_required
def team(request):
    """ "Teamets ärenden": the district's queue for supervisors and colleagues, filtered
    by worker, task and status, most urgent first (`QueueItem.priority`)."""
    if not request.user.is_caseworker:
        raise DjangoPermissionDenied
    form = forms.TeamFilterForm(
        request.GET or None,
        workers=team_workers(request.user.district_id),
        tasks=TASKS,
        statuses=STATUSES,
        unassigned=UNASSIGNED,
    )
    chosen = QueueFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        worker = data["worker"] or None
        chosen = QueueFilter(
            worker=int(worker) if worker not in (None, UNASSIGNED) else worker,
            task=data["task"] or None,
            status=data["status"] or None,
        )
    items = team_queue(request.user, _today(), chosen) if not form.errors else []
    return render(
        request,
        "casework/team.html",
        {
            "items": items,
            "counts": _counts(items),
            "form": form,
            "alerts": open_alerts(request.user, timezone.now()),
        },
        status=400 if form.errors else 200,
    )


ASSIGN = {"report": assignment.assign_report, "investigation": assignment.assign_investigation}


def _assigned_message(kind: str, obj) -> str:
    case = _("Orosanmälan %(id)s") if kind == "report" else _("Utredning %(id)s")
    case = case % {"id": obj.pk}
    if obj.assigned_to is None:
        return _("%(case)s är nu ofördelad.") % {"case": case}
    return _("%(case)s är tilldelad %(worker)s.") % {"case": case, "worker": obj.assigned_to}


@login_required
def distribute(request):
    """The page "Fördela ärenden": a supervisor gives the district's cases to its workers."""
    if not request.user.may_assign_cases:
        raise DjangoPermissionDenied
    form = forms.AssignForm(request.POST or None)
    if request.method == "POST":
        done = {}

        def call(data):
            done["case"] = ASSIGN[data["kind"]](
                request.user,
                data["case"],
                version=data["version"],
                assignee_id=data["assigned_to"],
            )

        if _apply(form, call):
            messages.success(request, _assigned_message(form.cleaned_data["kind"], done["case"]))
            return redirect("casework:distribute")
    return render(
        request,
        "casework/distribute.html",
        {"distribution": distribution(request.user, _today()), "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def register_report(request):
    if writable_district_id(request.user) is None:
        raise DjangoPermissionDenied
    form = forms.ReportForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST":
        created = {}

        def call(data):
            child = form.child_input()
            typed = form.person_input()
            names = (*forms.REPORT_FIELDS, "fetch_guardians", "children_are_siblings")
            fields = {k: data[k] for k in names}
            created["report"] = report_services.register_report(
                request.user,
                ReportInput(
                    child=child,
                    more_children=[ChildInput(personal_number=n) for n in data["more_children"]],
                    family=[typed] if typed else [],
                    **fields,
                ),
            )

        if _apply(form, call):
            together = created["report"].registered_together.count()
            messages.success(
                request,
                _("Orosanmälan är registrerad. Gör skyddsbedömningen i dag.")
                if not together
                else _(
                    "Orosanmälan är registrerad för %(count)d barn, med en förhandsbedömning "
                    "för varje barn. Gör skyddsbedömningarna i dag."
                )
                % {"count": together + 1},
            )
            return redirect("casework:report", pk=created["report"].pk)
    return render(
        request, "casework/report_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _rules_context(report, step_forms, today) -> dict:
    """The guideline rules of the case: in force now, what stopped a step, what was found."""
    refused_step = next(
        (name for name, f in step_forms.items() if getattr(f, "refusal", None) is not None), None
    )
    refused = step_forms[refused_step].refusal if refused_step else None

    law = provisions_in_force()

    def rows(point, refused_here):
        if refused_here:
            return guidelines.panel(refused.evaluations, today, law, refused.stopping)
        return guidelines.preview(report, point, law)

    context = {"evaluations": guidelines.stored_evaluations(report)}
    if report.is_open:
        decision_rules = rows(DecisionPoint.DECISION, refused_step not in (None, "archive"))
        pending, returned = guidelines.cosignature_requests(report)
        context.update(
            decision_rules=decision_rules,
            investigate_at_once=next(
                (
                    row
                    for row in decision_rules
                    if row.rule.id == "serious_investigate_at_once" and row.open
                ),
                None,
            ),
            pending_request=pending,
            returned_request=returned,
        )
    elif report.state in DECIDED_STATES:
        context["archive_rules"] = rows(DecisionPoint.ARCHIVE, refused_step == "archive")
    return context


#: What is late while a report waits in each state, as the overdue banner names it.
OVERDUE_WHAT = {
    ReportState.RECEIVED: (_("skyddsbedömningen"), ""),
    ReportState.PRE_ASSESSMENT: (
        _("beslutet om att inleda utredning"),
        _("Fristen på 14 dagar har passerats. Beslutet kräver synnerliga skäl."),
    ),
}


def _overdue(case, today) -> dict | None:
    """The overdue banner of a report or an investigation: what is late, since when,
    how many days, and what follows from it; None when nothing is."""
    if isinstance(case, Investigation):
        due = case.due_date if case.state == InvestigationState.ONGOING else None
        what, consequence = _("utredningen"), ""
    else:
        due = case.current_due
        what, consequence = OVERDUE_WHAT.get(case.state, ("", ""))
    if due is None or due >= today:
        return None
    return {"what": what, "due": due, "days": (today - due).days, "consequence": consequence}


def _report_context(request, report, bound=None):
    """Everything the report page shows, with empty forms for the next steps."""
    editable = writable_district_id(request.user) == report.district_id
    today = _today()
    step_forms = {}
    if editable and report.state == ReportState.RECEIVED:
        step_forms["protection"] = forms.ProtectionAssessmentForm(
            initial={"version": report.version}
        )
    if editable and getattr(report, "protection_alert", None) is not None:
        step_forms["immediate"] = forms.ImmediateStepForm()
    if editable and report.is_open:
        step_forms["conversation"] = forms.ChildConversationForm(initial={"held_on": today})
        step_forms["police"] = forms.PoliceConsiderationForm(initial={"considered_on": today})
    if editable and not report.is_open and report.reporter_wants_feedback:
        step_forms["feedback"] = forms.FeedbackForm(initial={"given_on": today})
    step_forms.update(bound or {})
    rules = _rules_context(report, step_forms, today)
    pending = rules.get("pending_request")
    cosigning = (
        editable
        and pending is not None
        and request.user.holds("cosign_decisions")
        and pending.requested_by_id != request.user.pk
    )
    if cosigning:
        # The supervisor came to co-sign: the co-sign form alone, none of the worker's
        # steps, journal or uploads.
        step_forms = {
            "cosign": step_forms.get("cosign")
            or forms.CosignForm(initial={"request_id": pending.pk})
        }
    elif editable and report.state == ReportState.PRE_ASSESSMENT and "decision" not in step_forms:
        step_forms["decision"] = forms.DecisionForm(
            initial={
                "version": report.version,
                "kind": Decision.Kind.OPEN_INVESTIGATION if rules["investigate_at_once"] else None,
            },
            rules=rules["decision_rules"],
        )
    if editable and report.state in DECIDED_STATES and "archive" not in step_forms:
        step_forms["archive"] = forms.ArchiveForm(
            initial={"version": report.version}, rules=rules["archive_rules"]
        )
    concerns = report.concern_codes
    earlier, elsewhere = earlier_reports(request.user, report)
    return {
        "timeline": shown(
            timeline(
                report_steps(report),
                entries_for_report(request.user, report),
                documents_for_report(request.user, report),
            ),
            _everything(request),
        ),
        "journal_form": EntryForm(initial={"event_date": today})
        if editable and not cosigning
        else None,
        "upload_form": UploadForm() if editable and not cosigning else None,
        "earlier": earlier,
        "elsewhere": elsewhere,
        # Feedback follows the decision: before it there is nothing to draw or read.
        "feedback_sections": feedback_sections(request, report)
        if report.reporter_wants_feedback and not report.is_open
        else [],
        "report": report,
        "child": report.child,
        "forms": step_forms,
        "editable": editable,
        "concerns": [c for c in report.concerns.all()],
        "violence": any(c in VIOLENCE_CONCERNS for c in concerns),
        "overdue": _overdue(report, today),
        "immediate_need": getattr(report, "protection_alert", None) is not None,
        "today": today,
        **rules,
    }


def _everything(request) -> bool:
    """The whole timeline (`?journal=alla`), not only its latest events."""
    return request.GET.get("journal") == "alla"


def _visible_report(request, pk) -> Report:
    try:
        return visible_report(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _visible_child(request, pk):
    try:
        return visible_child(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _page(view):
    """A case page: read by GET or HEAD, or drawn again by a step's POST view with its
    bound form (the keyword arguments); a PUT, DELETE or bare POST to its URL is 405."""

    @wraps(view)
    def page(request, pk, **shown_again):
        if request.method not in ("GET", "HEAD") and not shown_again:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, pk, **shown_again)

    return page


def _step(detail_view, url_name, form_name, form_class, service_call, success_message):
    """A POST-only view that runs one casework step, then shows the case again."""

    @serves(detail_view.case_model)
    @login_required
    @require_POST
    def view(request, pk):
        form = form_class(request.POST)
        if _apply(form, lambda data: service_call(request.user, pk, data)):
            messages.success(request, success_message)
            return redirect(url_name, pk=pk)
        return detail_view(request, pk, bound={form_name: form})

    return view


@serves(Report)
@login_required
@_page
def report_detail(request, pk, bound=None):
    report = _visible_report(request, pk)
    record_case_read(request.user, "view_report", report, child_id=report.child_id, shown=[report])
    return render(
        request,
        "casework/report_detail.html",
        _report_context(request, report, bound),
        status=400 if bound else 200,
    )


protection_assessment = _step(
    report_detail,
    "casework:report",
    "protection",
    forms.ProtectionAssessmentForm,
    lambda user, pk, d: services.assess_protection(
        user,
        pk,
        version=d["version"],
        assessment=d["assessment"],
        immediate_protection_needed=d["immediate_protection_needed"],
    ),
    _("Skyddsbedömningen är dokumenterad. Förhandsbedömningen pågår."),
)
child_conversation = _step(
    report_detail,
    "casework:report",
    "conversation",
    forms.ChildConversationForm,
    lambda user, pk, d: services.record_child_conversation(user, pk, **d),
    _("Barnsamtalet är dokumenterat."),
)
immediate_step = _step(
    report_detail,
    "casework:report",
    "immediate",
    forms.ImmediateStepForm,
    lambda user, pk, d: services.record_immediate_step(user, pk, **d),
    _("Nästa steg vid omedelbart skyddsbehov är dokumenterat."),
)
police_consideration = _step(
    report_detail,
    "casework:report",
    "police",
    forms.PoliceConsiderationForm,
    lambda user, pk, d: services.record_police_consideration(user, pk, **d),
    _("Övervägandet om polisanmälan är dokumenterat."),
)


def _guided_step(point, form_name, form_class, states, service_call, success_message):
    """A POST-only step gated by the guideline rules at `point`: the form carries the
    questions and override reasons of the rules in force for this case."""

    @serves(Report)
    @login_required
    @require_POST
    def view(request, pk):
        report = _visible_report(request, pk)
        rules = (
            guidelines.preview(report, point, provisions_in_force())
            if report.state in states
            else []
        )
        form = form_class(request.POST, rules=rules)
        if _apply(form, lambda data: service_call(request, pk, form)):
            messages.success(request, success_message(request))
            return redirect("casework:report", pk=pk)
        return report_detail(request, pk, bound={form_name: form})

    return view


def _decide_or_request(request, pk, form):
    service = (
        services.request_cosignature if "request_cosignature" in request.POST else services.decide
    )
    return service(request.user, pk, form.decision_input(), version=form.cleaned_data["version"])


decision = _guided_step(
    DecisionPoint.DECISION,
    "decision",
    forms.DecisionForm,
    (ReportState.PRE_ASSESSMENT,),
    _decide_or_request,
    lambda request: (
        _("Beslutet är skickat till arbetsledare för kontrasignering.")
        if "request_cosignature" in request.POST
        else _("Beslutet är fattat.")
    ),
)
archive = _guided_step(
    DecisionPoint.ARCHIVE,
    "archive",
    forms.ArchiveForm,
    DECIDED_STATES,
    lambda request, pk, form: services.archive_report(request.user, pk, **form.archive_input()),
    lambda request: _("Anmälan är avslutad."),
)


@serves(Report)
@login_required
@require_POST
def cosign(request, pk):
    """A supervisor co-signs a proposed decision, or returns it, with a reason."""
    form = forms.CosignForm(request.POST)
    returning = "return" in request.POST

    def call(data):
        handle = services.return_decision if returning else services.cosign_decision
        handle(request.user, pk, request_id=data["request_id"], reason=data["reason"])

    if _apply(form, call):
        messages.success(
            request,
            _("Förslaget är återsänt till handläggaren.")
            if returning
            else _("Beslutet är kontrasignerat och fattat."),
        )
        return redirect("casework:report", pk=pk)
    return report_detail(request, pk, bound={"cosign": form})


feedback = _step(
    report_detail,
    "casework:report",
    "feedback",
    forms.FeedbackForm,
    lambda user, pk, d: report_services.record_feedback(user, pk, **d),
    _("Återkopplingen är dokumenterad."),
)


@serves(Child)
@login_required
@_page
def child_detail(request, pk, revealed=None, reveal_form=None, family_form=None):
    child = _visible_child(request, pk)
    own, elsewhere, investigations = child_history(request.user, child)
    record_case_read(
        request.user, "view_child", child, child_id=child.pk, shown=[*own, *investigations]
    )
    relations = people.current_relations(request.user, child)
    any_protected = child.protected_identity or any(r.person.protected_identity for r in relations)
    may_reveal = any_protected and request.user.holds("view_protected_identity")
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "child_address": address_for(child),
            "family": family_context(
                request.user,
                child,
                relations,
                family_form,
                may_change=bool(own) and writable_district_id(request.user) is not None,
            ),
            "any_protected": any_protected,
            "reveal_form": reveal_form or (forms.RevealContactForm() if may_reveal else None),
            "revealed": revealed,
            "access_form": access_request_form(elsewhere)
            if elsewhere and request.user.is_caseworker
            else None,
            "reports": own,
            "elsewhere": elsewhere,
            "investigations": investigations,
            "timeline": shown(
                timeline(
                    child_steps(own, investigations),
                    entries_for_child(request.user, child),
                    documents_for_child(request.user, child),
                ),
                _everything(request),
            ),
            "today": _today(),
        },
        status=400 if any(f is not None and f.errors for f in (reveal_form, family_form)) else 200,
    )


@serves(Child)
@login_required
@require_POST
def reveal_contact(request, pk):
    """Show protected contact details once, to an allowed role, logged with the reason."""
    child = _visible_child(request, pk)
    form = forms.RevealContactForm(request.POST)
    revealed = {}

    def call(data):
        revealed["contact"] = reveal_protected_contact(request.user, child, data["reason"])

    if _apply(form, call):
        return child_detail(request, pk, revealed=revealed["contact"])
    return child_detail(request, pk, reveal_form=form)


@serves(Child)
@login_required
@require_POST
def request_case_access(request, pk):
    """Ask another district for read access to its case about this child."""
    child = _visible_child(request, pk)
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


def _closing_rules(investigation, form, today):
    """The rules at the closing: what stopped the last try, else how they stand today."""
    refused = getattr(form, "refusal", None) if form is not None else None
    law = provisions_in_force()
    if refused is not None:
        return guidelines.panel(refused.evaluations, today, law, refused.stopping)
    context = services.closing_rules_context(investigation, today)
    return guidelines.preview_of(DecisionPoint.INVESTIGATION_CLOSING, context, law)


@serves(Investigation)
@login_required
@_page
def investigation_detail(request, pk, bound=None):
    investigation = _visible_investigation(request, pk)
    record_case_read(
        request.user,
        "view_investigation",
        investigation,
        child_id=investigation.child_id,
        shown=[investigation],
    )
    today = _today()
    bound = bound or {}
    step_forms = {}
    editable = writable_district_id(request.user) == investigation.district_id
    ongoing = investigation.state == InvestigationState.ONGOING
    may_extend = editable and ongoing and request.user.may_extend_investigations
    closing_rules = _closing_rules(investigation, bound.get("complete"), today) if ongoing else None
    if editable and ongoing:
        step_forms["complete"] = forms.CompleteInvestigationForm(
            initial={"version": investigation.version, "completed_on": today}, rules=closing_rules
        )
    if may_extend:
        step_forms["extend"] = forms.ExtendInvestigationForm(
            initial={"version": investigation.version}
        )
    step_forms.update(bound)
    return render(
        request,
        "casework/investigation_detail.html",
        {
            "investigation": investigation,
            "forms": step_forms,
            "today": today,
            "extensions": investigation.extensions.select_related("decided_by").order_by(
                "decided_at"
            ),
            "may_propose_extension": editable and ongoing and not may_extend,
            "max_extension_months": municipality_settings(
                investigation.district
            ).max_extension_months,
            "overdue": _overdue(investigation, today),
            "sections": investigation_sections(request, investigation, editable),
            "closing_rules": closing_rules,
            "closing_evaluations": guidelines.closing_evaluations(investigation)
            if not ongoing
            else (),
        },
        status=400 if bound else 200,
    )


def _visible_investigation(request, pk) -> Investigation:
    try:
        return visible_investigation(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


extend_investigation = _step(
    investigation_detail,
    "casework:investigation",
    "extend",
    forms.ExtendInvestigationForm,
    lambda user, pk, d: services.extend_investigation(user, pk, **d),
    _("Utredningstiden är förlängd."),
)


@serves(Investigation)
@login_required
@require_POST
def complete_investigation(request, pk):
    """Close the investigation; the form carries a reason field for each warning among
    the rules at the closing, and a refusal shows which rules stopped it."""
    investigation = _visible_investigation(request, pk)
    rules = (
        _closing_rules(investigation, None, _today())
        if investigation.state == InvestigationState.ONGOING
        else []
    )
    form = forms.CompleteInvestigationForm(request.POST, rules=rules)

    def call(data):
        services.complete_investigation(request.user, pk, **form.completion_input())

    if _apply(form, call):
        messages.success(request, _("Utredningen är avslutad."))
        return redirect("casework:investigation", pk=pk)
    return investigation_detail(request, pk, bound={"complete": form})
