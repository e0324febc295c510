"""The one way a state changes: lock, check the edge, compare-and-swap, audit.

On PostgreSQL the row is locked (SELECT ... FOR UPDATE) so a second decision
waits and then sees the new state; everywhere the write is a compare-and-swap
on (state, version), so two decisions can never both succeed.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.errors import ConcurrentChange, NotFound, TransitionNotAllowed
from likvard.reports.workflow import Edge, edge_for

from .effects import advanced
from .models import LegalProvision


def provision_in_force(key: str, on: datetime.date) -> LegalProvision | None:
    """The provision behind `key` that was in force on the date `on`."""
    return (
        LegalProvision.objects.filter(key=key, in_force_from__lte=on)
        .filter(models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gte=on))
        .order_by("-in_force_from")
        .first()
    )


def provisions_in_force() -> Callable[[str, datetime.date], LegalProvision | None]:
    """`provision_in_force` for one page: the provisions (a few dozen rows) read once."""
    provisions = list(LegalProvision.objects.order_by("-in_force_from"))

    def lookup(key: str, on: datetime.date) -> LegalProvision | None:
        return next(
            (
                p
                for p in provisions
                if p.key == key
                and p.in_force_from <= on
                and (p.in_force_until is None or on <= p.in_force_until)
            ),
            None,
        )

    return lookup


def as_data(value):
    """A value as the audit log stores it: dates as ISO text, rows by their id."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    return value


def provision_data(provision: LegalProvision | None) -> dict | None:
    """The legal ground as data (law, chapter, section), so the log stands on its own."""
    if provision is None:
        return None
    return {
        "id": provision.pk,
        "law": provision.law,
        "chapter": provision.chapter,
        "section": provision.section,
    }


def created_summary(creations) -> dict:
    """The rows a step created, by type, for the transition's own entry."""
    if not creations:
        return {}
    return {"created": {obj._meta.label_lower: obj.pk for obj, _fields in creations}}


@dataclass
class Step:
    """What the body of a transition sees: the locked row and the allowed edge.

    The body tells the step what it wrote (`wrote`), which rows it created
    (`created`) and the worker's stated ground (`reason`); `transition()` puts
    them in the audit log, so no service writes its own entries for a step and
    no step can change a row without the log saying how. Values are structured
    fields only (dates, ids, choices), never free text about the child.
    """

    obj: models.Model
    edge: Edge
    written: dict = field(default_factory=dict)
    creations: list = field(default_factory=list)
    reason: str = ""

    def wrote(self, **fields) -> None:
        """Fields of the row (or about it) that the step set, for the entry's `after`."""
        self.written.update({key: as_data(value) for key, value in fields.items()})

    def created(self, obj: models.Model, **fields) -> models.Model:
        """A row the step created: it gets an entry of its own, with `fields` as `after`."""
        self.creations.append((obj, {key: as_data(value) for key, value in fields.items()}))
        return obj


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
        moved = advanced(obj.state, obj.version, action)
        updated = (
            type(obj)
            .objects.filter(pk=obj.pk, state=obj.state, version=obj.version)
            .update(**moved)
        )
        if updated != 1:
            raise ConcurrentChange()
        before = {"state": obj.state, "version": obj.version}
        obj.state, obj.version = moved["state"], moved["version"]
        child_id, district_id = child_id_of(obj), obj.district_id
        record(
            actor,
            AuditEntry.Action.TRANSITION,
            action,
            obj,
            child_id=child_id,
            district_id=district_id,
            before=before,
            after={
                **step.written,
                **created_summary(step.creations),
                "state": edge.target,
                "version": obj.version,
                "ground": edge.ground,
            },
            reason=step.reason,
        )
        for created, fields in step.creations:
            record(
                actor,
                AuditEntry.Action.CREATE,
                action,
                created,
                child_id=child_id,
                district_id=district_id,
                after=fields,
            )
