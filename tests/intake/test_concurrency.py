"""Two submissions of one form at the same instant (double click, retry): one report."""

import threading

import pytest
from django.db import connection

from likvard.intake import services
from likvard.intake.models import Submission
from likvard.intake.payload import payload_of
from likvard.reports.models import Report

from .conftest import answers


def _submit(payload, key, barrier, outcomes):
    try:
        barrier.wait(timeout=10)
        submission, new = services.receive(payload, key)
        outcomes.append((submission.reference, new))
    except BaseException as exc:  # reported by the assertions below
        outcomes.append(("error", repr(exc)))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_one_key_make_one_report(postal_codes):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: separate connections per thread (SQLite locks the file)")
    data = answers()
    payload = payload_of(
        {
            **{k: v for k, v in data.items() if k != "idempotency_key"},
            "child_age": 9,
            "child_postal_code": "16440",
        },
        None,
    )
    barrier = threading.Barrier(2)
    outcomes = []
    threads = [
        threading.Thread(target=_submit, args=(payload, data["idempotency_key"], barrier, outcomes))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert len(outcomes) == 2 and "error" not in {ref for ref, _ in outcomes}, outcomes
    assert outcomes[0][0] == outcomes[1][0]
    assert sorted(new for _, new in outcomes) == [False, True]
    assert Submission.objects.count() == 1
    assert Report.objects.count() == 1
