"""The closing facts (CONTRACT.md's keys) and the bulk facts for the quality indicator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from likvard.casework.sections import closing_facts
from likvard.interventions import selectors, services

from .builders import consent, grant, guardian, investigation_for, propose, today

pytestmark = pytest.mark.django_db

KEYS = {
    "interventions_proposed",
    "interventions_granted",
    "consent_missing",
    "motivation_work_count",
    "placement_proposed",
    "lvu_considered",
}


def ours(investigation) -> dict:
    facts = closing_facts(investigation)
    return {key: facts[key] for key in KEYS}


def test_with_no_rows_every_fact_is_falsy_and_present(inv):
    facts = ours(inv.investigation)
    assert facts.keys() == KEYS
    assert not any(facts.values())


def test_the_facts_count_what_was_recorded(inv, intake_a, supervisor_a):
    granted = propose(intake_a, inv.investigation)
    consent(intake_a, granted, inv.anna)
    consent(intake_a, granted, inv.bo)
    grant(supervisor_a, granted)
    declined = propose(intake_a, inv.investigation, kind="family_treatment")
    consent(intake_a, declined, inv.anna, status="declined")
    propose(intake_a, inv.investigation, kind="hvb")
    services.record_motivation_work(
        intake_a,
        inv.investigation.pk,
        kind="meeting",
        interpreter="cultural_interpreter",
        worked_on=today(),
        outcome="still_declined",
        proposal=declined.pk,
    )
    services.record_lvu_consideration(
        intake_a,
        inv.investigation.pk,
        home_environment=True,
        own_behaviour=True,
        outcome="court_application",
        considered_on=today(),
    )
    assert ours(inv.investigation) == {
        "interventions_proposed": 3,
        "interventions_granted": 1,
        "consent_missing": True,
        "motivation_work_count": 1,
        "placement_proposed": True,
        "lvu_considered": True,
    }


def test_consent_missing_follows_the_rule_the_decision_uses(inv, intake_a, district_a):
    """The SQL expression and `effects.consent_need` agree, case by case."""
    proposal = propose(intake_a, inv.investigation, kind="contact_person")
    cases = []
    cases.append(ours(inv.investigation)["consent_missing"])  # nobody asked: missing
    consent(intake_a, proposal, inv.anna)
    cases.append(ours(inv.investigation)["consent_missing"])  # Bo missing
    consent(intake_a, proposal, inv.bo)
    cases.append(ours(inv.investigation)["consent_missing"])  # both given
    appointed = guardian(inv.child, district_a, "Dan", custody="appointed")
    cases.append(ours(inv.investigation)["consent_missing"])  # the appointed one decides now
    consent(intake_a, proposal, appointed)
    cases.append(ours(inv.investigation)["consent_missing"])
    assert cases == [True, True, False, True, False]
    assert selectors.need(proposal, today()).satisfied


def test_a_child_of_12_alone_is_no_consent_missing_where_allowed(inv, intake_a):
    child = inv.child
    child.birth_date = child.birth_date.replace(year=today().year - 13)
    child.save(update_fields=["birth_date"])
    allowed = propose(intake_a, inv.investigation, kind="youth_programme")
    consent(intake_a, allowed, None)
    assert ours(inv.investigation)["consent_missing"] is False
    propose(intake_a, inv.investigation, kind="parenting_programme")
    assert ours(inv.investigation)["consent_missing"] is True


def test_the_indicators_facts_are_one_query_for_many_investigations(inv, intake_a):
    others = [investigation_for(intake_a) for _ in range(3)]
    propose(intake_a, others[0])
    services.record_motivation_work(
        intake_a,
        others[1].pk,
        kind="other",
        interpreter="none",
        worked_on=today(),
        outcome="other",
    )
    ids = [inv.investigation.pk, *(o.pk for o in others)]
    with CaptureQueriesContext(connection) as queries:
        facts = selectors.consent_and_motivation(ids, today())
    assert len(queries) == 1
    assert facts == {
        inv.investigation.pk: (False, False),
        others[0].pk: (True, False),  # proposed, nobody has consented yet
        others[1].pk: (False, True),
        others[2].pk: (False, False),
    }
