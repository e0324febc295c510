"""Writing the case journal: an entry, or a correction of one. Nothing else ever.

An entry is signed (locked) the moment it is saved. Drafts that stay editable were
considered and left out: an editable row needs UPDATE, which the trigger refuses
for every journal row, and the rule "never changed once written" is simpler to
audit than "changed only by its author until signed". A worker who wants to think
longer keeps the text in the form; a mistake is put right by a correction.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.scoping import writable_district_id
from likvard.access.services import record
from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import check_not_future, check_text
from likvard.reports.selectors import editable_report

from .effects import entry_written
from .models import JournalEntry, Kind

MAX_PARTICIPANTS = 500


@dataclass
class EntryInput:
    kind: str
    event_date: datetime.date
    text: str
    participants: str = ""
    child_took_part: bool = False


def _checked(data: EntryInput, received_on: datetime.date) -> EntryInput:
    if data.kind not in Kind.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="kind")
    check_not_future(data.event_date, "event_date")
    if data.event_date < received_on:
        raise InvalidInput(
            _("Datumet kan inte ligga före anmälans ankomst."),
            code="before_receipt",
            field="event_date",
        )
    return EntryInput(
        kind=data.kind,
        event_date=data.event_date,
        text=check_text(data.text, "text"),
        participants=check_text(
            data.participants, "participants", required=False, max_length=MAX_PARTICIPANTS
        ),
        child_took_part=bool(data.child_took_part),
    )


def _writer_check(actor) -> None:
    if writable_district_id(actor) is None:
        raise PermissionDenied(_("Din roll får inte skriva i journalen."))


def _write(actor, report, data: EntryInput, now, corrects: JournalEntry | None) -> JournalEntry:
    data = _checked(data, local_date(report.received_at))
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            **entry_written(
                report={
                    "id": report.pk,
                    "child_id": report.child_id,
                    "district_id": report.district_id,
                },
                kind=data.kind,
                event_date=data.event_date,
                text=data.text,
                participants=data.participants,
                child_took_part=data.child_took_part,
                corrects_id=getattr(corrects, "pk", None),
                author_id=actor.pk,
                at=now,
            )
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "correct_journal_entry" if corrects else "write_journal_entry",
            entry,
            child_id=report.child_id,
            district_id=report.district_id,
            after={
                "report": report.pk,
                "kind": entry.kind,
                "event_date": entry.event_date.isoformat(),
                "corrects": entry.corrects_id,
            },
        )
    return entry


def write_entry(
    actor, report_id: int, data: EntryInput, *, at: datetime.datetime | None = None
) -> JournalEntry:
    """Sign a new entry in the journal of a report's case in the actor's district."""
    _writer_check(actor)
    report = editable_report(actor, report_id)
    if report is None:
        raise NotFound()
    return _write(actor, report, data, moment(at), None)


def correct_entry(
    actor, entry_id: int, data: EntryInput, *, at: datetime.datetime | None = None
) -> JournalEntry:
    """Sign a correction: a new entry in the same case that points at the one it corrects."""
    _writer_check(actor)
    corrected = (
        JournalEntry.objects.editable_by(actor).select_related("report").filter(pk=entry_id).first()
    )
    if corrected is None:
        raise NotFound()
    if corrected.corrections.exists():
        raise _already_corrected()
    try:
        return _write(actor, corrected.report, data, moment(at), corrected)
    except IntegrityError as exc:  # a colleague's correction came first
        raise _already_corrected() from exc


def _already_corrected() -> InvalidInput:
    return InvalidInput(
        _("Anteckningen är redan rättad. Rätta den senaste rättelsen i stället."),
        code="already_corrected",
    )
