"""The queue of what is due: statements due within 14 days or late, measures late, in
the reader's district; counted in calendar days across a month's end."""

import datetime

import pytest

from likvard.oversight import selectors, services

from .builders import matter, with_measure

pytestmark = pytest.mark.django_db

D = datetime.date


def _statements_due(keeper, received, dues):
    return {due: matter(keeper, received_on=received, statement_due_on=due).pk for due in dues}


@pytest.mark.parametrize(
    ("today", "inside", "outside"),
    [
        # 31 January: 14 days on is 14 February, across the month's end.
        (D(2026, 1, 31), [D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 14)], [D(2026, 2, 15)]),
        # 28 February (not a leap year): 14 March.
        (D(2026, 2, 28), [D(2026, 2, 1), D(2026, 3, 14)], [D(2026, 3, 15)]),
        # 31 December: into the next year.
        (D(2025, 12, 31), [D(2025, 12, 30), D(2026, 1, 14)], [D(2026, 1, 15)]),
    ],
)
def test_statements_due_within_14_days_or_late_at_month_ends(
    keeper_a, keeper_b, today, inside, outside
):
    received = today.replace(day=1) - datetime.timedelta(days=40)
    ids = _statements_due(keeper_a, received, inside + outside)
    elsewhere = matter(keeper_b, received_on=received, statement_due_on=today)
    due = selectors.due(keeper_a, today)
    assert [m.pk for m in due.statements] == [ids[day] for day in inside]  # earliest first
    assert elsewhere.pk not in {m.pk for m in due.statements}


def test_a_statement_sent_or_a_matter_decided_leaves_the_queue(keeper_a):
    today = D(2026, 1, 31)
    sent, decided, waiting = (
        matter(keeper_a, received_on=D(2026, 1, 2), statement_due_on=D(2026, 2, 2))
        for _ in range(3)
    )
    services.take_step(keeper_a, sent.pk, "send_oversight_statement", day=D(2026, 1, 20))
    services.take_step(
        keeper_a, decided.pk, "decide_oversight_matter", day=D(2026, 1, 20), outcome="closed"
    )
    assert [m.pk for m in selectors.due(keeper_a, today).statements] == [waiting.pk]


def test_measures_late_the_day_after_their_due_date_until_done(keeper_a, keeper_b, inspector):
    row = matter(keeper_a, received_on=D(2026, 1, 2))
    on_time = with_measure(keeper_a, row, due_on=D(2026, 1, 31))
    late = with_measure(keeper_a, row, due_on=D(2026, 1, 30))
    done = with_measure(keeper_a, row, due_on=D(2026, 1, 29))
    services.complete_measure(keeper_a, done.pk, done_on=D(2026, 2, 3))
    other = with_measure(keeper_b, matter(keeper_b, received_on=D(2026, 1, 2)), D(2026, 1, 3))
    assert [m.pk for m in selectors.due(keeper_a, D(2026, 1, 31)).measures] == [late.pk]
    assert [m.pk for m in selectors.due(keeper_a, D(2026, 2, 1)).measures] == [
        late.pk,
        on_time.pk,
    ]
    # An inspector's queue spans the districts.
    assert {m.pk for m in selectors.due(inspector, D(2026, 2, 1)).measures} == {
        other.pk,
        late.pk,
        on_time.pk,
    }
