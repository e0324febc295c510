"""Forms of the registry and of the collaboration pages: they parse; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from likvard.casework.forms import DATE
from likvard.core.validation import MAX_ID

from .imports import MAX_BYTES
from .models import (
    AttendanceReferral,
    ContactPerson,
    Kind,
    Meeting,
    Partner,
)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "organisation_number",
            "district",
            "address",
            "postal_code",
            "phone",
            "email",
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "email"]


class RegistryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Sök namn, organisationsnummer eller kontaktperson"), required=False, max_length=100
    )
    typ = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla typer")), *Kind.choices]
    )
    stadsdel = forms.ModelChoiceField(
        label=_("Stadsdelsområde"),
        required=False,
        queryset=None,
        empty_label=_("Alla stadsdelsområden"),
    )
    inaktiva = forms.BooleanField(label=_("Visa inaktiva i stället för aktiva"), required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stadsdel"].queryset = districts


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolumner: namn; typ; organisationsnummer; stadsdelsområde; adress; postnummer; "
            "telefon; e-post (och gärna senast kontrollerad). Semikolon eller komma, "
            "UTF-8 eller Windows-1252."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        return upload.read()


class OpenCollaborationForm(forms.Form):
    school = forms.ModelChoiceField(label=_("Skola"), queryset=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ContactsForm(forms.Form):
    school_contact = forms.ModelChoiceField(
        label=_("Skolans kontaktperson"), required=False, queryset=None
    )
    district_contact = forms.ModelChoiceField(
        label=_("Socialtjänstens kontaktperson"), required=False, queryset=None
    )
    student_health_team = forms.BooleanField(
        label=_("Elevhälsoteamet deltar i samverkan"), required=False
    )

    def __init__(self, *args, school_contacts, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_contact"].queryset = school_contacts
        self.fields["district_contact"].queryset = staff


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Undertecknad"), widget=DATE)
    valid_from = forms.DateField(label=_("Gäller från"), widget=DATE)
    valid_until = forms.DateField(label=_("Gäller till"), widget=DATE)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=DATE)
    kind = forms.ChoiceField(label=_("Slag av möte"), choices=Meeting.Kind.choices)
    student_health_team_present = forms.BooleanField(
        label=_("Elevhälsoteamet deltog"), required=False
    )


def _report_field():
    return forms.IntegerField(
        label=_("Ärendenummer (frivilligt)"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Orosanmälans nummer i det egna området. Skriv aldrig barnets namn."),
    )


class ReferralForm(forms.Form):
    referred_on = forms.DateField(label=_("Remitterad"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Utfall"), choices=AttendanceReferral.Outcome.choices)
    report = _report_field()


class JointCaseForm(forms.Form):
    started_on = forms.DateField(label=_("Påbörjad"), widget=DATE)
    report = _report_field()


class FollowUpForm(forms.Form):
    stadsdel = forms.ModelChoiceField(label=_("Stadsdelsområde"), queryset=None)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stadsdel"].queryset = districts


class ActionForm(forms.Form):
    """The hidden fields of a button on the partner's page."""

    active = forms.BooleanField(required=False)
    contact = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
