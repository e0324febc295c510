"""The form of a journal entry: the same for a new entry and for a correction."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind
from .services import MAX_PARTICIPANTS, EntryInput


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av anteckning"), choices=Kind.choices)
    event_date = forms.DateField(
        label=_("Datum för händelsen"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.CharField(
        label=_("Deltagare"),
        required=False,
        max_length=MAX_PARTICIPANTS,
        help_text=_("Vilka som deltog, t.ex. mamma, skolkurator."),
    )
    child_took_part = forms.BooleanField(label=_("Barnet deltog"), required=False)
    text = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 5}))

    def entry_input(self) -> EntryInput:
        return EntryInput(**self.cleaned_data)
