"""The review's forms: the set-up, a question, the answers about one case, an import."""

import datetime
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Allocation, Population, Review, Value

MAX_SEED = 2**62


class SetupForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    population = forms.ChoiceField(
        label=_("Urvalsram"), choices=Population.choices, widget=forms.RadioSelect
    )
    period_start = forms.DateField(
        label=_("Period från"),
        help_text=_("Datum för beslutet eller avslutet, ÅÅÅÅ-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    period_end = forms.DateField(
        label=_("Period till"), widget=forms.DateInput(attrs={"type": "date"})
    )
    age_min = forms.IntegerField(
        label=_("Barnets ålder från (år)"), min_value=0, max_value=25, required=False
    )
    age_max = forms.IntegerField(
        label=_("Barnets ålder till (år)"),
        min_value=0,
        max_value=25,
        required=False,
        help_text=_("Ålder i hela år på beslutsdagen. Tomt: ingen gräns."),
    )
    districts = forms.MultipleChoiceField(
        label=_("Stadsdelsområden (inget valt: alla)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allocation = forms.ChoiceField(
        label=_("Fördelning"), choices=Allocation.choices, widget=forms.RadioSelect
    )
    sample_size = forms.IntegerField(
        label=_("Urvalets storlek (antal ärenden)"),
        min_value=1,
        max_value=100_000,
        required=False,
    )
    seed = forms.IntegerField(
        label=_("Startvärde för slumpen (seed)"),
        min_value=0,
        max_value=MAX_SEED,
        help_text=_("Samma startvärde och samma ärenden ger alltid samma urval."),
    )
    compare_with = forms.ModelChoiceField(
        label=_("Jämför med tidigare granskning"), queryset=Review.objects.none(), required=False
    )

    def __init__(self, *args, districts=(), reviews=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = [(str(d.pk), d.name) for d in districts]
        if reviews is not None:
            self.fields["compare_with"].queryset = reviews

    @staticmethod
    def initial_for(review: Review | None, today: datetime.date) -> dict:
        if review is None:
            return {
                "population": Population.PRE_ASSESSMENTS_NOT_OPENED,
                "allocation": Allocation.PROPORTIONAL,
                "period_start": today.replace(month=1, day=1, year=today.year - 1),
                "period_end": today.replace(month=12, day=31, year=today.year - 1),
                "age_min": 0,
                "age_max": 12,
                # A fresh seed each time; it is shown and kept, so anyone can redraw.
                "seed": secrets.randbelow(1_000_000),
            }
        values = {name: getattr(review, name) for name in forms.fields_for_model(Review)}
        values["districts"] = [str(pk) for pk in review.districts.values_list("pk", flat=True)]
        values["compare_with"] = review.compare_with_id
        return values


class QuestionForm(forms.Form):
    key = forms.SlugField(label=_("Nyckel (kort namn utan mellanslag)"), max_length=60)
    text = forms.CharField(label=_("Fråga"), max_length=300)


class RemoveQuestionForm(forms.Form):
    question = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)


class DoubleReviewForm(forms.Form):
    count = forms.IntegerField(
        label=_("Antal ärenden som dubbelgranskas"), min_value=0, max_value=100_000
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "En rad per svar: ärende (anmälans nummer); fråga (nyckel); svar (ja, nej, "
            "delvis eller ej tillämpligt); kommentar. Semikolon eller komma, UTF-8 eller "
            "Windows-1252 (som Excel sparar)."
        ),
    )


def answers_form(questions, prefill: dict[str, str], existing: dict):
    """A form with a choice and a comment per question; a pre-filled answer is the
    initial value when the inspector has not answered yet."""
    fields = {}
    initial = {}
    for q in questions:
        fields[f"q{q.pk}"] = forms.ChoiceField(
            label=q.text, choices=Value.choices, widget=forms.RadioSelect, required=False
        )
        fields[f"c{q.pk}"] = forms.CharField(
            label=_("Kommentar"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2, "cols": 20}),
        )
        answer = existing.get(q.pk)
        if answer is not None:
            initial[f"q{q.pk}"], initial[f"c{q.pk}"] = answer.value, answer.comment
        elif q.prefill and q.prefill in prefill:
            initial[f"q{q.pk}"] = prefill[q.prefill]
    return type("AnswersForm", (forms.Form,), fields), initial
