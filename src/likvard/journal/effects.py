"""What writing a journal entry stores, as plain values (services, demo and tests alike)."""

import datetime


def entry_written(
    *,
    report: dict,
    kind: str,
    event_date: datetime.date,
    text: str,
    author_id: int,
    at: datetime.datetime,
    participants: str = "",
    child_took_part: bool = False,
    corrects_id: int | None = None,
) -> dict:
    """One entry about `report` (its `id`, `child_id`, `district_id`), signed at `at`."""
    return {
        "report_id": report["id"],
        "child_id": report["child_id"],
        "district_id": report["district_id"],
        "kind": kind,
        "event_date": event_date,
        "participants": participants,
        "child_took_part": child_took_part,
        "text": text,
        "corrects_id": corrects_id,
        "author_id": author_id,
        "signed_at": at,
    }
