"""The demo's write path: a case written step by step as the services write it.

Each method is one service step, and computes its rows with the same effect function
the service calls (`reports.effects`, `casework.effects`, `guidelines.effects`); only
the saving differs: the rows go to the bulk writer's tables (`writer.py`) instead of
through the ORM, without locks or audit entries (the demo is written in one
transaction into a database without case data). What a step reads from the database
in the service (the provision in force, the investigator's unit) is given here as a
lookup. `tests/demo/test_same_rows.py` builds one case both ways and compares the rows.

Rows are dicts keyed by attname, with the id the writer will give them; a step
changes its report's or investigation's dict in place (state, version, due dates),
which the writer sends at its next flush.
"""

import dataclasses
import datetime
from collections.abc import Callable, Mapping

from likvard.casework import effects
from likvard.casework.effects import DecisionEffects, DecisionInput
from likvard.core.calendar import local_date
from likvard.guidelines.effects import cosignature_requested, evaluation_rows, request_handled
from likvard.guidelines.models import CoSignatureRequest
from likvard.journal.effects import entry_written
from likvard.reports.effects import concern_rows, feedback_given, report_registered
from likvard.reports.workflow import DECISION_ACTION, Action, edge_for

from .writer import TableWriter


class CaseWriter:
    """Writes cases through the effect functions into `tables` (name -> TableWriter).

    `provision(key, day)` is the id of the provision in force (`transitions.
    provision_in_force`); `unit_of` maps a worker to the unit snapshotted on the cases
    they handle; `late_from` is the municipality's LIKVARD_LATE_REPORT_FROM.
    """

    def __init__(
        self,
        tables: Mapping[str, TableWriter],
        *,
        provision: Callable[[str, datetime.date], int | None],
        unit_of: Mapping[int, int | None],
        late_from: datetime.time | None,
    ):
        self.tables = tables
        self.provision = provision
        self.unit_of = unit_of
        self.late_from = late_from

    def _add(self, table: str, row: dict) -> dict:
        self.tables[table].add(row)
        return row

    def register(
        self,
        *,
        district_id: int,
        child_id: int,
        received_at: datetime.datetime,
        details: dict,
        concerns,
        registered_by_id: int,
        handler_id: int | None,
        at: datetime.datetime,
    ) -> dict:
        """`reports.services.register_report`; the handler may differ from who registers."""
        report = self._add(
            "reports",
            report_registered(
                district_id=district_id,
                child_id=child_id,
                received_at=received_at,
                details=details,
                registered_by_id=registered_by_id,
                handler_id=handler_id,
                handler_unit_id=self.unit_of.get(handler_id),
                late_from=self.late_from,
                at=at,
            ),
        )
        for row in concern_rows(report["id"], concerns):
            self._add("concerns", row)
        return report

    def assess_protection(
        self,
        report: dict,
        *,
        at: datetime.datetime,
        assessed_by_id: int,
        immediate_protection_needed: bool,
        assessment: str,
    ) -> dict:
        """`casework.services.assess_protection`; returns the pre-assessment row."""
        protection, pre_assessment, alert = effects.protection_assessed(
            report["id"],
            at=at,
            assessed_by_id=assessed_by_id,
            immediate_protection_needed=immediate_protection_needed,
            assessment=assessment,
        )
        self._add("protection", protection)
        if alert is not None:
            self._add("alerts", alert)
        report.update(
            effects.advanced(report["state"], report["version"], Action.ASSESS_PROTECTION)
        )
        return self._add("pre", pre_assessment)

    def conversation(self, report: dict, **values) -> dict:
        """`casework.services.record_child_conversation` (`effects.child_conversation`)."""
        return self._add("conversations", effects.child_conversation(report["id"], **values))

    def police(self, report: dict, **values) -> dict:
        """`casework.services.record_police_consideration`."""
        return self._add("police", effects.police_consideration(report["id"], **values))

    def decide(
        self,
        report: dict,
        pre_assessment: dict,
        data: DecisionInput,
        *,
        decided_by_id: int,
        at: datetime.datetime,
    ) -> DecisionEffects:
        """The decision `casework.services.decide` writes, with the investigation it opens
        (its rows carry their ids); the rules' evaluations are written by `evaluations`."""
        ground = edge_for(report["state"], DECISION_ACTION[data.kind]).ground
        taken = effects.decision_taken(
            data,
            report,
            pre_assessment_id=pre_assessment["id"],
            decided_by_id=decided_by_id,
            provision_id=self.provision(ground, local_date(at)),
            investigator_unit_id=self.unit_of.get(data.investigator),
            at=at,
        )
        decision = self._add("decisions", taken.decision)
        report.update(taken.report)
        if taken.investigation is not None:
            taken.investigation["opening_decision_id"] = decision["id"]
            self._add("investigations", taken.investigation)
        return taken

    def evaluations(self, evaluations, **values) -> list[dict]:
        """`guidelines.services.record_evaluations` (the values of `evaluation_rows`)."""
        return [self._add("evaluations", row) for row in evaluation_rows(evaluations, **values)]

    def cosignature(
        self,
        report: dict,
        data: DecisionInput,
        *,
        rule_ids: list[str],
        requested_by_id: int,
        requested_at: datetime.datetime,
        cosigned_by_id: int,
        reason: str,
        at: datetime.datetime,
    ) -> dict:
        """A proposal (`request_cosignature`) co-signed at `at` (`cosign_decision`), made
        at the report's version before the decision."""
        request = cosignature_requested(
            report["id"],
            proposal=dataclasses.asdict(data),
            report_version=report["version"],
            rule_ids=rule_ids,
            requested_by_id=requested_by_id,
            at=requested_at,
        )
        request.update(
            request_handled(
                CoSignatureRequest.Status.COSIGNED,
                handled_by_id=cosigned_by_id,
                at=at,
                reason=reason,
            )
        )
        return self._add("cosignatures", request)

    def extend(
        self,
        investigation: dict,
        *,
        new_due: datetime.date,
        reason: str,
        decided_by_id: int,
        at: datetime.datetime,
    ) -> dict:
        """`casework.services.extend_investigation`."""
        extension, fields = effects.investigation_extended(
            investigation,
            investigation_id=investigation["id"],
            new_due=new_due,
            reason=reason,
            decided_by_id=decided_by_id,
            at=at,
        )
        investigation.update(fields)
        return self._add("extensions", extension)

    def complete(self, investigation: dict, *, completed_on: datetime.date, outcome: str) -> None:
        """`casework.services.complete_investigation`."""
        investigation.update(
            effects.investigation_completed(
                investigation, completed_on=completed_on, outcome=outcome
            )
        )

    def feedback(self, report: dict, **values) -> dict:
        """`reports.services.record_feedback` (the values of `feedback_given`)."""
        return self._add("feedback", feedback_given(report["id"], **values))

    def journal(self, report: dict, **values) -> dict:
        """`journal.services.write_entry` (the values of `entry_written`)."""
        return self._add("journal", entry_written(report=report, **values))
