"""The child page's family forms: add or end a guardian or household member, link or
unlink a sibling, identify an unidentified child.

Thin, as `views.py`: parse with a form (people/forms.py), call the people service,
show the child page again; a refusal is shown on the form (400), out of scope is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from likvard.core.cases import serves
from likvard.people import forms
from likvard.people import services as people
from likvard.people.models import Child

from .views import _apply, child_detail


def _family_view(form_class, call, done):
    """A POST-only view on the child page: run `call(user, pk, data)`, say `done`."""

    @serves(Child)
    @login_required
    @require_POST
    def view(request, pk):
        form = form_class(request.POST)
        result = {}

        def run(data):
            result["child"] = call(request.user, pk, data, form)

        if _apply(form, run):
            messages.success(request, done)
            target = result["child"]
            return redirect("casework:child", pk=target.pk if isinstance(target, Child) else pk)
        return child_detail(request, pk, family_form=form)

    return view


add_relation = _family_view(
    forms.RelationForm,
    lambda user, pk, data, form: people.record_relation(user, pk, form.person_input()),
    _("Personen är registrerad i barnets nätverk."),
)
end_relation = _family_view(
    forms.EndRelationForm,
    lambda user, pk, data, form: people.end_relation(user, pk, data["relation"]),
    _("Relationen är avslutad. Den finns kvar i historiken."),
)
link_sibling = _family_view(
    forms.SiblingForm,
    lambda user, pk, data, form: people.link_sibling(
        user, pk, personal_number=data["sibling_personal_number"]
    ),
    _("Syskonen är länkade."),
)
end_sibling = _family_view(
    forms.EndSiblingForm,
    lambda user, pk, data, form: people.end_sibling_link(user, pk, data["sibling"]),
    _("Syskonlänken är avslutad."),
)
identify = _family_view(
    forms.IdentifyForm,
    lambda user, pk, data, form: people.identify_child(user, pk, data["personal_number"]),
    _("Barnet är identifierat."),
)
