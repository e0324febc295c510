"""What recording a child's family writes, as plain values.

One definition for the services (which add scoping, checks and audit entries) and
the demo generator (which hands the rows to its bulk writer), as `reports/effects.py`
is for registration. No database here.
"""

import datetime

from .models import Custody, RelationRole


def relation_recorded(
    *,
    child_id: int,
    person_id: int,
    role: str,
    custody: str,
    alleged_perpetrator: bool,
    district_id: int,
    recorded_by_id: int | None,
    at: datetime.datetime,
) -> dict:
    """A relation valid from `at`, in the recording worker's district; custody only for
    a guardian (joint when not said)."""
    custody = (custody or Custody.JOINT) if role == RelationRole.GUARDIAN else ""
    return {
        "child_id": child_id,
        "person_id": person_id,
        "role": role,
        "custody": custody,
        "alleged_perpetrator": alleged_perpetrator,
        "district_id": district_id,
        "valid_from": at,
        "valid_until": None,
        "recorded_by_id": recorded_by_id,
        "ended_by_id": None,
    }


def siblings_linked(
    first_id: int,
    second_id: int,
    *,
    district_id: int,
    recorded_by_id: int | None,
    at: datetime.datetime,
) -> dict:
    """One link for the pair, the lower id first (the link is symmetric)."""
    if first_id == second_id:
        raise ValueError("a child is not its own sibling")
    low, high = sorted((first_id, second_id))
    return {
        "child_id": low,
        "sibling_id": high,
        "district_id": district_id,
        "valid_from": at,
        "valid_until": None,
        "recorded_by_id": recorded_by_id,
        "ended_by_id": None,
    }


def custody_of(guardian_count: int) -> str:
    """What the register's guardians imply: two share custody, one has it alone."""
    return Custody.JOINT if guardian_count > 1 else Custody.SOLE
