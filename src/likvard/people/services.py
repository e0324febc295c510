"""Finding or registering the child a report is about; recording the child's family.

The family is written here only: a relation or a sibling link is added, or ended
(never edited or deleted), each with an audit entry naming the child and district.
What the rows hold is computed by `effects.py`, which the demo generator uses too.
"""

import dataclasses
import datetime
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.scoping import writable_district_id
from likvard.access.services import record
from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput, NotFound
from likvard.core.validation import check_text

from . import effects, register
from .identity import InvalidIdentityNumber, parse
from .models import Child, Custody, Person, Relation, RelationRole, Sex, SiblingLink


@dataclass
class ChildInput:
    """What an intake worker knows about the child when a report arrives."""

    personal_number: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_date: datetime.date | None = None
    sex: str = Sex.UNKNOWN
    protected_identity: bool = False
    approximate_age: int | None = None  # an unidentified child: what is known
    school: str = ""


@dataclass
class PersonInput:
    """Someone in the child's network as the worker or the register gives them."""

    personal_number: str = ""
    first_name: str = ""
    last_name: str = ""
    address: str = ""
    phone: str = ""
    protected_identity: bool = False
    role: str = RelationRole.GUARDIAN
    custody: str = ""
    alleged_perpetrator: bool = False


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


#: Hex digits after the birth date. Ten, not six: a child known only by age gets an
#: estimated birth date shared with every other child of that age, and with six digits
#: (16.7 million) two of the thousands such a date gathers collided about once in three
#: thousand new children at the e-service's peak (the unique number refused the report).
RESERVE_DIGITS = 10


def reserve_number(birth_date: datetime.date, bits: int) -> str:
    """The letter R, the (estimated) birth date and `bits` as RESERVE_DIGITS hex digits."""
    return f"R{birth_date:%Y%m%d}{bits:0{RESERVE_DIGITS}X}"


def _new_reserve_number(birth_date: datetime.date) -> str:
    return reserve_number(birth_date, secrets.randbits(4 * RESERVE_DIGITS))


def _identity(text: str, today: datetime.date, field: str = "personal_number"):
    try:
        return parse(text.strip(), today)
    except InvalidIdentityNumber as exc:
        raise InvalidInput(
            _("Personnumret är inte giltigt. Kontrollera siffrorna och kontrollsiffran."),
            code="invalid_personal_number",
            field=field,
        ) from exc


def _child_identity(text: str, today: datetime.date):
    identity = _identity(text, today)
    if age_on(identity.birth_date, today) >= 18:
        raise InvalidInput(
            _("Personen är 18 år eller äldre. En orosanmälan gäller ett barn under 18 år."),
            code="not_a_child",
            field="personal_number",
        )
    return identity


def _estimated_birth_date(data: ChildInput, today: datetime.date) -> datetime.date:
    """The birth date given, or one estimated from the approximate age (a year's middle)."""
    if data.birth_date is not None:
        if data.birth_date > today:
            raise InvalidInput(
                _("Födelsedatum kan inte ligga i framtiden."),
                code="date_in_future",
                field="birth_date",
            )
        return data.birth_date
    if data.approximate_age is None:
        raise InvalidInput(
            _("Ange födelsedatum eller ungefärlig ålder när personnumret är okänt."),
            code="birth_date_required",
            field="birth_date",
        )
    if not 0 <= data.approximate_age <= 17:
        raise InvalidInput(
            _("Ungefärlig ålder anges i hela år, 0–17."),
            code="invalid_age",
            field="approximate_age",
        )
    return today.replace(year=today.year - data.approximate_age, month=7, day=1)


def check_child_identity(data: ChildInput, today: datetime.date) -> None:
    """The checks of the child's identity that need no database: a personnummer's form
    and the child's age, or a birth date or an age when the number is unknown.

    `resolve_child` makes them too; a form makes them with its own checks, so that a
    worker sees every problem of a registration at once, not one round at a time.
    """
    if data.personal_number.strip():
        _child_identity(data.personal_number, today)
    else:
        _estimated_birth_date(data, today)


