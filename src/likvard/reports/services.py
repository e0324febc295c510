"""Registering reports of concern and recording feedback to the reporter.

What each writes is computed by `effects.py` (shared with the demo generator and the
test builders); the moment is `at=` (default now), so a case can be written as of a date.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.scoping import writable_district_id
from likvard.access.services import record
from likvard.core.calendar import local_date, moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import EarlierEvent, check_not_future, check_text
from likvard.people import services as people
from likvard.people.services import ChildInput, PersonInput, resolve_child

from . import dates
from .effects import concern_rows, feedback_given, report_registered
from .models import Channel, Concern, Feedback, Report, ReportConcern, ReporterType


@dataclass
class ReportInput:
    child: ChildInput
    received_at: datetime.datetime
    channel: str
    reporter_type: str
    reporter_mandated: bool
    reporter_wants_feedback: bool
    description: str
    concerns: list[str] = field(default_factory=list)
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_contact: str = ""
    #: The other children the same report concerns: one Report each, registered together.
    more_children: list[ChildInput] = field(default_factory=list)
    #: Guardians and household members, recorded for every child of the report.
    family: list[PersonInput] = field(default_factory=list)
    #: Record the guardians the population register holds for each child with a number.
    fetch_guardians: bool = False
    #: Link the report's children to one another as siblings.
    children_are_siblings: bool = True


def _validate(data: ReportInput) -> None:
    check_not_future(data.received_at, "received_at")
    if data.received_at.year < 2000:
        raise InvalidInput(
            _("Datumet är orimligt tidigt."), code="date_too_early", field="received_at"
        )
    choices = {
        "channel": (data.channel, Channel),
        "reporter_type": (data.reporter_type, ReporterType),
    }
    for name, (value, enum) in choices.items():
        if value not in enum.values:
            raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field=name)
    if not data.concerns:
        raise InvalidInput(_("Ange minst en orsak till oro."), code="required", field="concerns")
    if any(c not in Concern.values for c in data.concerns):
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="concerns")
    check_text(data.description, "description")
    for name in ("reporter_name", "reporter_organisation", "reporter_contact"):
        check_text(getattr(data, name), name, required=False, max_length=200)


def _children(data: ReportInput, today) -> list:
    """Each child of the report once (the same child twice is refused)."""
    children = [resolve_child(data.child, today)]
    for more in data.more_children:
        try:
            children.append(resolve_child(more, today))
        except InvalidInput as exc:  # say which child: the others are in one field
            exc.field = "more_children"
            raise
    if len({c.pk for c in children}) < len(children):
        raise InvalidInput(
            _("Samma barn är angivet två gånger."), code="child_twice", field="more_children"
        )
    return children


def _record_family(actor, data: ReportInput, children, district_id: int, at) -> None:
    """The report's guardians and household for each child, and the sibling links."""
    today = local_date(at)
    fetched = {}
    if data.fetch_guardians:
        for child in children:
            if child.personal_number:
                for guardian in people.guardians_from_register(child.personal_number, today):
                    fetched.setdefault(guardian.personal_number, guardian)
    typed_numbers = [
        people.person_number(p, today) for p in data.family if p.personal_number.strip()
    ]
    if len(set(typed_numbers)) < len(typed_numbers) or set(typed_numbers) & set(fetched):
        raise InvalidInput(
            _("Samma person är angiven två gånger."),
            code="already_recorded",
            field="person_personal_number",
        )
    # A child reported before may have the register's guardians and its siblings already.
    people.add_relations(
        actor, children, list(fetched.values()), district_id, at, known_is_fine=True
    )
    people.add_relations(actor, children, data.family, district_id, at)
    if data.children_are_siblings:
        for i, first in enumerate(children):
            for second in children[i + 1 :]:
                people.link_children(actor, first, second, district_id, at, known_is_fine=True)


def register_report(actor, data: ReportInput, *, at: datetime.datetime | None = None) -> Report:
    """Register a report in the actor's own district and start its clocks.

    The district is always the actor's: a district in the input is never trusted.
    The registering actor handles it. A report about several children is one
    Report per child (each with its own pre-assessment and clocks), the others
    `registered_with` the first, which is returned.
    """
    district_id = writable_district_id(actor)
    if district_id is None:
        raise PermissionDenied(_("Din roll får inte registrera orosanmälningar."))
    return _register(actor, data, district_id, handler=actor, at=at)


def register_submitted_report(
    registrar, data: ReportInput, district_id: int, *, at: datetime.datetime | None = None
) -> Report:
    """Register a report that arrived by itself (the e-service) in `district_id`.

    The district comes from the routing of the submission, not from the registrar
    (the e-service's own account, which belongs to no district), and nobody handles
    the report yet: it waits unassigned in the district's intake queue until an
    intake worker takes it and checks the child's identity.
    """
    return _register(registrar, data, district_id, handler=None, at=at)


