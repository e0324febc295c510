"""The partner registry, the district's collaboration with schools and the committee's
follow-up: WCAG 2.1 AA (axe-core) at 1366 and 390 px, no sideways scroll on a phone,
and the import's problem report and a form's errors drawn accessibly."""

import os
from pathlib import Path

import pytest

from likvard.organisation.models import Role
from likvard.partners import services
from likvard.partners.models import Kind, Partner
from tests import factories

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Screenshots for a person to look at, when asked (LIKVARD_SCREENSHOTS=<dir>).
SHOTS = os.environ.get("LIKVARD_SCREENSHOTS")


def check(page, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        assert axe_violations(page) == [], (name, width)
        if width == 390:
            scroll, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= window, (name, scroll)


@pytest.fixture
def registry():
    district = factories.district("Järva")
    supervisor = factories.user(Role.SUPERVISOR, district, username="arbetsledare.partner")
    factories.user(Role.ANALYST, username="analytiker.partner")
    school = services.save_partner(
        supervisor,
        {
            "name": "Ekbackens skola",
            "kind": Kind.SCHOOL_MUNICIPAL,
            "district": district,
            "address": "Ekbacken 4",
            "postal_code": "163 55",
            "phone": "08-465 004 01",
            "email": "info@ekbackens-skola.example",
        },
    )
    contact = services.save_contact(
        supervisor, school.pk, {"name": "Rut Lind", "role": "Skolkurator", "phone": "070-174 06 05"}
    )
    Partner.objects.create(name="BVC Järva", kind=Kind.CHILD_HEALTH, district=district)
    row = services.open_collaboration(supervisor, school.pk)
    services.set_contacts(
        supervisor,
        row.pk,
        {"school_contact": contact, "district_contact": supervisor, "student_health_team": True},
    )
    return {"district": district, "school": school, "collaboration": row}


def test_the_partner_pages_are_accessible_and_fit_a_phone(audit_page, live_server, registry):
    page, base = audit_page, live_server.url
    sign_in(page, live_server, "arbetsledare.partner")
    pages = {
        "registry": "/partner/",
        "reverify": "/partner/kontrollera/",
        "partner": f"/partner/{registry['school'].pk}/",
        "add": "/partner/ny/",
        "import": "/partner/import/",
        "collaborations": "/samverkan/",
        "collaboration": f"/samverkan/{registry['collaboration'].pk}/",
        "follow-up": f"/samverkan/uppfoljning/?stadsdel={registry['district'].pk}",
    }
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response.status == 200, path
        check(page, name)
    # A form with its errors, and the import's report of problems (nothing imported).
    page.goto(base + "/partner/ny/")
    page.get_by_label("E-post").fill("inte en adress")
    page.get_by_role("button", name="Registrera").click()
    page.get_by_text("Det finns problem att rätta").wait_for()
    check(page, "add-errors")
    page.goto(base + "/partner/import/")
    page.get_by_label("CSV-fil").set_input_files(
        files=[
            {
                "name": "partner.csv",
                "mimeType": "text/csv",
                "buffer": "namn;typ\r\nSkolan;okänd\r\n".encode("cp1252"),
            }
        ]
    )
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.get_by_text("Ingenting importerades").wait_for()
    check(page, "import-problems")
    # The collaboration's forms opened, a meeting recorded through the page.
    page.goto(base + pages["collaboration"])
    page.locator("summary", has_text="Registrera möte").click()
    page.locator("#id_meeting-held_on").fill("2026-01-02")
    page.locator("#meeting-form").get_by_role("button").click()
    page.get_by_text("Mötet är registrerat.").wait_for()
    check(page, "collaboration-after-meeting")


def test_the_committee_reads_the_follow_up(audit_page, live_server, registry):
    page = audit_page
    sign_in(page, live_server, "analytiker.partner")
    page.goto(f"{live_server.url}/kvalitet/")
    page.get_by_role("link", name="Uppföljning av samverkan skola–socialtjänst").click()
    page.get_by_label("Stadsdelsområde", exact=True).select_option(label="Järva")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("rowheader", name="Ekbackens skola").wait_for()
    assert "Rut Lind" not in page.content()  # numbers and school names only
    check(page, "follow-up-analyst")
