"""The dashboard's filter: a period of whole months and a district to look closer at."""

import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from likvard.core.calendar import add_months

from .selectors import Period

#: The longest period one page shows (the charts stay readable, the query bounded).
MAX_MONTHS = 240

_month = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Ange månaden som ÅÅÅÅ-MM."))


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"})
    default_validators = [_month]

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip() if value else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        year, month = (int(part) for part in text.split("-"))
        if year < 2000:
            raise forms.ValidationError(_("Datumet är orimligt tidigt."), code="too_early")
        return datetime.date(year, month, 1)


class DashboardFilterForm(forms.Form):
    fran = MonthField(label=_("Från och med månad"), required=False)
    till = MonthField(label=_("Till och med månad"), required=False)
    stadsdel = forms.TypedChoiceField(
        label=_("Stadsdelsområde att jämföra med kommunen"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, data=None, *, districts=(), today: datetime.date, own_district=None):
        """An empty form shows the default period and the user's own district (if any)."""
        default = Period.ending(today)
        super().__init__(
            data,
            initial={
                "fran": f"{default.first:%Y-%m}",
                "till": f"{default.last:%Y-%m}",
                "stadsdel": own_district,
            },
        )
        self.today = today
        choices = [(d.pk, d.name) for d in districts]
        if own_district is None:
            choices.insert(0, ("", _("Inget")))
        self.fields["stadsdel"].choices = choices

    def clean(self):
        data = super().clean()
        default = Period.ending(self.today)
        first = data.get("fran") or default.first
        last = data.get("till") or (add_months(first, 11) if data.get("fran") else default.last)
        if last < first:
            raise forms.ValidationError(
                _("Perioden slutar innan den börjar."), code="period_backwards"
            )
        if add_months(first, MAX_MONTHS) <= last:
            raise forms.ValidationError(
                _("Välj högst %(months)d månader.") % {"months": MAX_MONTHS}, code="period_too_long"
            )
        data["period"] = Period(first, last)
        return data

    def period(self) -> Period:
        """The chosen period, or the last twelve months when the form is empty or wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return Period.ending(self.today)
