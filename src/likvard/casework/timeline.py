"""One timeline of a case: its steps and decisions, the journal and the documents.

Built from rows the page has already read (the report in full, the child's reports
and investigations) and two scoped reads (journal entries, documents), so the page's
queries do not grow with the length of the journal. Oldest first, as a journal is read.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from likvard.core.calendar import local_date

#: Events a page shows unless asked for all (`?journal=alla`): the latest, so that a
#: long journal does not make every visit to the case slow to draw.
SHOWN = 30


@dataclass(frozen=True)
class Event:
    """One row of the timeline: a step (`label`), a journal `entry` or a `document`."""

    day: datetime.date
    at: datetime.datetime | None
    label: str = ""
    report_id: int | None = None
    entry: object = None
    document: object = None


def _moment(value) -> tuple[datetime.date, datetime.datetime | None]:
    if isinstance(value, datetime.datetime):
        return local_date(value), value
    return value, None


def _step(value, label: str, report_id: int) -> Event:
    day, at = _moment(value)
    return Event(day=day, at=at, label=label, report_id=report_id)


def _decision_steps(report) -> list[Event]:
    pre = getattr(report, "pre_assessment", None)
    decision = getattr(pre, "decision", None) if pre is not None else None
    if decision is None:
        return []
    label = _("Beslut: %(kind)s") % {"kind": decision.get_kind_display()}
    return [_step(decision.decided_at, label, report.pk)]


def report_steps(report) -> list[Event]:
    """The recorded steps of one report read in full (`casework.selectors.visible_report`)."""
    steps = [_step(report.received_at, _("Orosanmälan inkom"), report.pk)]
    protection = getattr(report, "protection_assessment", None)
    if protection is not None:
        steps.append(_step(protection.assessed_at, _("Skyddsbedömning"), report.pk))
    for conversation in report.child_conversations.all():
        label = _("Barnsamtal") if conversation.held else _("Barnsamtal hölls inte")
        steps.append(_step(conversation.held_on or conversation.recorded_at, label, report.pk))
    for consideration in report.police_considerations.all():
        steps.append(
            _step(consideration.considered_on, _("Övervägande om polisanmälan"), report.pk)
        )
    steps += _decision_steps(report)
    for feedback in report.feedback.all():
        steps.append(_step(feedback.given_on, _("Återkoppling till anmälaren"), report.pk))
    return steps


def child_steps(reports, investigations) -> list[Event]:
    """Each report's receipt and decision, each investigation's opening and closing."""
    steps = []
    for report in reports:
        steps.append(_step(report.received_at, _("Orosanmälan inkom"), report.pk))
        steps += _decision_steps(report)
    for investigation in investigations:
        steps.append(_step(investigation.opened_on, _("Utredning inledd"), None))
        if investigation.completed_on:
            steps.append(_step(investigation.completed_on, _("Utredning avslutad"), None))
    return steps


def timeline(steps, entries, documents) -> list[Event]:
    """Steps, entries and documents in one list by date; corrected entries are marked."""
    corrected = {entry.corrects_id for entry in entries if entry.corrects_id}
    for entry in entries:
        entry.corrected = entry.pk in corrected
    events = [
        *steps,
        *(Event(day=e.event_date, at=e.signed_at, entry=e, report_id=e.report_id) for e in entries),
        *(
            Event(day=local_date(d.filed_at), at=d.filed_at, document=d, report_id=d.report_id)
            for d in documents
        ),
    ]
    far_past = timezone.make_aware(datetime.datetime(1900, 1, 1))
    return sorted(events, key=lambda event: (event.day, event.at or far_past))


@dataclass(frozen=True)
class Shown:
    """The events a page draws (the latest `SHOWN`, or all) and how many it leaves out."""

    events: list[Event]
    left_out: int
    total: int


def shown(events: list[Event], everything: bool) -> Shown:
    if everything or len(events) <= SHOWN:
        return Shown(events, 0, len(events))
    return Shown(events[-SHOWN:], len(events) - SHOWN, len(events))
