"""The demo generator: deterministic, realistic in its shares, consistent with the rules."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, F, Max, Q

from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    LegalProvision,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import STOCKHOLM as TZ
from likvard.core.calendar import add_months, local_date
from likvard.demo.generator import ProvisionLookup, generate
from likvard.demo.municipalities import STOCKHOLM
from likvard.guidelines.models import RuleEvaluation
from likvard.organisation.models import District, MunicipalitySettings, Unit
from likvard.people.identity import parse
from likvard.people.models import Child, Person
from likvard.reports import deadlines
from likvard.reports.models import Report
from likvard.reports.workflow import InvestigationState, ReportState

NOW = datetime.datetime(2026, 3, 11, 13, 30, tzinfo=TZ)
TODAY = NOW.date()


def build(seed=7, scale=0.02, years=1, now=NOW, demo_accounts=False):
    return generate(
        STOCKHOLM, years=years, seed=seed, scale=scale, now=now, demo_accounts=demo_accounts
    )


def fingerprint():
    first = Child.objects.exclude(personal_number=None).order_by("pk").first()
    evaluations = RuleEvaluation.objects.order_by("pk")
    return (
        Report.objects.count(),
        Child.objects.count(),
        Investigation.objects.count(),
        first.personal_number,
        list(Report.objects.order_by("pk").values_list("state", "received_at")[:50]),
        evaluations.count(),
        list(evaluations.values_list("rule_id", "outcome", "message", "override_reason")[:200]),
    )


def build_and_roll_back(**options):
    with transaction.atomic():
        build(**options)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


@pytest.fixture
def small_city(db):
    """One year at 2 % of Stockholm's volume (about 600 reports), ending at NOW."""
    return build()


def test_late_arrivals_are_due_the_next_day_when_the_municipality_says_so(db, settings):
    settings.LIKVARD_LATE_REPORT_FROM = datetime.time(16, 0)
    build()
    late = 0
    for report in Report.objects.all():
        local = report.received_at.astimezone(TZ)
        next_day = local.time() >= datetime.time(16, 0)
        late += next_day
        assert report.protection_due == local.date() + datetime.timedelta(days=next_day)
    assert late > 20  # the demo has evening reports, for the on-call service


def test_the_same_seed_builds_the_same_municipality(db):
    first = build_and_roll_back(seed=7)
    second = build_and_roll_back(seed=7)
    other = build_and_roll_back(seed=8)

    assert first == second
    assert first[3] != other[3]


def test_stockholm_has_its_eleven_districts_each_with_four_units(small_city):
    assert District.objects.count() == 11
    assert set(District.objects.values_list("slug", flat=True)) >= {
        "jarva",
        "sodermalm",
        "enskede-arsta-vantor",
        "skarholmen",
        "norra-innerstaden",
    }
    for district in District.objects.all():
        assert set(district.units.values_list("kind", flat=True)) == set(Unit.Kind.values)


def test_volume_follows_the_scale_and_jarva_gets_more_reports_per_capita(small_city):
    total = Report.objects.count()
    assert 500 < total < 700  # 2 % of ~30,000 a year
    per_district = dict(
        Report.objects.values_list("district__slug").annotate(n=Count("id")).order_by()
    )
    # Järva has fewer residents than Södermalm but more reports.
    assert per_district["jarva"] > per_district["sodermalm"]


def test_about_38_percent_of_decisions_open_an_investigation(db):
    build(scale=0.1)
    decisions = Decision.objects.count()
    opened = Decision.objects.filter(kind=Decision.Kind.OPEN_INVESTIGATION).count()
    assert decisions > 2500
    assert 0.34 < opened / decisions < 0.42
    assert Decision.objects.filter(kind=Decision.Kind.ALREADY_ONGOING).exists()
    assert Decision.objects.filter(kind=Decision.Kind.TRANSFER).exists()


def test_every_generated_personnummer_is_valid(small_city):
    numbers = list(
        Child.objects.exclude(personal_number=None).values_list("personal_number", flat=True)
    )
    numbers += list(
        Person.objects.exclude(personal_number="").values_list("personal_number", flat=True)
    )
    assert len(numbers) > 500
    for number in numbers:
        assert parse(number, TODAY).long_form == number


def test_some_children_have_reserve_numbers_or_protected_identity(db):
    build(scale=0.1)
    assert Child.objects.filter(personal_number=None, reserve_number__startswith="R").exists()
    assert Child.objects.filter(protected_identity=True).exists()
    protected_share = Child.objects.filter(protected_identity=True).count() / Child.objects.count()
    assert protected_share < 0.05


