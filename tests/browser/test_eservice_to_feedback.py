"""Issue 13 end to end: a school reports through the public e-service, the district's
intake worker decides, and the administrator finds the feedback letter, opens its PDF
and sends it; with JavaScript off and on, every page through the browser.

The school gives a phone number and its postal address and no e-mail, so the feedback
is prepared as a letter the moment the decision is made, ready in the administrator's
queue with nothing to fill in.
"""

import subprocess

import pytest

from likvard.intake.models import Submission
from likvard.notices.models import Channel, Notice, State
from likvard.organisation.models import Role
from likvard.partners.models import Partner
from likvard.reports.models import Feedback
from tests import factories

from .conftest import assess_protection, pdf_text, poppler, sign_in
from .test_eservice import SHOTS, fill_school_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_provisions"),  # the letter cites SoL 19:6
]

SCHOOL_ADDRESS = "Brommaplan 1, 168 76 Bromma"
#: What the form says of the child: her name, school, postal code, the concern, the text.
CHILD = ("Nora", "Synthetisk", "Rinkebyskolan", "164 40", "16440", "omsorg", "Hungrig")


@pytest.fixture
def staffed_city(city):
    """`city` with a school of Bromma, whose report the child's postal code (Järva's)
    must route to Järva, and Järva's administrator."""
    jarva, bromma, _school, worker = city
    school = Partner.objects.create(
        name="Brommaskolan", kind=Partner.Kind.SCHOOL_MUNICIPAL, district=bromma
    )
    admin = factories.user(Role.ADMIN_STAFF, jarva, username="administrator.etjanst")
    return jarva, school, worker, admin


def _js(javascript: bool) -> str:
    return "js" if javascript else "nojs"


def shot(page, name, javascript):
    page.screenshot(path=str(SHOTS / f"feedback-{name}-{_js(javascript)}.png"), full_page=True)


def row_of(page, table: str, report):
    """The row of the queue's table `table` whose case number links to `report`."""
    return page.locator(
        f"#{table} tr", has=page.get_by_role("link", name=str(report.pk), exact=True)
    )


def submit_as_school(context, live_server, school, javascript) -> str:
    page = context.new_page()
    page.goto(f"{live_server.url}/e-tjanst/")
    # The form has no enhancements to exercise (forms.py: "no JavaScript needed"); were
    # one added, this run must be made to use it.
    assert page.locator("script").count() == 0
    fill_school_report(page, school)
    page.get_by_label("Barnets personnummer").fill("")
    page.get_by_label("Barnets ungefärliga ålder (år)").fill("9")
    page.get_by_label("Postadress för återkoppling").fill(SCHOOL_ADDRESS)
    shot(page, "1-form", javascript)
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Anmälan är mottagen").wait_for()
    shot(page, "2-receipt", javascript)
    return page.locator("#reference").inner_text()


def decide_to_open(context, live_server, worker, report, javascript) -> None:
    page = context.new_page()
    sign_in(page, live_server, worker.username)
    page.get_by_role("link", name="Teamets ärenden").click()
    page.locator(f"a[href='/anmalan/{report.pk}/']").first.click()
    page.get_by_text("Brommaskolan").first.wait_for()
    assess_protection(page)
    decision = page.locator("#decision-form")
    decision.get_by_label("Utredning inleds", exact=True).check()
    decision.get_by_role("button", name="Fatta beslut").click()
    page.get_by_text("Beslutet är fattat.").wait_for()
    assert page.locator("#report-state").inner_text() == "Utredning inledd"
    # The caseworker sees that the letter is prepared for the administrator to send.
    notice = page.locator("#reporter-notice")
    assert "Brev till anmälaren: förberedd" in notice.inner_text()
    assert "Ge inte återkoppling på annat sätt" in notice.inner_text()
    shot(page, "3-decided", javascript)
    page.set_viewport_size({"width": 390, "height": 844})
    notice.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"feedback-3-decided-390-{_js(javascript)}.png"))


def letter_text(pdf: bytes, name: str) -> str:
    """The PDF's text, and the PDF rendered to PNG at 60 dpi in SHOTS to look at."""
    path = SHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - our own PDF, a fixed program
        [poppler("pdftoppm"), "-png", "-r", "60", str(path), str(SHOTS / name)], check=True
    )
    return pdf_text(path)


def assert_says_only_the_outcome(text: str, report) -> None:
    assert "Återkoppling på din orosanmälan" in text
    assert "Socialtjänsten har beslutat att inleda en utredning." in text
    assert "att inte inleda" not in text
    assert "Enligt 19 kap. 6 § SoL 2025:400 får vi berätta" in text
    assert f"ärendenummer {report.pk}" in text
    assert "Lärare Testsson Brommaskolan Brommaplan 1 168 76 Bromma" in text
    for word in CHILD:
        assert word not in text, word


@pytest.mark.parametrize("javascript", [False, True], ids=_js)
def test_a_schools_report_ends_in_a_feedback_letter(browser, live_server, staffed_city, javascript):
    SHOTS.mkdir(exist_ok=True)
    jarva, school, worker, admin = staffed_city

    def context():
        return browser.new_context(
            locale="sv-SE", timezone_id="Europe/Stockholm", java_script_enabled=javascript
        )

    with context() as public:
        reference = submit_as_school(public, live_server, school, javascript)
    report = Submission.objects.get(reference=reference).report
    assert report.district == jarva  # by the child's postal code, not the school's Bromma
    assert report.reporter_mandated and report.reporter_wants_feedback

    with context() as intake:
        decide_to_open(intake, live_server, worker, report, javascript)

    with context() as office:
        page = office.new_page()
        sign_in(page, live_server, admin.username)
        page.get_by_role("link", name="Återkoppling till anmälare").click()
        row = row_of(page, "to-send", report)
        row.wait_for()
        assert row_of(page, "action", report).count() == 0
        shot(page, "4-queue-letter-ready", javascript)
        preview = row.get_by_role("link", name="Brev")
        answer = page.request.get(f"{live_server.url}{preview.get_attribute('href')}")
        assert answer.headers["content-type"] == "application/pdf"
        text = letter_text(answer.body(), f"feedback-preview-{_js(javascript)}")
        assert_says_only_the_outcome(text, report)

        row.get_by_label(f"Välj återkopplingen för ärende {report.pk}").check()
        page.get_by_role("button", name="Skicka valda").click()
        page.get_by_text("1 återkoppling skickas nu.").wait_for()
        shot(page, "5-queue-sent", javascript)
        with page.expect_download() as download:
            row_of(page, "sent", report).get_by_role(
                "link", name="Brev (PDF att skriva ut)"
            ).click()
        printed = download.value.path().read_bytes()
    text = letter_text(printed, f"feedback-letter-{_js(javascript)}")
    assert_says_only_the_outcome(text, report)
    sent = Notice.objects.get(report=report, state=State.SENT)
    assert (sent.channel, sent.attempt) == (Channel.LETTER, 1)
    assert report.feedback.get().method == Feedback.Method.LETTER
