"""What each BBIC step writes, as plain values: one definition for every writer.

The services (`services.py`) save these rows through the ORM under their scope, locks
and audit entries; the demo generator hands the same values to its bulk writer. Each
function takes the step's (already checked) input and the moment (`at`) and returns
rows as dicts keyed by attname; none reads or writes the database. Many-to-many
participants and recipients are returned as id lists beside the row (`*_ids`), for the
writer to attach.
"""

import datetime

from .models import InterpreterKind, MeetingKind


def _recorded(recorded_by_id: int, at: datetime.datetime) -> dict:
    return {"recorded_by_id": recorded_by_id, "recorded_at": at}


def plan_revised(
    investigation_id: int,
    *,
    previous_revision: int,
    questions: str,
    informants: str,
    timetable: str,
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """The plan's next revision (the first is 1)."""
    return {
        "investigation_id": investigation_id,
        "revision": previous_revision + 1,
        "questions": questions,
        "informants": informants,
        "timetable": timetable,
        **_recorded(recorded_by_id, at),
    }


def area_revised(
    investigation_id: int,
    area: str,
    *,
    previous_revision: int,
    needs: str,
    protective_factors: str,
    risk_factors: str,
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """An area's next revision of needs, protective and risk factors."""
    return {
        "investigation_id": investigation_id,
        "area": area,
        "revision": previous_revision + 1,
        "needs": needs,
        "protective_factors": protective_factors,
        "risk_factors": risk_factors,
        **_recorded(recorded_by_id, at),
    }


def meeting(
    investigation_id: int,
    *,
    kind: str,
    held_on: datetime.date,
    child_took_part: bool,
    participant_ids: list[int],
    other_participants: str = "",
    interpreter_needed: str = InterpreterKind.NONE,
    interpreter_used: str = InterpreterKind.NONE,
    language: str = "",
    notes: str = "",
    backdating_reason: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
) -> tuple[dict, list[int]]:
    """A meeting or conversation, and the family members who took part.

    A conversation with the child always has the child in it; the language is kept
    only when an interpreter was needed or used.
    """
    interpreted = (
        interpreter_needed != InterpreterKind.NONE or interpreter_used != InterpreterKind.NONE
    )
    row = {
        "investigation_id": investigation_id,
        "kind": kind,
        "held_on": held_on,
        "child_took_part": child_took_part or kind == MeetingKind.CHILD_CONVERSATION,
        "other_participants": other_participants,
        "interpreter_needed": interpreter_needed,
        "interpreter_used": interpreter_used,
        "language": language if interpreted else "",
        "notes": notes,
        "backdating_reason": backdating_reason,
        **_recorded(recorded_by_id, at),
    }
    return row, sorted(set(participant_ids))


def interpreter_need(
    investigation_id: int,
    *,
    person_id: int | None,
    language: str,
    kind: str,
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """A person's (None: the child's) need of an interpreter or a cultural interpreter."""
    return {
        "investigation_id": investigation_id,
        "person_id": person_id,
        "language": language,
        "kind": kind,
        **_recorded(recorded_by_id, at),
    }


def network_contact(
    investigation_id: int,
    *,
    kind: str,
    organisation: str,
    contacted_on: datetime.date,
    consent: str,
    consent_note: str,
    summary: str,
    backdating_reason: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """A contact with the network, with the guardians' consent or why it was not needed."""
    return {
        "investigation_id": investigation_id,
        "kind": kind,
        "organisation": organisation,
        "contacted_on": contacted_on,
        "consent": consent,
        "consent_note": consent_note,
        "summary": summary,
        "backdating_reason": backdating_reason,
        **_recorded(recorded_by_id, at),
    }


def communication(
    investigation_id: int,
    *,
    shared_on: datetime.date,
    material: str,
    recipient_ids: list[int],
    with_child: bool,
    method: str,
    comment_deadline: datetime.date,
    backdating_reason: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
) -> tuple[dict, list[int]]:
    """A kommunicering: the material shared, how, until when, and the guardians it went to."""
    row = {
        "investigation_id": investigation_id,
        "shared_on": shared_on,
        "material": material,
        "with_child": with_child,
        "method": method,
        "comment_deadline": comment_deadline,
        "backdating_reason": backdating_reason,
        **_recorded(recorded_by_id, at),
    }
    return row, sorted(set(recipient_ids))


def communication_response(
    communication_id: int,
    *,
    received_on: datetime.date | None,
    comments: str,
    backdating_reason: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """The parties' comments (their date and text), or that none came (no date, no text)."""
    received = received_on is not None
    return {
        "communication_id": communication_id,
        "received": received,
        "received_on": received_on,
        "comments": comments if received else "",
        "backdating_reason": backdating_reason if received else "",
        **_recorded(recorded_by_id, at),
    }


def conclusion_revised(
    investigation_id: int,
    *,
    previous_revision: int,
    needs_identified: bool,
    serious_need: bool,
    needs_summary: str,
    proposed_interventions: str = "",
    no_intervention_reason: str = "",
    not_heard_reason: str = "",
    refused_application: str = "",
    recorded_by_id: int,
    at: datetime.datetime,
) -> dict:
    """The conclusion's next revision. A serious need is a need: without needs there is
    no serious one."""
    return {
        "investigation_id": investigation_id,
        "revision": previous_revision + 1,
        "needs_identified": needs_identified,
        "serious_need": serious_need and needs_identified,
        "needs_summary": needs_summary,
        "proposed_interventions": proposed_interventions,
        "no_intervention_reason": no_intervention_reason,
        "not_heard_reason": not_heard_reason,
        "refused_application": refused_application,
        **_recorded(recorded_by_id, at),
    }