def test_children_are_reported_again_also_in_another_district(db):
    build(scale=0.1)
    repeated = Report.objects.values("child").annotate(n=Count("id")).filter(n__gt=1)
    assert repeated.count() > 100
    across = Report.objects.values("child").annotate(d=Count("district", distinct=True))
    assert across.filter(d__gt=1).exists()
    for child in Child.objects.all()[:200]:
        for received in child.reports.values_list("received_at", flat=True):
            assert child.birth_date <= local_date(received)


def test_stored_deadlines_come_from_the_deadline_functions(small_city):
    for report in Report.objects.all():
        assert report.protection_due == local_date(report.received_at)
        assert report.decision_due == local_date(report.received_at) + datetime.timedelta(days=14)
    for inv in Investigation.objects.prefetch_related("extensions"):
        extensions = sorted(inv.extensions.all(), key=lambda e: e.decided_at)
        expected = (
            extensions[-1].new_due if extensions else deadlines.investigation_due(inv.opened_on)
        )
        assert inv.due_date == expected
        if extensions:
            assert extensions[0].previous_due == deadlines.investigation_due(inv.opened_on)


def test_states_versions_and_decisions_follow_the_services_rules(small_city):
    for report in Report.objects.select_related("pre_assessment__decision"):
        pa = PreAssessment.objects.filter(report=report).first()
        if report.state == ReportState.RECEIVED:
            assert report.version == 1 and pa is None
            assert not ProtectionAssessment.objects.filter(report=report).exists()
            continue
        assert ProtectionAssessment.objects.filter(report=report).exists()
        assert pa is not None
        decision = Decision.objects.filter(pre_assessment=pa).first()
        if report.state == ReportState.PRE_ASSESSMENT:
            assert report.version == 2 and decision is None
            assert report.feedback_due is None
            continue
        assert report.version == 3
        decided_on = local_date(decision.decided_at)
        assert decision.decided_at > pa.started_at >= report.received_at
        assert bool(decision.exceptional_reason) == (decided_on > report.decision_due)
        assert decision.provision == provision_in_force(
            {"transfer": "transfer", "open_investigation": "open_investigation"}.get(
                decision.kind, "pre_assessment_decision"
            ),
            decided_on,
        )
        if decision.kind == Decision.Kind.NOT_OPEN:
            assert decision.motivation
        if report.reporter_mandated and report.reporter_wants_feedback:
            assert report.feedback_due == deadlines.feedback_due(
                decided_on, immediate=decision.kind == Decision.Kind.ALREADY_ONGOING
            )
        else:
            assert report.feedback_due is None
        assert (decision.kind == Decision.Kind.OPEN_INVESTIGATION) == Investigation.objects.filter(
            opening_decision=decision
        ).exists()


def test_most_decisions_come_within_14_days_and_late_ones_give_a_reason(small_city):
    decisions = Decision.objects.count()
    late = Decision.objects.exclude(exceptional_reason="").count()
    assert 0 < late < 0.15 * decisions


def test_investigations_are_mostly_done_in_time_and_recent_ones_run(db):
    build(scale=0.1)
    completed = Investigation.objects.filter(state=InvestigationState.COMPLETED)
    ongoing = Investigation.objects.filter(state=InvestigationState.ONGOING)
    assert ongoing.exists() and completed.exists()
    assert not ongoing.exclude(completed_on=None).exists()
    assert not completed.filter(completed_on=None).exists()
    assert not completed.filter(outcome="").exists()
    in_time = completed.filter(completed_on__lte=F("due_date"))
    assert in_time.count() > 0.75 * completed.count()
    assert InvestigationExtension.objects.exists()
    # Ongoing investigations are recent and have an investigator.
    assert not ongoing.filter(assigned_to=None).exists()
    oldest = ongoing.order_by("opened_on").first().opened_on
    assert oldest > TODAY - datetime.timedelta(days=250)


def test_child_conversations_vary_by_district(db):
    build(scale=0.1)
    heard = {}
    for district in District.objects.all():
        reports = Report.objects.filter(district=district).exclude(state=ReportState.RECEIVED)
        held = reports.filter(child_conversations__held=True).distinct().count()
        heard[district.slug] = held / reports.count()
    assert all(0.15 < share < 0.5 for share in heard.values()), heard
    assert heard["jarva"] > heard["norra-innerstaden"]
    assert heard["skarholmen"] > heard["kungsholmen"]
    assert not ChildConversation.objects.filter(held=False, not_held_reason="").exists()


