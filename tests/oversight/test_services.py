"""The register's writes: scope, the date rules, no personnummer in its texts, the
process as data, the links to cases, the audit log and the matter's history."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from likvard.oversight import services
from likvard.oversight.models import ConcernedCase, Event, Matter, Measure
from tests import factories
from tests.snapshots import Unchanged

from .builders import DAY, matter, today, with_measure

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(InvalidInput) as refused:
        call()
    return refused.value.code


def test_registering_writes_the_matter_its_case_link_audit_entry_and_history(keeper_a, report_a):
    row = matter(keeper_a, cases=[("report", report_a.pk)])
    assert (row.district_id, row.state) == (keeper_a.district_id, Matter.State.RECEIVED)
    assert ConcernedCase.objects.get(matter=row).report_id == report_a.pk
    entry = AuditEntry.objects.get(verb="register_oversight_matter")
    assert (entry.object_id, entry.district_id, entry.child_id) == (row.pk, row.district_id, None)
    assert "Placering" not in str(entry.after)  # the subject stays out of the log
    assert [e.verb for e in Event.objects.filter(matter=row)] == ["register_oversight_matter"]


@pytest.mark.parametrize(
    "subject",
    [
        "Klagomål gällande 20150916-0014",
        "Barnet 201509160014 placerades om",
        "Gäller 150916-0014 i Järva",
        "150916+0014",
        "Ärende 1509160014",
    ],
)
def test_a_personnummer_in_the_subject_is_refused_in_any_written_form(keeper_a, subject):
    with Unchanged():
        assert _code(lambda: matter(keeper_a, subject=subject)) == "personal_number_in_text"


def test_a_subject_with_dates_and_reference_numbers_is_not_mistaken_for_one(keeper_a):
    row = matter(keeper_a, subject="JO 1234-2025 om beslut 2025-08-27, Dnr KS 2025/799")
    assert row.subject.startswith("JO 1234-2025")


def test_a_personnummer_in_the_criticism_is_refused(keeper_a, matter_a):
    call = lambda: services.take_step(  # noqa: E731
        keeper_a,
        matter_a.pk,
        "decide_oversight_matter",
        day=today(),
        outcome="criticism",
        criticism="Nämnden följde inte upp 20150916-0014.",
    )
    with Unchanged():
        assert _code(call) == "personal_number_in_text"


def test_dates_cannot_be_in_the_future_nor_steps_before_the_matter_came_in(keeper_a, matter_a):
    tomorrow = today() + DAY
    assert _code(lambda: matter(keeper_a, received_on=tomorrow)) == "date_in_future"
    for verb in ("send_oversight_statement", "decide_oversight_matter"):
        with Unchanged():
            assert (
                _code(
                    lambda verb=verb: services.take_step(
                        keeper_a,
                        matter_a.pk,
                        verb,
                        day=matter_a.received_on - DAY,
                        outcome="closed",
                    )
                )
                == "before_earlier_event"
            )
            assert (
                _code(
                    lambda verb=verb: services.take_step(
                        keeper_a, matter_a.pk, verb, day=tomorrow, outcome="closed"
                    )
                )
                == "date_in_future"
            )


def test_a_decision_cannot_precede_the_statement_and_the_received_date_cannot_follow_it(
    keeper_a, matter_a
):
    sent = matter_a.received_on + 2 * DAY
    services.take_step(keeper_a, matter_a.pk, "send_oversight_statement", day=sent)
    call = lambda: services.take_step(  # noqa: E731
        keeper_a, matter_a.pk, "decide_oversight_matter", day=sent - DAY, outcome="no_criticism"
    )
    assert _code(call) == "before_earlier_event"
    moved = services.MatterInput(
        kind=matter_a.kind, received_on=sent + DAY, subject=matter_a.subject
    )
    assert (
        _code(lambda: services.update_matter(keeper_a, matter_a.pk, moved)) == "after_later_event"
    )
    assert Matter.objects.get(pk=matter_a.pk).received_on == matter_a.received_on


def test_criticism_requires_its_text_and_a_decided_matter_takes_no_further_step(keeper_a, matter_a):
    call = lambda: services.take_step(  # noqa: E731
        keeper_a, matter_a.pk, "decide_oversight_matter", day=today(), outcome="serious_criticism"
    )
    assert _code(call) == "required"
    services.take_step(
        keeper_a,
        matter_a.pk,
        "decide_oversight_matter",
        day=today(),
        outcome="serious_criticism",
        criticism="Barnets behov utreddes inte inför omplaceringen.",
    )
    with pytest.raises(TransitionNotAllowed):
        services.take_step(keeper_a, matter_a.pk, "send_oversight_statement", day=today())
    row = Matter.objects.get(pk=matter_a.pk)
    assert (row.state, row.outcome, row.decided_on) == ("decided", "serious_criticism", today())


def test_lex_sarah_is_reported_to_ivo_only_when_serious(keeper_a):
    received = today() - 20 * DAY
    mild = matter(keeper_a, kind="lex_sarah", received_on=received, statement_due_on=None)
    services.take_step(
        keeper_a, mild.pk, "investigate_lex_sarah", day=received + 5 * DAY, serious=False
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        services.take_step(keeper_a, mild.pk, "report_lex_sarah_to_ivo", day=today())
    assert refused.value.code == "not_serious"
    serious = matter(keeper_a, kind="lex_sarah", received_on=received, statement_due_on=None)
    with pytest.raises(TransitionNotAllowed):  # a statement is no step of lex Sarah
        services.take_step(keeper_a, serious.pk, "send_oversight_statement", day=today())
    services.take_step(
        keeper_a, serious.pk, "investigate_lex_sarah", day=received + 5 * DAY, serious=True
    )
    services.take_step(keeper_a, serious.pk, "report_lex_sarah_to_ivo", day=received + 6 * DAY)
    row = Matter.objects.get(pk=serious.pk)
    assert (row.state, row.reported_to_ivo_on) == ("reported_to_ivo", received + 6 * DAY)
    verbs = list(Event.objects.filter(matter=row).values_list("verb", flat=True))
    assert verbs == [
        "register_oversight_matter",
        "investigate_lex_sarah",
        "report_lex_sarah_to_ivo",
    ]


def test_another_districts_matter_and_measure_are_not_found_and_unchanged(keeper_a, matter_b):
    measure = Measure.objects.get(matter=matter_b)
    with Unchanged():
        with pytest.raises(NotFound):
            services.take_step(keeper_a, matter_b.pk, "send_oversight_statement", day=today())
        with pytest.raises(NotFound):
            with_measure(keeper_a, matter_b)
        with pytest.raises(NotFound):
            services.complete_measure(keeper_a, measure.pk, done_on=today())


def test_roles_that_do_not_keep_the_register_are_refused(intake_a, inspector, matter_a):
    for actor in (intake_a, inspector):
        with Unchanged():
            with pytest.raises(PermissionDenied):
                matter(actor)
            with pytest.raises(PermissionDenied):
                services.take_step(actor, matter_a.pk, "send_oversight_statement", day=today())


def test_a_case_of_another_district_or_an_unknown_id_cannot_be_linked(keeper_a, intake_b):
    other = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[1])
    for cases in ([("report", other.pk)], [("investigation", 987654)], [("person", 1)]):
        with Unchanged():
            code = _code(lambda cases=cases: matter(keeper_a, cases=cases))
        assert code in ("case_not_found", "invalid_choice")


def test_a_measure_is_done_once_not_in_the_future_and_logged(keeper_a, matter_a):
    measure = Measure.objects.get(matter=matter_a)
    assert (
        _code(lambda: services.complete_measure(keeper_a, measure.pk, done_on=today() + DAY))
        == "date_in_future"
    )
    services.complete_measure(keeper_a, measure.pk, done_on=today())
    with pytest.raises(TransitionNotAllowed):
        services.complete_measure(keeper_a, measure.pk, done_on=today())
    assert AuditEntry.objects.filter(verb="complete_oversight_measure").count() == 1


def test_the_statement_due_date_cannot_precede_the_received_date(keeper_a):
    received = today() - 5 * DAY
    call = lambda: matter(  # noqa: E731
        keeper_a, received_on=received, statement_due_on=received - datetime.timedelta(days=1)
    )
    assert _code(call) == "before_earlier_event"
