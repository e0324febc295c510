"""Writing what the rules found (on the case and in the audit log), and their settings.

`record_evaluations` is called by the casework services inside the transaction of
the step the rules gated, so the evaluations, overrides and co-signatures stand or
fall with it.

A rule switched off, re-tuned or taken out of force changes what every later
decision is checked against, so its settings (and the guideline sources the rules
cite) are written here with a before/after audit entry, never straight by the admin.
Settings are municipality-wide: their entries name no district.
"""

import datetime
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.errors import ConcurrentChange, NotFound, PermissionDenied
from likvard.organisation.services import AuditedConfiguration

from .effects import cosignature_requested, evaluation_rows, request_handled
from .engine import Evaluation
from .models import CoSignatureRequest, GuidelineSource, RuleEvaluation, RuleSetting
from .registry import registered_rule


def record_evaluations(
    evaluations: list[Evaluation],
    *,
    report,
    point: str,
    investigation=None,
    actor,
    at: datetime.datetime,
    decision=None,
    answers: Mapping | None = None,
    overrides: Mapping[str, str] | None = None,
    overridden_by=None,
    cosigned_by=None,
    cosign_reason: str = "",
) -> list[RuleEvaluation]:
    """Store each evaluation on the case (`effects.evaluation_rows`); audit the set, each
    override and each co-signature. `at` is the moment of the step the rules gated.

    At the closing of an investigation, `investigation` is the case the entries name;
    `report` is the report that opened it, or None when that is not on record.
    """
    overridden_by = overridden_by or actor
    case = investigation if investigation is not None else report
    rows = [
        RuleEvaluation(**row)
        for row in evaluation_rows(
            evaluations,
            report_id=getattr(report, "pk", None),
            investigation_id=getattr(investigation, "pk", None),
            decision_id=getattr(decision, "pk", None),
            point=point,
            evaluated_by_id=actor.pk,
            at=at,
            answers=answers,
            overrides=overrides,
            overridden_by_id=overridden_by.pk,
            cosigned_by_id=getattr(cosigned_by, "pk", None),
            cosign_reason=cosign_reason,
        )
    ]
    RuleEvaluation.objects.bulk_create(rows)
    common = {"child_id": case.child_id, "district_id": case.district_id}
    record(
        actor,
        AuditEntry.Action.CREATE,
        "guideline_evaluation",
        case,
        after={
            "point": point,
            "decision": getattr(decision, "pk", None),
            "outcomes": {row.rule_id: row.outcome for row in rows},
        },
        **common,
    )
    for row in rows:
        if row.override_reason:
            record(
                overridden_by,
                AuditEntry.Action.CREATE,
                "guideline_override",
                row,
                after={"rule": row.rule_id, "point": point, "severity": row.severity},
                reason=row.override_reason,
                **common,
            )
        if row.cosigned_by_id:
            record(
                cosigned_by,
                AuditEntry.Action.CREATE,
                "guideline_cosignature",
                row,
                after={"rule": row.rule_id, "point": point},
                reason=row.cosign_reason,
                **common,
            )
    return rows


# --- co-signature requests: the rows casework's decide and propose open and close -------


def open_request(actor, report, proposal: dict, rule_ids: list[str], now) -> CoSignatureRequest:
    """A proposal waiting for a supervisor's co-signature, logged (the caller supersedes
    any earlier one first, in the same transaction)."""
    request = CoSignatureRequest.objects.create(
        **cosignature_requested(
            report.pk,
            proposal=proposal,
            report_version=report.version,
            rule_ids=rule_ids,
            requested_by_id=actor.pk,
            at=now,
        )
    )
    record(
        actor,
        AuditEntry.Action.CREATE,
        "request_cosignature",
        request,
        child_id=report.child_id,
        district_id=report.district_id,
        after={"kind": proposal["kind"], "rules": request.rule_ids},
    )
    return request


