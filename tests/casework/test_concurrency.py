"""Two decisions on one report: exactly one wins, whatever the timing."""

import threading

import pytest
from django.db import connection

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.errors import ConcurrentChange, TransitionNotAllowed
from likvard.reports.models import Report
from likvard.reports.workflow import ReportState

from .. import factories
from .helpers import heard

LOSING = (TransitionNotAllowed, ConcurrentChange)


def _decide_in_a_thread(actor, report_id, version, kind, barrier, outcomes):
    """Run one decision on this thread's own database connection."""
    try:
        barrier.wait(timeout=10)
        decision = services.decide(
            actor,
            report_id,
            services.DecisionInput(
                kind=kind, motivation="Motivering från en av två samtidiga handläggare."
            ),
            version=version,
        )
        outcomes.append(("ok", decision.pk))
    except LOSING as exc:
        outcomes.append(("refused", type(exc)))
    except BaseException as exc:  # reported by the assertions below, not swallowed
        outcomes.append(("error", repr(exc)))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("pass_version", [True, False], ids=["with-version", "without-version"])
def test_two_simultaneous_decisions_on_postgresql_exactly_one_wins(
    district_a, intake_a, pass_version
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: row locks and separate connections per thread "
            "(the version check is tested on every database below)"
        )
    other_worker = factories.user(intake_a.role, district_a)
    report = heard(intake_a, factories.assessed_report(intake_a))
    version = report.version if pass_version else None
    barrier = threading.Barrier(2)
    outcomes = []
    threads = [
        threading.Thread(
            target=_decide_in_a_thread,
            args=(actor, report.pk, version, kind, barrier, outcomes),
        )
        for actor, kind in (
            (intake_a, Decision.Kind.NOT_OPEN),
            (other_worker, Decision.Kind.OPEN_INVESTIGATION),
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a decision hung"

    assert sorted(result for result, _ in outcomes) == ["ok", "refused"], outcomes
    winner = next(pk for result, pk in outcomes if result == "ok")
    assert list(Decision.objects.values_list("pk", flat=True)) == [winner]
    decision = Decision.objects.get()
    report.refresh_from_db()
    assert report.version == 3  # registered 1, assessed 2, decided 3: one bump only
    assert (
        report.state
        == {
            Decision.Kind.NOT_OPEN: ReportState.NOT_OPENED,
            Decision.Kind.OPEN_INVESTIGATION: ReportState.INVESTIGATION_OPENED,
        }[decision.kind]
    )


@pytest.mark.parametrize(
    ("second_version", "refusal"),
    [("stale", ConcurrentChange), ("none", TransitionNotAllowed)],
)
def test_a_second_decision_seen_late_loses_and_the_first_stands(
    district_a, intake_a, second_version, refusal
):
    """Both workers opened the report at version 2; the second submits after the first."""
    other_worker = factories.user(intake_a.role, district_a)
    report = heard(intake_a, factories.assessed_report(intake_a))
    seen = report.version
    first = services.decide(
        intake_a,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.NOT_OPEN, motivation="Skäl."),
        version=seen,
    )
    with pytest.raises(refusal):
        services.decide(
            other_worker,
            report.pk,
            services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
            version=seen if second_version == "stale" else None,
        )
    assert list(Decision.objects.all()) == [first]
    report = Report.objects.get(pk=report.pk)
    assert (report.state, report.version) == (ReportState.NOT_OPENED, seen + 1)
