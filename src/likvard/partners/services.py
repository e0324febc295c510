"""Every write of the partner registry and of the districts' school collaboration.

The registry is kept by staff holding `manage_partners` (supervisors, admin staff);
its entries in the audit log name no district, the registry being the city's. A
collaboration record is its district's: written by that district's staff holding
`manage_partners` (`editable_by`, else NotFound), audited with its district. Each
write is one transaction; a refusal writes nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import check_not_future
from likvard.organisation.models import District
from likvard.reports import selectors as reports

from . import imports
from .models import (
    SCHOOL_KINDS,
    Agreement,
    AttendanceReferral,
    Collaboration,
    ContactPerson,
    JointCase,
    Meeting,
    Partner,
    ReportSource,
)

PARTNER_FIELDS = (
    "name",
    "kind",
    "organisation_number",
    "district",
    "address",
    "postal_code",
    "phone",
    "email",
)
CONTACT_FIELDS = ("name", "role", "phone", "email")


def _may_manage(actor) -> None:
    if not actor.holds("manage_partners"):
        raise PermissionDenied(_("Du får inte föra registret över samverkanspartner."))


def _valid(row) -> None:
    """The model's own checks as a domain error on the first field found wrong."""
    try:
        row.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        field = None if name == "__all__" else name
        raise InvalidInput(messages[0], code="invalid", field=field) from exc


def _audit(actor, verb, obj, *, district_id=None, after=None, action=AuditEntry.Action.CREATE):
    record(actor, action, verb, obj, district_id=district_id, after=after)


# --- the registry ----------------------------------------------------------------------


def partner(actor, partner_id: int) -> Partner:
    _may_manage(actor)
    found = Partner.objects.filter(pk=partner_id).first()
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def save_partner(actor, data: dict, partner_id: int | None = None) -> Partner:
    """Add a partner (`partner_id` None) or change one; `data` holds PARTNER_FIELDS."""
    row = partner(actor, partner_id) if partner_id is not None else Partner()
    _may_manage(actor)
    for name in PARTNER_FIELDS:
        setattr(row, name, data.get(name) or ("" if name != "district" else None))
    _valid(row)
    row.save()
    action = AuditEntry.Action.UPDATE if partner_id else AuditEntry.Action.CREATE
    _audit(
        actor,
        "change_partner" if partner_id else "register_partner",
        row,
        action=action,
        after={"kind": row.kind},
    )
    return row


@transaction.atomic
def set_partner_active(actor, partner_id: int, active: bool) -> Partner:
    row = partner(actor, partner_id)
    row.active = active
    row.save(update_fields=["active"])
    _audit(
        actor,
        "reactivate_partner" if active else "deactivate_partner",
        row,
        action=AuditEntry.Action.UPDATE,
        after={"active": active},
    )
    return row


@transaction.atomic
def verify_partner(actor, partner_id: int, *, at: datetime.datetime | None = None) -> Partner:
    """The partner's details (and its contacts') were checked today."""
    row = partner(actor, partner_id)
    today = local_date(moment(at))
    row.last_verified = today
    row.save(update_fields=["last_verified"])
    row.contacts.update(last_verified=today)
    _audit(
        actor,
        "verify_partner",
        row,
        action=AuditEntry.Action.UPDATE,
        after={"last_verified": str(today)},
    )
    return row


@transaction.atomic
def save_contact(
    actor, partner_id: int, data: dict, contact_id: int | None = None, *, at=None
) -> ContactPerson:
    """Add a contact person to a partner, or change one; the details count as verified."""
    owner = partner(actor, partner_id)
    row = ContactPerson(partner=owner)
    if contact_id is not None:
        row = owner.contacts.filter(pk=contact_id).first()
        if row is None:
            raise NotFound()
    for name in CONTACT_FIELDS:
        setattr(row, name, data.get(name) or "")
    row.last_verified = local_date(moment(at))
    _valid(row)
    row.save()
    _audit(actor, "record_partner_contact", row, after={"partner": owner.pk})
    return row


@transaction.atomic
def remove_contact(actor, partner_id: int, contact_id: int) -> None:
    owner = partner(actor, partner_id)
    row = owner.contacts.filter(pk=contact_id).first()
    if row is None:
        raise NotFound()
    _audit(
        actor,
        "remove_partner_contact",
        row,
        action=AuditEntry.Action.UPDATE,
        after={"partner": owner.pk},
    )
    row.delete()


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: tuple = ()


