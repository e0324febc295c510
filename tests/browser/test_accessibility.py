"""Every caseworker page meets WCAG 2.1 AA as axe-core (npm) sees it in Chromium."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
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
        worker,
        opened.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=opened.version,
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
    page.get_by_text("Det finns problem att rätta").wait_for()
    assert axe_violations(page) == []
    # GOV.UK style: the summary has the focus, lists every problem of the round and
    # links to each field, which names its own message (aria-describedby).
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.locator("li").count() >= 2  # the concerns and the description
    summary.get_by_role("link", name="Beskrivning av oron").click()
    description = page.locator("#id_description")
    assert description.get_attribute("aria-describedby") == "id_description_error"
    assert page.locator("#id_description_error").inner_text().strip()
    assert (
        page.get_by_role("group", name="Orsak till oro").get_attribute("aria-describedby")
        == "id_concerns_error"
    )


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


def test_the_api_docs_have_no_wcag_aa_violations(audit_page, live_server):
    """Swagger UI as loaded, with an operation opened, tried out and its answer shown."""
    page = audit_page
    worker = factories.user(
        Role.INTAKE_WORKER, factories.district("Järva"), username="mottagning.a11y"
    )
    factories.report(worker)
    sign_in(page, live_server, "mottagning.a11y")
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []

    operation = page.locator("#operations-reports-reports_list")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    operation.locator(".responses-table.live-responses-table").wait_for()
    page.locator("#operations-reports-reports_create .opblock-summary-control").click()
    page.locator("#operations-reports-reports_create .opblock-section-request-body").wait_for()
    assert axe_violations(page) == []


def test_the_distribution_page_has_no_wcag_aa_violations_wide_and_narrow(audit_page, live_server):
    """Fördela ärenden with unassigned and overdue cases, after an assignment and after a
    refusal, at 1366 and 390 px; at 390 px nothing may scroll sideways."""
    from likvard.casework.assignment import assign_report

    page = audit_page
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district, username="mottagning.a11y")
    supervisor = factories.user(Role.SUPERVISOR, district, username="arbetsledare.a11y")
    factories.user(Role.INVESTIGATOR, district, username="utredare.a11y")
    opened = factories.assessed_report(intake, personal_number=factories.CHILD_NUMBERS[2])
    services.decide(
        intake,
        opened.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=opened.version,
    )
    late = factories.report(
        intake,
        personal_number=factories.CHILD_NUMBERS[1],
        received_at=timezone.now() - datetime.timedelta(days=20),
    )
    waiting = factories.report(intake)
    waiting = assign_report(supervisor, waiting.pk, version=waiting.version, assignee_id=None)

    sign_in(page, live_server, "arbetsledare.a11y")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/arenden/fordela/")
        page.locator(f'#overdue a[href="/anmalan/{late.pk}/"]').wait_for()
        assert axe_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width

    page.set_viewport_size({"width": 1366, "height": 900})
    row = page.locator("#unassigned tr", has_text="Utredning")
    row.locator("select").select_option(index=1)
    row.get_by_role("button", name="Tilldela").click()
    page.get_by_text("är tilldelad").wait_for()
    assert axe_violations(page) == []

    # Someone else assigns the report meanwhile: the page's form is stale and refused.
    assign_report(supervisor, waiting.pk, version=waiting.version, assignee_id=intake.pk)
    row = page.locator("#unassigned tr", has_text=f"Orosanmälan {waiting.pk}")
    row.locator("select").select_option(index=1)
    row.get_by_role("button", name="Tilldela").click()
    page.locator("#assign-errors").wait_for()
    assert axe_violations(page) == []


def test_the_inspectors_review_pages_have_no_wcag_aa_violations_wide_and_narrow(
    audit_page, live_server
):
    """Granskning as the inspector walks it: the list, a set-up refused and saved, the
    review before and after the draw, a case with its pre-filled answers, the import
    with its problems; at 1366 and 390 px, nothing scrolling sideways."""
    from likvard.inspection.models import Review
    from tests.inspection.builders import closed_pre_assessments

    page = audit_page
    district, other = factories.district("Järva"), factories.district("Södermalm")
    for d in (district, other):
        closed_pre_assessments(d, factories.user(Role.INTAKE_WORKER, d), 4, ages=(3, 8))
    factories.user(Role.INSPECTOR, username="inspektor.a11y")
    sign_in(page, live_server, "inspektor.a11y")

    page.goto(f"{live_server.url}/granskning/ny/")
    page.get_by_label("Rubrik").fill("Förhandsbedömningar 0–12 år")
    page.get_by_label("Period från").fill("2025-01-01")
    page.get_by_label("Period till").fill("2024-12-31")
    page.get_by_label("Urvalets storlek (antal ärenden)").fill("4")
    page.get_by_label("Startvärde för slumpen (seed)").fill("286")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Det finns problem att rätta").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Period till").fill("2025-12-31")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Dra urvalet och börja granska").wait_for()
    review = Review.objects.get()
    base = f"{live_server.url}/granskning/{review.pk}/"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (f"{live_server.url}/granskning/", base, f"{base}installningar/"):
            page.goto(url)
            assert axe_violations(page) == [], (url, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base)
    page.get_by_role("button", name="Dra urvalet och börja granska").click()
    page.locator("#progress").wait_for()
    case = review.cases.order_by("rank").first()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (base, f"{base}arende/{case.pk}/", f"{base}import/"):
            page.goto(url)
            assert axe_violations(page) == [], (url, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}arende/{case.pk}/")
    assert page.locator("#prefill-child_heard").is_visible()
    page.get_by_role("button", name="Spara svaren").click()
    page.get_by_text("Svaren är sparade").wait_for()
    assert axe_violations(page) == []
    page.goto(f"{base}import/")
    page.get_by_label("CSV-fil").set_input_files(
        files=[{"name": "svar.csv", "mimeType": "text/csv", "buffer": b"1;okand;kanske;\n"}]
    )
    page.get_by_role("button", name="Importera").click()
    page.locator("#import-problems").wait_for()
    assert axe_violations(page) == []


def test_the_oversight_register_has_no_wcag_aa_violations(audit_page, live_server):
    """The register, a matter with its forms, its form with errors and the committee's
    view, at a desktop's and a phone's width (where nothing scrolls sideways)."""
    from tests.oversight.builders import matter, with_measure

    page = audit_page
    district = factories.district("Järva")
    supervisor = factories.user(Role.SUPERVISOR, district, username="arbetsledare.a11y")
    report = factories.report(supervisor)
    row = matter(supervisor, cases=[("report", report.pk)])
    with_measure(supervisor, row, due_on=row.received_on)
    for _ in range(5):
        matter(supervisor, kind="ivo_complaint")
    sign_in(page, live_server, "arbetsledare.a11y")
    urls = [
        "/tillsyn/",
        "/tillsyn/nytt/",
        f"/tillsyn/{row.pk}/",
        f"/tillsyn/{row.pk}/andra/",
        "/tillsyn/namnden/",
    ]
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(live_server.url + url)
            assert axe_violations(page) == [], (url, width)
            scroll, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= window, (url, width, scroll)
        page.goto(f"{live_server.url}/tillsyn/nytt/")
        page.get_by_label("Inkom").fill(str(row.received_on))
        page.get_by_label("Ämne").fill("Gäller 20150916-0014")
        page.get_by_role("button", name="Registrera").click()
        page.get_by_text("får inte innehålla personnummer").first.wait_for()
        assert axe_violations(page) == [], ("form with errors", width)


def test_the_feedback_queue_has_no_wcag_aa_violations_wide_and_narrow(audit_page, live_server):
    """Återkoppling till anmälare with a notice of each kind, at 1366 and 390 px, after a
    bulk send and after a refused address."""
    from likvard.notices import services as notices
    from tests.notices import builders

    page = audit_page
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district, username="mottagning.a11y")
    admin = factories.user(Role.ADMIN_STAFF, district, username="administrator.a11y")
    email = builders.notice(intake, contact=builders.EMAIL)
    letter = builders.notice(
        intake, contact=builders.POSTAL, personal_number=factories.CHILD_NUMBERS[1]
    )
    builders.notice(intake, contact=builders.PHONE, personal_number=factories.CHILD_NUMBERS[2])
    returned = builders.sent(admin, intake, personal_number=factories.SPARE_NUMBERS[0])
    notices.record_undeliverable(
        admin, returned.pk, undelivered_on=local_date(timezone.now()), bounce="mailbox"
    )

    sign_in(page, live_server, "administrator.a11y")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/aterkoppling/")
        assert axe_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width

    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_label(f"Välj återkopplingen för ärende {email.report_id}").check()
    page.get_by_label(f"Välj återkopplingen för ärende {letter.report_id}").check()
    page.get_by_role("button", name="Skicka valda").click()
    page.get_by_text("2 återkopplingar skickas nu.").wait_for()
    assert page.locator("#sent tr", has_text="Brev (PDF att skriva ut)").count() == 1
    assert axe_violations(page) == []

    page.locator(f"#address-{returned.pk}").fill("070-174 06 05")
    page.locator(f"#address-{returned.pk}").press("Enter")
    page.get_by_text("postnummer och ort").first.wait_for()
    assert axe_violations(page) == []
