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
    """Close the investigation; the child heard first if not yet, as the guideline rule
    at the closing asks (`closing_child_heard`)."""
    facts = bbic.selectors.closing_facts(investigation)
    if not facts["child_heard"] and not facts["not_heard_reason"]:
        child_conversation(actor, investigation)
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


# ------------------------------------------------------------------ the permission matrices
#
# Valid bodies for the BBIC pages and endpoints (tests/test_permission_matrix.py,
# tests/api/test_access.py) on a case of tests/api/helpers.build_case with its family:
# `case.relation` is the child's guardian in the case's district.


def district_writer(case):
    from likvard.organisation.models import Role

    return factories.user(Role.INTAKE_WORKER, case.report.district)


def shared_material(case) -> int:
    """A kommunicering of the case's investigation with its guardian; its id."""
    communication = bbic.record_communication(
        district_writer(case),
        case.investigation.pk,
        shared_on=today(),
        material="Utredningen i sin helhet.",
        recipients=[case.relation.person_id],
        with_child=False,
        method="letter",
        comment_deadline=today() + datetime.timedelta(days=14),
    )
    return communication.pk


def ready_for_letter(case) -> dict:
    """Conclude and complete the case's investigation, so its decision can be made."""
    worker = district_writer(case)
    conclude(worker, case.investigation, not_heard_reason="Barnet var utomlands hela tiden.")
    complete(worker, case.investigation)
    return {}


def meeting_body(case) -> dict:
    return {
        "kind": "guardians",
        "held_on": str(today()),
        "participants": [case.relation.person_id],
        "interpreter_needed": "interpreter",
        "interpreter_used": "interpreter",
        "language": "arabiska",
    }


def plan_body(case) -> dict:
    return {
        "based_on": 0,
        "questions": "Hur fungerar skolgången?",
        "informants": "Barnet och vårdnadshavarna.",
        "timetable": "Samtal med barnet inom två veckor.",
    }


def area_body(case) -> dict:
    return {"area": "health", "based_on": 0, "needs": "Behöver tandvård."}


def interpreter_body(case) -> dict:
    return {"person": case.relation.person_id, "language": "arabiska", "kind": "interpreter"}


def network_body(case) -> dict:
    return {
        "kind": "school",
        "organisation": "Husbyskolan",
        "contacted_on": str(today()),
        "consent": "obtained",
        "summary": "Skolan bekräftar frånvaron.",
    }


def communication_body(case) -> dict:
    return {
        "shared_on": str(today()),
        "material": "Utredningen i sin helhet.",
        "recipients": [case.relation.person_id],
        "method": "letter",
        "comment_deadline": str(today() + datetime.timedelta(days=14)),
    }


def conclusion_body(case) -> dict:
    return {
        "based_on": 0,
        "needs_identified": True,
        "serious_need": False,
        "needs_summary": "Barnet behöver stöd i skolan.",
        "no_intervention_reason": "Skolans elevhälsa ger stödet.",
    }
