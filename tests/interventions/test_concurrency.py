"""Two simultaneous decisions on one proposal, two answers of one guardian at once:
exactly one of each wins (row lock, one decision per proposal, one current answer)."""

import threading

import pytest
from django.db import connection

from likvard.core.errors import ConcurrentChange, TransitionNotAllowed
from likvard.interventions.models import Consent, Intervention, InterventionProposal

from .builders import DAY, consent, grant, propose, today

LOSING = (TransitionNotAllowed, ConcurrentChange)


def _race(calls) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("ok")
        except LOSING:
            outcomes.append("refused")
        except BaseException as exc:  # reported by the assertion, not swallowed
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and a connection per thread")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_decisions_exactly_one_wins(postgres, inv, intake_a, supervisor_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    outcomes = _race(
        [
            lambda: grant(supervisor_a, proposal),
            lambda: grant(supervisor_a, proposal, planned_end=today() + 30 * DAY),
        ]
    )
    assert outcomes == ["ok", "refused"]
    assert Intervention.objects.filter(proposal=proposal).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_answers_of_one_guardian_leave_one_current(postgres, inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    outcomes = _race(
        [
            lambda: consent(intake_a, proposal, inv.anna),
            lambda: consent(intake_a, proposal, inv.anna, status="declined"),
        ]
    )
    assert outcomes == ["ok", "ok"]  # the lock on the proposal serializes them
    assert Consent.objects.filter(proposal=proposal, person=inv.anna, current=True).count() == 1
    assert Consent.objects.filter(proposal=proposal, person=inv.anna).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_identical_proposals_write_once(postgres, inv, intake_a):
    outcomes = _race([lambda: propose(intake_a, inv.investigation) for _ in range(2)])
    assert sorted(outcomes) == ["ok", "refused"]
    assert InterventionProposal.objects.filter(investigation=inv.investigation).count() == 1