def resolve_child(data: ChildInput, today: datetime.date) -> Child:
    """The existing child with this identity number, or a new child.

    A new child with a personnummer gets the name and sex the population register
    holds when the worker typed none. Without a personnummer the child is
    unidentified: a reserve number, the birth date or an age estimated from it, the
    school and the name if known; `identify_child` attaches the number later. A
    protected-identity flag is never cleared from here.
    """
    if data.personal_number.strip():
        identity = _child_identity(data.personal_number, today)
        child = Child.objects.filter(personal_number=identity.long_form).first()
        if child:
            if data.protected_identity and not child.protected_identity:
                child.protected_identity = True
                child.save(update_fields=["protected_identity"])
            return child
        found = register.lookup(identity.long_form, today)
        first, last = data.first_name.strip(), data.last_name.strip()
        if found and not (first or last):
            first, last = found.first_name, found.last_name
        if not first or not last:
            raise InvalidInput(
                _("Ange barnets för- och efternamn."), code="name_required", field="first_name"
            )
        return Child.objects.create(
            personal_number=identity.long_form,
            first_name=first,
            last_name=last,
            birth_date=identity.birth_date,
            sex=Sex.MALE if identity.is_male else Sex.FEMALE,
            protected_identity=data.protected_identity or bool(found and found.protected_identity),
            address=found.address if found else "",
            school=check_text(data.school, "school", required=False, max_length=200),
        )
    birth_date = _estimated_birth_date(data, today)
    return Child.objects.create(
        reserve_number=_new_reserve_number(birth_date),
        first_name=check_text(data.first_name, "first_name", required=False, max_length=100),
        last_name=check_text(data.last_name, "last_name", required=False, max_length=100),
        birth_date=birth_date,
        birth_date_estimated=data.birth_date is None,
        sex=data.sex,
        protected_identity=data.protected_identity,
        school=check_text(data.school, "school", required=False, max_length=200),
    )


# --------------------------------------------------------------------- the family


def guardians_from_register(personal_number: str, today: datetime.date) -> list[PersonInput]:
    """The child's guardians as the population register holds them ([] when unknown)."""
    found = register.lookup(_identity(personal_number, today).long_form, today)
    if found is None:
        return []
    custody = effects.custody_of(len(found.guardians))
    return [
        PersonInput(
            personal_number=g.personal_number,
            first_name=g.first_name,
            last_name=g.last_name,
            address=g.address,
            protected_identity=g.protected_identity,
            role=RelationRole.GUARDIAN,
            custody=custody,
        )
        for g in found.guardians
    ]


def person_number(data: PersonInput, today: datetime.date) -> str:
    """The person's personnummer in its long form (refused when not valid)."""
    return _identity(data.personal_number, today, "person_personal_number").long_form


def _person(data: PersonInput, today: datetime.date) -> Person:
    """The person with this personnummer (details kept), or a new person as typed."""
    number, found = "", None
    if data.personal_number.strip():
        number = person_number(data, today)
        person = Person.objects.filter(personal_number=number).first()
        if person:
            return person
        if not (data.first_name.strip() or data.last_name.strip()):
            found = register.lookup(number, today)
    if found:  # by personnummer alone: as the population register holds the person
        data = dataclasses.replace(
            data,
            first_name=found.first_name,
            last_name=found.last_name,
            address=data.address or found.address,
            protected_identity=data.protected_identity or found.protected_identity,
        )
    first = check_text(data.first_name, "person_first_name", max_length=100)
    last = check_text(data.last_name, "person_last_name", max_length=100)
    return Person.objects.create(
        personal_number=number,
        first_name=first,
        last_name=last,
        address=check_text(data.address, "person_address", required=False, max_length=200),
        phone=check_text(data.phone, "person_phone", required=False, max_length=40),
        protected_identity=data.protected_identity,
    )


def _check_relation(data: PersonInput) -> None:
    if data.role not in RelationRole.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="role")
    if data.custody and (data.role != RelationRole.GUARDIAN or data.custody not in Custody.values):
        raise InvalidInput(
            _("Vårdnad anges bara för en vårdnadshavare."), code="invalid_choice", field="custody"
        )


def _twice(field: str = "person_personal_number") -> InvalidInput:
    return InvalidInput(
        _("Personen är redan registrerad med den rollen för barnet."),
        code="already_recorded",
        field=field,
    )


