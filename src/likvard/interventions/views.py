"""The interventions forms of the investigation page. Thin: parse, call a service, go back.

Each view is POST-only and posts from a section of `casework:investigation`. On
success it redirects back to the investigation; on a refusal it draws its own small
page with the bound form and the error summary (status 400), so the whole
investigation page need not be drawn again. Out of scope is 404, a refused role 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from likvard.casework.models import Investigation
from likvard.casework.selectors import investigations
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied

from . import forms, selectors, services
from .models import FollowUp, Intervention, InterventionProposal, LvuCare


@dataclass(frozen=True)
class Step:
    """One form of a section: what it posts about, how its form is built, what it calls."""

    model: type
    #: The row the URL names, in the actor's writable scope (NotFound otherwise).
    target: Callable
    #: The investigation the row belongs to (where the worker goes back to).
    investigation_of: Callable
    form: Callable
    call: Callable
    heading: str
    button: str
    done: str


def _view(step: Step):
    @serves(step.model)
    @login_required
    @require_POST
    def view(request, pk):
        try:
            target = step.target(request.user, pk)
        except NotFound as exc:
            raise Http404 from exc
        form = step.form(request.POST, target)
        if form.is_valid():
            try:
                step.call(request.user, target, form.cleaned_data)
            except NotFound as exc:
                raise Http404 from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc.message)) from exc
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, step.done)
                url = reverse(
                    "casework:investigation", kwargs={"pk": step.investigation_of(target)}
                )
                return redirect(f"{url}#insatser")
        return render(
            request,
            "interventions/step_page.html",
            {
                "form": form,
                "heading": step.heading,
                "button": step.button,
                "action": request.path,
                "investigation_id": step.investigation_of(target),
            },
            status=400,
        )

    return view


def _investigation(user, pk) -> Investigation:
    return selectors.one(investigations(user, to_change=True), pk)


def _proposal(user, pk) -> InterventionProposal:
    return selectors.one(selectors.proposals(user, to_change=True), pk)


def _decision(user, pk) -> Intervention:
    return selectors.one(selectors.interventions(user, to_change=True), pk)


def _follow_up(user, pk) -> FollowUp:
    return selectors.one(selectors.follow_ups(user, to_change=True), pk)


def _care(user, pk) -> LvuCare:
    return selectors.one(selectors.lvu_care(user, to_change=True), pk)


def _own(inv) -> int:
    return inv.pk


propose = _view(
    Step(
        Investigation,
        _investigation,
        _own,
        lambda data, inv: forms.ProposalForm(data),
        lambda user, inv, d: services.propose(user, inv.pk, **d),
        _("Föreslå insats"),
        _("Föreslå"),
        _("Insatsen är föreslagen."),
    )
)
record_consent = _view(
    Step(
        InterventionProposal,
        _proposal,
        lambda p: p.investigation_id,
        lambda data, p: forms.ConsentForm(
            data, guardians=selectors.guardians(p.child, p.district_id)
        ),
        lambda user, p, d: services.record_consent(user, p.pk, **d),
        _("Dokumentera samtycke"),
        _("Spara samtycket"),
        _("Samtycket är dokumenterat."),
    )
)
decide = _view(
    Step(
        InterventionProposal,
        _proposal,
        lambda p: p.investigation_id,
        lambda data, p: forms.DecisionForm(data),
        lambda user, p, d: services.decide(user, p.pk, **d),
        _("Besluta om insats"),
        _("Fatta beslut"),
        _("Beslutet är fattat och sparat som PDF i barnets akt."),
    )
)
plan_follow_up = _view(
    Step(
        Intervention,
        _decision,
        lambda i: i.proposal.investigation_id,
        lambda data, i: forms.FollowUpPlanForm(data),
        lambda user, i, d: services.plan_follow_up(user, i.pk, **d),
        _("Planera uppföljning"),
        _("Planera"),
        _("Uppföljningen är planerad."),
    )
)
record_follow_up = _view(
    Step(
        FollowUp,
        _follow_up,
        lambda f: f.intervention.proposal.investigation_id,
        lambda data, f: forms.FollowUpRecordForm(data),
        lambda user, f, d: services.record_follow_up(user, f.pk, **d),
        _("Dokumentera uppföljning"),
        _("Spara uppföljningen"),
        _("Uppföljningen är dokumenterad."),
    )
)
record_motivation_work = _view(
    Step(
        Investigation,
        _investigation,
        _own,
        lambda data, inv: forms.MotivationWorkForm(data, proposals=selectors.proposals_of(inv.pk)),
        lambda user, inv, d: services.record_motivation_work(user, inv.pk, **d),
        _("Dokumentera motivationsarbete"),
        _("Spara"),
        _("Motivationsarbetet är dokumenterat."),
    )
)
record_lvu_consideration = _view(
    Step(
        Investigation,
        _investigation,
        _own,
        lambda data, inv: forms.LvuConsiderationForm(data),
        lambda user, inv, d: services.record_lvu_consideration(user, inv.pk, **d),
        _("Övervägande om vård enligt LVU"),
        _("Spara övervägandet"),
        _("Övervägandet om vård enligt LVU är dokumenterat."),
    )
)
start_lvu_care = _view(
    Step(
        Investigation,
        _investigation,
        _own,
        lambda data, inv: forms.LvuCareForm(data),
        lambda user, inv, d: services.start_lvu_care(user, inv.pk, **d),
        _("Vård enligt LVU har påbörjats"),
        _("Spara"),
        _("Vården enligt LVU är registrerad. Den ska övervägas inom sex månader."),
    )
)
reconsider_lvu_care = _view(
    Step(
        LvuCare,
        _care,
        lambda c: c.investigation_id,
        lambda data, c: forms.LvuReconsiderForm(data),
        lambda user, c, d: services.reconsider_lvu_care(user, c.pk, **d),
        _("Övervägande av fortsatt vård enligt LVU"),
        _("Spara övervägandet"),
        _("Övervägandet är dokumenterat och nästa datum är flyttat."),
    )
)
end_lvu_care = _view(
    Step(
        LvuCare,
        _care,
        lambda c: c.investigation_id,
        lambda data, c: forms.LvuEndForm(data),
        lambda user, c, d: services.end_lvu_care(user, c.pk, **d),
        _("Registrera att vården enligt LVU har upphört"),
        _("Spara"),
        _("Att vården har upphört är registrerat. Inga fler överväganden är utsatta."),
    )
)
