from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Bounce

MAX_ID = 2**62  # a larger id names no row (and no database integer holds it)


class SendForm(forms.Form):
    notice = forms.TypedMultipleChoiceField(
        label=_("Återkopplingar att skicka"),
        coerce=int,
        error_messages={"required": _("Välj minst en återkoppling att skicka.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is a choice: the service decides which are the user's to send.
        self.fields["notice"].valid_value = _is_id


def _is_id(value) -> bool:
    return str(value).isdigit() and 0 < int(value) < MAX_ID


class UndeliverableForm(forms.Form):
    undelivered_on = forms.DateField(
        label=_("Datum då den kom tillbaka"), widget=forms.DateInput(attrs={"type": "date"})
    )
    bounce = forms.ChoiceField(label=_("Skäl"), choices=Bounce.choices)


class ResendForm(forms.Form):
    address = forms.CharField(
        label=_("Ny e-postadress eller postadress"),
        max_length=200,
        help_text=_("Till exempel namn@skola.se, eller Skolvägen 1, 123 45 Stockholm."),
    )