def add_relations(
    actor, children, people, district_id: int, at, *, known_is_fine: bool = False
) -> list[Relation]:
    """Record each person's relation to each child in `district_id` (the actor's), in
    the caller's transaction.

    A person given twice is refused, and so is one the district already has in that
    role for the child (another district's record is its own, and not read), unless
    `known_is_fine` (the register's guardians of a child reported before): the caller's
    transaction then writes nothing.
    """
    today = local_date(at)
    rows = []
    for data in people:
        _check_relation(data)
        person = _person(data, today)
        for child in children:
            if any(r.child_id == child.pk and r.person_id == person.pk for r in rows):
                raise _twice()
            if (
                Relation.objects.current()
                .filter(child=child, person=person, role=data.role, district_id=district_id)
                .exists()
            ):
                if known_is_fine:
                    continue
                raise _twice()
            rows.append(
                Relation(
                    **effects.relation_recorded(
                        child_id=child.pk,
                        person_id=person.pk,
                        role=data.role,
                        custody=data.custody,
                        alleged_perpetrator=data.alleged_perpetrator,
                        district_id=district_id,
                        recorded_by_id=actor.pk,
                        at=at,
                    )
                )
            )
    for relation in rows:
        try:
            with transaction.atomic():
                relation.save()
        except IntegrityError as exc:  # recorded by someone else just now
            raise _twice() from exc
        record(
            actor,
            AuditEntry.Action.CREATE,
            "record_relation",
            relation,
            child_id=relation.child_id,
            district_id=district_id,
            after={
                "person": relation.person_id,
                "role": relation.role,
                "custody": relation.custody,
                "alleged_perpetrator": relation.alleged_perpetrator,
            },
        )
    return rows


def link_children(
    actor, first: Child, second: Child, district_id: int, at, *, known_is_fine: bool = False
) -> SiblingLink | None:
    """Link two children as siblings, in the caller's transaction (None: linked already,
    and `known_is_fine`)."""
    if first.pk == second.pk:
        raise InvalidInput(
            _("Ett barn kan inte vara syskon med sig självt."), code="self_sibling", field="sibling"
        )
    row = effects.siblings_linked(
        first.pk, second.pk, district_id=district_id, recorded_by_id=actor.pk, at=at
    )
    if (
        SiblingLink.objects.current()
        .filter(child_id=row["child_id"], sibling_id=row["sibling_id"], district_id=district_id)
        .exists()
    ):
        if known_is_fine:
            return None
        raise InvalidInput(
            _("Barnen är redan registrerade som syskon."), code="already_recorded", field="sibling"
        )
    link = SiblingLink.objects.create(**row)
    for child_id in (first.pk, second.pk):
        record(
            actor,
            AuditEntry.Action.CREATE,
            "link_siblings",
            link,
            child_id=child_id,
            district_id=district_id,
            after={"child": link.child_id, "sibling": link.sibling_id},
        )
    return link


def _editable_child(actor, child_id) -> tuple[Child, int]:
    """The child, locked, if one of the child's reports is in the actor's writable district."""
    district_id = writable_district_id(actor)
    child = (
        Child.objects.select_for_update(of=("self",))
        .filter(pk=child_id, reports__district_id=district_id)
        .first()
        if district_id is not None
        else None
    )
    if child is None:
        raise NotFound()
    return child, district_id


def record_relation(actor, child_id: int, data: PersonInput, *, at=None) -> Relation:
    """Add a guardian or household member to a child in the actor's district."""
    now = moment(at)
    with transaction.atomic():
        child, district_id = _editable_child(actor, child_id)
        return add_relations(actor, [child], [data], district_id, now)[0]


def _end(actor, child_id: int, find, refusal: InvalidInput, verb: str, at):
    """End the current row `find(child, district_id)` picks (the actor's district's own),
    from now on; the row stays, as history."""
    now = moment(at)
    with transaction.atomic():
        child, district_id = _editable_child(actor, child_id)
        row = find(child, district_id)
        if row is None:
            raise refusal
        row.valid_until, row.ended_by = now, actor
        row.save(update_fields=["valid_until", "ended_by"])
        record(
            actor,
            AuditEntry.Action.UPDATE,
            verb,
            row,
            child_id=child.pk,
            district_id=district_id,
            before={"valid_until": None},
            after={"valid_until": now.isoformat()},
        )
    return row


def end_relation(actor, child_id: int, relation_id: int, *, at=None) -> Relation:
    """A guardian or household member no longer: the relation ends, its row stays."""
    return _end(
        actor,
        child_id,
        lambda child, district_id: (
            child.relations.current().filter(pk=relation_id, district_id=district_id).first()
        ),
        InvalidInput(
            _("Relationen finns inte eller är redan avslutad."),
            code="not_current",
            field="relation",
        ),
        "end_relation",
        at,
    )


