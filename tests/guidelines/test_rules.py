"""Every rule of the first rule set, firing and not firing, as the plain function it is.

The contexts are built by hand: a rule sees only a CaseContext and its parameters.
"""

import datetime

import pytest

from likvard.guidelines.context import (
    CaseContext,
    Conversation,
    EarlierReport,
    PoliceConsideration,
    Proposal,
)
from likvard.guidelines.models import Outcome
from likvard.guidelines.registry import PENDING, registered_rule, validate_parameters

ON = datetime.date(2026, 6, 10)
DAY = datetime.timedelta(days=1)


def case(**overrides) -> CaseContext:
    """A report received five days ago about neglect, from a school that asked for feedback."""
    values = dict(
        report_id=1,
        on=ON,
        received_on=ON - 5 * DAY,
        decision_due=ON + 9 * DAY,
        concerns=frozenset({"neglect"}),
        reporter_mandated=True,
        reporter_wants_feedback=True,
        proposal=Proposal("not_open", motivation="Ingen oro kvarstår."),
    )
    values.update(overrides)
    return CaseContext(**values)


def closing(**proposal) -> Proposal:
    return Proposal("not_open", **{"motivation": "Ingen oro kvarstår.", **proposal})


def run(rule_id: str, context: CaseContext, **params):
    rule = registered_rule(rule_id)
    finding = rule.check(context, validate_parameters(rule, params))
    return finding.outcome, str(finding.message)


HELD = (Conversation(held=True, held_on=ON - DAY),)
NOT_HELD = (Conversation(held=False, not_held_reason="Barnet är på sjukhus."),)


def earlier(years_ago: float) -> EarlierReport:
    return EarlierReport(9, ON - 5 * DAY - datetime.timedelta(days=round(365.25 * years_ago)), "x")


# --- a decision not to investigate needs a written motivation ------------------------------


def test_not_open_without_motivation_fails():
    assert run("not_open_motivation", case(proposal=closing(motivation="")))[0] == Outcome.FAILED


def test_not_open_with_motivation_passes():
    assert run("not_open_motivation", case())[0] == Outcome.PASSED


@pytest.mark.parametrize("kind", ["open_investigation", "already_ongoing", "transfer"])
def test_motivation_rule_does_not_apply_to_other_decisions(kind):
    context = case(proposal=Proposal(kind))
    assert run("not_open_motivation", context)[0] == Outcome.NOT_APPLICABLE


def test_motivation_rule_is_pending_before_the_decision():
    assert run("not_open_motivation", case(proposal=None, preview=True))[0] == PENDING


# --- earlier reports ----------------------------------------------------------------------


def test_closing_a_known_child_without_motivation_about_earlier_reports_fails():
    outcome, message = run("earlier_reports_motivation", case(earlier_reports=(earlier(2),)))
    assert outcome == Outcome.FAILED
    assert "1 tidigare anmälan" in message


def test_closing_a_known_child_with_motivation_about_earlier_reports_passes():
    context = case(
        earlier_reports=(earlier(2),),
        answers={"earlier_reports_motivation": "Gällde skolfrånvaro som är åtgärdad."},
    )
    assert run("earlier_reports_motivation", context)[0] == Outcome.PASSED


def test_a_blank_motivation_about_earlier_reports_counts_as_none():
    context = case(earlier_reports=(earlier(1),), answers={"earlier_reports_motivation": "  "})
    assert run("earlier_reports_motivation", context)[0] == Outcome.FAILED


def test_no_earlier_reports_means_the_rule_does_not_apply():
    assert run("earlier_reports_motivation", case())[0] == Outcome.NOT_APPLICABLE


def test_reports_older_than_three_years_do_not_count_by_default():
    context = case(earlier_reports=(earlier(4),))
    assert run("earlier_reports_motivation", context)[0] == Outcome.NOT_APPLICABLE


def test_the_number_of_years_is_a_parameter():
    context = case(earlier_reports=(earlier(4),))
    assert run("earlier_reports_motivation", context, years=5)[0] == Outcome.FAILED


def test_a_report_exactly_three_years_back_counts_and_a_day_more_does_not():
    received = ON - 5 * DAY
    assert received == datetime.date(2026, 6, 5)
    on_the_day = case(earlier_reports=(EarlierReport(9, datetime.date(2023, 6, 5), "x"),))
    day_before = case(earlier_reports=(EarlierReport(9, datetime.date(2023, 6, 4), "x"),))
    assert run("earlier_reports_motivation", on_the_day)[0] == Outcome.FAILED
    assert run("earlier_reports_motivation", day_before)[0] == Outcome.NOT_APPLICABLE


