"""The registry's pages, the district's collaboration pages and the committee's follow-up.

Thin: parse a form, call a service, go back. Who may do what is the services' (the
registry: `manage_partners`; a collaboration: its district's staff holding it) and,
for the follow-up, `view_quality_indicators`. Out of scope is 404, a refused role 403.
A page is GET/HEAD; its forms post to their own POST-only views, which draw the
page again with the bound form when the input is refused.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from likvard.core.calendar import local_date
from likvard.core.cases import serves
from likvard.core.errors import DomainError, NotFound, PermissionDenied
from likvard.organisation.models import District

from . import forms, selectors, services
from .models import REVERIFY_MONTHS
from .terms import term_of

PAGE_SIZE = 50


def _apply(form, call) -> bool:
    """Run a service call for a valid form; put a refusal on the form. True on success."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except NotFound as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    return True


def _manager(request) -> None:
    if not request.user.holds("manage_partners"):
        raise DjangoPermissionDenied


def _today():
    return local_date(timezone.now())


# --- the registry ----------------------------------------------------------------------


@login_required
@require_GET
def registry(request):
    _manager(request)
    form = forms.RegistryFilterForm(request.GET or None, districts=District.objects.all())
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    district = chosen.get("stadsdel")
    rows = selectors.registry(
        text=chosen.get("q", ""),
        kind=chosen.get("typ", ""),
        district_id=district.pk if district else None,
        active=not chosen.get("inaktiva", False),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "partners/registry.html",
        {"form": form, "page": page, "query": query.urlencode(), "due": _due_count()},
    )


def _due_count() -> int:
    return selectors.due_for_verification(_today()).count()


