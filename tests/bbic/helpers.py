"""Builders for the BBIC tests: an open investigation with a family, through the services."""

import datetime

from django.utils import timezone

from likvard.bbic import services as bbic
from likvard.casework import services as casework
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.people.services import ChildInput
from tests import factories
from tests.casework.helpers import heard


def today() -> datetime.date:
    """Today as Stockholm counts it (never the UTC date)."""
    return local_date(timezone.now())


def personal_number(born: datetime.date, serial: str = "123") -> str:
    """A valid personnummer (Luhn check digit) for a child born on `born`."""
    digits = born.strftime("%y%m%d") + serial
    total = 0
    for i, d in enumerate(digits):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return f"{born:%Y%m%d}-{serial}{(10 - total % 10) % 10}"


def open_investigation(actor, *, personal_number_: str | None = None, guardians: int = 2):
    """A report decided 'open investigation' in the actor's district, the child with
    `guardians` guardians recorded there; returns the investigation."""
    overrides = {}
    if personal_number_:
        overrides["child"] = ChildInput(
            personal_number=personal_number_, first_name="Sam", last_name="Testsson"
        )
    report = heard(actor, factories.assessed_report(actor, **overrides))
    decision = casework.decide(
        actor,
        report.pk,
        casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    for first in ("Gun", "Per")[:guardians]:
        factories.guardian(report.child, first_name=first, last_name="Testsson")
    return decision.investigation


def complete(actor, investigation, outcome: str = "no_intervention"):
    investigation.refresh_from_db()
    return casework.complete_investigation(
        actor,
        investigation.pk,
        version=investigation.version,
        completed_on=today(),
        outcome=outcome,
    )


def conclude(actor, investigation, **overrides):
    """Write (or revise) the conclusion: by default no needs, the child heard."""
    values = {
        "needs_identified": False,
        "serious_need": False,
        "needs_summary": "Utredningen visar att familjen klarar omsorgen på egen hand.",
    }
    values.update(overrides)
    based_on = bbic.selectors.latest_revision(bbic.ConclusionRevision, investigation)
    return bbic.revise_conclusion(actor, investigation.pk, based_on=based_on, **values)


def child_conversation(actor, investigation, **overrides):
    values = {"kind": "child_conversation", "held_on": today()}
    values.update(overrides)
    return bbic.record_meeting(actor, investigation.pk, bbic.MeetingInput(**values))
