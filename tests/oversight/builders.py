"""Oversight matters written through the real services, for these tests and the matrices."""

import datetime

from django.utils import timezone

from likvard.core.calendar import local_date
from likvard.organisation.models import Role
from likvard.oversight import services
from likvard.oversight.services import MatterInput
from tests import factories

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return local_date(timezone.now())


def keeper(district):
    """A supervisor of `district`: keeps its oversight register."""
    return factories.user(Role.SUPERVISOR, district)


def matter(actor, *, kind="jo_complaint", received_on=None, cases=(), **fields):
    received_on = received_on or today() - 10 * DAY
    data = MatterInput(
        kind=kind,
        received_on=received_on,
        subject=fields.pop("subject", "Placering, upprepade omplaceringar"),
        reference=fields.pop("reference", "1234-2025"),
        statement_due_on=fields.pop("statement_due_on", received_on + 30 * DAY),
        cases=list(cases),
    )
    return services.register_matter(actor, data, **fields)


def with_measure(actor, matter_row, due_on=None):
    return services.add_measure(
        actor,
        matter_row.pk,
        description="Rutin för uppföljning av placeringar ses över",
        responsible="Enhetschef familjehem",
        due_on=due_on or today() + 30 * DAY,
    )
