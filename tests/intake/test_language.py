"""Staff pages are Swedish whatever the browser asks; the reporter's pages follow it.

The e-service's English catalog holds strings the staff pages use too: before the
middleware, a caseworker whose browser asked for English got `<html lang="en">` (a
screen reader read the Swedish page with English rules) and half-English labels.
"""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

FORM = "/e-tjanst/"


@pytest.mark.parametrize("path", ["/arenden/", "/anmalan/ny/"])
def test_a_staff_page_is_swedish_when_the_browser_asks_for_english(intake_a, path):
    response = factories.web_client(intake_a).get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in text
    assert "Till innehållet" in text
    assert "Skip to content" not in text
    assert response["Content-Language"] == "sv"


def test_the_language_switch_turns_the_form_english_but_not_the_staff_pages(intake_a):
    web = factories.web_client(intake_a)
    web.post("/sprak/", {"language": "en", "next": FORM})
    assert '<html lang="en">' in web.get(FORM).content.decode()
    assert '<html lang="sv">' in web.get("/arenden/").content.decode()


def test_the_form_follows_the_browsers_language():
    text = Client().get(FORM, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in text
    assert "Skip to content" in text


def test_on_the_public_host_every_page_follows_the_browser(settings):
    settings.ROOT_URLCONF = "likvard.public_urls"
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
