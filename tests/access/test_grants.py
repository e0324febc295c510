"""A worker asks another district for access to its case; a supervisor there decides."""

import datetime

import pytest
from django.utils import timezone

from likvard.access import grants
from likvard.access.models import AccessGrant, AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.errors import InvalidInput, NotFound
from likvard.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_in_both(intake_a, intake_b):
    """One child: a report in district A (the asker's) and one in district B."""
    mine = factories.report(intake_a)
    theirs = factories.assessed_report(intake_b)
    assert mine.child_id == theirs.child_id
    return mine, theirs


@pytest.fixture
def supervisor_b(district_b):
    return factories.user(Role.SUPERVISOR, district_b)


def ask(worker, mine, theirs, reason="Barnet har flyttat hit; behöver tidigare utredning."):
    return factories.web_client(worker).post(
        f"/barn/{mine.child_id}/begar-atkomst/", {"district": theirs.district_id, "reason": reason}
    )


def test_the_whole_flow_from_request_to_expiry(known_in_both, intake_a, supervisor_b):
    mine, theirs = known_in_both
    worker = factories.web_client(intake_a)
    assert worker.get(f"/anmalan/{theirs.pk}/").status_code == 404
    assert 'id="access-form"' in worker.get(f"/barn/{mine.child_id}/").content.decode()

    assert ask(intake_a, mine, theirs).status_code == 302
    request = AccessGrant.objects.get()
    assert request.status == AccessGrant.Status.REQUESTED
    assert worker.get(f"/anmalan/{theirs.pk}/").status_code == 404  # not before the answer

    boss = factories.web_client(supervisor_b)
    assert "Barnet har flyttat hit" in boss.get("/atkomst/").content.decode()
    boss.post(f"/atkomst/{request.pk}/", {"decision": "grant", "days": 7})
    request.refresh_from_db()
    assert request.status == AccessGrant.Status.GRANTED
    assert request.expires_at > timezone.now() + datetime.timedelta(days=6)

    page = factories.web_client(intake_a).get(f"/anmalan/{theirs.pk}/")
    assert page.status_code == 200
    assert theirs.description in page.content.decode()
    assert 'id="decision-form"' not in page.content.decode()  # reading, not changing
    with pytest.raises(NotFound):
        services.decide(
            intake_a,
            theirs.pk,
            services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
            version=None,
        )

    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"request_access", "grant_access", "view_report"} <= verbs

    AccessGrant.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert factories.web_client(intake_a).get(f"/anmalan/{theirs.pk}/").status_code == 404


def test_a_refused_request_gives_no_access(known_in_both, intake_a, supervisor_b):
    mine, theirs = known_in_both
    grant = grants.request_access(intake_a, mine.child, theirs.district_id, "Behöver läsa.")
    grants.decide_access(supervisor_b, grant.pk, grant=False)
    assert factories.web_client(intake_a).get(f"/anmalan/{theirs.pk}/").status_code == 404
    assert AuditEntry.objects.filter(verb="deny_access").count() == 1


def test_only_the_asked_districts_supervisor_decides(known_in_both, intake_a, district_a):
    mine, theirs = known_in_both
    grant = grants.request_access(intake_a, mine.child, theirs.district_id, "Behöver läsa.")
    supervisor_a = factories.user(Role.SUPERVISOR, district_a)
    with pytest.raises(NotFound):
        grants.decide_access(supervisor_a, grant.pk, grant=True, days=7)
    with pytest.raises(NotFound):
        grants.decide_access(intake_a, grant.pk, grant=True, days=7)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.REQUESTED


@pytest.mark.parametrize("days", [None, 0, 31])
def test_a_grant_needs_a_period_of_one_to_thirty_days(known_in_both, intake_a, supervisor_b, days):
    mine, theirs = known_in_both
    grant = grants.request_access(intake_a, mine.child, theirs.district_id, "Behöver läsa.")
    with pytest.raises(InvalidInput):
        grants.decide_access(supervisor_b, grant.pk, grant=True, days=days)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.REQUESTED


def test_bad_requests_are_refused(known_in_both, intake_a, district_a):
    mine, theirs = known_in_both
    with pytest.raises(InvalidInput):
        grants.request_access(intake_a, mine.child, theirs.district_id, "  ")
    with pytest.raises(InvalidInput) as own:
        grants.request_access(intake_a, mine.child, district_a.pk, "Egen")
    assert own.value.code == "no_case_there"
    grants.request_access(intake_a, mine.child, theirs.district_id, "Behöver läsa.")
    with pytest.raises(InvalidInput) as twice:
        grants.request_access(intake_a, mine.child, theirs.district_id, "Igen")
    assert twice.value.code == "already_requested"
    assert AccessGrant.objects.count() == 1


def test_asking_about_a_child_out_of_scope_is_not_found(intake_a, intake_b, district_a):
    stranger = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[3])
    response = factories.web_client(intake_a).post(
        f"/barn/{stranger.child_id}/begar-atkomst/",
        {"district": stranger.district_id, "reason": "Nyfiken"},
    )
    assert response.status_code == 404
    assert not AccessGrant.objects.exists()
