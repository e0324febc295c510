"""Forms of the caseworker UI: they parse input; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.core.calendar import local_date
from likvard.core.errors import InvalidInput
from likvard.core.validation import MAX_ID
from likvard.guidelines.models import Severity
from likvard.people.forms import PersonFields
from likvard.people.models import Sex
from likvard.people.services import ChildInput, check_child_identity
from likvard.reports.models import Channel, Concern, Feedback, ReporterType

from .effects import DecisionInput
from .models import Decision, ImmediateStep, Investigation, PoliceReportConsideration

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [(True, _("Ja")), (False, _("Nej"))]


def yes_no(label):
    """A required yes/no question as radio buttons (no pre-selected answer)."""
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda v: v in (True, "True")
    )


def backdating_reason():
    """Why an event is dated before today: the service requires it then (and logs it)."""
    return forms.CharField(
        label=_("Skäl till efterregistrering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Fyll i om datumet ligger före i dag: varför händelsen registreras i efterhand. "
            "Skälet loggas och visas i ärendet."
        ),
    )


class CaseForm(forms.Form):
    """A form whose element ids are unique on a page that shows several forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(CaseForm):
    """Carries the row version the user saw, so a concurrent change is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


#: The report's own fields: what `reports.services.ReportInput` takes as they are.
REPORT_FIELDS = (
    "received_at",
    "channel",
    "reporter_type",
    "reporter_mandated",
    "reporter_wants_feedback",
    "reporter_name",
    "reporter_organisation",
    "reporter_contact",
    "concerns",
    "description",
)


class ReportForm(PersonFields):
    personal_number = forms.CharField(
        label=_("Barnets personnummer"),
        required=False,
        max_length=13,
        help_text=_(
            "ÅÅÅÅMMDD-NNNN. Namn och adress hämtas från folkbokföringen. Lämna tomt om "
            "det är okänt; ange då födelsedatum eller ungefärlig ålder, och namn om det är känt."
        ),
    )
    first_name = forms.CharField(label=_("Förnamn"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Efternamn"), required=False, max_length=100)
    birth_date = forms.DateField(label=_("Födelsedatum"), required=False, widget=DATE)
    approximate_age = forms.IntegerField(
        label=_("Ungefärlig ålder (år)"), required=False, min_value=0, max_value=17
    )
    school = forms.CharField(label=_("Skola eller förskola"), required=False, max_length=200)
    sex = forms.ChoiceField(
        label=_("Kön"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False
    )
    protected_identity = forms.BooleanField(label=_("Skyddade personuppgifter"), required=False)
    more_children = forms.CharField(
        label=_("Fler barn som anmälan gäller"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Personnummer, ett per rad. Varje barn får en egen förhandsbedömning."),
    )
    children_are_siblings = forms.BooleanField(
        label=_("Barnen är syskon"), required=False, initial=True
    )
    fetch_guardians = forms.BooleanField(
        label=_("Hämta vårdnadshavare från folkbokföringen"), required=False, initial=True
    )
    received_at = forms.DateTimeField(
        label=_("Inkom"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    channel = forms.ChoiceField(label=_("Kanal"), choices=Channel.choices)
    reporter_type = forms.ChoiceField(label=_("Anmälare"), choices=ReporterType.choices)
    reporter_mandated = forms.BooleanField(
        label=_("Anmälaren är anmälningsskyldig"), required=False
    )
    reporter_wants_feedback = forms.BooleanField(
        label=_("Anmälaren vill ha återkoppling"), required=False
    )
    reporter_name = forms.CharField(label=_("Anmälarens namn"), required=False, max_length=200)
    reporter_organisation = forms.CharField(label=_("Verksamhet"), required=False, max_length=200)
    reporter_contact = forms.CharField(
        label=_("Telefon eller e-post"), required=False, max_length=200
    )
    concerns = forms.MultipleChoiceField(
        label=_("Orsak till oro"), choices=Concern.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Beskrivning av oron"), widget=forms.Textarea)

    #: The form's parts, each a fieldset with its legend (report_form.html).
    GROUPS = (
        (
            _("Barnet"),
            (
                "personal_number",
                "first_name",
                "last_name",
                "birth_date",
                "approximate_age",
                "school",
                "sex",
                "protected_identity",
            ),
        ),
        (_("Fler barn"), ("more_children", "children_are_siblings")),
        (
            _("Vårdnadshavare och hushåll"),
            ("fetch_guardians", *(n for n in PersonFields.base_fields)),
        ),
        (_("Anmälan"), REPORT_FIELDS),
    )

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_more_children(self):
        return [
            line.strip() for line in self.cleaned_data["more_children"].splitlines() if line.strip()
        ]

    def child_input(self) -> ChildInput:
        """The child as the worker described it (from the fields that were valid)."""
        data = self.cleaned_data
        return ChildInput(
            personal_number=data.get("personal_number") or "",
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            birth_date=data.get("birth_date"),
            sex=data.get("sex") or Sex.UNKNOWN,
            protected_identity=bool(data.get("protected_identity")),
            approximate_age=data.get("approximate_age"),
            school=data.get("school") or "",
        )

    def clean(self):
        """The child's identity is checked with the other fields, so every problem of a
        registration shows at once (the service checks it again)."""
        cleaned = super().clean()
        try:
            check_child_identity(self.child_input(), local_date(timezone.now()))
        except InvalidInput as exc:
            self.add_error(exc.field if exc.field in self.fields else None, str(exc.message))
        return cleaned


class ProtectionAssessmentForm(VersionedForm):
    immediate_protection_needed = yes_no(_("Har barnet ett omedelbart skyddsbehov?"))
    assessment = forms.CharField(label=_("Bedömning"), widget=forms.Textarea(attrs={"rows": 4}))


class ChildConversationForm(CaseForm):
    held = yes_no(_("Har samtal hållits med barnet?"))
    held_on = forms.DateField(label=_("Datum för samtalet"), required=False, widget=DATE)
    not_held_reason = forms.CharField(
        label=_("Om nej: skälet"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    backdating_reason = backdating_reason()


class PoliceConsiderationForm(CaseForm):
    considered_on = forms.DateField(label=_("Datum"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=PoliceReportConsideration.Outcome.choices,
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    reconsider_on = forms.DateField(label=_("Omprövas senast"), required=False, widget=DATE)
    backdating_reason = backdating_reason()


class ImmediateStepForm(CaseForm):
    """A next step after an immediate protection need: which, what came of it, why."""

    kind = forms.ChoiceField(
        label=_("Steg"), choices=ImmediateStep.Kind.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=ImmediateStep.Outcome.choices,
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class TeamFilterForm(forms.Form):
    """The team view's filters (GET): worker, task, status; each may be left empty."""

    worker = forms.ChoiceField(label=_("Handläggare"), required=False)
    task = forms.ChoiceField(label=_("Uppgift"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data, *, workers, tasks, statuses, unassigned):
        super().__init__(data)
        everyone = [("", _("Alla"))]
        self.fields["worker"].choices = [
            *everyone,
            (unassigned, _("Ofördelade")),
            *((str(w.pk), str(w)) for w in workers),
        ]
        self.fields["task"].choices = [*everyone, *tasks.items()]
        self.fields["status"].choices = [*everyone, *statuses.items()]


class RuleFieldsMixin:
    """Adds the questions and override reasons of the rules still open at a step.

    `rules` are the panel rows of the rules in force (guidelines.selectors.preview):
    a rule that applies and is settled by the step's input gets its questions as
    fields, and a warning gets a field for the reason to go past it.
    """

    def add_rule_fields(self, rules) -> None:
        self.answer_names, self.override_names = [], {}
        for row in rules:
            if not row.open:
                continue
            for question in row.rule.questions:
                self.answer_names.append(question.name)
                self.fields[question.name] = (
                    forms.BooleanField(label=question.label, required=False)
                    if question.kind == "bool"
                    else forms.CharField(
                        label=question.label,
                        help_text=question.help_text,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3}),
                    )
                )
            if row.severity == Severity.WARN:
                name = f"override_{row.rule.id}"
                self.override_names[name] = row.rule.id
                self.fields[name] = forms.CharField(
                    label=_("Skäl för avsteg: %(rule)s") % {"rule": row.rule.title},
                    help_text=row.rule.requirement,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.may_request_cosignature = any(
            row.open and row.severity == Severity.COSIGN for row in rules
        )

    def field_for_rule(self, rule, severity) -> str | None:
        """The form field a rule's refusal belongs to, if the form has it."""
        if severity == Severity.WARN and f"override_{rule.id}" in self.fields:
            return f"override_{rule.id}"
        return rule.field if rule.field in self.fields else None

    def rule_input(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": {name: data[name] for name in self.answer_names},
            "overrides": {rule: data[name] for name, rule in self.override_names.items()},
        }


class DecisionForm(RuleFieldsMixin, VersionedForm):
    kind = forms.ChoiceField(
        label=_("Beslut"), choices=Decision.Kind.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Krävs när utredning inte inleds."),
    )
    exceptional_reason = forms.CharField(
        label=_("Synnerliga skäl (om beslutet fattas efter 14 dagar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    transfer_municipality = forms.CharField(
        label=_("Mottagande kommun (vid överflyttning)"), required=False, max_length=100
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_rule_fields(rules)
        self.order_fields(
            ["version", "kind", "motivation", *self.answer_names, "exceptional_reason"]
        )

    def decision_input(self) -> DecisionInput:
        """The input of services.decide / request_cosignature (the version goes beside it)."""
        data = self.cleaned_data
        fields = ("kind", "motivation", "exceptional_reason", "transfer_municipality")
        return DecisionInput(**{name: data[name] for name in fields}, **self.rule_input())


class ArchiveForm(RuleFieldsMixin, VersionedForm):
    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_rule_fields(rules)

    def archive_input(self) -> dict:
        """The keyword arguments of services.archive_report."""
        rule_input = self.rule_input()
        return {
            "version": self.cleaned_data["version"],
            "reason_no_feedback": rule_input["answers"].get("reason_no_feedback", ""),
            "overrides": rule_input["overrides"],
        }


class CosignForm(CaseForm):
    # The proposal the supervisor read: a replaced one is refused, not signed.
    request_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(
        label=_("Arbetsledarens skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skälet sparas i ärendet och i loggen."),
    )


class FeedbackForm(CaseForm):
    given_on = forms.DateField(label=_("Datum"), widget=DATE)
    method = forms.ChoiceField(label=_("Hur återkopplingen gavs"), choices=Feedback.Method.choices)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)
    backdating_reason = backdating_reason()


class ExtendInvestigationForm(VersionedForm):
    new_due = forms.DateField(label=_("Nytt slutdatum"), widget=DATE)
    reason = forms.CharField(
        label=_("Särskilda skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beskriv de särskilda skälen (minst 20 tecken)."),
    )


class CompleteInvestigationForm(RuleFieldsMixin, VersionedForm):
    """The closing, with a reason field for each warning among the rules at the closing
    (`rules`: the panel rows, guidelines.selectors.preview_of)."""

    completed_on = forms.DateField(label=_("Avslutad"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Resultat"), choices=Investigation.Outcome.choices)
    backdating_reason = backdating_reason()

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_rule_fields(rules)

    def completion_input(self) -> dict:
        """The keyword arguments of services.complete_investigation."""
        data = self.cleaned_data
        fields = ("version", "completed_on", "outcome", "backdating_reason")
        return {
            **{name: data[name] for name in fields},
            "overrides": self.rule_input()["overrides"],
        }


class RevealContactForm(CaseForm):
    reason = forms.CharField(
        label=_("Skäl att se de skyddade uppgifterna"),
        max_length=500,
        help_text=_("Skälet loggas tillsammans med ditt namn och tidpunkten."),
    )


class AssignForm(VersionedForm):
    """One row of "Fördela ärenden": which case, the version seen, and to whom.

    The worker is a plain id: whether they may take the case is the service's to
    judge (district, role, active account), with its own messages.
    """

    KINDS = [("report", _("Orosanmälan")), ("investigation", _("Utredning"))]

    kind = forms.ChoiceField(choices=KINDS, widget=forms.HiddenInput)
    case = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    assigned_to = forms.IntegerField(
        label=_("Handläggare"), required=False, min_value=1, max_value=MAX_ID
    )
