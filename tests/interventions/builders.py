"""Interventions written through the real services, for these tests and the matrices."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from likvard.casework import services as casework
from likvard.casework.models import Decision, Investigation
from likvard.core.calendar import local_date
from likvard.interventions import effects, selectors, services
from likvard.interventions.models import LvuCare
from likvard.organisation.models import Role
from likvard.people.effects import relation_recorded
from likvard.people.models import Person, Relation
from tests import factories
from tests.casework.helpers import heard

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return local_date(timezone.now())


def investigation_for(actor, **report_overrides) -> Investigation:
    """A report decided 'open investigation' in the actor's district."""
    report = heard(actor, factories.assessed_report(actor, **report_overrides))
    decision = casework.decide(
        actor,
        report.pk,
        casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    return Investigation.objects.get(opening_decision=decision)


def guardian(child, district, first_name, custody="joint", role="guardian") -> Person:
    """A current relation of the child recorded in `district`, as the services write it."""
    person = Person.objects.create(first_name=first_name, last_name="Ek")
    Relation.objects.create(
        **relation_recorded(
            child_id=child.pk,
            person_id=person.pk,
            role=role,
            custody=custody if role == "guardian" else "",
            alleged_perpetrator=False,
            district_id=district.pk,
            recorded_by_id=None,
            at=timezone.now(),
        )
    )
    return person


def propose(actor, investigation, kind="contact_family", basis="voluntary", **kwargs):
    return services.propose(
        actor,
        investigation.pk,
        kind=kind,
        basis=basis,
        goal=kwargs.pop("goal", "Barnet får stöd i vardagen och en trygg vuxen."),
        proposed_on=kwargs.pop("proposed_on", today()),
        **kwargs,
    )


def consent(actor, proposal, person, status="given", **kwargs):
    return services.record_consent(
        actor,
        proposal.pk,
        person=person.pk if person is not None else None,
        status=status,
        answered_on=kwargs.pop("answered_on", today()),
        how=kwargs.pop("how", "meeting"),
        **kwargs,
    )


REFUSAL = "Familjen tar emot stöd från skolan och behovet är tillgodosett."


def grant(supervisor, proposal, **kwargs):
    """Decide `proposal`: granted with a start, an end and a provider, or (granted=False)
    refused with reasons and nothing a granted intervention has."""
    granted = kwargs.pop("granted", True)
    if granted:
        kwargs.setdefault("start_on", today())
        kwargs.setdefault("planned_end", today() + 180 * DAY)
        kwargs.setdefault("provider", "Öppenvården Söder")
    else:
        kwargs.setdefault("motivation", REFUSAL)
    return services.decide(
        supervisor,
        proposal.pk,
        granted=granted,
        decided_on=kwargs.pop("decided_on", today()),
        **kwargs,
    )


def considered_for_court(actor, investigation):
    """An LVU consideration that led to an application to the court: what care under
    LVU needs before it is registered."""
    return services.record_lvu_consideration(
        actor,
        investigation.pk,
        home_environment=True,
        own_behaviour=False,
        outcome="court_application",
        considered_on=today(),
    )


def add_interventions(actor, case) -> SimpleNamespace:
    """Every kind of interventions row on `case.investigation` (its district's): a decided
    proposal with a planned follow-up, an undecided one with its consents, motivation
    work, an LVU consideration and LVU care. Sets them on `case` for the matrices."""
    investigation = case.investigation
    district = investigation.district
    supervisor = factories.user(Role.SUPERVISOR, district)
    mother = guardian(investigation.child, district, "Mona")
    guardian(investigation.child, district, "Nils")  # joint custody is held by two
    decided = propose(actor, investigation)
    for person in selectors.guardians(investigation.child, district.pk):
        consent(actor, decided, Person(pk=person.person_id))
    case.intervention = grant(supervisor, decided)
    case.intervention_proposal = propose(actor, investigation, kind="family_treatment")
    case.intervention_consent = consent(actor, case.intervention_proposal, mother)
    case.intervention_follow_up = services.plan_follow_up(
        actor, case.intervention.pk, due_on=today() + 30 * DAY
    )
    case.motivation_work = services.record_motivation_work(
        actor,
        investigation.pk,
        kind="home_visit",
        interpreter="interpreter",
        worked_on=today(),
        outcome="still_declined",
    )
    case.lvu_consideration = considered_for_court(actor, investigation)
    # Written as the service writes it, but dated the day before, so that a test can
    # still register care starting today (one start per day and investigation).
    case.lvu_care = LvuCare.objects.create(
        **effects.lvu_care_started(
            investigation.pk,
            ground="home_environment",
            started_on=today() - DAY,
            recorded_by_id=actor.pk,
        )
    )
    case.guardian = mother
    return case