def _register(actor, data: ReportInput, district_id: int, *, handler, at) -> Report:
    _validate(data)
    now = moment(at)
    with transaction.atomic():
        children = _children(data, local_date(now))
        first = None
        for child in children:
            report = _register_one(actor, data, child, district_id, now, first, handler)
            first = first or report
        _record_family(actor, data, children, district_id, now)
    return first


def _register_one(actor, data: ReportInput, child, district_id: int, now, first, handler) -> Report:
    report = Report.objects.create(
        **report_registered(
            district_id=district_id,
            child_id=child.pk,
            received_at=data.received_at,
            details={
                "channel": data.channel,
                "reporter_type": data.reporter_type,
                "reporter_mandated": data.reporter_mandated,
                "reporter_wants_feedback": data.reporter_wants_feedback,
                "reporter_name": data.reporter_name.strip(),
                "reporter_organisation": data.reporter_organisation.strip(),
                "reporter_contact": data.reporter_contact.strip(),
                "description": data.description.strip(),
            },
            registered_by_id=actor.pk,
            handler_id=getattr(handler, "pk", None),
            handler_unit_id=getattr(handler, "unit_id", None),
            late_from=settings.LIKVARD_LATE_REPORT_FROM,
            at=now,
            registered_with_id=first.pk if first else None,
        )
    )
    ReportConcern.objects.bulk_create(
        ReportConcern(**row) for row in concern_rows(report.pk, data.concerns)
    )
    record(
        actor,
        AuditEntry.Action.CREATE,
        "register_report",
        report,
        child_id=child.pk,
        district_id=district_id,
        after={
            "state": report.state,
            "protection_due": str(report.protection_due),
            "decision_due": str(report.decision_due),
            "concerns": sorted(set(data.concerns)),
            "assigned_to": report.assigned_to_id,
            "unit": report.unit_id,
            "registered_with": report.registered_with_id,
        },
    )
    return report


def record_feedback(
    actor,
    report_id: int,
    *,
    given_on: datetime.date,
    method: str,
    note: str = "",
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> Feedback:
    """Record that the reporter was told the outcome (after the decision only); given
    before today, with `backdating_reason` (see `dates.event_date`)."""
    now = moment(at)
    with transaction.atomic():
        report = Report.objects.editable_by(actor).select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        if report.is_open:
            raise InvalidInput(
                _("Återkoppling lämnas när beslut om utredning är fattat."),
                code="not_decided",
            )
        if method not in Feedback.Method.values:
            raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field="method")
        backdating_reason = dates.event_date(
            report.district,
            given_on,
            "given_on",
            earlier=EarlierEvent(
                local_date(report.pre_assessment.decision.decided_at), _("beslutet")
            ),
            reason=backdating_reason,
            now=now,
        )
        feedback = Feedback.objects.create(
            **feedback_given(
                report.pk,
                given_on=given_on,
                method=method,
                note=check_text(note, "note", required=False, max_length=500),
                given_by_id=actor.pk,
                at=now,
                backdating_reason=backdating_reason,
            )
        )
        record(
            actor,
            AuditEntry.Action.CREATE,
            "record_feedback",
            feedback,
            child_id=report.child_id,
            district_id=report.district_id,
            after={"given_on": str(given_on), "method": method},
        )
        dates.record_backdating(actor, feedback, report, "given_on", given_on, backdating_reason)
    return feedback


def record_undelivered(
    actor, feedback_id: int, *, undelivered_on: datetime.date, at: datetime.datetime | None = None
) -> Feedback:
    """Record that a feedback letter or e-mail came back undelivered on a day: the
    reporter was not told, so it stops counting as given (`report_facts`). Kept, not
    deleted: that it was sent is part of the case. Not before it was given, not in the
    future; recorded once."""
    now = moment(at)
    with transaction.atomic():
        feedback = (
            Feedback.objects.editable_by(actor)
            .select_for_update()
            .select_related("report")
            .filter(pk=feedback_id)
            .first()
        )
        if feedback is None:
            raise NotFound()
        check_not_future(undelivered_on, "undelivered_on", now=now)
        if undelivered_on < feedback.given_on:
            raise InvalidInput(
                _("Datumet kan inte vara före dagen återkopplingen skickades."),
                code="before_sent",
                field="undelivered_on",
            )
        if feedback.undelivered_on is not None:
            return feedback
        feedback.undelivered_on = undelivered_on
        feedback.save(update_fields=["undelivered_on"])
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "record_feedback_undelivered",
            feedback,
            child_id=feedback.report.child_id,
            district_id=feedback.report.district_id,
            after={"undelivered_on": str(undelivered_on)},
        )
    return feedback


def write_fields(report: Report, fields: dict) -> None:
    """Store fields a step computed for a report the caller holds locked, and keep
    the instance in step with the row."""
    Report.objects.filter(pk=report.pk).update(**fields)
    for name, value in fields.items():
        setattr(report, name, value)
