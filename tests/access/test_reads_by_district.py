"""A read of a child's case is logged in the name of each district whose data was shown.

Each district reviews its own log (`/logg/`): an inspector's read, or a worker's read
through a grant, must show in the review of the district that owns the case, and a
read through a grant names the grant.
"""

import pytest
from rest_framework.test import APIClient

from likvard.access import grants
from likvard.access.models import AuditEntry
from likvard.logreview import review
from likvard.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_in_both(intake_a, intake_b):
    """One child: a report in district A and one in district B."""
    in_a = factories.report(intake_a)
    in_b = factories.report(intake_b)
    assert in_a.child_id == in_b.child_id
    return in_a, in_b


def supervisor_of(district):
    return factories.user(Role.SUPERVISOR, district)


def reads_in_review(supervisor, reader, verb):
    """(district, after) of `reader`'s `verb` entries in the supervisor's log review."""
    rows, _more = review.review_rows(supervisor, review.ReviewFilter(), 0, 500)
    return sorted(
        (row.entry.district_id, row.entry.after)
        for row in rows
        if row.entry.actor_id == reader.pk and row.entry.verb == verb
    )


def api_get(user, path):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response


def granted(reader, owning_report):
    """`reader` asks the district of `owning_report` for access; its supervisor grants it."""
    request = grants.request_access(
        reader, owning_report.child, owning_report.district_id, "Barnet har flyttat hit."
    )
    return grants.decide_access(
        supervisor_of(owning_report.district), request.pk, grant=True, days=7
    )


@pytest.mark.parametrize("channel", ["ui", "api"])
def test_an_inspectors_read_of_a_child_shows_in_each_owning_districts_review(
    known_in_both, district_a, district_b, inspector, channel
):
    in_a, _in_b = known_in_both
    if channel == "ui":
        assert factories.web_client(inspector).get(f"/barn/{in_a.child_id}/").status_code == 200
    else:
        api_get(inspector, f"/api/children/{in_a.child_id}/")
    assert reads_in_review(supervisor_of(district_a), inspector, "view_child") == [
        (district_a.pk, None)
    ]
    assert reads_in_review(supervisor_of(district_b), inspector, "view_child") == [
        (district_b.pk, None)
    ]
    entries = AuditEntry.objects.filter(actor_id=inspector.pk, verb="view_child")
    assert {e.district_id for e in entries} == {district_a.pk, district_b.pk}
    assert all(e.child_id == in_a.child_id for e in entries)


def test_the_owning_supervisor_sees_the_inspectors_read_on_the_log_page(
    known_in_both, district_b, inspector
):
    in_a, _in_b = known_in_both
    factories.web_client(inspector).get(f"/barn/{in_a.child_id}/")
    page = factories.web_client(supervisor_of(district_b)).get(
        "/logg/", {"child_id": in_a.child_id}
    )
    assert page.status_code == 200
    assert inspector.username in page.content.decode()


@pytest.mark.parametrize("channel", ["ui", "api"])
def test_a_read_through_a_grant_shows_in_the_granting_districts_review_naming_the_grant(
    known_in_both, district_a, district_b, intake_b, channel
):
    in_a, _in_b = known_in_both
    grant = granted(intake_b, in_a)
    if channel == "ui":
        assert factories.web_client(intake_b).get(f"/barn/{in_a.child_id}/").status_code == 200
    else:
        api_get(intake_b, f"/api/children/{in_a.child_id}/")
    # District A granted the access: it sees the read, and on whose permission.
    assert reads_in_review(supervisor_of(district_a), intake_b, "view_child") == [
        (district_a.pk, {"grant": grant.pk})
    ]
    # District B, the reader's own, sees the read of its own case, with no grant.
    assert reads_in_review(supervisor_of(district_b), intake_b, "view_child") == [
        (district_b.pk, None)
    ]


def test_a_report_read_through_a_grant_names_the_grant(known_in_both, district_a, intake_b):
    in_a, _in_b = known_in_both
    grant = granted(intake_b, in_a)
    assert factories.web_client(intake_b).get(f"/anmalan/{in_a.pk}/").status_code == 200
    api_get(intake_b, f"/api/reports/{in_a.pk}/")
    assert reads_in_review(supervisor_of(district_a), intake_b, "view_report") == [
        (district_a.pk, {"grant": grant.pk}),
        (district_a.pk, {"grant": grant.pk}),
    ]


def test_a_workers_read_of_the_own_case_stays_in_the_own_district(
    known_in_both, district_a, district_b, intake_a
):
    """Another district's report shows only as a summary (district, date, outcome):
    no data of its case, so no entry in its log."""
    in_a, _in_b = known_in_both
    factories.web_client(intake_a).get(f"/barn/{in_a.child_id}/")
    api_get(intake_a, f"/api/children/{in_a.child_id}/")
    assert reads_in_review(supervisor_of(district_a), intake_a, "view_child") == [
        (district_a.pk, None),
        (district_a.pk, None),
    ]
    assert reads_in_review(supervisor_of(district_b), intake_a, "view_child") == []


def test_a_search_hit_is_logged_where_the_child_is_known_to_the_searcher(
    known_in_both, district_a, district_b, inspector
):
    in_a, _in_b = known_in_both
    api_get(inspector, f"/api/children/?personal_number={in_a.child.personal_number}")
    entries = AuditEntry.objects.filter(actor_id=inspector.pk, verb="find_child")
    assert sorted(e.district_id for e in entries) == sorted([district_a.pk, district_b.pk])
    text = " ".join(str(e.after) + e.reason for e in entries)
    assert in_a.child.personal_number not in text
