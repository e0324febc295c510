"""The rows the rules leave on a case, as plain values: evaluations and co-signature requests.

One definition for every writer: `services.record_evaluations` and the casework
services save these rows through the ORM with their audit entries; the demo
generator hands them to its bulk writer, and the indicator tests' builders save
them as the services would. Plain Python, no database.
"""

import datetime
from collections.abc import Mapping

from .engine import Evaluation
from .models import CoSignatureRequest
from .vocabulary import Severity


def evaluation_rows(
    evaluations: list[Evaluation],
    *,
    report_id: int | None,
    decision_id: int | None,
    point: str,
    evaluated_by_id: int,
    at: datetime.datetime,
    answers: Mapping | None = None,
    overrides: Mapping[str, str] | None = None,
    overridden_by_id: int | None = None,
    cosigned_by_id: int | None = None,
    cosign_reason: str = "",
    investigation_id: int | None = None,
) -> list[dict]:
    """A row per evaluation, with the override and co-signature that got the step past it.

    At the closing of an investigation the rows name the investigation, and the report
    whose decision opened it (None when that is not on record).

    Only failing warnings keep an override and only failing co-signature rules keep
    the co-signature: a reason given for a rule that passed is not an override.
    `overridden_by_id` defaults to whoever completed the step (`evaluated_by_id`).
    """
    answers, overrides = answers or {}, overrides or {}
    rows = []
    for e in evaluations:
        row = {
            "report_id": report_id,
            "investigation_id": investigation_id,
            "decision_id": decision_id,
            "decision_point": point,
            "rule_id": e.rule.id,
            "rule_title": str(e.rule.title)[:200],
            "outcome": e.outcome,
            "severity": e.severity,
            "message": e.message,
            "parameters": e.parameters,
            "answer": {q.name: answers[q.name] for q in e.rule.questions if q.name in answers},
            "evaluated_at": at,
            "evaluated_by_id": evaluated_by_id,
            "override_reason": "",
            "overridden_by_id": None,
            "cosigned_by_id": None,
            "cosign_reason": "",
            "cosigned_at": None,
        }
        if e.failed and e.severity == Severity.WARN and e.rule.id in overrides:
            row["override_reason"] = overrides[e.rule.id]
            row["overridden_by_id"] = overridden_by_id or evaluated_by_id
        if e.failed and e.severity == Severity.COSIGN and cosigned_by_id is not None:
            row.update(cosigned_by_id=cosigned_by_id, cosign_reason=cosign_reason, cosigned_at=at)
        rows.append(row)
    return rows


def cosignature_requested(
    report_id: int,
    *,
    proposal: dict,
    report_version: int,
    rule_ids: list[str],
    requested_by_id: int,
    at: datetime.datetime,
) -> dict:
    """A proposed decision waiting for a supervisor (`proposal`: the decision's input)."""
    return {
        "report_id": report_id,
        "proposal": proposal,
        "report_version": report_version,
        "rule_ids": rule_ids,
        "requested_by_id": requested_by_id,
        "requested_at": at,
        "status": CoSignatureRequest.Status.PENDING,
        "handled_by_id": None,
        "handled_at": None,
        "handler_reason": "",
    }


def request_handled(
    status: str, *, handled_by_id: int, at: datetime.datetime, reason: str = ""
) -> dict:
    """The fields a request gets when it is co-signed, returned or superseded."""
    return {
        "status": status,
        "handled_by_id": handled_by_id,
        "handled_at": at,
        "handler_reason": reason,
    }
