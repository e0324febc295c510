"""Every write to the oversight register, each with its audit entry and its line in the
matter's history, in one transaction.

Dates follow the project's rules: nothing in the future, and no step dated before
what the matter already records (`states.DATE_ORDER`), so a decision cannot be dated
before the letter came in. The subject is a short label that must identify no one:
a personnummer in it is refused.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.casework.selectors import investigations
from likvard.core.calendar import moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from likvard.core.validation import EarlierEvent, check_not_before, check_not_future, check_text
from likvard.interventions.selectors import interventions
from likvard.people.identity import mentions_identity_number
from likvard.reports.selectors import reports

from .models import CRITICISM, ConcernedCase, Event, Matter, Measure, Outcome
from .states import DATE_ORDER, STEPS, State, allowed

SUBJECT_MAX = 200
REFUSED = _("Din roll får inte föra registret över tillsynsärenden.")
#: The kinds of case a matter may concern, with the owner's scoped read and the path
#: from that case to its district.
CASE_KINDS = {
    "report": (reports, "district_id"),
    "investigation": (investigations, "district_id"),
    "intervention": (interventions, "proposal__district_id"),
}


@dataclass
class MatterInput:
    kind: str
    received_on: datetime.date
    subject: str
    reference: str = ""
    statement_due_on: datetime.date | None = None
    #: (kind, id) of each case concerned: kind one of CASE_KINDS.
    cases: list[tuple[str, int]] = field(default_factory=list)


def _identifying_no_one(value: str, field_name: str, **bounds) -> str:
    """A free text of the register: it names no one, so a personnummer is refused."""
    value = check_text(value, field_name, **bounds)
    if mentions_identity_number(value):
        raise InvalidInput(
            _(
                "Texten får inte innehålla personnummer. Skriv utan uppgifter som pekar ut "
                "någon; koppla i stället de berörda ärendena."
            ),
            code="personal_number_in_text",
            field=field_name,
        )
    return value


def _subject(value: str) -> str:
    return _identifying_no_one(value, "subject", max_length=SUBJECT_MAX)


def _writable_matter(actor, pk, *, lock: bool = True) -> Matter:
    if not Matter.objects.may_keep(actor):
        raise PermissionDenied(REFUSED)
    queryset = Matter.objects.editable_by(actor)
    matter = (queryset.select_for_update() if lock else queryset).filter(pk=pk).first()
    if matter is None:
        raise NotFound()
    return matter


def _check_dates(matter: Matter, field_name: str, now, *, given_as: str = "") -> None:
    """The date in `field_name` is not in the future and not before any earlier date set;
    a refusal names the field the caller gave it in (`given_as`, e.g. a step's "day")."""
    day = getattr(matter, field_name)
    named = given_as or field_name
    check_not_future(day, named, now)
    for earlier_field, label in DATE_ORDER:
        if earlier_field == field_name:
            return
        earlier = getattr(matter, earlier_field)
        if earlier is not None:
            check_not_before(day, named, EarlierEvent(earlier, str(label)))


def _linked_cases(actor, district_id: int, cases) -> list[ConcernedCase]:
    """The concerned cases, each readable by the actor and in the matter's district."""
    rows = []
    for kind, pk in dict.fromkeys(cases):
        if kind not in CASE_KINDS:
            raise InvalidInput(_("Okänt slag av ärende."), code="invalid_choice", field="cases")
        read, district_path = CASE_KINDS[kind]
        case = read(actor).filter(pk=pk, **{district_path: district_id}).first()
        if case is None:
            raise InvalidInput(
                _("Ärende %(id)s finns inte bland stadsdelsområdets ärenden.") % {"id": pk},
                code="case_not_found",
                field="cases",
            )
        rows.append(ConcernedCase(**{kind: case}))
    return rows


def _audit(actor, verb: str, matter: Matter, action, day=None, **after) -> None:
    record(
        actor,
        action,
        verb,
        matter,
        district_id=matter.district_id,
        after={"kind": matter.kind, "state": matter.state, **after},
    )
    Event.objects.create(matter=matter, verb=verb, day=day, actor=actor)


def _replace_cases(matter: Matter, rows: list[ConcernedCase]) -> None:
    matter.cases.all().delete()
    for row in rows:
        row.matter = matter
    ConcernedCase.objects.bulk_create(rows)


def register_matter(actor, data: MatterInput, *, at=None) -> Matter:
    """Register a matter in the actor's district (the register is kept per district)."""
    now = moment(at)
    if not Matter.objects.may_keep(actor):
        raise PermissionDenied(REFUSED)
    if data.kind not in Matter.Kind.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="kind")
    matter = Matter(
        district_id=actor.district_id,
        kind=data.kind,
        state=State.RECEIVED,
        reference=check_text(data.reference, "reference", required=False, max_length=60),
        received_on=data.received_on,
        subject=_subject(data.subject),
        statement_due_on=data.statement_due_on,
        recorded_by=actor,
    )
    _check_dates(matter, "received_on", now)
    _check_due(matter)
    with transaction.atomic():
        rows = _linked_cases(actor, matter.district_id, data.cases)
        matter.save()
        _replace_cases(matter, rows)
        _audit(
            actor,
            "register_oversight_matter",
            matter,
            AuditEntry.Action.CREATE,
            matter.received_on,
            received_on=str(matter.received_on),
            cases=len(rows),
        )
    return matter


