"""What registering a report and giving feedback write, as plain values.

One definition for every writer: `services.py` saves these rows through the ORM with
its audit entries, the demo generator hands them to its bulk writer and the
indicator tests' builders save them as the service would (see `casework/effects.py`,
which does the same for the steps after registration). Plain Python on plain values,
no database.
"""

import datetime

from . import deadlines
from .workflow import ReportState


def report_registered(
    *,
    district_id: int,
    child_id: int,
    received_at: datetime.datetime,
    details: dict,
    registered_by_id: int,
    handler_id: int | None,
    handler_unit_id: int | None,
    late_from: datetime.time | None,
    at: datetime.datetime,
    registered_with_id: int | None = None,
) -> dict:
    """A report registered at `at`, in RECEIVED with its clocks started by its receipt.

    `details` are the reporter's and the description fields as stored; `handler_id`
    handles it (the service: whoever registers it), with `handler_unit_id` snapshotted;
    `late_from` is the municipality's LIKVARD_LATE_REPORT_FROM; `registered_with_id`
    names the first report when one report concerns several children.
    """
    return {
        "district_id": district_id,
        "child_id": child_id,
        "registered_with_id": registered_with_id,
        "received_at": received_at,
        **details,
        "state": ReportState.RECEIVED,
        "version": 1,
        "protection_due": deadlines.protection_assessment_due(received_at, late_from),
        "decision_due": deadlines.pre_assessment_due(received_at),
        "feedback_due": None,
        "registered_at": at,
        "registered_by_id": registered_by_id,
        "assigned_to_id": handler_id,
        "unit_id": handler_unit_id,
    }


def concern_rows(report_id: int, concerns) -> list[dict]:
    """One row per distinct concern, in a stable order."""
    return [{"report_id": report_id, "category": c} for c in sorted(set(concerns))]


def feedback_given(
    report_id: int,
    *,
    given_on: datetime.date,
    method: str,
    note: str,
    given_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    """The feedback to the reporter, given on `given_on` and recorded at `at` (with why it
    is dated before the day it was recorded, if it is)."""
    return {
        "report_id": report_id,
        "given_on": given_on,
        "method": method,
        "note": note,
        "given_by_id": given_by_id,
        "created_at": at,
        "backdating_reason": backdating_reason,
    }
