"""Registering a report of concern, and feedback to the reporter."""

import dataclasses
import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.calendar import STOCKHOLM
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import MAX_TEXT
from likvard.organisation.models import Role
from likvard.people.services import ChildInput
from likvard.reports.models import Concern, Feedback, Report
from likvard.reports.services import ReportInput, record_feedback, register_report
from likvard.reports.workflow import ReportState

from .. import factories
from ..casework.helpers import last_audit_id, local_today, row_counts

DAY = datetime.timedelta(days=1)
DESCRIPTION = "Eleven berättar om blåmärken på armarna och att pappa slår."
PERSONNUMMER = "20150916-0014"


def audit_json() -> str:
    """Every audit entry, every field, as one JSON text."""
    return json.dumps(list(AuditEntry.objects.values()), cls=DjangoJSONEncoder, ensure_ascii=False)


# --- what is written ----------------------------------------------------------------------


def test_the_district_is_the_actors_and_the_input_has_no_district_field(intake_a, district_a):
    assert not {"district", "district_id"} & {f.name for f in dataclasses.fields(ReportInput)}
    report = factories.report(intake_a)
    assert Report.objects.get(pk=report.pk).district_id == district_a.pk


def test_a_child_known_in_another_district_gets_the_report_in_the_actors_district(
    intake_a, intake_b, district_b
):
    first = factories.report(intake_a)
    second = factories.report(intake_b)
    assert second.child_id == first.child_id
    assert Report.objects.get(pk=second.pk).district_id == district_b.pk


@pytest.mark.parametrize(
    ("hour", "due_day"), [(9, 10), (15, 10), (16, 11), (22, 11)], ids=lambda v: str(v)
)
def test_a_report_arriving_late_gets_its_protection_assessment_due_the_next_day(
    intake_a, settings, hour, due_day
):
    settings.LIKVARD_LATE_REPORT_FROM = datetime.time(16, 0)
    received_at = datetime.datetime(2026, 3, 10, hour, 30, tzinfo=STOCKHOLM)
    report = Report.objects.get(pk=factories.report(intake_a, received_at=received_at).pk)
    assert report.protection_due == datetime.date(2026, 3, due_day)
    assert report.decision_due == datetime.date(2026, 3, 24)  # 14 days from the day itself


def test_deadlines_are_stored_from_the_local_date_of_receipt(intake_a):
    # 23:30 UTC on 31 October 2026 is 00:30 on 1 November in Stockholm (CET).
    received_at = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC)
    report = Report.objects.get(pk=factories.report(intake_a, received_at=received_at).pk)
    assert report.received_at == received_at
    assert report.protection_due == datetime.date(2026, 11, 1)
    assert report.decision_due == datetime.date(2026, 11, 15)
    assert report.feedback_due is None
    assert report.state == ReportState.RECEIVED
    assert report.version == 1


def test_the_report_is_registered_by_and_assigned_to_the_actor(intake_a):
    report = Report.objects.get(pk=factories.report(intake_a).pk)
    assert report.registered_by == intake_a
    assert report.assigned_to == intake_a


def test_concerns_are_stored_once_each(intake_a):
    report = factories.report(
        intake_a,
        concerns=[Concern.WITNESSING_VIOLENCE, Concern.NEGLECT, Concern.WITNESSING_VIOLENCE],
    )
    assert sorted(Report.objects.get(pk=report.pk).concern_codes) == sorted(
        [Concern.NEGLECT, Concern.WITNESSING_VIOLENCE]
    )


def test_registration_is_audited_without_personnummer_or_description(intake_a):
    report = factories.report(intake_a, personal_number=PERSONNUMMER, description=DESCRIPTION)
    entry = AuditEntry.objects.get(verb="register_report")
    assert entry.action == AuditEntry.Action.CREATE
    assert (entry.object_id, entry.child_id) == (report.pk, report.child_id)
    assert entry.district_id == report.district_id
    assert entry.after["decision_due"] == str(report.decision_due)
    text = audit_json()
    for secret in ("201509160014", "1509160014", PERSONNUMMER, DESCRIPTION, "blåmärken"):
        assert secret not in text