def test_earlier_reports_need_no_motivation_when_an_investigation_opens():
    context = case(earlier_reports=(earlier(1),), proposal=Proposal("open_investigation"))
    assert run("earlier_reports_motivation", context)[0] == Outcome.NOT_APPLICABLE


# --- the child heard ----------------------------------------------------------------------


def test_closing_without_any_documented_conversation_fails():
    assert run("child_heard", case())[0] == Outcome.FAILED


def test_a_held_conversation_passes():
    assert run("child_heard", case(conversations=HELD))[0] == Outcome.PASSED


def test_a_documented_reason_for_not_hearing_the_child_passes():
    assert run("child_heard", case(conversations=NOT_HELD))[0] == Outcome.PASSED


def test_by_default_the_child_rule_applies_to_closing_only():
    context = case(proposal=Proposal("open_investigation"))
    assert run("child_heard", context)[0] == Outcome.NOT_APPLICABLE


def test_the_decisions_the_child_rule_guards_are_a_parameter():
    context = case(proposal=Proposal("open_investigation"))
    kinds = ["not_open", "open_investigation"]
    assert run("child_heard", context, decision_kinds=kinds)[0] == Outcome.FAILED


# --- violence: police-report consideration and its reconsideration -------------------------


@pytest.mark.parametrize("concern", ["violence", "witnessing_violence", "sexual_abuse"])
def test_violence_without_a_police_consideration_fails(concern):
    outcome, message = run("police_consideration", case(concerns=frozenset({concern})))
    assert outcome == Outcome.FAILED
    assert "övervägande om polisanmälan" in message


def test_no_violence_means_no_police_consideration_is_asked():
    assert run("police_consideration", case())[0] == Outcome.NOT_APPLICABLE


def test_a_police_report_made_passes():
    context = case(
        concerns=frozenset({"violence"}),
        police_considerations=(PoliceConsideration(ON - DAY, "reported"),),
    )
    assert run("police_consideration", context)[0] == Outcome.PASSED


def test_not_reporting_now_with_a_planned_reconsideration_passes():
    context = case(
        concerns=frozenset({"violence"}),
        police_considerations=(PoliceConsideration(ON - DAY, "not_now", ON + 30 * DAY),),
    )
    outcome, message = run("police_consideration", context)
    assert outcome == Outcome.PASSED
    assert "omprövas senast 2026-07-10" in message


def test_a_reconsideration_date_that_has_passed_fails():
    context = case(
        concerns=frozenset({"violence"}),
        police_considerations=(PoliceConsideration(ON - 40 * DAY, "not_now", ON - DAY),),
    )
    outcome, message = run("police_consideration", context)
    assert outcome == Outcome.FAILED
    assert "2026-06-09" in message


def test_not_reporting_without_any_reconsideration_fails():
    context = case(
        concerns=frozenset({"violence"}),
        police_considerations=(PoliceConsideration(ON - DAY, "not_now", None),),
    )
    assert run("police_consideration", context)[0] == Outcome.FAILED


def test_the_latest_consideration_counts():
    context = case(
        concerns=frozenset({"violence"}),
        police_considerations=(
            PoliceConsideration(ON - 40 * DAY, "not_now", ON - DAY),
            PoliceConsideration(ON, "reported"),
        ),
    )
    assert run("police_consideration", context)[0] == Outcome.PASSED


def test_the_concerns_that_call_for_a_consideration_are_a_parameter():
    context = case(concerns=frozenset({"parent_substance"}))
    assert run("police_consideration", context, concerns=["parent_substance"])[0] == (
        Outcome.FAILED
    )


# --- serious concern, guardians deny, no account from the child: co-signature ------------

SERIOUS_CLOSING = dict(
    concerns=frozenset({"violence"}),
    answers={"guardians_deny": True},
    conversations=NOT_HELD,
)


def test_closing_serious_mandated_report_with_denial_and_no_account_needs_cosignature():
    assert run("serious_closing_cosign", case(**SERIOUS_CLOSING))[0] == Outcome.FAILED


def test_the_childs_own_account_lifts_the_cosignature():
    context = case(**{**SERIOUS_CLOSING, "conversations": HELD})
    assert run("serious_closing_cosign", context)[0] == Outcome.PASSED


