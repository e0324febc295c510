"""The default checklist and what the system pre-fills from the case."""

import datetime

from likvard.inspection import facts, services
from likvard.inspection.checklists import DEFAULT_CHECKLIST
from likvard.organisation.models import Role
from tests import factories
from tests.quality.builders import rule_evaluation

from .builders import closed_pre_assessment
from .conftest import setup

DAY = datetime.date(2025, 3, 10)


def test_the_default_checklist_mirrors_the_city_s_review(db, inspector):
    keys = [q["key"] for q in DEFAULT_CHECKLIST]
    assert keys == [
        "time_limits_kept",
        "documentation_relevant",
        "motivation_well_founded",
        "concern_remained",
        "child_heard",
        "feedback_given",
        "known_before_considered",
        "police_report_considered",
        "police_report_made",
        "straight_to_investigation",
    ]
    review = services.create_review(inspector, setup())
    assert [q.key for q in review.questions.all()] == keys
    assert all(str(q.text).endswith("?") for q in review.questions.all())
    # Every pre-filled question names a fact the system knows.
    assert {q.prefill for q in review.questions.all() if q.prefill} <= set(facts.PREFILLS)


def test_prefills_are_the_case_s_recorded_facts(db, inspector):
    district = factories.district("Järva")
    worker = factories.user(Role.INTAKE_WORKER, district)
    # Heard, violence with a police report, feedback asked for and given.
    full = closed_pre_assessment(
        district,
        worker,
        DAY,
        concerns=("violence",),
        conversations=(True,),
        police=("reported",),
        feedback_on=DAY,
    )
    # Not heard (conversation not held), violence never considered for the police,
    # feedback asked for and never given; the child known from a report a year earlier,
    # the decision not motivated about it.
    earlier = closed_pre_assessment(district, worker, DAY.replace(year=2024), age=5)
    bare = closed_pre_assessment(
        district, worker, DAY, kid=earlier.child, concerns=("violence",), conversations=(False,)
    )
    # No violence, no feedback asked for; known, and the earlier report motivated.
    earlier2 = closed_pre_assessment(district, worker, DAY.replace(year=2024), age=5)
    quiet = closed_pre_assessment(district, worker, DAY, kid=earlier2.child, wants_feedback=False)
    rule_evaluation(
        quiet,
        worker,
        "earlier_reports_motivation",
        answer={"earlier_reports_motivation": "Den förra anmälan är utredd."},
    )
    got = facts.prefills(inspector, [full.pk, bare.pk, quiet.pk])
    assert got[full.pk] == {
        "deadline_met": "yes",
        "child_heard": "yes",
        "feedback_given": "yes",
        "known_before": "not_applicable",
        "police_considered": "yes",
        "police_reported": "yes",
    }
    assert got[bare.pk] == {
        "deadline_met": "yes",
        "child_heard": "no",
        "feedback_given": "no",
        "known_before": "no",
        "police_considered": "no",
        "police_reported": "no",
    }
    assert got[quiet.pk]["feedback_given"] == "not_applicable"
    assert got[quiet.pk]["police_considered"] == "not_applicable"
    assert got[quiet.pk]["known_before"] == "yes"


def test_a_late_decision_is_prefilled_as_a_time_limit_not_kept(db, inspector):
    district = factories.district("Järva")
    worker = factories.user(Role.INTAKE_WORKER, district)
    on_time = closed_pre_assessment(district, worker, DAY)
    # Received 20 days before its decision: past the 14 days.
    from tests.quality.builders import at, report

    late = report(
        district,
        worker,
        on_time.child,
        at(2025, 2, 18),
        assessed=at(2025, 2, 18, 11),
        decided=at(2025, 3, 10),
        kind="not_open",
    )
    got = facts.prefills(inspector, [on_time.pk, late.pk])
    assert got[on_time.pk]["deadline_met"] == "yes"
    assert got[late.pk]["deadline_met"] == "no"


def test_a_prefilled_answer_kept_is_marked_and_a_corrected_one_is_not(drawn, inspector):
    case = drawn.cases.first()
    heard = drawn.questions.get(key="child_heard")
    proposed = facts.prefills(inspector, [case.report_id])[case.report_id]["child_heard"]
    assert proposed == "no"  # the builder's cases have no conversation
    services.answer_case(
        inspector, drawn.pk, case.pk, [services.Given(heard, "no", "", prefill=proposed)]
    )
    answer = case.answers.get(question=heard)
    assert (answer.value, answer.prefilled, answer.confirmed) == ("no", True, True)
    services.answer_case(
        inspector,
        drawn.pk,
        case.pk,
        [services.Given(heard, "yes", "Samtal finns i journalen.", prefill=proposed)],
    )
    answer.refresh_from_db()
    assert (answer.value, answer.prefilled, answer.comment) == (
        "yes",
        False,
        "Samtal finns i journalen.",
    )
