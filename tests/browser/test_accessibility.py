"""Every caseworker page meets WCAG 2.1 AA as axe-core (npm) sees it in Chromium."""

from pathlib import Path

import pytest

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.organisation.models import Role
from likvard.reports.models import Concern
from tests import factories

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def test_caseworker_pages_have_no_wcag_aa_violations(audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    worker = factories.user(Role.INTAKE_WORKER, district, username="mottagning.a11y")
    waiting = factories.report(worker)
    deciding = factories.assessed_report(
        worker, personal_number=factories.CHILD_NUMBERS[1], concerns=[Concern.WITNESSING_VIOLENCE]
    )
    opened = factories.assessed_report(worker, personal_number=factories.CHILD_NUMBERS[2])
    services.decide(
        worker, opened.pk, version=opened.version, kind=Decision.Kind.OPEN_INVESTIGATION
    )
    investigation = opened.pre_assessment.decision.investigation

    page.goto(f"{live_server.url}/logga-in/")
    assert axe_violations(page) == []
    sign_in(page, live_server, "mottagning.a11y")
    urls = [
        "/arenden/",
        "/anmalan/ny/",
        f"/anmalan/{waiting.pk}/",
        f"/anmalan/{deciding.pk}/",
        f"/anmalan/{opened.pk}/",
        f"/barn/{waiting.child_id}/",
        f"/utredning/{investigation.pk}/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url

    # A form shown with its errors must be accessible too.
    page.goto(f"{live_server.url}/anmalan/ny/")
    page.get_by_role("button", name="Registrera").click()
    page.get_by_text("Det gick inte att spara").wait_for()
    assert axe_violations(page) == []


def test_the_quality_dashboard_has_no_wcag_aa_violations(audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    supervisor = factories.user(Role.SUPERVISOR, district, username="arbetsledare.a11y")
    factories.assessed_report(supervisor)
    sign_in(page, live_server, "arbetsledare.a11y")
    for url in (
        "/kvalitet/",
        f"/kvalitet/protection_same_day/{district.pk}/",
        "/kvalitet/?fran=2026-05&till=2026-01",
    ):
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