def _existing(row: dict) -> Partner | None:
    """The partner a row updates: by organisation number, else by the same name and kind."""
    if row["organisation_number"]:
        found = Partner.objects.filter(organisation_number=row["organisation_number"]).first()
        if found is not None:
            return found
    return Partner.objects.filter(name=row["name"], kind=row["kind"]).first()


def _conflict(number: int, row: dict, found: Partner | None) -> list:
    number_given = row["organisation_number"]
    if found and number_given and found.organisation_number not in ("", number_given):
        return [
            imports.Problem(
                number,
                "organisationsnummer",
                str(
                    _("En partner med samma namn och typ har organisationsnummer %(nr)s.")
                    % {"nr": found.organisation_number}
                ),
            )
        ]
    return []


def import_partners(actor, data: bytes, *, at: datetime.datetime | None = None) -> ImportResult:
    """Import a CSV file of partners (see `imports`): all of it, or nothing when any
    row has a problem; the problems are returned, row by row."""
    _may_manage(actor)
    districts = {name.lower(): pk for pk, name in District.objects.values_list("pk", "name")}
    parsed = imports.parse(data, districts)
    if parsed.problems:
        return ImportResult(problems=tuple(parsed.problems))
    created = updated = 0
    with transaction.atomic():
        plan = [(number, row, _existing(row)) for number, row in parsed.rows]
        problems = [p for number, row, found in plan for p in _conflict(number, row, found)]
        if problems:
            return ImportResult(problems=tuple(problems))
        for _number, row, found in plan:
            target = found or Partner()
            last_verified = row.pop("last_verified") or target.last_verified
            for name, value in row.items():
                setattr(target, name, value)  # the file's row is the partner's details
            target.last_verified = last_verified
            target.save()
            created, updated = (created, updated + 1) if found else (created + 1, updated)
        _audit(actor, "import_partners", None, after={"created": created, "updated": updated})
    return ImportResult(created=created, updated=updated)


@transaction.atomic
def link_report_source(report, partner_id: int, *, actor=None) -> ReportSource:
    """Say which registry partner a report came from (intake and the e-service call it;
    `actor` None for the public e-service). A report has one source; linking again
    replaces it."""
    source = Partner.objects.filter(pk=partner_id, active=True).first()
    if source is None:
        raise InvalidInput(
            _("Välj en verksamhet i registret."), code="unknown_partner", field="partner"
        )
    link, _created = ReportSource.objects.update_or_create(
        report=report, defaults={"partner": source}
    )
    record(
        actor,
        AuditEntry.Action.CREATE,
        "link_report_source",
        link,
        child_id=report.child_id,
        district_id=report.district_id,
        after={"partner": source.pk},
    )
    return link


# --- the collaboration with schools ------------------------------------------------------


def _district_of(actor) -> int:
    _may_manage(actor)
    if actor.district_id is None or not actor.is_caseworker:
        raise PermissionDenied(_("Samverkan förs av stadsdelsområdets egna medarbetare."))
    return actor.district_id


def collaboration(actor, collaboration_id: int, *, lock: bool = False) -> Collaboration:
    """A collaboration the actor may change (NotFound otherwise)."""
    _district_of(actor)
    rows = Collaboration.objects.editable_by(actor)
    if lock:
        rows = rows.select_for_update()
    found = rows.filter(pk=collaboration_id).first()
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def open_collaboration(actor, school_id: int) -> Collaboration:
    """Start following up the district's collaboration with a school (once per school)."""
    district_id = _district_of(actor)
    school = Partner.objects.filter(pk=school_id, kind__in=SCHOOL_KINDS, active=True).first()
    if school is None:
        raise InvalidInput(_("Välj en skola i registret."), code="unknown_school", field="school")
    try:
        with transaction.atomic():
            row = Collaboration.objects.create(district_id=district_id, school=school)
    except IntegrityError as exc:
        raise InvalidInput(
            _("Samverkan med skolan följs redan upp."), code="duplicate", field="school"
        ) from exc
    _audit(actor, "open_collaboration", row, district_id=district_id, after={"school": school.pk})
    return row


