"""Each role lands on its own start page, after sign-in and on "/"."""

import pytest
from django.test import Client

from likvard.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.INTAKE_WORKER, "/arenden/"),
        (Role.INVESTIGATOR, "/arenden/"),
        (Role.SUPERVISOR, "/arenden/team/"),
        (Role.INSPECTOR, "/kvalitet/"),
        (Role.ANALYST, "/kvalitet/"),
    ],
)
def test_each_role_signs_in_to_its_start_page(role, start):
    district = None if role in (Role.INSPECTOR, Role.ANALYST) else factories.district("Järva")
    user = factories.user(role, district, username="someone")
    client = Client()
    response = client.post("/logga-in/", {"username": "someone", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == start
    assert response.status_code == 200
    # "/" (the brand link) goes to the same page.
    assert client.get("/")["Location"] == start
    # "Mina ärenden" is in the menu of those who have cases (a district's staff) only.
    assert ('href="/arenden/"' in response.content.decode()) == (district is not None)
    assert user.role == role


def test_signed_out_visitor_on_root_is_asked_to_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
