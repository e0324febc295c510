"""Refusals, missing pages and errors answer in Swedish, with a way back."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from likvard.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_refused_page_answers_in_swedish():
    """An inspector may not register reports: 403, in Swedish, with the menu."""
    response = factories.web_client(factories.user(Role.INSPECTOR)).get("/anmalan/ny/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har inte behörighet till sidan" in html
    assert "Forbidden" not in html
    assert "Logga ut" in html


def test_a_case_out_of_reach_answers_not_found_in_swedish():
    response = factories.web_client(factories.user(Role.INTAKE_WORKER)).get("/anmalan/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert "Not Found" not in html


def test_an_unknown_address_answers_not_found_in_swedish():
    response = Client().get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_a_server_error_answers_in_swedish_without_a_request_context():
    """Django renders 500.html with an empty context: no user, no menu, still Swedish."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel" in html
    assert "Server Error" not in html
    assert "Logga ut" not in html


def test_a_stale_form_answers_in_swedish():
    """A post without its CSRF token (a page left open past sign-out) is refused in Swedish."""
    response = Client(enforce_csrf_checks=True).post("/logga-in/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret kunde inte skickas" in html
    assert "CSRF verification failed" not in html