def test_no_audit_entry_of_a_whole_case_holds_personnummer_or_free_text(intake_a):
    """Register, assess, decide not to open, give feedback: the log never holds the
    number, the description, the assessment, the motivation or the feedback note."""
    report = factories.report(intake_a, personal_number=PERSONNUMMER, description=DESCRIPTION)
    services.assess_protection(
        intake_a,
        report.pk,
        version=report.version,
        immediate_protection_needed=False,
        assessment="Bedömningstext om hemmet.",
    )
    services.record_child_conversation(
        intake_a, report.pk, held=True, held_on=local_today(), notes="Barnets egna ord."
    )
    services.decide(
        intake_a,
        report.pk,
        services.DecisionInput(
            kind=Decision.Kind.NOT_OPEN, motivation="Motiveringstext om familjen."
        ),
        version=report.version + 1,
    )
    record_feedback(
        intake_a,
        report.pk,
        given_on=local_today(),
        method=Feedback.Method.PHONE,
        note="Anteckning om samtalet.",
    )
    assert AuditEntry.objects.count() >= 5
    text = audit_json()
    for secret in (
        "201509160014",
        "1509160014",
        DESCRIPTION,
        "Bedömningstext",
        "Barnets egna ord",
        "Motiveringstext",
        "Anteckning om samtalet",
    ):
        assert secret not in text


# --- what is refused, and then nothing is written -----------------------------------------


def assert_refused(actor, code, field=None, **overrides):
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(InvalidInput) as refused:
        register_report(actor, factories.report_input(**overrides))
    assert refused.value.code == code
    if field:
        assert refused.value.field == field
    assert row_counts() == rows
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


@pytest.mark.parametrize(
    "ahead", [datetime.timedelta(minutes=5), DAY, datetime.timedelta(days=400)]
)
def test_a_future_received_at_is_refused_and_nothing_is_written(intake_a, ahead):
    assert_refused(intake_a, "date_in_future", "received_at", received_at=timezone.now() + ahead)


def test_a_received_at_before_2000_is_refused(intake_a):
    assert_refused(
        intake_a,
        "date_too_early",
        "received_at",
        received_at=datetime.datetime(1999, 12, 31, 12, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize(
    "concerns", [["aliens"], [Concern.NEGLECT, "aliens"], [""]], ids=["alone", "mixed", "empty"]
)
def test_an_unknown_concern_is_refused(intake_a, concerns):
    assert_refused(intake_a, "invalid_choice", "concerns", concerns=concerns)


def test_a_report_without_concerns_is_refused(intake_a):
    assert_refused(intake_a, "required", "concerns", concerns=[])


@pytest.mark.parametrize("field", ["channel", "reporter_type"])
def test_an_unknown_channel_or_reporter_type_is_refused(intake_a, field):
    assert_refused(intake_a, "invalid_choice", field, **{field: "carrier_pigeon"})


def test_a_huge_description_is_refused(intake_a):
    assert_refused(intake_a, "too_long", "description", description="x" * (MAX_TEXT + 1))


def test_a_description_of_the_maximum_length_is_accepted(intake_a):
    report = factories.report(intake_a, description="x" * MAX_TEXT)
    assert len(Report.objects.get(pk=report.pk).description) == MAX_TEXT


def test_an_empty_description_is_refused(intake_a):
    assert_refused(intake_a, "required", "description", description="  \n ")


def test_an_overlong_reporter_name_is_refused(intake_a):
    assert_refused(intake_a, "too_long", "reporter_name", reporter_name="N" * 201)


def test_an_invalid_personnummer_is_refused(intake_a):
    assert_refused(intake_a, "invalid_personal_number", personal_number="20150916-0015")


def test_a_report_about_an_adult_is_refused(intake_a):
    assert_refused(intake_a, "not_a_child", personal_number="19570428-9999")


def test_an_unknown_child_without_birth_date_is_refused(intake_a):
    assert_refused(
        intake_a,
        "birth_date_required",
        child=ChildInput(first_name="Okänd", last_name="Okänd"),
    )


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN])
def test_roles_without_a_district_cannot_register(db, role):
    actor = factories.user(role)
    rows = row_counts()
    with pytest.raises(PermissionDenied):
        register_report(actor, factories.report_input())
    assert row_counts() == rows


