"""What each casework step writes, as plain values: one definition for every writer.

The services (`services.py`) call these functions and save what they return through
the ORM, under their locks and with their audit entries; the demo generator hands the
same values to its bulk writer (`demo/cases.py`), and the indicator tests' builders
save them as the services would. A rule changed here (a due date, what a decision sets
on its report) so changes every writer at once, instead of diverging silently.

Each function takes the case's current values, the step's input and the moment it
happens (`at`), and returns rows and field values as dicts keyed by attname (`report_id`,
not `report`). They neither read nor write the database and take no model instances:
the demo calls them hundreds of thousands of times, so they stay plain Python.
Checks that need the database (scope, locks, the rules in force) stay in the services.
"""

import datetime
from dataclasses import dataclass, field

from likvard.core.calendar import local_date
from likvard.guidelines.context import Proposal
from likvard.reports import deadlines
from likvard.reports.workflow import DECISION_ACTION, Action, InvestigationState, edge_for

from .models import Decision


@dataclass(frozen=True)
class DecisionInput:
    """A decision as the worker proposes it, with the answers and overrides the rules ask for.

    The one input of `decide()` and `request_cosignature()`, and what a co-signature
    request stores as its proposal (`dataclasses.asdict`).
    """

    kind: str
    motivation: str = ""
    exceptional_reason: str = ""
    transfer_municipality: str = ""
    answers: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    #: The investigator named for the investigation an opening decision starts
    #: (None: it goes to the district's unassigned list).
    investigator: int | None = None

    @property
    def proposal(self) -> Proposal:
        return Proposal(
            self.kind, self.motivation, self.exceptional_reason, self.transfer_municipality
        )


def advanced(state: str, version: int, action: str) -> dict:
    """The state and version a transition leaves on its row (the edge of the workflow table).

    Raises LookupError for an edge the table does not have: callers that may meet one
    (the services) check it first with `transitions.lock_for`.
    """
    edge = edge_for(state, action)
    if edge is None:
        raise LookupError(f"no edge from {state} by {action}")
    return {"state": edge.target, "version": version + 1}


def protection_assessed(
    report_id: int,
    *,
    at: datetime.datetime,
    assessed_by_id: int,
    immediate_protection_needed: bool,
    assessment: str,
) -> tuple[dict, dict, dict | None]:
    """The protection assessment, the pre-assessment it starts and, when the child
    needs protection at once, the alert to the district's supervisors; all at `at`."""
    protection = {
        "report_id": report_id,
        "assessed_at": at,
        "assessment": assessment,
        "assessed_by_id": assessed_by_id,
        "immediate_protection_needed": immediate_protection_needed,
    }
    alert = (
        {"report_id": report_id, "raised_at": at, "raised_by_id": assessed_by_id}
        if immediate_protection_needed
        else None
    )
    return protection, {"report_id": report_id, "started_at": at}, alert


