"""The child's and the report's pages read the journal in a fixed number of queries:
200 entries cost no more than one (the benchmark's case: bench/casework_pages.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from likvard.casework.timeline import SHOWN
from likvard.core.calendar import local_date
from likvard.journal import services
from likvard.journal.effects import entry_written
from likvard.journal.models import JournalEntry
from tests import factories
from tests.api.helpers import entry_input

pytestmark = pytest.mark.django_db

#: Queries of one GET of the child's page with a journal, measured 2026-11-29: 17, and
#: two more since the page shows the family (its current and past relations, and the
#: sibling links; a child without siblings costs no query for their names).
CHILD_PAGE_QUERIES = 19


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _journal_of(report, author, count: int) -> None:
    """`count` more entries in the report's journal: the rows the service writes."""
    now = timezone.now()
    JournalEntry.objects.bulk_create(
        JournalEntry(
            **entry_written(
                report={
                    "id": report.pk,
                    "child_id": report.child_id,
                    "district_id": report.district_id,
                },
                kind="note",
                event_date=local_date(report.received_at),  # Stockholm's day, as the steps
                text=f"Anteckning {i}.",
                author_id=author.pk,
                at=now + datetime.timedelta(seconds=i),
            )
        )
        for i in range(count)
    )


@pytest.mark.parametrize("page", ["casework:child", "casework:report"])
def test_two_hundred_entries_cost_no_more_queries_than_one(intake_a, page):
    report = factories.assessed_report(intake_a)
    first = services.write_entry(intake_a, report.pk, entry_input())
    services.correct_entry(intake_a, first.pk, entry_input(text="Rättelse."))
    web = factories.web_client(intake_a)
    pk = report.child_id if page == "casework:child" else report.pk
    url = reverse(page, kwargs={"pk": pk})
    _queries(web, url)  # the first GET warms the session and caches
    few = _queries(web, url)
    _journal_of(report, intake_a, 198)
    assert JournalEntry.objects.count() == 200
    assert _queries(web, url) == few
    if page == "casework:child":
        assert few <= CHILD_PAGE_QUERIES


def test_a_long_journal_shows_its_latest_events_and_all_on_request(intake_a):
    report = factories.assessed_report(intake_a)
    _journal_of(report, intake_a, 200)
    web = factories.web_client(intake_a)
    url = reverse("casework:child", kwargs={"pk": report.child_id})
    page = web.get(url).content.decode()
    assert page.count('class="journal-entry"') == SHOWN
    assert "Anteckning 199." in page and "Anteckning 0." not in page
    assert "Visar de 30 senaste av" in page
    everything = web.get(url, {"journal": "alla"}).content.decode()
    assert everything.count('class="journal-entry"') == 200
