"""The report page reads each kind of row once, whatever the case holds.

Issue 9 asks for one read per page, with scoped prefetches; this pins the number of
queries the page makes today so that a change which adds a query (or a query per
row) fails here, and so that the count can only go down.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from likvard.casework import services
from likvard.reports.models import Concern
from tests import factories
from tests.casework.helpers import local_today

pytestmark = pytest.mark.django_db

#: Queries of one GET of the report page (session, user, the report and its rows,
#: the guideline panel, the read entry in the audit log), measured 2026-11-29: 36
#: before the page read the report through `casework.selectors.visible_report`
#: (each list read once, shared with the guideline rules) and the law's texts at once.
REPORT_PAGE_QUERIES = 25


def _page_queries(user, report) -> int:
    client = factories.web_client(user)
    url = reverse("casework:report", kwargs={"pk": report.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _with_conversations(user, count: int, **overrides):
    report = factories.assessed_report(user, **overrides)
    for _ in range(count):
        services.record_child_conversation(user, report.pk, held=True, held_on=local_today())
    return report


def test_the_report_page_makes_no_more_queries_than_pinned(intake_a):
    report = _with_conversations(intake_a, 1)
    count = _page_queries(intake_a, report)
    assert count <= REPORT_PAGE_QUERIES


def test_more_rows_on_the_case_cost_no_more_queries(intake_a):
    small = _with_conversations(intake_a, 1, concerns=[Concern.NEGLECT])
    large = _with_conversations(
        intake_a, 4, concerns=[Concern.NEGLECT, Concern.SCHOOL_ABSENCE, Concern.PARENT_SUBSTANCE]
    )
    _page_queries(intake_a, small)  # the first GET warms the session and caches
    assert _page_queries(intake_a, large) == _page_queries(intake_a, small)
