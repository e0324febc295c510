"""The rate limit's count: per client and period, atomic under concurrent hits, and
the table kept to two periods."""

import threading

import pytest
from django.db import connection

from likvard.throttle.models import WindowCount
from likvard.throttle.services import count

HOUR = 3600
NOW = 1_800_000_000.0  # a moment in 2027, inside period 500,000 of an hour


@pytest.mark.django_db
def test_each_client_is_counted_in_its_own_period():
    assert [count("a", HOUR, now=NOW) for _ in range(3)] == [1, 2, 3]
    assert count("b", HOUR, now=NOW) == 1
    assert count("a", HOUR, now=NOW + HOUR) == 1  # the next hour starts again


@pytest.mark.django_db
def test_the_first_hit_of_a_period_clears_the_periods_before_the_previous():
    count("old", HOUR, now=NOW - 2 * HOUR)
    count("previous", HOUR, now=NOW - HOUR)
    count("now", HOUR, now=NOW)
    assert sorted(WindowCount.objects.values_list("client", flat=True)) == ["now", "previous"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    """Eight threads, each with its own connection, count the same client 25 times."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("an in-memory SQLite database is not shared between connections")
    failures = []

    def hits():
        try:
            for _ in range(25):
                count("one-client", HOUR, now=NOW)
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hits) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert WindowCount.objects.get(client="one-client").hits == 200
