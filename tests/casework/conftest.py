"""Cases in district A at every stage, built through the real services."""

from types import SimpleNamespace

import pytest

from likvard.casework import services
from likvard.casework.models import Decision, Investigation
from likvard.organisation.models import Role

from .. import factories
from .helpers import heard, heard_in_investigation


def open_investigation(actor, **report_overrides) -> Investigation:
    """A report decided 'open investigation'; returns the investigation it opened, with a
    conversation with the child recorded in it (so the rules let it be closed)."""
    report = heard(actor, factories.assessed_report(actor, **report_overrides))
    decision = services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    return heard_in_investigation(actor, Investigation.objects.get(opening_decision=decision))


@pytest.fixture
def case_a(intake_a):
    """One child in district A: a new report, one in pre-assessment, one decided (opened)."""
    received = factories.report(intake_a)
    assessed = heard(intake_a, factories.assessed_report(intake_a))
    investigation = open_investigation(intake_a)
    decided = investigation.opening_decision.pre_assessment.report
    return SimpleNamespace(
        received=received, assessed=assessed, decided=decided, investigation=investigation
    )


@pytest.fixture
def supervisor_a(district_a):
    """Holds the delegation to extend an investigation (the supervisor's by default)."""
    return factories.user(Role.SUPERVISOR, district_a)