def supersede_pending(actor, report, now) -> None:
    """A new proposal or another decision replaces a proposal waiting for co-signature."""
    status = CoSignatureRequest.Status.SUPERSEDED
    pending = CoSignatureRequest.objects.filter(
        report=report, status=CoSignatureRequest.Status.PENDING
    )
    for request in pending:
        CoSignatureRequest.objects.filter(pk=request.pk).update(
            **request_handled(status, handled_by_id=actor.pk, at=now)
        )
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "supersede_cosignature_request",
            request,
            child_id=report.child_id,
            district_id=report.district_id,
            before={"status": request.status},
            after={"status": status},
        )


def pending_for_update(actor, report_id: int, request_id: int) -> CoSignatureRequest:
    """The proposal waiting on the report, if it is still the one the supervisor read.

    A worker may replace a proposal while the supervisor reads it; signing by report
    alone would then sign a decision the supervisor never saw.
    """
    request = (
        CoSignatureRequest.objects.editable_by(actor)
        .select_for_update(of=("self",))
        .filter(report_id=report_id, status=CoSignatureRequest.Status.PENDING)
        .select_related("report", "requested_by")
        .first()
    )
    if request is None:
        raise NotFound()
    if not actor.holds("cosign_decisions"):
        raise PermissionDenied(_("Din roll får inte kontrasignera beslut."))
    if request.requested_by_id == actor.pk:
        raise PermissionDenied(
            _("Ett beslut kan inte kontrasigneras av den som har föreslagit det.")
        )
    if request.pk != request_id:
        raise ConcurrentChange(
            _("Förslaget har ersatts av ett nytt sedan du läste det. Läs det nya förslaget.")
        )
    return request


def handle(
    actor, request, verb: str, status: str, reason: str, after: dict, now: datetime.datetime
) -> None:
    """Close a co-signature request (co-signed or returned) and log it."""
    CoSignatureRequest.objects.filter(pk=request.pk).update(
        **request_handled(status, handled_by_id=actor.pk, at=now, reason=reason)
    )
    record(
        actor,
        AuditEntry.Action.UPDATE,
        verb,
        request,
        child_id=request.report.child_id,
        district_id=request.report.district_id,
        before={"status": request.status},
        after={"status": status, **after},
        reason=reason,
    )


def _rule(setting: RuleSetting) -> dict:
    """The rule a setting is about, by id and title."""
    rule = registered_rule(setting.rule_id)
    return {"id": setting.rule_id, "title": str(rule.title) if rule else None}


RULE_SETTINGS = AuditedConfiguration(
    RuleSetting,
    "guideline_setting",
    ("rule_id", "enabled", "severity", "parameters", "in_force_from", "in_force_until", "note"),
    identity={
        "rule": _rule,
        "in_force_from": lambda s: s.in_force_from.isoformat() if s.in_force_from else None,
    },
)
SOURCES = AuditedConfiguration(
    GuidelineSource,
    "guideline_source",
    ("key", "title", "issuer", "reference", "adopted_in", "summary"),
    identity={"source": lambda source: source.key},
)


def create_rule_setting(actor, setting: RuleSetting) -> RuleSetting:
    """Add a setting (an unsaved row); validated as the admin validates it."""
    RULE_SETTINGS.save(actor, setting)
    return setting


def change_rule_setting(actor, setting: RuleSetting, **changes) -> list[str]:
    """Switch a rule on or off, change its severity, parameters or period.

    Returns the fields that changed; an invalid value raises `ValidationError`
    and nothing is written.
    """
    return RULE_SETTINGS.save(actor, setting, **changes)


def delete_rule_setting(actor, setting: RuleSetting) -> None:
    RULE_SETTINGS.delete(actor, setting)


def save_guideline_source(actor, source: GuidelineSource, **changes) -> list[str]:
    return SOURCES.save(actor, source, **changes)


def delete_guideline_source(actor, source: GuidelineSource) -> None:
    SOURCES.delete(actor, source)


def verb_labels() -> dict[str, str]:
    """The Swedish label of every configuration verb written here (for the log review)."""
    return {**RULE_SETTINGS.labels(), **SOURCES.labels()}