def immediate_step(
    report_id: int,
    *,
    kind: str,
    outcome: str,
    motivation: str,
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """A next step after an immediate protection need, weighed and recorded."""
    return {
        "report_id": report_id,
        "kind": kind,
        "outcome": outcome,
        "motivation": motivation,
        "recorded_by_id": recorded_by_id,
        "recorded_at": at,
    }


def child_conversation(
    report_id: int,
    *,
    held: bool,
    held_on: datetime.date | None,
    not_held_reason: str,
    notes: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    """A conversation held on a day, or the reason there was none (never both); with why
    it is dated before the day it was recorded, if it is."""
    return {
        "report_id": report_id,
        "held": held,
        "held_on": held_on if held else None,
        "not_held_reason": "" if held else not_held_reason,
        "notes": notes,
        "recorded_by_id": recorded_by_id,
        "recorded_at": at,
        "backdating_reason": backdating_reason if held else "",
    }


def police_consideration(
    report_id: int,
    *,
    considered_on: datetime.date,
    outcome: str,
    motivation: str,
    reconsider_on: datetime.date | None,
    recorded_by_id: int,
    backdating_reason: str = "",
) -> dict:
    """Whether suspected violence is reported to the police, and when to look again."""
    return {
        "report_id": report_id,
        "considered_on": considered_on,
        "outcome": outcome,
        "motivation": motivation,
        "reconsider_on": reconsider_on,
        "recorded_by_id": recorded_by_id,
        "backdating_reason": backdating_reason,
    }


@dataclass(frozen=True)
class DecisionEffects:
    """What a decision writes: its row, the fields of its report, the investigation it opens."""

    decision: dict
    #: State, version and (for a mandated reporter who asked) the feedback due date.
    report: dict
    #: The investigation an opening decision starts, without `opening_decision_id`
    #: (the decision's id is the writer's to give); None for the other kinds.
    investigation: dict | None


def decision_taken(
    data: DecisionInput,
    report: dict,
    *,
    pre_assessment_id: int,
    decided_by_id: int,
    provision_id: int | None,
    investigator_unit_id: int | None,
    at: datetime.datetime,
) -> DecisionEffects:
    """The decision that ends a pre-assessment, taken at `at`.

    `report` holds the report's current `state`, `version`, `district_id`, `child_id`,
    `reporter_mandated` and `reporter_wants_feedback`; `provision_id` is the legal
    ground in force on the day (`transitions.provision_in_force`), and
    `investigator_unit_id` the unit of `data.investigator`, snapshotted on the case.
    """
    today = local_date(at)
    decision = {
        "pre_assessment_id": pre_assessment_id,
        "kind": data.kind,
        "motivation": data.motivation,
        "exceptional_reason": data.exceptional_reason,
        "transfer_municipality": data.transfer_municipality,
        "decided_at": at,
        "decided_by_id": decided_by_id,
        "provision_id": provision_id,
    }
    report_fields = advanced(report["state"], report["version"], DECISION_ACTION[data.kind])
    if report["reporter_mandated"] and report["reporter_wants_feedback"]:
        report_fields["feedback_due"] = deadlines.feedback_due(
            today, immediate=data.kind == Decision.Kind.ALREADY_ONGOING
        )
    investigation = None
    if data.kind == Decision.Kind.OPEN_INVESTIGATION:
        investigation = investigation_opened(
            district_id=report["district_id"],
            child_id=report["child_id"],
            opened_on=today,
            assigned_to_id=data.investigator,
            unit_id=investigator_unit_id if data.investigator else None,
        )
    return DecisionEffects(decision, report_fields, investigation)


def investigation_opened(
    *,
    district_id: int,
    child_id: int,
    opened_on: datetime.date,
    assigned_to_id: int | None,
    unit_id: int | None,
) -> dict:
    """An investigation opened on `opened_on`, ongoing, due four months later (the
    statutory date, kept beside the due date that extensions move); without
    `opening_decision_id` (the writer links it to the decision that opens it)."""
    due = deadlines.investigation_due(opened_on)
    return {
        "district_id": district_id,
        "child_id": child_id,
        "opened_on": opened_on,
        "statutory_due_date": due,
        "due_date": due,
        "state": InvestigationState.ONGOING,
        "version": 1,
        "completed_on": None,
        "completion_backdating_reason": "",
        "extended_late": False,
        "outcome": "",
        "assigned_to_id": assigned_to_id,
        "unit_id": unit_id,
    }


def investigation_extended(
    investigation: dict,
    *,
    investigation_id: int,
    new_due: datetime.date,
    reason: str,
    decided_by_id: int,
    at: datetime.datetime,
) -> tuple[dict, dict]:
    """(extension row, investigation fields): the due date moves to `new_due`.

    `investigation` holds its current `state`, `version` and `due_date`. Decided after
    that due date (Stockholm's calendar), the extension is late: so stored on it, and on
    the investigation for good (a later timely extension does not clear it).
    """
    late = local_date(at) > investigation["due_date"]
    extension = {
        "investigation_id": investigation_id,
        "reason": reason,
        "previous_due": investigation["due_date"],
        "new_due": new_due,
        "decided_at": at,
        "decided_by_id": decided_by_id,
        "late": late,
    }
    fields = advanced(investigation["state"], investigation["version"], Action.EXTEND_INVESTIGATION)
    fields["due_date"] = new_due
    if late:
        fields["extended_late"] = True
    return extension, fields


def investigation_completed(
    investigation: dict, *, completed_on: datetime.date, outcome: str, backdating_reason: str = ""
) -> dict:
    """The fields a completed investigation gets. `investigation`: its `state` and `version`;
    `backdating_reason`: why `completed_on` is before the day it was recorded, if it is."""
    fields = advanced(
        investigation["state"], investigation["version"], Action.COMPLETE_INVESTIGATION
    )
    return {
        **fields,
        "completed_on": completed_on,
        "outcome": outcome,
        "completion_backdating_reason": backdating_reason,
    }
