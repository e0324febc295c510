"""The committee's view of the register: per district and year, matters by kind and
outcome, with totals, numbers only; small cells hidden so that none can be worked out.

The rule (documented here and in docs/architecture.md):

1. Each district's year is one table: a row per kind, a column per outcome ("not
   decided" included), a total per row, per column and overall. No table sums
   districts or years, so the only equations published are the table's own:
   each row and each column adds up to its total.
2. *Primary suppression*: every cell (totals included) holding 1–4 matters is hidden.
   An empty cell is shown as 0 (it identifies no one), so a hidden cell is known to
   be at least 1; every hidden cell wears the same mark, so none is known to be small.
3. *Secondary suppression*: a hidden cell is safe when another value of it fits
   everything published: a change of ±1 to it, balanced around a cycle of hidden
   cells through its row and column (each total taken with the opposite sign), that
   lowers no hidden cell below 1. While some hidden cell is not safe, one more cell is
   hidden: the smallest shown non-empty cell in its row or column, else its row's or
   column's total or the grand total, else the smallest in any row or column with a
   hidden cell. This ends: once every non-empty cell of a row, its
   column and the totals are hidden, the cycle through the cell, its row total, the
   grand total and its column total raises all four, which lowers none.

`tests/oversight/test_committee.py` checks the result independently, by listing every
table of counts that agrees with what is published.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Kind, Outcome

SMALL = range(1, 5)
#: The columns: the matters not yet decided, then each outcome.
OPEN = ""
COLUMNS = [(OPEN, _("Ej avgjort"))] + [(value, label) for value, label in Outcome.choices]
ROWS = list(Kind.choices)


def hidden_cells(grid: list[list[int]]) -> set[tuple[int, int]]:
    """The cells to hide in `grid` (totals included: the last row and the last column)."""
    hidden = {(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if value in SMALL}
    while True:
        unsafe = next((cell for cell in sorted(hidden) if not _safe(grid, hidden, cell)), None)
        if unsafe is None:
            return hidden
        hidden.add(_complement(grid, hidden, unsafe))


def _complement(grid, hidden, cell) -> tuple[int, int]:
    def shown(cells):
        return sorted(
            (grid[r][c], r, c) for r, c in cells if (r, c) not in hidden and grid[r][c] > 0
        )

    size = range(len(grid)), range(len(grid[0]))
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    r0, c0 = cell
    near = shown([(r0, c) for c in size[1]] + [(r, c0) for r in size[0]])
    totals = shown([(r0, last_col), (last_row, c0), (last_row, last_col)])
    rows = {r for r, _c in hidden}
    cols = {c for _r, c in hidden}
    anywhere = shown([(r, c) for r in size[0] for c in size[1] if r in rows or c in cols])
    _value, r, c = (near or totals or anywhere)[0]
    return r, c


def _sign(grid, cell) -> int:
    """+1 for an inner cell and the grand total, -1 for a row's or a column's total: so
    that every row and column of the signed table adds up to 0."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    return -1 if (cell[0] == last_row) != (cell[1] == last_col) else 1


def _safe(grid, hidden, cell) -> bool:
    """Whether a cycle of hidden cells through `cell` lets it change by one (either way)
    with every row and column still adding up and no hidden cell falling below 1."""

    def may_move(target, delta) -> bool:
        return delta * _sign(grid, target) > 0 or grid[target[0]][target[1]] >= 2

    for start in (1, -1):
        if may_move(cell, start) and _path(grid, hidden, cell, start, may_move):
            return True
    return False


def _path(grid, hidden, cell, start, may_move) -> bool:
    """A path of hidden cells from `cell`'s column back to its row. A step from a column
    to a row changes its cell by -start, a step from a row to a column by +start, so the
    deltas alternate around the cycle; a step is taken only where its cell may move."""
    r0, c0 = cell
    seen = {("col", c0)}
    stack = [("col", c0)]
    while stack:
        axis, index = stack.pop()
        delta = -start if axis == "col" else start
        for r, c in hidden:
            if (r, c) == cell or (c if axis == "col" else r) != index:
                continue
            if not may_move((r, c), delta):
                continue
            node = ("row", r) if axis == "col" else ("col", c)
            if node == ("row", r0):
                return True
            if node not in seen:
                seen.add(node)
                stack.append(node)
    return False


@dataclass(frozen=True)
class Table:
    """One district's year: rows of (label, cells), each cell a number or None (hidden)."""

    district: str
    rows: list[tuple[str, list[int | None]]]

    @property
    def total(self) -> int | None:
        return self.rows[-1][1][-1]


def grid_of(counts: dict[tuple[str, str], int]) -> list[list[int]]:
    """The table with its totals from counts by (kind, outcome)."""
    inner = [[counts.get((kind, column), 0) for column, _l in COLUMNS] for kind, _k in ROWS]
    with_totals = [[*row, sum(row)] for row in inner]
    return [*with_totals, [sum(column) for column in zip(*with_totals, strict=True)]]


def table(district: str, counts: dict[tuple[str, str], int]) -> Table:
    grid = grid_of(counts)
    hidden = hidden_cells(grid)
    labels = [str(label) for _v, label in ROWS] + [str(_("Totalt"))]
    return Table(
        district,
        [
            (label, [None if (r, c) in hidden else value for c, value in enumerate(row)])
            for r, (label, row) in enumerate(zip(labels, grid, strict=True))
        ],
    )


def tables(districts, counts: dict[tuple[int, str, str], int]) -> list[Table]:
    """One table per district (in the order given) from counts by (district, kind, outcome)."""
    return [
        table(
            district.name,
            {(k, o): n for (d, k, o), n in counts.items() if d == district.pk},
        )
        for district in districts
    ]


def header() -> list[str]:
    return [str(label) for _v, label in COLUMNS] + [str(_("Totalt"))]