def link_sibling(
    actor, child_id: int, *, sibling_id: int | None = None, personal_number: str = "", at=None
) -> SiblingLink:
    """Link two children as siblings; the other (by id or personnummer) must be visible
    to the actor too."""
    now = moment(at)
    with transaction.atomic():
        child, district_id = _editable_child(actor, child_id)
        if personal_number.strip():
            number = _identity(personal_number, local_date(now), "sibling").long_form
            others = Child.objects.filter(personal_number=number)
        else:
            others = Child.objects.filter(pk=sibling_id)
        # The child itself is visible: its own number ends in "not its own sibling".
        sibling = Child.objects.visible_to(actor).filter(pk__in=others.values("pk")).first()
        if sibling is None:
            raise InvalidInput(
                _("Barnet finns inte bland barnen i ditt stadsdelsområde."),
                code="unknown_child",
                field="sibling",
            )
        return link_children(actor, child, sibling, district_id, now)


def end_sibling_link(actor, child_id: int, sibling_id: int, *, at=None) -> SiblingLink:
    """The two children are not siblings after all: the link ends, its row stays."""
    low, high = sorted((child_id, sibling_id))
    return _end(
        actor,
        child_id,
        lambda child, district_id: (
            SiblingLink.objects.current()
            .filter(child_id=low, sibling_id=high, district_id=district_id)
            .first()
        ),
        InvalidInput(
            _("Barnen är inte registrerade som syskon."), code="not_current", field="sibling"
        ),
        "end_sibling_link",
        at,
    )


def identify_child(actor, child_id: int, personal_number: str, *, at=None) -> Child:
    """Give an unidentified child its personnummer, or merge it into the child who has it.

    Merging moves the reports, relations and sibling links to the identified child,
    each relation and link keeping the district that recorded it, and marks the
    unidentified record `merged_into` (kept, so old audit entries still name a row).
    The result is the child the case now belongs to.
    """
    now = moment(at)
    with transaction.atomic():
        child, district_id = _editable_child(actor, child_id)
        if child.personal_number:
            raise InvalidInput(
                _("Barnet har redan ett personnummer."),
                code="already_identified",
                field="personal_number",
            )
        identity = _child_identity(personal_number, local_date(now))
        target = (
            Child.objects.select_for_update().filter(personal_number=identity.long_form).first()
        )
        if target is None:
            found = register.lookup(identity.long_form, local_date(now))
            child.personal_number = identity.long_form
            child.birth_date, child.birth_date_estimated = identity.birth_date, False
            child.sex = Sex.MALE if identity.is_male else Sex.FEMALE
            if found and not (child.first_name and child.last_name):
                child.first_name, child.last_name = found.first_name, found.last_name
            child.save()
            target = child
        else:
            child.reports.update(child=target)
            _move_relations(child, target, actor, now)
            _move_sibling_links(child, target, actor, now)
            child.merged_into = target
            child.save(update_fields=["merged_into"])
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "identify_child",
            target,
            child_id=target.pk,
            district_id=district_id,
            before={"child": child.pk},
            after={"child": target.pk, "merged": target.pk != child.pk},
        )
    return target


def _move_relations(child: Child, target: Child, actor, now) -> None:
    """Move the merged record's relations to the target, each in its own district; one
    the target already has in that district is ended on the merged record instead
    (never two current rows for one person in a district)."""
    known = set(target.relations.current().values_list("person_id", "role", "district_id"))
    for relation in child.relations.all():
        key = (relation.person_id, relation.role, relation.district_id)
        if relation.valid_until is None and key in known:
            relation.valid_until, relation.ended_by = now, actor
        else:
            relation.child = target
        relation.save(update_fields=["valid_until", "ended_by", "child"])


def _move_sibling_links(child: Child, target: Child, actor, now) -> None:
    """End the merged record's sibling links and link its siblings to the target instead,
    each new link in the district of the link it replaces."""
    for link in SiblingLink.objects.current().of(child.pk):
        other = link.sibling_id if link.child_id == child.pk else link.child_id
        link.valid_until, link.ended_by = now, actor
        link.save(update_fields=["valid_until", "ended_by"])
        low, high = sorted((other, target.pk))
        if (
            other != target.pk
            and not SiblingLink.objects.current()
            .filter(child_id=low, sibling_id=high, district_id=link.district_id)
            .exists()
        ):
            SiblingLink.objects.create(
                **effects.siblings_linked(
                    other,
                    target.pk,
                    district_id=link.district_id,
                    recorded_by_id=actor.pk,
                    at=now,
                )
            )