@login_required
@require_GET
def reverify(request):
    _manager(request)
    page = Paginator(selectors.due_for_verification(_today()), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(request, "partners/reverify.html", {"page": page, "months": REVERIFY_MONTHS})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_partner(request):
    _manager(request)
    form = forms.PartnerForm(request.POST or None)
    if request.method == "POST":
        created = []
        if _apply(form, lambda data: created.append(services.save_partner(request.user, data))):
            messages.success(request, _("Partnern är registrerad."))
            return redirect("partners:partner", pk=created[0].pk)
    return render(
        request, "partners/partner_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _partner_page(request, pk, *, edit_form=None, contact_form=None, status=200):
    _manager(request)
    partner = selectors.partner_with_contacts(pk)
    if partner is None:
        raise Http404
    return render(
        request,
        "partners/partner.html",
        {
            "partner": partner,
            "edit_form": edit_form or forms.PartnerForm(instance=partner),
            "contact_form": contact_form or forms.ContactForm(),
        },
        status=status,
    )


@serves(None)  # a partner of the city's registry: no case
@login_required
@require_GET
def partner(request, pk):
    return _partner_page(request, pk)


@serves(None)
@login_required
@require_POST
def edit_partner(request, pk):
    _manager(request)
    current = selectors.partner_with_contacts(pk)
    if current is None:
        raise Http404
    form = forms.PartnerForm(request.POST, instance=current)
    if _apply(form, lambda data: services.save_partner(request.user, data, pk)):
        messages.success(request, _("Uppgifterna är sparade."))
        return redirect("partners:partner", pk=pk)
    return _partner_page(request, pk, edit_form=form, status=400)


@serves(None)
@login_required
@require_POST
def add_contact(request, pk):
    form = forms.ContactForm(request.POST)
    if _apply(form, lambda data: services.save_contact(request.user, pk, data)):
        messages.success(request, _("Kontaktpersonen är sparad."))
        return redirect("partners:partner", pk=pk)
    return _partner_page(request, pk, contact_form=form, status=400)


def _action(call, done):
    """A POST-only button on the partner's page: one service call, then back."""

    @serves(None)
    @login_required
    @require_POST
    def view(request, pk):
        form = forms.ActionForm(request.POST)
        if not _apply(form, lambda data: call(request.user, pk, data)):
            return _partner_page(request, pk, status=400)
        messages.success(request, done)
        return redirect("partners:partner", pk=pk)

    return view


verify = _action(
    lambda user, pk, data: services.verify_partner(user, pk),
    _("Uppgifterna är markerade som kontrollerade i dag."),
)
set_active = _action(
    lambda user, pk, data: services.set_partner_active(user, pk, data["active"]),
    _("Partnerns status är ändrad."),
)
remove_contact = _action(
    lambda user, pk, data: services.remove_contact(user, pk, data["contact"]),
    _("Kontaktpersonen är borttagen."),
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_partners(request):
    _manager(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_partners(request.user, form.cleaned_data["file"])
        if not result.problems:
            messages.success(
                request,
                _("Filen är importerad: %(created)d nya och %(updated)d uppdaterade partner.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("partners:registry")
    status = 400 if result is not None or form.errors else 200
    return render(request, "partners/import.html", {"form": form, "result": result}, status=status)


# --- the district's collaboration with schools --------------------------------------------


def _keeper(request) -> None:
    if not (request.user.holds("manage_partners") and request.user.is_caseworker):
        raise DjangoPermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collaborations(request):
    _keeper(request)
    form = forms.OpenCollaborationForm(
        request.POST or None, schools=selectors.schools_to_open(request.user)
    )
    if request.method == "POST":
        opened = []
        call = lambda data: opened.append(  # noqa: E731
            services.open_collaboration(request.user, data["school"].pk)
        )
        if _apply(form, call):
            messages.success(request, _("Samverkan med skolan följs nu upp."))
            return redirect("partners:collaboration", pk=opened[0].pk)
    rows = selectors.collaborations(request.user, to_change=True).order_by("school__name")
    return render(
        request,
        "partners/collaborations.html",
        {"rows": rows, "form": form, "term": term_of(_today())},
        status=400 if form.errors else 200,
    )


STEPS = {
    "contacts": (forms.ContactsForm, services.set_contacts, _("Kontaktpersonerna är sparade.")),
    "agreement": (
        forms.AgreementForm,
        services.record_agreement,
        _("Överenskommelsen är registrerad."),
    ),
    "meeting": (forms.MeetingForm, services.record_meeting, _("Mötet är registrerat.")),
    "referral": (forms.ReferralForm, services.record_referral, _("Remissen är registrerad.")),
    "joint_case": (
        forms.JointCaseForm,
        services.record_joint_case,
        _("Det gemensamma ärendet är registrerat."),
    ),
}


def _step_form(name, row, data=None):
    form_class = STEPS[name][0]
    if name != "contacts":
        return form_class(data, prefix=name)
    initial = {
        "school_contact": row.school_contact_id,
        "district_contact": row.district_contact_id,
        "student_health_team": row.student_health_team,
    }
    return form_class(
        data,
        prefix=name,
        initial=initial,
        school_contacts=row.school.contacts.all(),
        staff=selectors.district_staff(row.district_id),
    )


@serves(None)  # a district's collaboration with a school: no child, no case
@login_required
@require_GET
def collaboration(request, pk):
    return _collaboration_page(request, pk)


def _collaboration_page(request, pk, bound=None):
    _keeper(request)
    row = selectors.collaboration_page(request.user, pk)
    if row is None:
        raise Http404
    step_forms = {name: _step_form(name, row) for name in STEPS}
    step_forms.update(bound or {})
    return render(
        request,
        "partners/collaboration.html",
        {"row": row, "forms": step_forms, "term": term_of(_today())},
        status=400 if bound else 200,
    )


def _collaboration_step(name):
    _form_class, call, done = STEPS[name]

    @serves(None)
    @login_required
    @require_POST
    def view(request, pk):
        _keeper(request)
        row = selectors.collaboration_page(request.user, pk)
        if row is None:
            raise Http404
        form = _step_form(name, row, request.POST)
        if _apply(form, lambda data: call(request.user, pk, data)):
            messages.success(request, done)
            return redirect("partners:collaboration", pk=pk)
        return _collaboration_page(request, pk, bound={name: form})

    return view


set_contacts = _collaboration_step("contacts")
record_agreement = _collaboration_step("agreement")
record_meeting = _collaboration_step("meeting")
record_referral = _collaboration_step("referral")
record_joint_case = _collaboration_step("joint_case")


# --- the committee's follow-up -------------------------------------------------------------


@login_required
@require_GET
def follow_up(request):
    """A district's follow-up in numbers and school names (the committee reads it)."""
    if not request.user.holds("view_quality_indicators"):
        raise DjangoPermissionDenied
    districts = District.objects.all()
    form = forms.FollowUpForm(request.GET or None, districts=districts)
    district = form.cleaned_data["stadsdel"] if form.is_bound and form.is_valid() else None
    if district is None and request.user.district_id:
        district = districts.filter(pk=request.user.district_id).first()
    today = _today()
    lines = selectors.follow_up(district.pk, today) if district else []
    return render(
        request,
        "partners/follow_up.html",
        {
            "form": form,
            "district": district,
            "term": term_of(today),
            "lines": lines,
            "without_contacts": sum(1 for line in lines if not line.named_contacts),
            "without_meeting": sum(1 for line in lines if not line.meetings_this_term),
        },
    )
