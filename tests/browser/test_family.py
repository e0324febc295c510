"""One report about two siblings, their guardians fetched from the population register;
each child gets its own pre-assessment; the family is shown and changed on the child page.
axe-clean, and no sideways scrolling at 390 px on the pages this touches."""

import pytest

from likvard.casework.models import PreAssessment
from likvard.organisation.models import Role
from likvard.people.models import Relation, SiblingLink
from likvard.people.register import SyntheticRegister
from likvard.reports.models import Report
from tests import factories

from .conftest import assess_protection, sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Two children of one synthetic family (the same birth number after the date).
ELDER, YOUNGER = "20150916-0014", "20180316-0017"


def check_page(page, label):
    """axe-clean at the desktop width, and at 390 px nothing scrolls sideways."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], (label, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (label, width)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_one_report_about_two_siblings_with_guardians_from_the_register(audit_page, live_server):
    page = audit_page
    factories.user(Role.INTAKE_WORKER, factories.district("Järva"), username="mottagning.familj")
    family = SyntheticRegister().lookup("201509160014")
    mother, father = (f"{g.first_name} {g.last_name}" for g in family.guardians)

    sign_in(page, live_server, "mottagning.familj")
    page.goto(f"{live_server.url}/anmalan/ny/")
    check_page(page, "registration form")
    page.get_by_label("Barnets personnummer").fill(ELDER)
    page.get_by_label("Fler barn som anmälan gäller").fill(YOUNGER)
    assert page.get_by_label("Barnen är syskon").is_checked()
    assert page.get_by_label("Hämta vårdnadshavare från folkbokföringen").is_checked()
    page.get_by_label("Anmälare", exact=True).select_option("school")
    page.get_by_label("Anmälaren är anmälningsskyldig").check()
    page.get_by_label("Brister i omsorgen").check()
    page.get_by_label("Beskrivning av oron").fill("Syskonen kommer ofta hungriga till skolan.")
    page.get_by_role("button", name="Registrera").click()
    page.get_by_text("Orosanmälan är registrerad för 2 barn").wait_for()

    reports = list(Report.objects.order_by("pk"))
    assert len(reports) == 2 and reports[1].registered_with_id == reports[0].pk
    assert Relation.objects.filter(role="guardian", custody="joint").count() == 4
    assert SiblingLink.objects.count() == 1

    # The first child's report: its own protection assessment, then the pre-assessment.
    assess_protection(page)
    check_page(page, "report page")

    # The child's page shows the guardians from the register and the sibling.
    page.get_by_role("link", name=family.first_name + " " + family.last_name).first.click()
    for name in (mother, father):
        page.locator("#h-family + table").get_by_role("cell", name=name, exact=True).wait_for()
    assert "Vårdnadshavare (gemensam vårdnad)" in page.locator("#h-family + table").inner_text()
    check_page(page, "child page")

    # The sibling, through the link, and the sibling's own report.
    page.locator("#h-siblings + ul a").click()
    page.locator("#h-reports + table a").first.click()
    assess_protection(page)
    assert PreAssessment.objects.count() == 2
    assert set(PreAssessment.objects.values_list("report_id", flat=True)) == {r.pk for r in reports}

    # Bad input on the child page: the same guardian again, and a sibling link to oneself.
    page.goto(f"{live_server.url}/barn/{reports[0].child_id}/")
    relation_form = page.locator("#relation-form")
    relation_form.get_by_label("Personnummer").fill(family.guardians[0].personal_number)
    relation_form.get_by_role("button", name="Lägg till").click()
    page.get_by_text("Personen är redan registrerad med den rollen för barnet.").first.wait_for()
    check_page(page, "child page with an error")
    sibling_form = page.locator("#sibling-form")
    sibling_form.get_by_label("Syskonets personnummer").fill(ELDER)
    sibling_form.get_by_role("button", name="Länka").click()
    page.get_by_text("Ett barn kan inte vara syskon med sig självt.").first.wait_for()
    assert Relation.objects.count() == 4 and SiblingLink.objects.count() == 1
