"""Forms for the child's family: they parse input; `services.py` decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from likvard.core.validation import MAX_ID

from .models import Custody, RelationRole
from .services import PersonInput

NO_CUSTODY = [("", _("– (inte vårdnadshavare)"))]


class FamilyForm(forms.Form):
    """Unique element ids on the child page, which shows several of these."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)


class PersonFields(forms.Form):
    """A guardian or household member, typed (or by personnummer alone, if known)."""

    person_role = forms.ChoiceField(
        label=_("Roll"),
        choices=RelationRole.choices,
        initial=RelationRole.GUARDIAN,
        required=False,
    )
    person_custody = forms.ChoiceField(
        label=_("Vårdnad"), choices=NO_CUSTODY + list(Custody.choices), required=False
    )
    person_personal_number = forms.CharField(label=_("Personnummer"), required=False, max_length=13)
    person_first_name = forms.CharField(label=_("Förnamn"), required=False, max_length=100)
    person_last_name = forms.CharField(label=_("Efternamn"), required=False, max_length=100)
    person_address = forms.CharField(label=_("Adress"), required=False, max_length=200)
    person_phone = forms.CharField(label=_("Telefon"), required=False, max_length=40)
    person_alleged_perpetrator = forms.BooleanField(
        label=_("Uppges ha utsatt barnet (visas aldrig i brev till vårdnadshavarna)"),
        required=False,
    )

    def person_input(self) -> PersonInput | None:
        """The person as typed, or None when nothing was typed."""
        data = self.cleaned_data
        if not any(
            data[f"person_{name}"].strip()
            for name in ("personal_number", "first_name", "last_name")
        ):
            return None
        return PersonInput(
            personal_number=data["person_personal_number"],
            first_name=data["person_first_name"],
            last_name=data["person_last_name"],
            address=data["person_address"],
            phone=data["person_phone"],
            role=data["person_role"] or RelationRole.GUARDIAN,
            custody=data["person_custody"],
            alleged_perpetrator=data["person_alleged_perpetrator"],
        )


class RelationForm(FamilyForm, PersonFields):
    def clean(self):
        data = super().clean()
        if not self.errors and self.person_input() is None:
            raise forms.ValidationError(_("Ange personnummer eller för- och efternamn."))
        return data


class EndRelationForm(FamilyForm):
    relation = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class SiblingForm(FamilyForm):
    sibling_personal_number = forms.CharField(
        label=_("Syskonets personnummer"),
        max_length=13,
        help_text=_("Syskonet måste vara registrerat i ditt stadsdelsområde."),
    )


class EndSiblingForm(FamilyForm):
    sibling = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class IdentifyForm(FamilyForm):
    personal_number = forms.CharField(
        label=_("Barnets personnummer"),
        max_length=13,
        help_text=_(
            "Finns barnet redan registrerat förs anmälningarna och familjen över till det."
        ),
    )