# --- feedback ----------------------------------------------------------------------------


def decided_report(actor, **overrides):
    report = factories.assessed_report(actor, **overrides)
    services.record_child_conversation(actor, report.pk, held=True, held_on=local_today())
    services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.NOT_OPEN, motivation="Skäl."),
        version=report.version,
    )
    return report


@pytest.mark.parametrize("assessed", [False, True], ids=["received", "pre_assessment"])
def test_feedback_before_the_decision_is_refused(intake_a, assessed):
    report = factories.assessed_report(intake_a) if assessed else factories.report(intake_a)
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(InvalidInput) as refused:
        record_feedback(intake_a, report.pk, given_on=local_today(), method=Feedback.Method.PHONE)
    assert refused.value.code == "not_decided"
    assert row_counts() == rows
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_feedback_dated_before_the_decision_is_refused(intake_a):
    report = decided_report(intake_a)
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(InvalidInput) as refused:
        record_feedback(
            intake_a, report.pk, given_on=local_today() - DAY, method=Feedback.Method.PHONE
        )
    assert refused.value.code == "before_earlier_event"
    assert refused.value.field == "given_on"
    assert row_counts() == rows
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_feedback_dated_in_the_future_is_refused(intake_a):
    report = decided_report(intake_a)
    rows = row_counts()
    with pytest.raises(InvalidInput) as refused:
        record_feedback(
            intake_a, report.pk, given_on=local_today() + DAY, method=Feedback.Method.PHONE
        )
    assert refused.value.code == "date_in_future"
    assert row_counts() == rows


def test_feedback_with_an_unknown_method_is_refused(intake_a):
    report = decided_report(intake_a)
    rows = row_counts()
    with pytest.raises(InvalidInput) as refused:
        record_feedback(intake_a, report.pk, given_on=local_today(), method="smoke_signal")
    assert refused.value.code == "invalid_choice"
    assert row_counts() == rows


def test_feedback_on_the_decision_day_is_recorded_and_audited(intake_a):
    report = decided_report(intake_a)
    since = last_audit_id()
    feedback = record_feedback(
        intake_a, report.pk, given_on=local_today(), method=Feedback.Method.LETTER
    )
    feedback.refresh_from_db()
    assert (feedback.report_id, feedback.given_on, feedback.given_by) == (
        report.pk,
        local_today(),
        intake_a,
    )
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.verb, entry.object_id) == ("record_feedback", feedback.pk)


def test_feedback_on_another_districts_report_is_not_found(intake_a, intake_b):
    report = decided_report(intake_a)
    rows = row_counts()
    with pytest.raises(NotFound):
        record_feedback(intake_b, report.pk, given_on=local_today(), method=Feedback.Method.PHONE)
    assert row_counts() == rows


@pytest.mark.parametrize(
    ("value", "parsed"),
    [(None, "datetime.time(16, 0)"), ("17:30", "datetime.time(17, 30)"), ("off", "None")],
)
def test_the_late_hour_is_the_municipalitys_setting(value, parsed):
    from tests.auth.conftest import settings_values

    env = {} if value is None else {"LIKVARD_LATE_REPORT_FROM": value}
    assert settings_values(env, "LIKVARD_LATE_REPORT_FROM") == {"LIKVARD_LATE_REPORT_FROM": parsed}


def test_a_late_hour_that_is_not_a_time_stops_the_start():
    from tests.auth.conftest import run_django

    result = run_django(
        {"DJANGO_SETTINGS_MODULE": "likvard.settings.base", "LIKVARD_LATE_REPORT_FROM": "sent"},
        "-c",
        "import django; django.setup()",
    )
    assert result.returncode != 0
    assert "LIKVARD_LATE_REPORT_FROM must be a time of day (HH:MM) or off" in result.stderr
