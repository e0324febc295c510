"""The interventions API: refusals as machine-readable 4xx, never a 500, nothing half-saved."""

import pytest
from rest_framework.test import APIClient

from likvard.core.validation import MAX_ID
from likvard.organisation.models import Role
from tests import factories
from tests.casework.helpers import row_counts

from .builders import DAY, consent, considered_for_court, investigation_for, propose, today

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def code(response) -> str:
    return response.json()["error"]["code"]


def proposal_body(investigation, **extra):
    return {
        "investigation": investigation.pk,
        "kind": "contact_person",
        "basis": "voluntary",
        "goal": "En vuxen att prata med.",
        "proposed_on": str(today()),
        **extra,
    }


def test_propose_consent_and_decide(inv, intake_a, supervisor_a):
    created = api(intake_a).post(
        "/api/intervention-proposals/", proposal_body(inv.investigation), format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["missing_consents"] == ["Anna Ek", "Bo Ek"]
    for person in (inv.anna, inv.bo):
        answered = api(intake_a).post(
            f"/api/intervention-proposals/{pk}/consents/",
            {"person": person.pk, "status": "given", "answered_on": str(today()), "how": "phone"},
            format="json",
        )
        assert answered.status_code == 201, answered.content
    decided = api(supervisor_a).post(
        f"/api/intervention-proposals/{pk}/decide/",
        {
            "granted": True,
            "decided_on": str(today()),
            "start_on": str(today()),
            "planned_end": str(today() + 90 * DAY),
        },
        format="json",
    )
    assert decided.status_code == 201, decided.content
    again = api(supervisor_a).post(
        f"/api/intervention-proposals/{pk}/decide/",
        {"granted": False, "decided_on": str(today())},
        format="json",
    )
    assert again.status_code == 409
    assert code(again) == "already_decided"


def test_refusals_carry_their_codes_and_write_nothing(inv, intake_a, supervisor_a, district_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    lodger = factories.user(Role.INVESTIGATOR, district_a)
    before = row_counts()
    url = f"/api/intervention-proposals/{proposal.pk}/"
    cases = [
        (
            intake_a,
            "consents/",
            {"person": None, "status": "given", "answered_on": str(today()), "how": "meeting"},
            400,
            "child_too_young",
        ),
        (
            intake_a,
            "consents/",
            {"person": MAX_ID, "status": "given", "answered_on": str(today()), "how": "meeting"},
            400,
            "not_guardian",
        ),
        (
            supervisor_a,
            "decide/",
            {
                "granted": True,
                "decided_on": str(today()),
                "start_on": str(today()),
                "planned_end": str(today() + DAY),
            },
            400,
            "consent_missing",
        ),
        (lodger, "decide/", {"granted": False, "decided_on": str(today())}, 403, "no_delegation"),
        (
            supervisor_a,
            "decide/",
            {"granted": True, "decided_on": str(today()), "start_on": str(today() - DAY)},
            400,
            "start_before_decision",
        ),
    ]
    for user, action, body, status, expected in cases:
        response = api(user).post(url + action, body, format="json")
        assert (response.status_code, code(response)) == (status, expected), response.content
    assert row_counts() == before


@pytest.mark.parametrize(
    "body",
    [
        {"investigation": "ett", "kind": "contact_person"},
        {"investigation": MAX_ID + 1},
        {"investigation": 10**30},
        {"investigation": -1},
        {"kind": ["contact_person"]},
        {"proposed_on": "2026-02-30"},
        {"goal": None},
        {"district": 1},
        {"basis": "tvång"},
    ],
)
def test_bad_input_is_a_4xx_never_a_500(inv, intake_a, body):
    before = row_counts()
    response = api(intake_a).post(
        "/api/intervention-proposals/", proposal_body(inv.investigation) | body, format="json"
    )
    assert response.status_code == 400, response.content
    assert code(response)
    assert row_counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/intervention-proposals/{}/",
        "/api/intervention-consents/{}/",
        "/api/interventions/{}/",
        "/api/intervention-follow-ups/{}/",
        "/api/motivation-work/{}/",
        "/api/lvu-considerations/{}/",
        "/api/lvu-care/{}/",
    ],
)
def test_huge_ids_are_not_found(intake_a, path):
    for pk in (MAX_ID, MAX_ID + 1, 10**30):
        response = api(intake_a).get(path.format(pk))
        assert response.status_code == 404, (path, pk)


def test_a_list_filter_with_a_bad_id_is_400(intake_a):
    response = api(intake_a).get("/api/motivation-work/", {"investigation": "x"})
    assert response.status_code == 400
    assert code(response) == "invalid"


def test_another_districts_investigation_is_not_found_and_an_inspector_cannot_write(
    inv, intake_b, inspector
):
    body = proposal_body(inv.investigation)
    other = api(intake_b).post("/api/intervention-proposals/", body, format="json")
    assert other.status_code == 404
    read_only = api(inspector).post("/api/intervention-proposals/", body, format="json")
    assert read_only.status_code == 403
    assert api(inspector).get("/api/intervention-proposals/").status_code == 200


def test_lvu_care_reconsideration_needs_the_version(inv, intake_a):
    considered_for_court(intake_a, inv.investigation)
    created = api(intake_a).post(
        "/api/lvu-care/",
        {"investigation": inv.investigation.pk, "ground": "both", "started_on": str(today())},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/lvu-care/{pk}/reconsider/"
    missing = api(intake_a).post(url, {"reconsidered_on": str(today())}, format="json")
    assert missing.status_code == 428
    done = api(intake_a).post(url, {"version": 1, "reconsidered_on": str(today())}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["version"] == 2
    stale = api(intake_a).post(url, {"version": 1, "reconsidered_on": str(today())}, format="json")
    assert stale.status_code == 409


def test_motivation_work_for_a_proposal_of_another_investigation_is_refused(inv, intake_a):
    elsewhere = propose(intake_a, investigation_for(intake_a))
    response = api(intake_a).post(
        "/api/motivation-work/",
        {
            "investigation": inv.investigation.pk,
            "proposal": elsewhere.pk,
            "kind": "meeting",
            "interpreter": "none",
            "worked_on": str(today()),
            "outcome": "partly",
        },
        format="json",
    )
    assert response.status_code == 400
    assert code(response) == "proposal_not_in_investigation"
