"""Reads of the partner registry and of the districts' collaboration records.

The registry is the city's and holds no case data: any signed-in staff member may
pick from it (`active_partners`), the public e-service too (through its own
interface). The collaboration records are scoped to their district.
"""

from django.db.models import QuerySet

from .models import Partner


def active_partners(kind: str | None = None) -> QuerySet:
    """The active partners for a picker: id, name, kind, district (id), by name."""
    rows = Partner.objects.filter(active=True)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.order_by("name", "id").values("id", "name", "kind", "district")
