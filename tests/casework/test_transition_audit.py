"""Every transition's audit entry says what the step wrote; every row it created has its own.

The edges are enumerated from ALLOWED_TRANSITIONS (through test_workflow's pairs),
and each action's expectation is read back from the rows the service wrote, so a
new edge without an expectation here fails the coverage test.
"""

import json

import pytest

from likvard.access.models import AuditEntry
from likvard.casework.models import Investigation
from likvard.reports.workflow import ALLOWED_TRANSITIONS, Action, edge_for

from .helpers import last_audit_id
from .test_workflow import ALLOWED_PAIRS, actor_for, perform, prepare, subject_in

#: Free text the services are given in test_workflow.SERVICES: never in `after`.
FREE_TEXTS = (
    "Inget akut skyddsbehov.",
    "Skriftlig motivering.",
    "Särskilda skäl: barnet behöver höras med tolk.",
    "Anmälaren har inte gått att nå.",
    "Uppsala",
)


def _provision(provision):
    if provision is None:
        return None
    return {
        "id": provision.pk,
        "law": provision.law,
        "chapter": provision.chapter,
        "section": provision.section,
    }


def _assessed(report):
    protection, pre = report.protection_assessment, report.pre_assessment
    written = {"immediate_protection_needed": protection.immediate_protection_needed}
    created = {
        protection: {
            "assessed_at": protection.assessed_at.isoformat(),
            "immediate_protection_needed": protection.immediate_protection_needed,
        },
        pre: {"started_at": pre.started_at.isoformat()},
    }
    return written, created


def _decided(report):
    decision = report.pre_assessment.decision
    fields = {
        "decision": decision.pk,
        "kind": decision.kind,
        "provision": _provision(decision.provision),
    }
    written = dict(fields)
    created = {decision: {**fields, "decided_by": decision.decided_by_id}}
    if report.feedback_due is not None:
        written["feedback_due"] = report.feedback_due.isoformat()
    investigation = Investigation.objects.filter(opening_decision=decision).first()
    if investigation is not None:
        created[investigation] = {
            "decision": decision.pk,
            "opened_on": investigation.opened_on.isoformat(),
            "due_date": investigation.due_date.isoformat(),
            "assigned_to": None,
            "unit": None,
        }
    return written, created


def _extended(investigation):
    extension = investigation.extensions.get()
    dates = {
        "previous_due": extension.previous_due.isoformat(),
        "new_due": extension.new_due.isoformat(),
        "late": False,
    }
    assert dates["new_due"] == investigation.due_date.isoformat()
    return dates, {extension: dates}


def _completed(investigation):
    written = {
        "completed_on": investigation.completed_on.isoformat(),
        "outcome": investigation.outcome,
    }
    return written, {}


#: For each action: (what the transition entry's `after` holds beyond state, version
#: and ground; each created row with its own entry's `after`), from the written rows.
EXPECTED = {
    Action.ASSESS_PROTECTION: _assessed,
    Action.OPEN_INVESTIGATION: _decided,
    Action.NOT_OPEN: _decided,
    Action.JOIN_ONGOING: _decided,
    Action.TRANSFER: _decided,
    Action.ARCHIVE: lambda report: ({}, {}),
    Action.EXTEND_INVESTIGATION: _extended,
    Action.COMPLETE_INVESTIGATION: _completed,
}

#: The worker's stated ground goes in the entry's `reason` where the step has one.
REASONS = {Action.EXTEND_INVESTIGATION: "Särskilda skäl: barnet behöver höras med tolk."}


def test_every_action_of_the_table_has_an_expectation():
    assert {edge.action for edge in ALLOWED_TRANSITIONS} == set(EXPECTED)


@pytest.mark.parametrize(("machine", "state", "action"), ALLOWED_PAIRS)
def test_the_transition_entry_carries_what_the_step_wrote_and_each_created_row_its_own(
    machine, state, action, intake_a
):
    edge = edge_for(state, action)
    obj = subject_in(machine, state, intake_a)
    prepare(machine, obj, action, intake_a)
    version, since = obj.version, last_audit_id()
    actor = actor_for(action, intake_a)

    perform(machine, obj, action, actor)

    obj.refresh_from_db()
    written, created = EXPECTED[action](obj)
    entry = AuditEntry.objects.get(pk__gt=since, action=AuditEntry.Action.TRANSITION)
    summary = {"created": {row._meta.label_lower: row.pk for row in created}} if created else {}
    assert entry.after == {
        **written,
        **summary,
        "state": edge.target,
        "version": version + 1,
        "ground": edge.ground,
    }
    assert entry.reason == REASONS.get(action, "")

    creations = AuditEntry.objects.filter(
        pk__gt=since, action=AuditEntry.Action.CREATE, verb=action
    )
    assert {(e.object_type, e.object_id): e.after for e in creations} == {
        (row._meta.label_lower, row.pk): fields for row, fields in created.items()
    }
    for creation in creations:
        assert (creation.child_id, creation.district_id) == (obj.child_id, obj.district_id)
        assert creation.actor_id == actor.pk

    logged = json.dumps(
        [e.after for e in AuditEntry.objects.filter(pk__gt=since)], ensure_ascii=False
    )
    assert not [text for text in FREE_TEXTS if text in logged]


def test_an_opening_decision_logs_the_provision_as_law_chapter_and_section(intake_a):
    report = subject_in("report", "pre_assessment", intake_a)
    prepare("report", report, Action.OPEN_INVESTIGATION, intake_a)
    perform("report", report, Action.OPEN_INVESTIGATION, intake_a)
    entry = AuditEntry.objects.get(verb=Action.OPEN_INVESTIGATION, object_type="reports.report")
    assert entry.after["provision"]["law"] == "SoL 2025:400"
    assert entry.after["provision"]["chapter"] and entry.after["provision"]["section"]
