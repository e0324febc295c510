"""The committee's counts: small cells hidden so that none can be worked out.

The check here is independent of how `committee.hidden_cells` chooses: it lists every
table of counts (hidden cells at least 1, as the page tells) that agrees with every
number published, and requires each hidden cell to take more than one value in them.
"""

import datetime
import random

import pytest

from likvard.organisation.models import Role
from likvard.oversight import committee, services
from tests import factories

from .builders import matter

pytestmark = pytest.mark.django_db


def _with_totals(inner):
    rows = [[*row, sum(row)] for row in inner]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def _equations(grid):
    """Each row and each column: its parts add up to its total (the last cell)."""
    height, width = len(grid), len(grid[0])
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    cols = [[(r, c) for r in range(height)] for c in range(width)]
    return rows + cols


def _values_that_fit(grid, hidden, bound):
    """For each hidden cell its true value and, if there is one, another value it takes
    in some table that fits what is published: a search that fixes one hidden cell at
    a time and works out every cell an equation then determines."""
    equations = _equations(grid)
    seen = {cell: set() for cell in hidden}

    def value_of(cell, values):
        return values.get(cell) if cell in hidden else grid[cell[0]][cell[1]]

    def propagate(values):
        """Fill in what the equations force; None where they contradict."""
        values = dict(values)
        changed = True
        while changed:
            changed = False
            for *parts, total in equations:
                unknown = [cell for cell in (*parts, total) if value_of(cell, values) is None]
                if len(unknown) > 1:
                    continue
                known_parts = sum(value_of(p, values) or 0 for p in parts)
                if not unknown:
                    if known_parts != value_of(total, values):
                        return None
                    continue
                (cell,) = unknown
                forced = known_parts if cell == total else value_of(total, values) - known_parts
                if not 1 <= forced <= bound:
                    return None
                values[cell] = forced
                changed = True
        return values

    def fits(values) -> bool:
        values = propagate(values)
        if values is None:
            return False
        open_cells = sorted(cell for cell in hidden if cell not in values)
        if not open_cells:
            return True
        return any(fits({**values, open_cells[0]: v}) for v in range(1, bound + 1))

    for cell in hidden:
        true = grid[cell[0]][cell[1]]
        seen[cell].add(true)
        others = sorted(range(1, bound + 1), key=lambda v: abs(v - true))
        seen[cell].add(next((v for v in others if v != true and fits({cell: v})), true))
    return seen


def _assert_protected(grid):
    hidden = committee.hidden_cells(grid)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if 1 <= value <= 4:
                assert (r, c) in hidden  # every small cell is hidden
            if value == 0:
                assert (r, c) not in hidden  # an empty cell is shown as 0
    bound = grid[-1][-1] + 3
    for cell, values in _values_that_fit(grid, hidden, bound).items():
        assert grid[cell[0]][cell[1]] in values
        assert len(values) >= 2, (grid, cell, values)
    return hidden


def test_a_lone_small_cell_is_not_left_to_be_subtracted_from_its_totals():
    grid = _with_totals([[3, 7, 0], [0, 6, 8], [0, 0, 9]])
    hidden = _assert_protected(grid)
    assert (0, 0) in hidden and len(hidden) > 2  # more than the small cells are hidden


def test_one_matter_alone_hides_its_row_its_column_and_the_total():
    grid = _with_totals([[1, 0], [0, 0]])
    assert _assert_protected(grid) == {(0, 0), (0, 2), (2, 0), (2, 2)}


def test_two_ones_that_add_up_to_their_shown_total_are_not_left_pinned():
    grid = _with_totals([[1, 1, 0], [0, 0, 9], [0, 0, 0]])
    _assert_protected(grid)


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_leave_no_hidden_cell_to_one_value(seed):
    draw = random.Random(seed)
    size = draw.choice([(2, 3), (3, 3), (3, 4)])
    inner = [
        [draw.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 9]) for _c in range(size[1])]
        for _r in range(size[0])
    ]
    _assert_protected(_with_totals(inner))


def test_the_districts_table_counts_by_kind_and_outcome_with_totals(keeper_a, district_a):
    received = datetime.date(2025, 3, 3)
    for _ in range(6):
        row = matter(keeper_a, kind="ivo_complaint", received_on=received)
        services.take_step(
            keeper_a, row.pk, "decide_oversight_matter", day=received, outcome="no_criticism"
        )
    matter(keeper_a, kind="jo_complaint", received_on=received)
    table = committee.table(
        district_a.name, {("ivo_complaint", "no_criticism"): 6, ("jo_complaint", ""): 1}
    )
    labels = [label for label, _cells in table.rows]
    assert labels[1] == "JO-inspektion" and labels[-1] == "Totalt"
    assert table.rows[2][1][1] == 6  # IVO complaint, no criticism: shown
    assert table.rows[0][1][0] is None  # the one JO complaint not yet decided: hidden


def _page(user, year=2025):
    return factories.web_client(user).get("/tillsyn/namnden/", {"ar": year})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.INSPECTOR, 200),
        (Role.ANALYST, 200),
        (Role.SUPERVISOR, 200),
        (Role.SYSTEM_ADMIN, 200),
        (Role.INTAKE_WORKER, 403),
        (Role.ADMIN_STAFF, 403),
        (Role.INVESTIGATOR, 403),
    ],
)
def test_the_committee_view_is_for_those_who_see_the_indicators(keeper_a, district_a, role, status):
    matter(keeper_a, received_on=datetime.date(2025, 5, 5), subject="Omplacering i familjehem")
    user = factories.user(role, district_a)
    response = _page(user)
    assert response.status_code == status
    csv = factories.web_client(user).get("/tillsyn/namnden.csv", {"ar": 2025})
    assert csv.status_code == status
    if status == 200:
        body = response.content.decode()
        assert district_a.name in body
        assert "Omplacering" not in body  # numbers only: no subjects
        text = csv.content.decode("utf-8-sig")
        assert "dolt" in text and "Omplacering" not in text
        assert f"2025;{district_a.name};JO-anmälan;" in text


def test_an_unknown_year_is_a_clear_400(keeper_a, inspector):
    matter(keeper_a, received_on=datetime.date(2025, 5, 5))
    response = _page(inspector, year="nitton")
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
