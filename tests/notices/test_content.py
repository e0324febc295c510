"""What a notice says: the one allowed sentence per outcome, nothing of the child."""

import shutil
import subprocess

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.documents.storage import path_of
from likvard.notices import content, services
from likvard.notices.models import Channel, Notice, State, Unsendable
from likvard.notices.selectors import notice_facts
from likvard.people.models import Child
from tests import factories

from . import builders

pytestmark = pytest.mark.django_db

ALLOWED = {
    Decision.Kind.OPEN_INVESTIGATION: "Socialtjänsten har beslutat att inleda en utredning.",
    Decision.Kind.NOT_OPEN: "Socialtjänsten har beslutat att inte inleda någon utredning.",
    Decision.Kind.ALREADY_ONGOING: (
        "Det pågår redan en utredning, och uppgifterna i din anmälan har tillförts den."
    ),
}
SECRET_ADDRESS = "Lönnvägen 13, 111 22 Stockholm"


def pdf_text(pdf: bytes) -> str:
    """The PDF's words as pdftotext reads them, on one line."""
    program = shutil.which("pdftotext")  # scripts/install-browser installs poppler-utils
    assert program, "pdftotext is missing: run scripts/install-browser (make browser)"
    done = subprocess.run(  # noqa: S603 - our own bytes, a fixed program
        [program, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def protect(report):
    """The child and a guardian with protected identity and an address on record."""
    child = Child.objects.get(pk=report.child_id)
    child.protected_identity, child.address = True, SECRET_ADDRESS
    child.save(update_fields=["protected_identity", "address"])
    factories.guardian(
        child, first_name="Gun", last_name="Vakt", address=SECRET_ADDRESS, protected_identity=True
    )
    return child


def assert_nothing_of_the_child(text: str, child) -> None:
    for secret in (
        child.personal_number,
        child.personal_number.replace("-", ""),
        child.personal_number[2:],
        child.first_name,
        child.last_name,
        "Lönnvägen",
        "111 22",
        "Vakt",
    ):
        assert secret not in text, secret


def only_one_outcome(text: str, kind: str) -> None:
    assert " ".join(ALLOWED[kind].split()) in text
    for other, sentence in ALLOWED.items():
        if other != kind:
            assert sentence not in text


@pytest.mark.parametrize("kind", list(ALLOWED))
def test_each_decisions_letter_says_its_outcome_and_nothing_of_the_child(intake_a, admin_a, kind):
    notice = builders.sent(admin_a, intake_a, kind=kind, contact=builders.POSTAL)
    assert (notice.channel, notice.state) == (Channel.LETTER, State.SENT)
    child = protect(notice.report)
    # The letter as filed in the case (made before the child was protected) and as made
    # now: neither carries anything of the child.
    for pdf in (
        path_of(notice.document.storage_name).read_bytes(),
        content.letter_pdf(notice_facts(notice, local_date(timezone.now()))),
    ):
        text = pdf_text(pdf)
        assert "Återkoppling på din orosanmälan" in text
        assert f"Ärendenummer: {notice.report_id}" in text
        assert "Box 1234" in text and "112 34 Stockholm" in text
        assert "08-465" not in text  # the phone beside the address is not an address line
        assert "19 kap. 6 § SoL 2025:400" in text
        only_one_outcome(text, kind)
        assert_nothing_of_the_child(text, child)
        assert "Syntetisk testanmälan" not in text  # the report's description


@pytest.mark.parametrize("kind", list(ALLOWED))
def test_each_decisions_email_says_its_outcome_and_nothing_of_the_child(intake_a, admin_a, kind):
    builders.decided(intake_a, kind)  # without a notice: protect before it is made
    report = builders.decided(intake_a, kind, personal_number=factories.CHILD_NUMBERS[2])
    child = protect(report)
    notice = services.prepare(intake_a, report.pk)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.queue_sending(admin_a, [notice.pk])
    [message] = mail.outbox
    assert message.to == ["maja.rektor@ekskolan.example.se"]
    assert message.subject == f"Återkoppling på din orosanmälan, ärende {report.pk}"
    body = " ".join(message.body.split())
    assert body.startswith("Hej Maja Rektor!")
    only_one_outcome(body, kind)
    assert_nothing_of_the_child(body + message.subject, child)
    assert "Syntetisk testanmälan" not in body


def test_a_transfer_is_not_told_and_a_phone_only_reporter_cannot_be_sent_to(intake_a):
    transferred = builders.notice(intake_a, Decision.Kind.TRANSFER)
    phone_only = builders.notice(
        intake_a, contact=builders.PHONE, personal_number=factories.CHILD_NUMBERS[1]
    )
    assert (transferred.state, transferred.unsendable) == (
        State.UNSENDABLE,
        Unsendable.TRANSFERRED,
    )
    assert (phone_only.state, phone_only.unsendable, phone_only.address) == (
        State.UNSENDABLE,
        Unsendable.NO_ADDRESS,
        "",
    )


def test_no_notice_for_a_reporter_who_did_not_ask_or_is_not_mandated(intake_a):
    asked_not = builders.decided(intake_a, reporter_wants_feedback=False)
    private = builders.decided(
        intake_a, reporter_mandated=False, personal_number=factories.CHILD_NUMBERS[1]
    )
    assert services.prepare(intake_a, asked_not.pk) is None
    assert services.prepare(intake_a, private.pk) is None
    assert not Notice.objects.exists()
