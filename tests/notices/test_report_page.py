"""The report page shows the caseworker the letter or e-mail prepared for the reporter,
and where it stands, so the reporter is not told twice."""

from likvard.notices.models import Notice, State

from .. import factories
from .builders import PHONE, POSTAL, decided, notice, sent


def _page(user, report):
    response = factories.web_client(user).get(f"/anmalan/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_prepared_letter_tells_the_caseworker_the_administrator_sends_it(intake_a):
    prepared = notice(intake_a, contact=POSTAL)
    page = _page(intake_a, prepared.report)
    assert 'id="reporter-notice"' in page
    assert "Brev till anmälaren: förberedd" in page
    assert f"skickas av administratören, senast {prepared.due:%Y-%m-%d}" in page
    assert "Ge inte återkoppling på annat sätt" in page


def test_a_sent_email_says_when_and_no_longer_asks_to_wait(intake_a, admin_a):
    done = sent(admin_a, intake_a)
    assert done.state == State.SENT
    page = _page(intake_a, done.report)
    assert f"E-post till anmälaren: skickad {done.sent_at:%Y-%m-%d}" in page
    assert "Ge inte återkoppling på annat sätt" not in page


def test_a_notice_without_an_address_asks_for_one_or_for_feedback_by_other_means(intake_a):
    unsendable = notice(intake_a, contact=PHONE)
    assert unsendable.state == State.UNSENDABLE
    page = _page(intake_a, unsendable.report)
    assert "Återkoppling som systemet inte kan skicka" in page
    assert "Administratören behöver en e-postadress eller postadress" in page


def test_no_notice_draws_nothing(intake_a):
    report = decided(intake_a, contact=POSTAL)
    Notice.objects.filter(report=report).delete()
    assert 'id="reporter-notice"' not in _page(intake_a, report)
