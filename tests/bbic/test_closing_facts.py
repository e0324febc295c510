"""The facts bbic gives the guideline rules at closing: exactly the contract's keys."""

import pytest

from likvard.bbic import selectors
from likvard.casework.sections import closing_facts

from .helpers import child_conversation, conclude

pytestmark = pytest.mark.django_db

KEYS = {
    "needs_identified",
    "serious_need",
    "no_intervention_reason",
    "child_heard",
    "not_heard_reason",
}


def test_with_nothing_recorded_every_fact_is_falsy(investigation):
    facts = selectors.closing_facts(investigation)
    assert facts == {
        "needs_identified": False,
        "serious_need": False,
        "no_intervention_reason": "",
        "child_heard": False,
        "not_heard_reason": "",
    }


def test_the_facts_follow_the_latest_conclusion_and_the_conversations(intake_a, investigation):
    conclude(
        intake_a,
        investigation,
        needs_identified=True,
        serious_need=True,
        not_heard_reason="Barnet ville inte prata med oss.",
    )
    conclude(
        intake_a,
        investigation,
        needs_identified=True,
        serious_need=False,
        no_intervention_reason="Familjen flyttar till Göteborg.",
    )
    child_conversation(intake_a, investigation)
    assert selectors.closing_facts(investigation) == {
        "needs_identified": True,
        "serious_need": False,
        "no_intervention_reason": "Familjen flyttar till Göteborg.",
        "child_heard": True,
        "not_heard_reason": "",
    }


def test_the_facts_are_registered_with_casework(intake_a, investigation):
    conclude(intake_a, investigation, needs_identified=True, serious_need=True)
    facts = closing_facts(investigation)
    assert facts.keys() >= KEYS
    assert (facts["needs_identified"], facts["serious_need"], facts["child_heard"]) == (
        True,
        True,
        False,
    )
