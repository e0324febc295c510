"""Forms of the BBIC pages: they parse input; the services decide what is allowed.

The family members a meeting or a kommunicering names are offered from the family the
investigation's district records (`selectors.family`); the service checks them again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from likvard.casework.forms import DATE, CaseForm, backdating_reason, yes_no
from likvard.core.validation import MAX_ID

from .models import (
    CommunicationMethod,
    Consent,
    InterpreterKind,
    MeetingKind,
    NeedKind,
    NetworkKind,
)
from .services import MeetingInput
from .triangle import Area

TEXT = forms.Textarea(attrs={"rows": 3})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def _text(label, *, required=True, widget=TEXT, help_text=""):
    return forms.CharField(label=label, required=required, widget=widget, help_text=help_text)


def _people(relations) -> list[tuple[int, str]]:
    return [(r.person_id, f"{r.person} ({r.get_role_display().lower()})") for r in relations]


class RevisedForm(CaseForm):
    """Carries the revision the worker read, so a save made meanwhile is caught."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)


class PlanForm(RevisedForm):
    questions = _text(_("Vad ska utredas?"), help_text=_("Frågorna utredningen ska besvara."))
    informants = _text(
        _("Vilka ska vi tala med?"),
        help_text=_("Barnet, vårdnadshavarna, nätverket: vilka och hur."),
    )
    timetable = _text(
        _("När?"),
        widget=SHORT_TEXT,
        help_text=_("Planerade datum för samtal, möten och kontakter."),
    )


class AreaForm(RevisedForm):
    area = forms.ChoiceField(choices=Area.choices, widget=forms.HiddenInput)
    needs = _text(_("Bedömning av behov"), required=False)
    protective_factors = _text(_("Skyddsfaktorer"), required=False, widget=SHORT_TEXT)
    risk_factors = _text(_("Riskfaktorer"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area = self["area"].value()
        # Each area's form on one page needs ids of its own.
        if area in Area.values:
            self.auto_id = f"id_area_{area}_%s"


class MeetingForm(CaseForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    held_on = forms.DateField(label=_("Datum"), widget=DATE)
    child_took_part = forms.BooleanField(label=_("Barnet deltog"), required=False)
    participants = forms.TypedMultipleChoiceField(
        label=_("Deltagare ur familjen"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Övriga deltagare"), required=False, max_length=300
    )
    interpreter_needed = forms.ChoiceField(
        label=_("Tolkbehov vid mötet"), choices=InterpreterKind.choices, widget=forms.RadioSelect
    )
    interpreter_used = forms.ChoiceField(
        label=_("Tolk som användes"), choices=InterpreterKind.choices, widget=forms.RadioSelect
    )
    language = forms.CharField(label=_("Språk"), required=False, max_length=60)
    notes = _text(_("Anteckning"), required=False)
    backdating_reason = backdating_reason()

    def __init__(self, *args, family=(), **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "interpreter_needed": InterpreterKind.NONE,
                "interpreter_used": InterpreterKind.NONE,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = _people(family)

    def meeting_input(self) -> MeetingInput:
        return MeetingInput(**self.cleaned_data)


class InterpreterNeedForm(CaseForm):
    person = forms.TypedChoiceField(label=_("Vem"), coerce=int, empty_value=None, required=False)
    language = forms.CharField(label=_("Språk"), max_length=60)
    kind = forms.ChoiceField(
        label=_("Behov"),
        choices=NeedKind.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, family=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Barnet")), *_people(family)]


class NetworkContactForm(CaseForm):
    kind = forms.ChoiceField(label=_("Verksamhet"), choices=NetworkKind.choices)
    organisation = forms.CharField(label=_("Namn på verksamheten"), max_length=200)
    contacted_on = forms.DateField(label=_("Datum"), widget=DATE)
    consent = forms.ChoiceField(
        label=_("Vårdnadshavarnas samtycke"), choices=Consent.choices, widget=forms.RadioSelect
    )
    consent_note = _text(_("Om samtycke inte behövs: skälet"), required=False, widget=SHORT_TEXT)
    summary = _text(_("Sammanfattning"))
    backdating_reason = backdating_reason()


class CommunicationForm(CaseForm):
    shared_on = forms.DateField(label=_("Datum då materialet kommunicerades"), widget=DATE)
    material = _text(_("Vad kommunicerades?"), widget=SHORT_TEXT)
    recipients = forms.TypedMultipleChoiceField(
        label=_("Med vilka vårdnadshavare"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    with_child = forms.BooleanField(label=_("Med barnet (15 år eller äldre)"), required=False)
    method = forms.ChoiceField(
        label=_("Hur"), choices=CommunicationMethod.choices, widget=forms.RadioSelect
    )
    comment_deadline = forms.DateField(label=_("Sista dag för synpunkter"), widget=DATE)
    backdating_reason = backdating_reason()

    def __init__(self, *args, guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = _people(guardians)


class ResponseForm(CaseForm):
    communication = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    received = yes_no(_("Kom det in synpunkter?"))
    received_on = forms.DateField(label=_("Om ja: datum"), required=False, widget=DATE)
    comments = _text(_("Om ja: synpunkterna"), required=False)
    backdating_reason = backdating_reason()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communication = self["communication"].value()
        if communication:
            self.auto_id = f"id_response_{communication}_%s"


class ConclusionForm(RevisedForm):
    needs_identified = yes_no(_("Har barnet behov av stöd eller skydd?"))
    serious_need = yes_no(_("Bedöms behovet som allvarligt?"))
    needs_summary = _text(_("Sammanfattande bedömning"))
    proposed_interventions = _text(
        _("Insatser som föreslås"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Lämna tomt om ingen insats föreslås, och skriv skälet nedan."),
    )
    no_intervention_reason = _text(
        _("Skäl till att ingen insats föreslås"), required=False, widget=SHORT_TEXT
    )
    not_heard_reason = _text(
        _("Skäl till att barnet inte har hörts"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Fyll i om inget samtal med barnet har hållits i utredningen."),
    )
    refused_application = _text(
        _("Ansökan som avslås"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_(
            "Om barnet eller vårdnadshavarna ansökt om en insats som nämnden avslår: vilken. "
            "Avslaget kan överklagas och beslutet får då information om hur."
        ),
    )