def test_guardians_who_do_not_deny_lift_the_cosignature():
    context = case(**{**SERIOUS_CLOSING, "answers": {"guardians_deny": False}})
    assert run("serious_closing_cosign", context)[0] == Outcome.PASSED


def test_a_reporter_without_reporting_duty_needs_no_cosignature():
    context = case(**SERIOUS_CLOSING, reporter_mandated=False)
    assert run("serious_closing_cosign", context)[0] == Outcome.NOT_APPLICABLE


def test_a_concern_outside_the_serious_list_needs_no_cosignature():
    context = case(**{**SERIOUS_CLOSING, "concerns": frozenset({"school_absence"})})
    assert run("serious_closing_cosign", context)[0] == Outcome.NOT_APPLICABLE


def test_opening_an_investigation_needs_no_cosignature():
    context = case(**SERIOUS_CLOSING, proposal=Proposal("open_investigation"))
    assert run("serious_closing_cosign", context)[0] == Outcome.NOT_APPLICABLE


# --- feedback before archiving ------------------------------------------------------------

AT_ARCHIVE = dict(proposal=None)


def test_archiving_without_feedback_or_reason_fails():
    assert run("feedback_before_archive", case(**AT_ARCHIVE))[0] == Outcome.FAILED


def test_archiving_after_feedback_passes():
    context = case(**AT_ARCHIVE, feedback_given_on=(ON - DAY,))
    assert run("feedback_before_archive", context)[0] == Outcome.PASSED


def test_archiving_with_a_reason_for_no_feedback_passes():
    context = case(**AT_ARCHIVE, answers={"reason_no_feedback": "Anmälaren har slutat."})
    assert run("feedback_before_archive", context)[0] == Outcome.PASSED


def test_a_reporter_who_did_not_ask_needs_no_feedback():
    context = case(**AT_ARCHIVE, reporter_wants_feedback=False)
    assert run("feedback_before_archive", context)[0] == Outcome.NOT_APPLICABLE


def test_a_private_reporter_needs_no_feedback_unless_the_parameter_says_so():
    context = case(**AT_ARCHIVE, reporter_mandated=False)
    assert run("feedback_before_archive", context)[0] == Outcome.NOT_APPLICABLE
    assert run("feedback_before_archive", context, only_mandated=False)[0] == Outcome.FAILED


# --- serious categories: investigate at once ----------------------------------------------


@pytest.mark.parametrize("concern", ["sexual_abuse", "violence", "honour", "infant_injury"])
def test_closing_a_serious_category_is_a_warning(concern):
    outcome, message = run("serious_investigate_at_once", case(concerns=frozenset({concern})))
    assert outcome == Outcome.FAILED
    assert "utredning bör inledas direkt" in message


def test_opening_at_once_satisfies_the_serious_category_rule():
    context = case(concerns=frozenset({"sexual_abuse"}), proposal=Proposal("open_investigation"))
    assert run("serious_investigate_at_once", context)[0] == Outcome.PASSED


def test_a_non_serious_category_is_not_proposed_for_investigation_at_once():
    assert run("serious_investigate_at_once", case())[0] == Outcome.NOT_APPLICABLE


def test_the_proposal_shows_before_the_decision():
    context = case(concerns=frozenset({"honour"}), proposal=None, preview=True)
    outcome, message = run("serious_investigate_at_once", context)
    assert outcome == PENDING
    assert "inled utredning direkt" in message


def test_the_serious_categories_are_a_parameter():
    context = case(concerns=frozenset({"sexual_abuse"}))
    assert run("serious_investigate_at_once", context, concerns=["honour"])[0] == (
        Outcome.NOT_APPLICABLE
    )


# --- the 14-day limit ---------------------------------------------------------------------


def test_a_decision_on_day_14_needs_no_exceptional_reason():
    assert run("late_decision_reason", case(decision_due=ON))[0] == Outcome.PASSED


def test_a_decision_after_day_14_without_exceptional_reason_fails():
    assert run("late_decision_reason", case(decision_due=ON - DAY))[0] == Outcome.FAILED


def test_a_decision_after_day_14_with_exceptional_reason_passes():
    context = case(
        decision_due=ON - DAY, proposal=closing(exceptional_reason="Barnet var utomlands.")
    )
    assert run("late_decision_reason", context)[0] == Outcome.PASSED
