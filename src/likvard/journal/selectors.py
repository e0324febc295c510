"""Scoped reads of the case journal: each a fixed number of queries, however long it is."""

from likvard.core.errors import NotFound

from .models import JournalEntry


def entries(user):
    """Every entry the user may read, with its author (the API's list starts here)."""
    return JournalEntry.objects.visible_to(user).select_related("author")


def _in_order(queryset) -> list[JournalEntry]:
    return list(queryset.order_by("event_date", "signed_at", "id"))


def entries_for_report(user, report) -> list[JournalEntry]:
    """The journal of one report's case, oldest first."""
    return _in_order(entries(user).filter(report=report))


def entries_for_child(user, child) -> list[JournalEntry]:
    """The journal of every case about the child that the user may read, oldest first."""
    return _in_order(entries(user).filter(child=child))


def visible_entry(user, pk) -> JournalEntry:
    """One entry with what it corrects and its corrections; NotFound out of scope."""
    entry = (
        entries(user)
        .select_related("report", "child", "corrects__author")
        .prefetch_related("corrections__author")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise NotFound()
    return entry
