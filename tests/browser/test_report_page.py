"""The report page: steps done are one line each; only the forms of the steps at hand are open."""

import pytest

from likvard.casework import services
from likvard.organisation.models import Role
from tests import factories

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_steps_done_collapse_to_a_line_and_open_with_the_keyboard(page, live_server):
    worker = factories.user(Role.INTAKE_WORKER, factories.district("Järva"), username="m.steg")
    report = factories.assessed_report(worker)
    services.record_child_conversation(
        worker, report.pk, held=False, not_held_reason="Barnet är fyra månader gammalt."
    )
    sign_in(page, live_server, "m.steg")
    page.goto(f"{live_server.url}/anmalan/{report.pk}/")

    done = page.locator("#protection-done")
    assert "Omedelbart skyddsbehov: Nej" in done.locator("summary").inner_text()
    assert not done.get_by_text("Inget akut skyddsbehov.").is_visible()
    # Another conversation may be added, but its form waits closed; the decision is open.
    assert not page.locator("#conversation-form").is_visible()
    assert page.locator("#decision-form").is_visible()
    assert "1 barnsamtal dokumenterat" in page.locator("#conversations-done").inner_text()

    # A summary is a control of its own: focus it and open it with the keyboard.
    done.locator("summary").focus()
    page.keyboard.press("Enter")
    assert done.get_by_text("Inget akut skyddsbehov.").is_visible()
    page.locator("#conversation-form").locator("xpath=..").locator("summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("#conversation-form").is_visible()
