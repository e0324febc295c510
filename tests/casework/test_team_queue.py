"""The queues' order and days left, the team view, police-report reconsiderations."""

import datetime

import pytest
from django.utils import timezone

from likvard.casework import services
from likvard.casework.models import Decision, Investigation
from likvard.casework.selectors import QueueFilter, team_queue, work_queue
from likvard.organisation.models import Role
from likvard.reports.models import Report

from .. import factories
from .helpers import heard_in_investigation, local_noon, local_today

pytestmark = pytest.mark.django_db


def _received(actor, days_ago: int, number: str):
    """A report received `days_ago` days ago: its protection assessment due then.

    Noon that day, but never later than now (just after midnight, today's noon is still
    to come and a receipt cannot lie in the future).
    """
    day = local_today() - datetime.timedelta(days=days_ago)
    return factories.report(
        actor, personal_number=number, received_at=min(local_noon(day), timezone.now())
    )


def _assessed(actor, days_ago: int, number: str):
    report = _received(actor, days_ago, number)
    return services.assess_protection(
        actor,
        report.pk,
        version=report.version,
        immediate_protection_needed=False,
        assessment="Inget.",
    )


def test_protection_due_today_comes_before_items_overdue_for_months(intake_a):
    long_overdue = _assessed(intake_a, 40, factories.CHILD_NUMBERS[0])  # decision 26 days late
    due_today = _received(intake_a, 0, factories.CHILD_NUMBERS[1])
    later = _assessed(intake_a, 2, factories.CHILD_NUMBERS[2])  # decision due in 12 days
    items = work_queue(intake_a, local_today())
    assert [item.obj.pk for item in items] == [due_today.pk, long_overdue.pk, later.pk]
    assert [item.task_key for item in items] == ["protection", "decision", "decision"]
    assert [item.days_left for item in items] == [0, -26, 12]
    assert [item.days_left_text for item in items] == [
        "i dag",
        "26 dagar försenad",
        "12 dagar kvar",
    ]


def test_overdue_protection_first_then_other_overdue_by_how_overdue(intake_a):
    decision_late_3 = _assessed(intake_a, 17, factories.CHILD_NUMBERS[0])
    protection_late_1 = _received(intake_a, 1, factories.CHILD_NUMBERS[1])
    decision_late_9 = _assessed(intake_a, 23, factories.CHILD_NUMBERS[2])
    items = work_queue(intake_a, local_today())
    assert [i.obj.pk for i in items] == [
        protection_late_1.pk,
        decision_late_9.pk,
        decision_late_3.pk,
    ]
    assert items[0].days_left_text == "1 dag försenad"


def test_the_team_view_shows_a_colleagues_items_and_filters(intake_a, district_a, intake_b):
    colleague = factories.user(Role.INTAKE_WORKER, district_a)
    mine = _assessed(intake_a, 2, factories.CHILD_NUMBERS[0])
    theirs = _received(colleague, 1, factories.CHILD_NUMBERS[1])
    _received(intake_b, 1, factories.CHILD_NUMBERS[2])  # another district: never listed
    today = local_today()
    everyone = team_queue(intake_a, today, QueueFilter())
    assert [i.obj.pk for i in everyone] == [theirs.pk, mine.pk]
    assert [i.obj.pk for i in team_queue(intake_a, today, QueueFilter(worker=colleague.pk))] == [
        theirs.pk
    ]
    assert [i.obj.pk for i in team_queue(intake_a, today, QueueFilter(task="decision"))] == [
        mine.pk
    ]
    assert [i.obj.pk for i in team_queue(intake_a, today, QueueFilter(status="overdue"))] == [
        theirs.pk
    ]
    assert team_queue(intake_a, today, QueueFilter(worker="none")) == []


def test_the_team_page_lists_the_district_with_days_left_in_words(intake_a, district_a):
    colleague = factories.user(Role.INTAKE_WORKER, district_a)
    theirs = _received(colleague, 2, factories.CHILD_NUMBERS[1])
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    page = factories.web_client(supervisor).get("/arenden/team/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"Orosanmälan {theirs.pk}" in body and "2 dagar försenad" in body
    assert str(colleague) in body
    refused = factories.web_client(supervisor).get("/arenden/team/", {"status": "soon"})
    assert refused.status_code == 400 and "Välj ett giltigt alternativ" in refused.content.decode()
    inspector = factories.user(Role.INSPECTOR)
    assert factories.web_client(inspector).get("/arenden/team/").status_code == 403


def test_a_police_report_reconsideration_comes_back_into_the_queue(intake_a):
    report = _assessed(intake_a, 3, factories.CHILD_NUMBERS[0])
    today = local_today()
    services.record_police_consideration(
        intake_a,
        report.pk,
        considered_on=today - datetime.timedelta(days=2),
        outcome="not_now",
        motivation="Avvaktar barnsamtal.",
        backdating_reason="Övervägdes på ärendedragningen, dokumenteras i efterhand.",
        reconsider_on=today + datetime.timedelta(days=20),
    )
    assert "police" not in {i.task_key for i in work_queue(intake_a, today)}
    later = today + datetime.timedelta(days=21)  # the day after the reconsideration date
    police = [i for i in work_queue(intake_a, later) if i.task_key == "police"]
    assert [(i.obj.pk, i.days_left) for i in police] == [(report.pk, -1)]
    # A new consideration replaces the old one: only the latest date counts.
    services.record_police_consideration(
        intake_a,
        report.pk,
        considered_on=today,
        outcome="reported",
        motivation="Polisanmälan gjord.",
    )
    assert "police" not in {i.task_key for i in work_queue(intake_a, later)}
    assert Report.objects.get(pk=report.pk).police_considerations.count() == 2


def test_the_team_page_reads_a_fixed_number_of_queries(intake_a, district_a):
    """No query per row: twice the items, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = factories.user(Role.SUPERVISOR, district_a)
    web = factories.web_client(supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert web.get("/arenden/team/").status_code == 200
        return len(captured)

    colleague = factories.user(Role.INTAKE_WORKER, district_a)
    _received(colleague, 1, factories.CHILD_NUMBERS[0])
    _assessed(intake_a, 2, factories.CHILD_NUMBERS[1])
    few = queries()
    _received(colleague, 3, factories.CHILD_NUMBERS[2])
    _assessed(factories.user(Role.INTAKE_WORKER, district_a), 4, factories.CHILD_NUMBERS[3])
    assert queries() == few


def test_a_reconsideration_comes_back_only_while_the_case_is_in_progress(intake_a):
    """During the investigation the question returns; once it is closed, it does not (a
    closed case's last "not now" would otherwise stay overdue for good)."""
    report = _assessed(intake_a, 0, factories.CHILD_NUMBERS[0])
    today = local_today()
    services.record_police_consideration(
        intake_a,
        report.pk,
        considered_on=today,
        outcome="not_now",
        motivation="Avvaktar barnsamtal.",
        reconsider_on=today + datetime.timedelta(days=3),
    )
    report.refresh_from_db()
    decision = services.decide(
        intake_a,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    police = [i.obj.pk for i in work_queue(intake_a, today) if i.task_key == "police"]
    assert police == [report.pk]  # the investigation is ongoing
    investigation = heard_in_investigation(intake_a, decision.investigation)
    services.complete_investigation(
        intake_a,
        investigation.pk,
        version=investigation.version,
        completed_on=today,
        outcome=Investigation.Outcome.values[0],
    )
    assert "police" not in {i.task_key for i in work_queue(intake_a, today)}
