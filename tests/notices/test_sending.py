"""Sending in bulk from the queue: once per notice, failures visible, bounces uncounted."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.notices import services
from likvard.notices.models import Bounce, Channel, Notice, State
from likvard.quality.selectors import Period, compute
from likvard.reports.models import Feedback
from tests import factories
from tests.snapshots import Unchanged

from . import builders

pytestmark = pytest.mark.django_db

QUEUE = reverse("notices:queue")


def today():
    return local_date(timezone.now())


def feedback_given(district) -> tuple[int, int]:
    """The indicator "feedback given" for the district, counted afresh."""
    numbers = compute(Period.ending(today()), today(), stored=False)
    cell = numbers.indicators["feedback_given"].district(district.pk)
    return cell.numerator, cell.denominator


def post(client, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(QUEUE, data)


@pytest.fixture
def three(intake_a):
    """An e-mail, a letter and one that cannot be sent, for three children."""
    return [
        builders.notice(intake_a, contact=builders.EMAIL),
        builders.notice(
            intake_a, contact=builders.POSTAL, personal_number=factories.CHILD_NUMBERS[1]
        ),
        builders.notice(
            intake_a, contact=builders.PHONE, personal_number=factories.CHILD_NUMBERS[2]
        ),
    ]


def test_the_queue_sends_the_chosen_notices_and_the_indicator_counts_them(
    three, admin_a, district_a
):
    email, letter, phone_only = three
    web = factories.web_client(admin_a)
    page = web.get(QUEUE).content.decode()
    assert f'value="{email.pk}"' in page and f'value="{letter.pk}"' in page
    assert f'value="{phone_only.pk}"' not in page  # not selectable: nothing to send to
    assert "inte lämnat någon e-postadress eller postadress" in page
    assert feedback_given(district_a) == (0, 3)

    response = post(web, {"notice": [email.pk, letter.pk]})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    letter.refresh_from_db()
    assert (email.state, email.feedback.method) == (State.SENT, Feedback.Method.EMAIL)
    assert (letter.state, letter.feedback.method) == (State.SENT, Feedback.Method.LETTER)
    assert letter.document.title == f"Återkoppling på din orosanmälan, {letter.report_id}"
    assert email.feedback.given_by == admin_a and email.feedback.given_on == today()
    assert feedback_given(district_a) == (2, 3)
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"queue_reporter_notice", "send_reporter_notice", "record_feedback"} <= verbs


def test_a_double_submit_and_a_retried_job_send_once(three, admin_a):
    email = three[0]
    web = factories.web_client(admin_a)
    post(web, {"notice": [email.pk]})
    second = post(web, {"notice": [email.pk]})  # the back button, a double click
    services.send_notices.call([email.pk])  # the job run again
    assert services.send_one(email.pk) is False
    assert second.status_code == 302
    assert len(mail.outbox) == 1
    assert Feedback.objects.filter(report=email.report).count() == 1
    assert services.queue_sending(admin_a, [email.pk]) == 0


def test_a_failed_send_is_shown_failed_records_nothing_and_can_be_sent_again(
    three, admin_a, settings, tmp_path
):
    email = three[0]
    broken = tmp_path / "not-a-directory"
    broken.write_text("")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(broken)  # the backend refuses a file for a directory
    web = factories.web_client(admin_a)

    post(web, {"notice": [email.pk]})

    email.refresh_from_db()
    assert (email.state, email.failure, email.feedback) == (
        State.FAILED,
        "ImproperlyConfigured",
        None,
    )
    assert not Feedback.objects.filter(report=email.report).exists()
    assert "Misslyckades, försök igen" in web.get(QUEUE).content.decode()

    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    post(web, {"notice": [email.pk]})
    email.refresh_from_db()
    assert email.state == State.SENT
    assert len(list((tmp_path / "mail").iterdir())) == 1


def test_another_districts_administrator_sends_nothing(three, admin_b, intake_b):
    own = builders.notice(intake_b, personal_number=factories.SPARE_NUMBERS[0])
    web = factories.web_client(admin_b)
    page = web.get(QUEUE).content.decode()
    assert f'value="{own.pk}"' in page
    assert not any(f'value="{n.pk}"' in page for n in three)
    unchanged = Unchanged()
    # Valid ids of district A, alone and mixed with one of B's own: refused whole.
    for ids in ([three[0].pk, three[1].pk], [three[0].pk, own.pk]):
        assert post(web, {"notice": ids}).status_code == 404
    unchanged.check("another district")
    assert mail.outbox == []
    assert set(Notice.objects.values_list("state", flat=True)) <= {
        State.PREPARED,
        State.UNSENDABLE,
    }


@pytest.mark.parametrize("role", ["intake_worker", "supervisor", "investigator", "inspector"])
def test_roles_without_the_permission_are_refused(three, district_a, role):
    web = factories.web_client(factories.user(role, district_a))
    assert web.get(QUEUE).status_code == 403
    assert post(web, {"notice": [three[0].pk]}).status_code == 403
    assert Notice.objects.get(pk=three[0].pk).state == State.PREPARED
    with pytest.raises(PermissionDenied):
        services.queue_sending(factories.user(role, district_a), [three[0].pk])


@pytest.mark.parametrize(
    "data",
    [{}, {"notice": ["x"]}, {"notice": ["99999999999999999999999"]}, {"notice": ["-1"]}],
)
def test_bad_choices_get_a_message_not_an_error(admin_a, three, data):
    response = post(factories.web_client(admin_a), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_an_unknown_id_is_not_found(admin_a, three):
    assert post(factories.web_client(admin_a), {"notice": [10**12]}).status_code == 404
    with pytest.raises(NotFound):
        services.queue_sending(admin_a, [three[0].pk, 10**12])
    assert Notice.objects.get(pk=three[0].pk).state == State.PREPARED


def test_a_bounced_notice_stops_counting_and_goes_again_by_another_channel(
    three, admin_a, district_a
):
    email = three[0]
    web = factories.web_client(admin_a)
    post(web, {"notice": [email.pk]})
    assert feedback_given(district_a) == (1, 3)

    response = web.post(
        reverse("notices:undeliverable", args=[email.pk]),
        {"undelivered_on": today(), "bounce": Bounce.MAILBOX},
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.state, email.bounce) == (State.UNDELIVERABLE, Bounce.MAILBOX)
    assert email.feedback.undelivered_on == today()
    assert feedback_given(district_a) == (0, 3)
    assert "E-postlådan tar inte emot" in web.get(QUEUE).content.decode()

    response = web.post(
        reverse("notices:resend", args=[email.pk]),
        {"address": "Ekskolan, Skolvägen 1, 123 45 Stockholm"},
    )
    again = Notice.objects.get(report=email.report, attempt=2)
    assert response.status_code == 302
    assert (again.channel, again.state) == (Channel.LETTER, State.PREPARED)
    post(web, {"notice": [again.pk]})
    again.refresh_from_db()
    assert again.state == State.SENT
    assert feedback_given(district_a) == (1, 3)
    # The log names the steps, never the address.
    logged = " ".join(str(e.after) for e in AuditEntry.objects.all())
    assert "Skolvägen" not in logged and "ekskolan.example" not in logged


def test_undelivered_cannot_predate_the_send_or_lie_ahead(three, admin_a):
    email = three[0]
    post(factories.web_client(admin_a), {"notice": [email.pk]})
    for day, code in (
        (today() - datetime.timedelta(days=1), "before_sent"),
        (today() + datetime.timedelta(days=1), "date_in_future"),
    ):
        with pytest.raises(InvalidInput) as refused:
            services.record_undeliverable(admin_a, email.pk, undelivered_on=day, bounce="other")
        assert refused.value.code == code
    assert Notice.objects.get(pk=email.pk).state == State.SENT


def test_a_new_address_must_be_an_address(three, admin_a):
    phone_only = three[2]
    web = factories.web_client(admin_a)
    response = web.post(reverse("notices:resend", args=[phone_only.pk]), {"address": "070-1"})
    assert response.status_code == 400
    assert "postnummer och ort" in response.content.decode()
    assert Notice.objects.filter(report=phone_only.report).count() == 1
    web.post(reverse("notices:resend", args=[phone_only.pk]), {"address": "a@b.example.se"})
    web.post(reverse("notices:resend", args=[phone_only.pk]), {"address": "a@b.example.se"})
    assert Notice.objects.filter(report=phone_only.report).count() == 2  # a double submit


def test_a_decision_prepares_its_notice_after_the_commit(intake_a):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = builders.decided(intake_a, Decision.Kind.NOT_OPEN)
    notice = Notice.objects.get(report=report)
    assert (notice.outcome, notice.channel, notice.due) == (
        Decision.Kind.NOT_OPEN,
        Channel.EMAIL,
        report.__class__.objects.get(pk=report.pk).feedback_due,
    )


def test_the_preview_shows_what_would_be_sent(three, admin_a):
    web = factories.web_client(admin_a)
    letter = web.get(reverse("notices:preview", args=[three[1].pk]))
    email = web.get(reverse("notices:preview", args=[three[0].pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    assert "Socialtjänsten har beslutat att inleda en utredning." in email.content.decode()
    unsendable = web.get(reverse("notices:preview", args=[three[2].pk])).content.decode()
    assert "inte lämnat någon e-postadress" in unsendable