def test_violence_concerns_sometimes_get_a_police_consideration(db):
    build(scale=0.1)
    considered = Report.objects.filter(police_considerations__isnull=False).distinct()
    assert considered.exists()
    assert not considered.exclude(
        concerns__category__in=[
            "violence",
            "witnessing_violence",
            "sexual_abuse",
            "honour",
            "infant_injury",
        ]
    ).exists()


def test_the_data_ends_now_and_the_last_weeks_are_still_open(small_city):
    assert Report.objects.aggregate(last=Max("received_at"))["last"] <= NOW
    open_reports = Report.objects.filter(
        state__in=[ReportState.RECEIVED, ReportState.PRE_ASSESSMENT]
    )
    assert open_reports.exists()
    assert not open_reports.filter(received_at__lt=NOW - datetime.timedelta(days=45)).exists()
    assert not open_reports.filter(assigned_to=None).exists()
    assert not Decision.objects.filter(decided_at__gt=NOW).exists()
    assert not ChildConversation.objects.filter(held_on__gt=TODAY).exists()
    # The queue has something overdue, due this week and later.
    dues = {deadlines.urgency(r.current_due, TODAY) for r in open_reports}
    assert {"overdue", "week"} <= dues


def test_feedback_is_given_only_after_the_decision_to_reporters_who_asked(small_city):
    reports = Report.objects.filter(feedback__isnull=False).distinct()
    assert reports.exists()
    for report in reports.select_related("pre_assessment__decision"):
        assert report.reporter_mandated and report.reporter_wants_feedback
        decided_on = local_date(report.pre_assessment.decision.decided_at)
        for feedback in report.feedback.all():
            assert decided_on <= feedback.given_on <= TODAY
    asked = Report.objects.filter(
        reporter_mandated=True, reporter_wants_feedback=True, pre_assessment__decision__isnull=False
    )
    assert reports.count() < asked.count()  # not everyone who asked got it


def test_history_keeps_its_own_timestamps(small_city):
    report = Report.objects.order_by("received_at").first()
    assert report.registered_at - report.received_at < datetime.timedelta(hours=2)
    assert not Report.objects.filter(registered_at__gt=NOW).exists()


def test_provision_lookup_answers_like_provision_in_force(db):
    lookup = ProvisionLookup()
    keys = set(LegalProvision.objects.values_list("key", flat=True))
    days = [datetime.date(2013, 1, 1), datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)]
    days += [datetime.date(2026, 1, 14), datetime.date(2026, 1, 15), datetime.date(2026, 11, 1)]
    for key in keys:
        for day in days:
            expected = provision_in_force(key, day)
            assert lookup(key, day) == (expected.pk if expected else None)


def test_ids_continue_after_the_generated_rows(small_city):
    """New rows written by the services after a build get fresh ids (sequences moved on)."""
    top = Child.objects.aggregate(top=Max("pk"))["top"]
    child = Child.objects.create(
        reserve_number="R-test", first_name="A", last_name="B", birth_date=TODAY
    )
    assert child.pk > top


def test_open_reports_can_be_found_by_status_in_each_district(small_city):
    open_by_district = Report.objects.filter(
        Q(state=ReportState.RECEIVED) | Q(state=ReportState.PRE_ASSESSMENT)
    ).values_list("district__slug", flat=True)
    assert len(set(open_by_district)) >= 8


def test_moments_in_the_hour_skipped_by_summer_time_are_real_moments():
    from likvard.demo.generator import at

    moment = at(datetime.date(2026, 3, 29), 2 * 60 + 30)  # 02:30 does not exist that night

    assert moment.hour == 3
    assert moment == moment.astimezone(datetime.UTC)


def test_extensions_are_decided_within_the_bound_some_late_and_stored_so(small_city):
    """The demo writes extensions through the same effect as the service: about one in
    three decided after the due date, stored as late on it and on its investigation, none
    longer than the municipality's default bound, and no closing before its extension."""
    extensions = list(InvestigationExtension.objects.select_related("investigation"))
    late = [e for e in extensions if e.late]
    assert extensions and 0 < len(late) < len(extensions)
    for extension in extensions:
        decided_on = local_date(extension.decided_at)
        assert extension.late == (decided_on > extension.previous_due)
        assert extension.new_due <= add_months(
            extension.previous_due, MunicipalitySettings.DEFAULT_MAX_EXTENSION_MONTHS
        )
        investigation = extension.investigation
        assert investigation.extended_late == extension.late
        if investigation.completed_on:
            assert investigation.completed_on > decided_on
