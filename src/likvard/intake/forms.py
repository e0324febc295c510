"""The public form: what a reporter of concern fills in, checked on the server.

The form works without JavaScript: every rule (who must give a name, what identifies
the child) is checked here and explained next to the field. The same form checks
the JSON the internal intake API receives, so both doors take the same reports.
"""

import uuid
from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput
from likvard.partners.models import Kind as PartnerKind
from likvard.people.identity import InvalidIdentityNumber
from likvard.people.services import ChildInput, check_child_identity
from likvard.reports.models import Concern

from .vocabulary import REPORTER_TYPES, Knows, PublicReporter

#: The longest answer to one question, and to the whole form (characters).
SHORT_MAX = 200
TEXT_MAX = 4000
TOTAL_MAX = 16000

WRONG_CHECK_DIGIT = _(
    "Personnumret stämmer inte: kontrollsiffran (sista siffran) är fel. Kontrollera "
    "numret. Vet du inte det rätta numret, lämna fältet tomt och skriv barnets namn "
    "och ålder i stället."
)


def grouped(partners) -> list:
    """The partners as choices grouped by their kind (an <optgroup> each), so a long
    list is read without JavaScript."""
    groups: dict[str, list] = {}
    for p in partners:
        groups.setdefault(p["kind"], []).append((p["id"], p["name"]))
    return [(label, groups[kind]) for kind, label in PartnerKind.choices if kind in groups]


def _organisation_choices(partners) -> list:
    return [("", _("Välj verksamhet")), *grouped(partners)]


def _short(label, required=False, **kwargs):
    return forms.CharField(label=label, required=required, max_length=SHORT_MAX, **kwargs)


def _text(label, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _radio(label, choices, required=True):
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.RadioSelect
    )


class PublicReportForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see (hidden by the style sheet, skipped by screen readers
    # and the keyboard); a program filling every field fills it.
    website = forms.CharField(
        label=_("Lämna detta fält tomt"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    reporter_type = _radio(_("Vem är du som anmäler?"), PublicReporter.choices)
    # A number checked against the registry in clean(), shown as a list: the list's
    # hundreds of choices are drawn when the form is shown, never when it is sent.
    organisation = forms.IntegerField(
        label=_("Din verksamhet"),
        required=False,
        min_value=1,
        widget=forms.Select,
        help_text=_("Välj din skola, förskola eller verksamhet i listan."),
    )
    organisation_name = _short(
        _("Verksamhet som inte finns i listan"),
        help_text=_("Skriv namnet om din verksamhet inte finns i listan."),
    )
    anonymous = forms.BooleanField(
        label=_("Jag vill vara anonym (gäller bara privatpersoner)"), required=False
    )
    reporter_name = _short(_("Ditt namn"))
    reporter_phone = _short(_("Telefonnummer"))
    reporter_email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=SHORT_MAX,
        help_text=_("Till e-postadressen skickas ett kvitto med anmälans referensnummer."),
    )
    reporter_address = _short(
        _("Postadress för återkoppling"),
        help_text=_(
            "Om du vill ha återkopplingen som brev, till exempel Skolvägen 1, 123 45 Stockholm."
        ),
    )
    wants_feedback = forms.BooleanField(
        label=_("Jag vill ha återkoppling om en utredning har inletts"), required=False
    )

    child_personal_number = _short(
        _("Barnets personnummer"), help_text=_("ÅÅÅÅMMDD-XXXX. Lämna tomt om du inte vet det.")
    )
    child_first_name = _short(_("Barnets förnamn"))
    child_last_name = _short(_("Barnets efternamn"))
    child_birth_date = forms.DateField(
        label=_("Barnets födelsedatum"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD, om personnumret är okänt."),
    )
    child_age = forms.IntegerField(
        label=_("Barnets ungefärliga ålder (år)"), required=False, min_value=0, max_value=17
    )
    child_school = _short(_("Barnets skola eller förskola"))
    child_address = _short(_("Barnets adress"))
    child_postal_code = forms.CharField(
        label=_("Barnets postnummer"), required=False, max_length=10
    )
    guardians = _text(
        _("Vårdnadshavare"), help_text=_("Namn och kontaktuppgifter, om du känner till dem.")
    )
    interpreter = forms.BooleanField(label=_("Familjen behöver tolk"), required=False)
    interpreter_language = _short(_("Språk"))

    concerns = forms.MultipleChoiceField(
        label=_("Vad gäller oron?"),
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en orsak till oro.")},
    )
    what_happened = _text(_("Vad har hänt?"), required=True)
    observed = _text(_("Vad har du själv sett eller hört?"))
    child_said = _text(_("Vad har barnet sagt?"), help_text=_("Skriv gärna barnets egna ord."))
    duration = _short(_("Hur länge har du varit orolig?"))
    child_knows = _radio(_("Vet barnet om att du gör en anmälan?"), Knows.choices)
    guardians_know = _radio(_("Vet vårdnadshavarna om att du gör en anmälan?"), Knows.choices)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = {p["id"]: p for p in partners}
        self.fields["organisation"].widget.choices = partial(_organisation_choices, partners)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean_child_postal_code(self) -> str:
        code = "".join(self.cleaned_data["child_postal_code"].split())
        if code and not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError(_("Ett postnummer har fem siffror, t.ex. 123 45."))
        return code

    def clean(self):
        data = super().clean()
        total = sum(len(str(v)) for v in self.data.values()) if hasattr(self.data, "values") else 0
        if total > TOTAL_MAX:
            raise forms.ValidationError(
                _("Anmälan är för lång. Korta texterna och skicka igen."), code="too_long"
            )
        if data.get("website"):
            raise forms.ValidationError(_("Anmälan kunde inte skickas."), code="honeypot")
        self._check_reporter(data)
        self._check_child(data)
        if data.get("interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Ange vilket språk tolken ska tala."))
        return data

    def _check_reporter(self, data) -> None:
        kind = data.get("reporter_type")
        if not kind:
            return
        mandated = REPORTER_TYPES[kind][1]
        if mandated and not (data.get("organisation") or data.get("organisation_name")):
            self.add_error("organisation", _("Välj din verksamhet eller skriv dess namn."))
        if data.get("organisation") and data["organisation"] not in self.partners:
            self.add_error("organisation", _("Välj en verksamhet i listan."))
        if data.get("anonymous") and mandated:
            self.add_error(
                "anonymous",
                _("Den som är skyldig att anmäla kan inte vara anonym. Ange namn och kontakt."),
            )
        if data.get("anonymous"):
            return
        if not data.get("reporter_name"):
            self.add_error("reporter_name", _("Ange ditt namn, eller välj att vara anonym."))
        if not (data.get("reporter_phone") or data.get("reporter_email")):
            self.add_error("reporter_phone", _("Ange ett telefonnummer eller en e-postadress."))

    def _check_child(self, data) -> None:
        number = data.get("child_personal_number", "")
        child = ChildInput(
            personal_number=number,
            birth_date=data.get("child_birth_date"),
            approximate_age=data.get("child_age"),
        )
        try:
            check_child_identity(child, local_date(moment(None)))
        except InvalidInput as exc:
            field = "child_personal_number" if number else "child_age"
            cause = exc.__cause__
            wrong_digit = isinstance(cause, InvalidIdentityNumber) and cause.args == (
                "check_digit",
            )
            self.add_error(field, WRONG_CHECK_DIGIT if wrong_digit else exc.message)
        if not (data.get("child_first_name") and data.get("child_last_name")):
            if number:
                self.add_error("child_first_name", _("Ange barnets för- och efternamn."))
            elif not (data.get("child_first_name") or data.get("child_last_name")):
                self.add_error("child_first_name", _("Ange barnets namn, om du vet det."))
        if not number and not (data.get("child_school") or data.get("child_address")):
            self.add_error("child_school", _("Ange barnets skola eller adress."))

    @property
    def partner(self) -> dict | None:
        return self.partners.get(self.cleaned_data.get("organisation"))

    def _group(self, *names):
        return [self[name] for name in names]

    @property
    def reporter_fields(self):
        return self._group(
            "reporter_type",
            "organisation",
            "organisation_name",
            "anonymous",
            "reporter_name",
            "reporter_phone",
            "reporter_email",
            "reporter_address",
            "wants_feedback",
        )

    @property
    def child_fields(self):
        return self._group(
            "child_personal_number",
            "child_first_name",
            "child_last_name",
            "child_birth_date",
            "child_age",
            "child_school",
            "child_address",
            "child_postal_code",
            "guardians",
            "interpreter",
            "interpreter_language",
        )

    @property
    def concern_fields(self):
        return self._group("concerns", "what_happened", "observed", "child_said", "duration")

    @property
    def knows_fields(self):
        return self._group("child_knows", "guardians_know")
