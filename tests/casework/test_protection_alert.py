"""An immediate protection need alerts the supervisors and the on-call service, and the
report page shows the next steps; overdue reports and investigations show a banner."""

import datetime

import pytest
from django.core import mail

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import ImmediateStep, ProtectionAlert
from likvard.core.errors import TransitionNotAllowed
from likvard.organisation.models import Role

from .. import factories
from .conftest import open_investigation
from .helpers import local_noon, local_today

pytestmark = pytest.mark.django_db


def _assess(actor, report, needed: bool):
    return services.assess_protection(
        actor,
        report.pk,
        version=report.version,
        immediate_protection_needed=needed,
        assessment="Barnet vågar inte gå hem.",
    )


def test_an_immediate_need_mails_supervisors_and_on_call_after_commit(
    intake_a, district_a, intake_b, django_capture_on_commit_callbacks
):
    district_a.on_call_email = "socialjouren@example.org"
    district_a.save()
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    supervisor.email = "arbetsledare@example.org"
    supervisor.save()
    elsewhere = factories.user(Role.SUPERVISOR, intake_b.unit.district)
    elsewhere.email = "annan@example.org"
    elsewhere.save()
    report = factories.report(intake_a)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        _assess(intake_a, report, True)
    assert not mail.outbox  # nothing leaves before the commit
    for callback in waiting:
        callback()
    (sent,) = mail.outbox
    assert sorted(sent.to) == ["arbetsledare@example.org", "socialjouren@example.org"]
    assert f"orosanmälan {report.pk}" in sent.subject
    assert "Alva" not in sent.body and "Testsson" not in sent.body  # no name by e-mail
    alert = ProtectionAlert.objects.get(report=report)
    assert alert.mailed_at is not None
    services.mail_protection_alert.call(alert.pk)  # a second run sends nothing
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(verb="mail_protection_alert", object_id=alert.pk).count() == 1


def test_no_alert_without_an_immediate_need(intake_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(intake_a, factories.report(intake_a), False)
    assert not ProtectionAlert.objects.exists() and not mail.outbox


def test_the_supervisor_sees_the_alert_until_a_next_step_is_recorded(intake_a, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    report = _assess(intake_a, factories.report(intake_a), True)
    start = factories.web_client(supervisor).get("/arenden/").content.decode()
    assert 'id="protection-alerts"' in start and f"Orosanmälan {report.pk}" in start
    page = factories.web_client(intake_a).get(f"/anmalan/{report.pk}/").content.decode()
    assert "Omedelbart omhändertagande enligt 6 § LVU" in page and 'id="immediate-form"' in page
    response = factories.web_client(intake_a).post(
        f"/anmalan/{report.pk}/omedelbart-skydd/",
        {"kind": "lvu_6", "outcome": "begun", "motivation": "Ordföranden kontaktad."},
    )
    assert response.status_code == 302
    step = ImmediateStep.objects.get(report=report)
    assert (step.kind, step.outcome, step.recorded_by) == ("lvu_6", "begun", intake_a)
    start = factories.web_client(supervisor).get("/arenden/").content.decode()
    assert 'id="protection-alerts"' not in start


def test_a_next_step_needs_an_immediate_need_and_a_motivation(intake_a):
    plain = _assess(intake_a, factories.report(intake_a), False)
    with pytest.raises(TransitionNotAllowed):
        services.record_immediate_step(
            intake_a, plain.pk, kind="lvu_6", outcome="begun", motivation="Ordföranden kontaktad."
        )
    urgent = _assess(
        intake_a, factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[1]), True
    )
    for motivation in ("", "Ja.", "x" * 30):
        response = factories.web_client(intake_a).post(
            f"/anmalan/{urgent.pk}/omedelbart-skydd/",
            {"kind": "lvu_6", "outcome": "begun", "motivation": motivation},
        )
        assert response.status_code == 400, motivation
    assert not ImmediateStep.objects.exists()
    assert "Skälet är för kort" in response.content.decode()


def test_overdue_banners_on_the_report_and_the_investigation(intake_a):
    late = factories.report(
        intake_a, received_at=local_noon(local_today()) - datetime.timedelta(days=3)
    )
    body = factories.web_client(intake_a).get(f"/anmalan/{late.pk}/").content.decode()
    assert 'id="overdue-banner"' in body and "för 3 dagar sedan" in body
    fresh = factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    body = factories.web_client(intake_a).get(f"/anmalan/{fresh.pk}/").content.decode()
    assert 'id="overdue-banner"' not in body
    investigation = open_investigation(intake_a, personal_number=factories.CHILD_NUMBERS[2])
    investigation.due_date = local_today() - datetime.timedelta(days=1)
    investigation.save(update_fields=["due_date"])
    body = factories.web_client(intake_a).get(f"/utredning/{investigation.pk}/").content.decode()
    assert 'id="overdue-banner"' in body and "för 1 dag sedan" in body