def _check_due(matter: Matter) -> None:
    if matter.statement_due_on is not None:
        check_not_before(
            matter.statement_due_on,
            "statement_due_on",
            EarlierEvent(matter.received_on, str(DATE_ORDER[0][1])),
        )


def update_matter(actor, pk, data: MatterInput, *, at=None) -> Matter:
    """Change what the register says about a matter: its reference, subject, received
    date, due date and cases. The kind stays; the dates of steps taken stay after it."""
    now = moment(at)
    with transaction.atomic():
        matter = _writable_matter(actor, pk)
        matter.reference = check_text(data.reference, "reference", required=False, max_length=60)
        matter.subject = _subject(data.subject)
        matter.received_on = data.received_on
        matter.statement_due_on = data.statement_due_on
        _check_dates(matter, "received_on", now)
        for later, label in DATE_ORDER[1:]:
            day = getattr(matter, later)
            if day is not None and day < matter.received_on:
                raise InvalidInput(
                    _("Inkomstdatumet kan inte ligga efter %(event)s (%(day)s).")
                    % {"event": label, "day": day.isoformat()},
                    code="after_later_event",
                    field="received_on",
                )
        _check_due(matter)
        rows = _linked_cases(actor, matter.district_id, data.cases)
        matter.save()
        _replace_cases(matter, rows)
        _audit(
            actor,
            "update_oversight_matter",
            matter,
            AuditEntry.Action.UPDATE,
            received_on=str(matter.received_on),
            cases=len(rows),
        )
    return matter


def take_step(
    actor,
    pk,
    verb: str,
    *,
    day: datetime.date,
    outcome: str = "",
    criticism: str = "",
    serious: bool | None = None,
    at=None,
) -> Matter:
    """Take one step of the process (`states.STEPS`) on the date it happened."""
    now = moment(at)
    step = STEPS.get(verb)
    if step is None:
        raise InvalidInput(_("Okänt steg."), code="invalid_choice", field="step")
    with transaction.atomic():
        matter = _writable_matter(actor, pk)
        if not allowed(step, matter.state, matter.is_lex_sarah):
            raise TransitionNotAllowed(
                _("Steget kan inte tas när ärendet är %(state)s.")
                % {"state": str(matter.get_state_display()).lower()},
                code="invalid_transition",
            )
        setattr(matter, step.date_field, day)
        _check_dates(matter, step.date_field, now, given_as="day")
        after = {step.date_field: str(day)}
        if verb == "investigate_lex_sarah":
            if serious is None:
                raise InvalidInput(
                    _("Ange om utredningen visade ett allvarligt missförhållande."),
                    code="required",
                    field="serious",
                )
            matter.serious = serious
            after["serious"] = serious
        if verb == "report_lex_sarah_to_ivo" and not matter.serious:
            raise TransitionNotAllowed(
                _("Bara ett allvarligt missförhållande anmäls till IVO."),
                code="not_serious",
            )
        if verb == "decide_oversight_matter":
            _decision(matter, outcome, criticism)
            after["outcome"] = outcome
        matter.state = step.target
        matter.save()
        _audit(actor, verb, matter, AuditEntry.Action.TRANSITION, day, **after)
    return matter


def _decision(matter: Matter, outcome: str, criticism: str) -> None:
    if outcome not in Outcome.values:
        raise InvalidInput(_("Välj beslutets utfall."), code="invalid_choice", field="outcome")
    matter.outcome = outcome
    matter.criticism = _identifying_no_one(criticism, "criticism", required=outcome in CRITICISM)


def add_measure(actor, pk, *, description: str, responsible: str, due_on: datetime.date) -> Measure:
    with transaction.atomic():
        matter = _writable_matter(actor, pk)
        measure = Measure(
            matter=matter,
            description=_identifying_no_one(description, "description", max_length=500),
            responsible=_identifying_no_one(responsible, "responsible", max_length=120),
            due_on=due_on,
            recorded_by=actor,
        )
        check_not_before(due_on, "due_on", EarlierEvent(matter.received_on, str(DATE_ORDER[0][1])))
        measure.save()
        _audit(actor, "add_oversight_measure", matter, AuditEntry.Action.CREATE, due_on=str(due_on))
    return measure


def complete_measure(actor, measure_pk, *, done_on: datetime.date, at=None) -> Measure:
    now = moment(at)
    with transaction.atomic():
        measure = Measure.objects.editable_by(actor).select_for_update().filter(pk=measure_pk)
        measure = measure.first()
        if measure is None:
            raise NotFound()
        matter = _writable_matter(actor, measure.matter_id)
        if measure.done_on is not None:
            raise TransitionNotAllowed(
                _("Åtgärden är redan markerad som genomförd."), code="already_done"
            )
        check_not_future(done_on, "done_on", now)
        check_not_before(
            done_on, "done_on", EarlierEvent(matter.received_on, str(DATE_ORDER[0][1]))
        )
        measure.done_on = done_on
        measure.save(update_fields=["done_on"])
        _audit(
            actor,
            "complete_oversight_measure",
            matter,
            AuditEntry.Action.UPDATE,
            done_on,
            measure=measure.pk,
            done_on=str(done_on),
        )
    return measure
