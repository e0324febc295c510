"""The investigation page with the BBIC sections, the triangle's page and a refused
form meet WCAG 2.1 AA as axe-core sees them, with every fold opened, and fit a phone."""

import pytest

from likvard.bbic import services as bbic
from likvard.organisation.models import Role
from tests import factories
from tests.bbic.helpers import child_conversation, conclude, open_investigation, today
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _documented(worker):
    investigation = open_investigation(worker)
    guardian = investigation.child.relations.first().person
    bbic.revise_plan(
        worker,
        investigation.pk,
        based_on=0,
        questions="Hur fungerar skolgången?",
        informants="Barnet, vårdnadshavarna och skolan.",
        timetable="Samtal med barnet vecka 2.",
    )
    bbic.revise_area(worker, investigation.pk, "education", based_on=0, needs="Stöd i läsning.")
    child_conversation(worker, investigation)
    bbic.record_meeting(
        worker,
        investigation.pk,
        bbic.MeetingInput(
            kind="guardians",
            held_on=today(),
            participants=[guardian.pk],
            interpreter_needed="interpreter",
            interpreter_used="interpreter",
            language="somaliska",
        ),
    )
    bbic.record_interpreter_need(
        worker, investigation.pk, person=guardian.pk, language="somaliska", kind="interpreter"
    )
    bbic.record_network_contact(
        worker,
        investigation.pk,
        kind="school",
        organisation="Rinkebyskolan",
        contacted_on=today(),
        consent="obtained",
        summary="Skolan ser hög frånvaro.",
    )
    bbic.record_communication(
        worker,
        investigation.pk,
        shared_on=today(),
        material="Utredningen i sin helhet.",
        recipients=[guardian.pk],
        with_child=False,
        method="letter",
        comment_deadline=today(),
    )
    conclude(worker, investigation, needs_identified=True)
    return investigation


def _open_every_fold(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_the_bbic_pages_have_no_wcag_aa_violations_and_fit_a_phone(audit_page, live_server):
    page = audit_page
    worker = factories.user(Role.INVESTIGATOR, factories.district("Järva"), username="bbic.a11y")
    investigation = _documented(worker)
    sign_in(page, live_server, "bbic.a11y")
    for path in (f"/utredning/{investigation.pk}/", f"/utredning/{investigation.pk}/bbic/omraden/"):
        page.goto(live_server.url + path)
        _open_every_fold(page)
        assert axe_violations(page) == [], path
        for width in (390, 360):
            page.set_viewport_size({"width": width, "height": 800})
            scroll, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= window, (path, width, scroll)
        page.set_viewport_size({"width": 1280, "height": 800})

    # A meeting dated in the future: its own page, with the error summary.
    page.goto(f"{live_server.url}/utredning/{investigation.pk}/")
    form = page.locator("#bbic-meeting-form")
    page.locator("details.step-form", has=form).locator("summary").click()
    form.get_by_label("Samtal med barnet").check()
    form.get_by_label("Datum").fill("2999-01-01")
    form.get_by_role("button", name="Spara").click()
    page.get_by_text("Det finns problem att rätta").wait_for()
    assert "Datumet kan inte ligga i framtiden." in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
