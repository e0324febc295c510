"""`likvard demo` and `likvard demo_accounts`: the commands a new user runs first."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from likvard.casework.selectors import work_queue
from likvard.core.calendar import local_date
from likvard.demo.accounts import DEMO_PASSWORD
from likvard.organisation.models import District, Role, Unit, User
from likvard.reports.models import Report

AS_OF = "2026-03-11T13:30:00+01:00"
TODAY = datetime.date(2026, 3, 11)


def demo(*args, **options):
    out = StringIO()
    call_command(
        "demo",
        "--municipality",
        "stockholm",
        "--years",
        "1",
        "--seed",
        "3",
        "--scale",
        options.pop("scale", "0.03"),
        "--as-of",
        AS_OF,
        *args,
        stdout=out,
        **options,
    )
    return out.getvalue()


def accounts_output():
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


def test_demo_builds_and_reports_what_it_built(db):
    output = demo()

    assert District.objects.count() == 11
    assert Report.objects.exists()
    assert "11 stadsdelsområden" in output


def test_if_empty_does_nothing_the_second_time(db):
    demo("--if-empty", verbosity=0)
    reports, users = Report.objects.count(), User.objects.count()

    output = demo("--if-empty")

    assert Report.objects.count() == reports
    assert User.objects.count() == users
    assert "redan" in output


def test_without_if_empty_a_second_run_refuses(db):
    demo(verbosity=0)
    with pytest.raises(CommandError):
        demo(verbosity=0)


@pytest.mark.parametrize("bad", [["--years", "0"], ["--scale", "0"], ["--as-of", "igår"]])
def test_bad_options_are_refused(db, bad):
    with pytest.raises(CommandError):
        call_command("demo", *bad, verbosity=0)


def test_every_district_gets_its_three_demo_accounts(db):
    demo(verbosity=0)
    expected_units = {
        "mottagning": (Role.INTAKE_WORKER, Unit.Kind.INTAKE),
        "utredare": (Role.INVESTIGATOR, Unit.Kind.INVESTIGATION),
        "arbetsledare": (Role.SUPERVISOR, Unit.Kind.INTAKE),
    }
    for district in District.objects.all():
        for prefix, (role, kind) in expected_units.items():
            user = User.objects.get(username=f"{prefix}.{district.slug}")
            assert user.role == role
            assert user.unit.kind == kind
            assert user.district_id == district.pk
            assert user.check_password(DEMO_PASSWORD)
            assert not user.is_staff


def test_the_central_demo_accounts_have_no_unit(db):
    demo(verbosity=0)
    inspector = User.objects.get(username="inspektor")
    analyst = User.objects.get(username="analytiker")
    admin = User.objects.get(username="admin")

    assert (inspector.role, inspector.unit) == (Role.INSPECTOR, None)
    assert (analyst.role, analyst.unit) == (Role.ANALYST, None)
    assert admin.role == Role.SYSTEM_ADMIN and admin.is_staff and admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)


def test_generated_staff_cannot_sign_in(db):
    demo(verbosity=0)
    others = User.objects.exclude(
        username__regex=r"^(mottagning|utredare|arbetsledare|administrator)\."
    ).exclude(username__in=["inspektor", "analytiker", "admin"])

    assert others.count() > 50
    assert not any(user.has_usable_password() for user in others)


def test_demo_accounts_own_part_of_the_open_work(db):
    demo(verbosity=0, scale="0.2")  # enough open reports in one district to have deadlines
    jarva_intake = User.objects.get(username="mottagning.jarva")
    jarva_investigator = User.objects.get(username="utredare.jarva")

    intake_queue = work_queue(jarva_intake, TODAY)
    investigator_queue = work_queue(jarva_investigator, TODAY)

    assert any(item.kind == "report" for item in intake_queue)
    assert any(item.kind == "investigation" for item in investigator_queue)
    assert {item.urgency for item in intake_queue} & {"overdue", "today", "week"}
    assert local_date(max(r.received_at for r in Report.objects.all())) <= TODAY


def test_no_demo_accounts_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    demo(verbosity=0)

    assert District.objects.count() == 11
    assert not User.objects.filter(username__in=["admin", "mottagning.jarva"]).exists()
    assert "avstängt" in accounts_output()


def test_demo_accounts_prints_the_table_and_the_password(db):
    demo(verbosity=0)

    output = accounts_output()

    for username in ("mottagning.jarva", "utredare.sodermalm", "arbetsledare.bromma", "inspektor"):
        assert username in output
    assert "Järva" in output
    assert f": {DEMO_PASSWORD}" in output


def test_demo_accounts_before_any_demo_says_how_to_build_one(db):
    assert "likvard demo" in accounts_output()


def test_an_existing_admin_account_is_left_alone(db):
    User.objects.create_user(username="admin", password="ett-eget-lösenord", role=Role.SYSTEM_ADMIN)
    demo(verbosity=0)

    assert not User.objects.get(username="admin").check_password(DEMO_PASSWORD)
    assert User.objects.filter(username="mottagning.jarva").exists()


def test_the_demo_prepares_the_feedback_owed_for_recent_decisions(db):
    from likvard.demo.generator import NOTICES_FOR_DAYS
    from likvard.notices.models import Channel, Notice, State

    demo(verbosity=0)
    notices = list(Notice.objects.select_related("report__pre_assessment__decision"))
    today = datetime.date.fromisoformat(AS_OF[:10])

    assert {n.channel for n in notices} == {Channel.EMAIL, Channel.LETTER, Channel.NONE}
    assert {n.state for n in notices} == {State.PREPARED, State.UNSENDABLE}
    for n in notices:
        assert n.report.reporter_mandated and n.report.reporter_wants_feedback
        assert not n.report.feedback.exists()
        assert n.decided_on >= today - NOTICES_FOR_DAYS
    assert User.objects.get(username="administrator.jarva").holds("send_reporter_feedback")
