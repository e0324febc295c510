"""The school term of a day, at its boundaries."""

import datetime

import pytest

from likvard.partners.terms import Term, term_of

D = datetime.date


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (D(2026, 1, 1), Term(2026, spring=True)),
        (D(2026, 6, 30), Term(2026, spring=True)),
        (D(2026, 7, 1), Term(2026, spring=True)),  # the summer break: the spring just ended
        (D(2026, 7, 31), Term(2026, spring=True)),
        (D(2026, 8, 1), Term(2026, spring=False)),
        (D(2026, 12, 31), Term(2026, spring=False)),
        (D(2027, 1, 1), Term(2027, spring=True)),
    ],
)
def test_the_term_of_a_day(day, term):
    assert term_of(day) == term


def test_a_term_holds_its_first_and_last_day_only():
    autumn = Term(2026, spring=False)
    assert D(2026, 8, 1) in autumn and D(2026, 12, 31) in autumn
    assert D(2026, 7, 31) not in autumn and D(2027, 1, 1) not in autumn
    spring = Term(2026, spring=True)
    assert D(2026, 1, 1) in spring and D(2026, 6, 30) in spring
    assert D(2026, 7, 1) not in spring and D(2025, 12, 31) not in spring
    assert str(spring) == "vårterminen 2026"
