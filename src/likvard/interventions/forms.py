"""Forms of the interventions sections: they parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from likvard.casework.forms import DATE, CaseForm, VersionedForm, backdating_reason, yes_no
from likvard.core.validation import MAX_ID, MAX_TEXT

from .models import Basis, Consent, Kind, LvuCare, LvuConsideration, MotivationWork

#: The value of the consent form's person field that means the child's own answer.
CHILD = "child"


def _text(label, rows=3, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ProposalForm(CaseForm):
    kind = forms.ChoiceField(label=_("Insats"), choices=Kind.choices)
    basis = forms.ChoiceField(
        label=_("Grund"), choices=Basis.choices, widget=forms.RadioSelect, initial=Basis.VOLUNTARY
    )
    goal = _text(_("Mål med insatsen"))
    proposed_on = forms.DateField(label=_("Föreslagen"), widget=DATE)
    backdating_reason = backdating_reason()


class ConsentForm(CaseForm):
    """One person's answer: a guardian the district records, or the child."""

    person = forms.ChoiceField(label=_("Vems samtycke"))
    status = forms.ChoiceField(
        label=_("Samtycke"), choices=Consent.Status.choices, widget=forms.RadioSelect
    )
    answered_on = forms.DateField(label=_("Datum"), widget=DATE)
    how = forms.ChoiceField(label=_("Hur"), choices=Consent.How.choices)
    backdating_reason = backdating_reason()

    def __init__(self, *args, guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            *((str(g.person_id), g.name) for g in guardians),
            (CHILD, _("Barnet självt")),
        ]

    def clean_person(self) -> int | None:
        value = self.cleaned_data["person"]
        return None if value == CHILD else int(value)


class DecisionForm(CaseForm):
    granted = yes_no(_("Beviljas insatsen?"))
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DATE)
    start_on = forms.DateField(
        label=_("Startdatum"), required=False, widget=DATE, help_text=_("Om insatsen beviljas.")
    )
    planned_end = forms.DateField(label=_("Planerat slutdatum"), required=False, widget=DATE)
    provider = forms.CharField(label=_("Utförare eller enhet"), required=False, max_length=200)
    goal = _text(_("Mål med insatsen"), required=False, help_text=_("Tomt: förslagets mål."))
    motivation = _text(_("Motivering"), required=False)
    backdating_reason = backdating_reason()


class FollowUpPlanForm(CaseForm):
    due_on = forms.DateField(label=_("Uppföljning senast"), widget=DATE)


class FollowUpRecordForm(CaseForm):
    done_on = forms.DateField(label=_("Datum för uppföljningen"), widget=DATE)
    text = _text(_("Vad uppföljningen visade"))
    backdating_reason = backdating_reason()


class MotivationWorkForm(CaseForm):
    kind = forms.ChoiceField(label=_("Vad som gjordes"), choices=MotivationWork.WorkKind.choices)
    interpreter = forms.ChoiceField(
        label=_("Tolk"), choices=MotivationWork.Interpreter.choices, widget=forms.RadioSelect
    )
    worked_on = forms.DateField(label=_("Datum"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Resultat"), choices=MotivationWork.Outcome.choices)
    proposal = forms.TypedChoiceField(
        label=_("Gäller förslaget"), required=False, coerce=int, empty_value=None
    )
    note = _text(_("Anteckning"), rows=2, required=False)
    backdating_reason = backdating_reason()

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [
            ("", _("Inget särskilt förslag")),
            *((p.pk, f"{p.get_kind_display()} ({p.proposed_on:%Y-%m-%d})") for p in proposals),
        ]


class LvuConsiderationForm(CaseForm):
    home_environment = forms.BooleanField(label=_("2 § LVU (hemförhållanden)"), required=False)
    own_behaviour = forms.BooleanField(label=_("3 § LVU (eget beteende)"), required=False)
    outcome = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=LvuConsideration.Outcome.choices,
        widget=forms.RadioSelect,
    )
    reason = _text(_("Skäl"), rows=2, required=False, help_text=_("Krävs vid ”Inte aktuellt”."))
    considered_on = forms.DateField(label=_("Datum"), widget=DATE)
    backdating_reason = backdating_reason()


class LvuCareForm(CaseForm):
    ground = forms.ChoiceField(label=_("Grund"), choices=LvuCare.Ground.choices)
    started_on = forms.DateField(label=_("Vården påbörjades"), widget=DATE)
    backdating_reason = backdating_reason()


class LvuReconsiderForm(VersionedForm):
    reconsidered_on = forms.DateField(label=_("Övervägd"), widget=DATE)
    backdating_reason = backdating_reason()


class LvuEndForm(VersionedForm):
    ended_on = forms.DateField(label=_("Vården upphörde"), widget=DATE)
    reason = forms.ChoiceField(
        label=_("Skäl"), choices=LvuCare.EndReason.choices, widget=forms.RadioSelect
    )
    backdating_reason = backdating_reason()

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