@transaction.atomic
def set_contacts(actor, collaboration_id: int, data: dict) -> Collaboration:
    """The named contacts on both sides and whether the student health team takes part."""
    row = collaboration(actor, collaboration_id, lock=True)
    school_contact = data.get("school_contact")
    if school_contact is not None and school_contact.partner_id != row.school_id:
        raise InvalidInput(_("Kontaktpersonen hör inte till skolan."), field="school_contact")
    district_contact = data.get("district_contact")
    if district_contact is not None and district_contact.district_id != row.district_id:
        raise InvalidInput(
            _("Kontaktpersonen arbetar inte i stadsdelsområdet."), field="district_contact"
        )
    row.school_contact = school_contact
    row.district_contact = district_contact
    row.student_health_team = bool(data.get("student_health_team"))
    row.save(update_fields=["school_contact", "district_contact", "student_health_team"])
    _audit(
        actor,
        "set_collaboration_contacts",
        row,
        district_id=row.district_id,
        action=AuditEntry.Action.UPDATE,
        after={
            "school_contact": getattr(school_contact, "pk", None),
            "district_contact": getattr(district_contact, "pk", None),
            "student_health_team": row.student_health_team,
        },
    )
    return row


def _past(day, field: str, at) -> datetime.date:
    if day is None:
        raise InvalidInput(_("Ange datum."), code="required", field=field)
    check_not_future(day, field, moment(at))
    return day


def _own_report(actor, report_id, field: str = "report"):
    """A report of the actor's district (a referral's or a joint case's link), or None."""
    if report_id in (None, ""):
        return None
    found = reports.reports(actor, to_change=True).filter(pk=report_id).first()
    if found is None:
        raise InvalidInput(
            _("Ange ett ärendenummer i det egna stadsdelsområdet."),
            code="unknown_report",
            field=field,
        )
    return found


def _add(actor, verb: str, row, parent: Collaboration, after: dict):
    _valid(row)
    row.save()
    _audit(actor, verb, row, district_id=parent.district_id, after=after)
    return row


@transaction.atomic
def record_agreement(actor, collaboration_id: int, data: dict, *, at=None) -> Agreement:
    parent = collaboration(actor, collaboration_id)
    signed_on = _past(data.get("signed_on"), "signed_on", at)
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    if valid_from is None or valid_until is None or valid_until < valid_from:
        raise InvalidInput(
            _("Ange en period där slutet inte ligger före början."),
            code="invalid_period",
            field="valid_until",
        )
    row = Agreement(
        collaboration=parent, signed_on=signed_on, valid_from=valid_from, valid_until=valid_until
    )
    return _add(
        actor,
        "record_agreement",
        row,
        parent,
        {"valid_from": str(valid_from), "valid_until": str(valid_until)},
    )


@transaction.atomic
def record_meeting(actor, collaboration_id: int, data: dict, *, at=None) -> Meeting:
    parent = collaboration(actor, collaboration_id)
    row = Meeting(
        collaboration=parent,
        held_on=_past(data.get("held_on"), "held_on", at),
        kind=data.get("kind") or "",
        student_health_team_present=bool(data.get("student_health_team_present")),
    )
    return _add(
        actor,
        "record_collaboration_meeting",
        row,
        parent,
        {"held_on": str(row.held_on), "kind": row.kind},
    )


@transaction.atomic
def record_referral(actor, collaboration_id: int, data: dict, *, at=None) -> AttendanceReferral:
    """A low-attendance referral (no name: at most a report of the district)."""
    parent = collaboration(actor, collaboration_id)
    row = AttendanceReferral(
        collaboration=parent,
        referred_on=_past(data.get("referred_on"), "referred_on", at),
        outcome=data.get("outcome") or AttendanceReferral.Outcome.PENDING,
        report=_own_report(actor, data.get("report")),
    )
    return _add(
        actor,
        "record_attendance_referral",
        row,
        parent,
        {"referred_on": str(row.referred_on), "outcome": row.outcome},
    )


@transaction.atomic
def record_joint_case(actor, collaboration_id: int, data: dict, *, at=None) -> JointCase:
    parent = collaboration(actor, collaboration_id)
    row = JointCase(
        collaboration=parent,
        started_on=_past(data.get("started_on"), "started_on", at),
        report=_own_report(actor, data.get("report")),
    )
    return _add(actor, "record_joint_case", row, parent, {"started_on": str(row.started_on)})
