"""Fixtures for the guideline tests: a supervisor, a case ready for a decision, a broken rule."""

import datetime

import pytest
from django.utils import timezone

from likvard.casework import services
from likvard.core.calendar import local_date
from likvard.guidelines.models import DecisionPoint, Severity
from likvard.guidelines.registry import Rule, register, unregister
from likvard.organisation.models import Role
from likvard.reports.models import Concern, ReporterType

from .. import factories


@pytest.fixture
def supervisor_a(district_a):
    return factories.user(Role.SUPERVISOR, district_a)


@pytest.fixture
def today():
    return local_date(timezone.now())


def violence_report(actor, **overrides):
    """A school's report of violence against the child, in pre-assessment."""
    values = {
        "concerns": [Concern.VIOLENCE_AGAINST_CHILD],
        "reporter_type": ReporterType.SCHOOL,
        "reporter_mandated": True,
        "reporter_wants_feedback": True,
    }
    values.update(overrides)
    return factories.assessed_report(actor, **values)


def consider_police(actor, report, *, outcome="reported", reconsider_on=None):
    today = local_date(timezone.now())
    return services.record_police_consideration(
        actor,
        report.pk,
        considered_on=today,
        outcome=outcome,
        motivation="Misstanke om våld mot barnet.",
        reconsider_on=reconsider_on,
    )


def not_heard(actor, report, reason="Barnet är fyra månader gammalt."):
    return services.record_child_conversation(actor, report.pk, held=False, not_held_reason=reason)


def heard(actor, report):
    return services.record_child_conversation(
        actor, report.pk, held=True, held_on=local_date(timezone.now())
    )


class RuleBroke(Exception):
    pass


@pytest.fixture
def broken_rule():
    """A rule at the decision that raises, registered for one test only.

    It raises with a message that holds a name, so the test can check that the
    log does not carry the exception's text.
    """

    def check(case, params):
        raise RuleBroke("Alva Testsson 20150916-0014")

    rule = register(
        Rule(
            id="test_broken",
            title="Trasig testregel",
            requirement="Kräver ingenting.",
            explanation="Finns bara i testerna.",
            points=(DecisionPoint.DECISION,),
            severity=Severity.BLOCK,
            check=check,
        )
    )
    yield rule
    unregister(rule.id)


DAY = datetime.timedelta(days=1)
