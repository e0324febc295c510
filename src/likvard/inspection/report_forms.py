"""The forms of the draft report (findings) and of the districts' measures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Finding

TEXT_MAX = 4000


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Slag"), choices=Finding.Kind.choices, widget=forms.RadioSelect
    )
    district = forms.ChoiceField(label=_("Gäller"), required=False)
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv om handläggningen, aldrig om ett enskilt barn eller en familj."),
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {str(d.pk): d for d in districts}
        self.fields["district"].choices = [("", _("Alla stadsdelsområden"))] + [
            (str(d.pk), d.name) for d in districts
        ]

    def clean_district(self):
        return self.districts.get(self.cleaned_data["district"])


class FindingTextForm(forms.Form):
    finding = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class RemoveFindingForm(forms.Form):
    finding = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class ResponseForm(forms.Form):
    finding = forms.ChoiceField(label=_("Svar på"), required=False)
    measure = forms.CharField(
        label=_("Planerad åtgärd"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(
        label=_("Klar senast"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [("", _("Rapporten som helhet"))] + [
            (str(f.pk), f"{f.get_kind_display()}: {f.text[:80]}") for f in findings
        ]

    def clean_finding(self):
        value = self.cleaned_data["finding"]
        return int(value) if value else None


class DoneForm(forms.Form):
    response = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    done_on = forms.DateField(
        label=_("Genomförd"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
