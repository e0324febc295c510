"""Receiving a report from the e-service, routing it, and registering it as a report.

A submission is committed, with its report when its district is known, before the
reporter sees a receipt; a resent form (double click, retry, back button) carries the
same idempotency key and gets the receipt of the first. The report is registered
through `reports.services.register_submitted_report` by the e-service's own account,
which belongs to no district and cannot sign in.
"""

import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import moment
from likvard.core.errors import InvalidInput
from likvard.partners.services import link_report_source
from likvard.reports.services import register_submitted_report

from . import postcodes, receipts, selectors
from .models import PostalCodeArea, Route, Submission
from .payload import report_input
from .vocabulary import SCHOOL_REPORTERS

#: The e-service's account: registers its reports; no role, no password, no sign-in.
REGISTRAR_USERNAME = "e-tjanst"
#: Letters of a reference number: no 0/O or 1/I to misread over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def registrar():
    user, _created = get_user_model().objects.get_or_create(
        username=REGISTRAR_USERNAME,
        defaults={"first_name": "E-tjänsten", "is_active": False, "password": "!"},
    )
    return user


def new_reference(at) -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"ET-{at:%y}-{code}"


def route_of(payload: dict) -> tuple[int | None, str]:
    """The district by the child's postal code, else by the school's district, else
    none (the central queue)."""
    district_id = selectors.district_of_postal_code(payload.get("child_postal_code", ""))
    if district_id:
        return district_id, Route.POSTAL_CODE
    if payload.get("reporter_type") in SCHOOL_REPORTERS and payload.get("organisation_district"):
        return payload["organisation_district"], Route.SCHOOL
    return None, ""


def receive(payload: dict, key, *, at=None) -> tuple[Submission, bool]:
    """Store a report sent through the e-service; (the submission, whether it is new).

    The same key again returns the first submission, however the two requests
    interleave: the key is unique, so a second insert waits for the first and fails,
    and the first is read then. (No lookup before the insert: a resent form is rare, and
    every new report would pay for it.)
    """
    now = moment(at)
    district_id, route = route_of(payload)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                idempotency_key=key,
                reference=new_reference(now),
                received_at=now,
                receipt_email=payload.get("reporter_email", "") or "",
                payload=payload,
                postal_code=payload.get("child_postal_code", ""),
                school=payload.get("child_school", "")[:200],
            )
            actor = registrar()
            record(
                actor,
                AuditEntry.Action.CREATE,
                "receive_public_report",
                submission,
                district_id=district_id,
                after={"reference": submission.reference, "route": route or "central"},
            )
            if district_id:
                _register_or_leave_central(actor, submission, district_id, route, now)
            receipts.send_after_commit(submission)
    except IntegrityError:
        existing = selectors.by_key(key)
        if existing is None:
            raise
        return existing, False
    return submission, True


def _register_or_leave_central(actor, submission, district_id, route, now) -> None:
    """Register in the district; a report the registration refuses (a child's number
    that became an adult's since the form was checked) stays in the central queue."""
    try:
        with transaction.atomic():
            _register(actor, submission, district_id, route, now)
    except InvalidInput:
        submission.report = None
        submission.district_id = None
        submission.route = ""


def _register(actor, submission: Submission, district_id: int, route: str, at) -> None:
    data = report_input(submission.payload, submission.reference, submission.received_at)
    report = register_submitted_report(actor, data, district_id, at=at)
    partner_id = submission.payload.get("organisation_id")
    if partner_id:
        try:
            with transaction.atomic():
                link_report_source(report, partner_id, actor=actor)
        except InvalidInput:
            pass  # left the registry since it was sent: its name is on the report
    submission.report = report
    submission.district_id = district_id
    submission.route = route
    submission.payload = {}
    submission.save(update_fields=["report", "district", "route", "payload"])


def route_to_district(actor, submission_id: int, district_id: int, *, at=None) -> Submission:
    """A supervisor clears a submission from the central queue: registered in the
    district chosen, where an intake worker takes it."""
    if not selectors.district_exists(district_id):
        raise InvalidInput(_("Välj ett stadsdelsområde."), code="invalid_choice", field="district")
    now = moment(at)
    with transaction.atomic():
        submission = selectors.waiting_for_update(actor, submission_id)
        submission.routed_by = actor
        submission.save(update_fields=["routed_by"])
        _register(registrar(), submission, district_id, Route.SUPERVISOR, now)
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "route_public_report",
            submission,
            child_id=submission.report.child_id,
            district_id=district_id,
            after={"district": district_id, "report": submission.report_id},
        )
    return submission


def import_postal_codes(raw: bytes) -> tuple[int, list]:
    """Replace the postal-code table with a CSV file's, only when the whole file is
    clean: (rows imported, problems). With any problem nothing changes."""
    table, problems = postcodes.read(raw, selectors.district_keys())
    if problems:
        return 0, problems
    with transaction.atomic():
        PostalCodeArea.objects.all().delete()
        PostalCodeArea.objects.bulk_create(
            PostalCodeArea(postal_code=code, district_id=district)
            for code, district in sorted(table.items())
        )
    return len(table), []
