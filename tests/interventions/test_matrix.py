"""The interventions rows of the permission matrices, for the refusals they do not cover:
a role without the delegation (403) and an inspector, who reads every district but
writes nowhere. Other district → 404 and the control are in tests/test_permission_matrix.py
(UI_WRITES) and tests/api/test_access.py (_intervention_writes)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from likvard.organisation.models import Role
from tests import factories
from tests.api.helpers import build_case
from tests.api.test_access import _intervention_writes, _url
from tests.snapshots import Unchanged
from tests.test_permission_matrix import UI_WRITES

pytestmark = pytest.mark.django_db

UI_NAMES = sorted(name for name in UI_WRITES if name.startswith("interventions:"))


@pytest.fixture
def case(intake_a):
    return build_case(intake_a, factories.CHILD_NUMBERS[0], family=True)


def _ui_post(name, case, web):
    _role, attribute, body = UI_WRITES[name]
    return web.post(reverse(name, kwargs={"pk": getattr(case, attribute).pk}), body(case))


def test_the_decision_needs_the_delegation_in_the_ui_and_the_api(case, district_a, today):
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    web = factories.web_client(investigator)  # signing in writes last_login: before the snapshot
    unchanged = Unchanged()
    assert _ui_post("interventions:decide", case, web).status_code == 403
    path, _role, body = next(
        (p, r, b) for n, p, r, b in _intervention_writes(today) if n == "decide an intervention"
    )
    api = APIClient()
    api.force_authenticate(investigator)
    response = api.post(_url(path, case), body(case), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "no_delegation"
    unchanged.check("decide")


@pytest.mark.parametrize("name", UI_NAMES)
def test_an_inspector_reads_but_cannot_write_a_page(case, inspector, name):
    web = factories.web_client(inspector)
    unchanged = Unchanged()
    assert _ui_post(name, case, web).status_code in (403, 404), name
    unchanged.check(name)
    page = web.get(reverse("casework:investigation", kwargs={"pk": case.investigation.pk}))
    assert page.status_code == 200
    assert f'id="proposal-{case.intervention_proposal.pk}"' in page.content.decode()
    assert 'id="propose-form"' not in page.content.decode()


@pytest.mark.parametrize(
    "write", _intervention_writes(datetime.date(2026, 1, 1)), ids=lambda write: write[0]
)
def test_an_inspector_reads_but_cannot_write_through_the_api(case, inspector, today, write):
    name = write[0]
    path, _role, body = next((p, r, b) for n, p, r, b in _intervention_writes(today) if n == name)
    api = APIClient()
    api.force_authenticate(inspector)
    unchanged = Unchanged()
    response = api.post(_url(path, case), body(case), format="json")
    assert response.status_code == 403, (name, response.content)
    unchanged.check(name)
    if "{" in path:
        detail = path.split("{")[0] + "{" + path.split("{")[1].split("}")[0] + "}/"
        assert api.get(_url(detail, case)).status_code == 200
