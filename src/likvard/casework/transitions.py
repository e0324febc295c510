"""The one way a state changes: lock, check the edge, compare-and-swap, audit.

On PostgreSQL the row is locked (SELECT ... FOR UPDATE) so a second decision
waits and then sees the new state; everywhere the write is a compare-and-swap
on (state, version), so two decisions can never both succeed.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.errors import ConcurrentChange, NotFound, TransitionNotAllowed

from .models import LegalProvision
from .workflow import Edge, edge_for


def provision_in_force(key: str, on: datetime.date) -> LegalProvision | None:
    """The provision behind `key` that was in force on the date `on`."""
    return (
        LegalProvision.objects.filter(key=key, in_force_from__lte=on)
        .filter(models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gte=on))
        .order_by("-in_force_from")
        .first()
    )


@dataclass
class Step:
    """What the body of a transition sees: the locked row and the allowed edge."""

    obj: models.Model
    edge: Edge


def lock_for(queryset, pk, action: str, expected_version: int | None):
    """(row, edge): the row locked (inside a transaction), in a state where `action`
    is allowed, at the version the caller saw; refusals as domain errors."""
    obj = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    if expected_version is not None and obj.version != expected_version:
        raise ConcurrentChange()
    edge = edge_for(obj.state, action)
    if edge is None:
        raise TransitionNotAllowed(
            _("Det går inte att göra detta när ärendet har status ”%(state)s”.")
            % {"state": obj.get_state_display()},
        )
    return obj, edge


@contextmanager
def transition(
    queryset,
    pk,
    action: str,
    actor,
    *,
    expected_version: int | None,
    child_id_of=lambda obj: obj.child_id,
):
    """Run the body of a transition inside one transaction, then commit the new state.

    `queryset` must already be scoped to what `actor` may change: anything else
    is answered as not found.
    """
    with transaction.atomic():
        obj, edge = lock_for(queryset, pk, action, expected_version)
        step = Step(obj, edge)
        yield step
        updated = (
            type(obj)
            .objects.filter(pk=obj.pk, state=obj.state, version=obj.version)
            .update(state=edge.target, version=models.F("version") + 1)
        )
        if updated != 1:
            raise ConcurrentChange()
        before = {"state": obj.state, "version": obj.version}
        obj.state, obj.version = edge.target, obj.version + 1
        record(
            actor,
            AuditEntry.Action.TRANSITION,
            action,
            obj,
            child_id=child_id_of(obj),
            district_id=obj.district_id,
            before=before,
            after={"state": edge.target, "version": obj.version, "ground": edge.ground},
        )
