"""Forms of the oversight register: they parse input; the services decide what is allowed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from likvard.casework.forms import DATE, CaseForm, yes_no
from likvard.core.validation import MAX_ID, MAX_TEXT

from .models import Kind, Outcome
from .services import SUBJECT_MAX, MatterInput


class CaseIdsField(forms.CharField):
    """Case numbers separated by commas or spaces ("123, 456"); a list of ids."""

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part for part in text.replace(",", " ").split() if part]
        if any(not part.isdigit() or not 1 <= int(part) <= MAX_ID for part in parts):
            raise ValidationError(
                _("Ange ärendenas nummer som heltal, åtskilda med kommatecken."), code="invalid"
            )
        return [int(part) for part in parts]


def _case_ids(label):
    return CaseIdsField(
        label=label, required=False, max_length=500, help_text=_("Nummer, åtskilda med kommatecken")
    )


class MatterForm(CaseForm):
    kind = forms.ChoiceField(label=_("Slag av ärende"), choices=Kind.choices)
    reference = forms.CharField(label=_("Myndighetens diarienummer"), required=False, max_length=60)
    received_on = forms.DateField(label=_("Inkom"), widget=DATE)
    subject = forms.CharField(
        label=_("Ämne"),
        max_length=SUBJECT_MAX,
        help_text=_("Kort, utan namn eller personnummer (t.ex. ”Placering, omplaceringar”)"),
    )
    statement_due_on = forms.DateField(label=_("Yttrande senast"), required=False, widget=DATE)
    reports = _case_ids(_("Berörda orosanmälningar"))
    investigations = _case_ids(_("Berörda utredningar"))
    interventions = _case_ids(_("Berörda insatsbeslut"))

    def __init__(self, *args, kind_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if kind_fixed:
            del self.fields["kind"]

    def as_input(self, kind: str | None = None) -> MatterInput:
        data = self.cleaned_data
        cases = [
            (case_kind, pk)
            for case_kind, field in (
                ("report", "reports"),
                ("investigation", "investigations"),
                ("intervention", "interventions"),
            )
            for pk in data[field]
        ]
        return MatterInput(
            kind=kind or data["kind"],
            received_on=data["received_on"],
            subject=data["subject"],
            reference=data["reference"],
            statement_due_on=data["statement_due_on"],
            cases=cases,
        )


def initial_of(matter, refs) -> dict:
    """The edit form's initial values from a matter and its linked cases."""
    by_kind = {"report": [], "investigation": [], "intervention": []}
    for kind, pk in refs:
        by_kind[kind].append(str(pk))
    return {
        "reference": matter.reference,
        "received_on": matter.received_on,
        "subject": matter.subject,
        "statement_due_on": matter.statement_due_on,
        "reports": ", ".join(by_kind["report"]),
        "investigations": ", ".join(by_kind["investigation"]),
        "interventions": ", ".join(by_kind["intervention"]),
    }


class DayForm(CaseForm):
    day = forms.DateField(label=_("Datum"), widget=DATE)


class InvestigatedForm(DayForm):
    serious = yes_no(_("Visade utredningen ett allvarligt missförhållande?"))


class DecisionForm(DayForm):
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    criticism = forms.CharField(
        label=_("Kritiken"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs vid kritik och allvarlig kritik. Inga namn eller personnummer."),
    )


#: The form of each step (states.STEPS), by its verb.
STEP_FORMS = {
    "send_oversight_statement": DayForm,
    "investigate_lex_sarah": InvestigatedForm,
    "report_lex_sarah_to_ivo": DayForm,
    "decide_oversight_matter": DecisionForm,
}


class MeasureForm(CaseForm):
    description = forms.CharField(label=_("Åtgärd"), max_length=500)
    responsible = forms.CharField(label=_("Ansvarig"), max_length=120)
    due_on = forms.DateField(label=_("Klar senast"), widget=DATE)


class MeasureDoneForm(CaseForm):
    done_on = forms.DateField(label=_("Genomförd"), widget=DATE)


class CommitteeForm(forms.Form):
    ar = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(year, year) for year in years]
