"""Which cells of a published table are hidden, so that no small count can be worked out.

Hiding a district's count of 3 is not enough when the municipality's total and
every other district are shown: the total minus the others gives the 3 back.
So besides the small cells (*primary* suppression) more cells are hidden
(*complementary*, or secondary, suppression) until no sum the page, the CSV or
another request shows pins a hidden small cell to one value.

The tables. Every number the dashboard publishes is a sum of *atoms*: the
cases of one unit (a district's unit, or its intake unit for unassigned cases)
in one month (flow indicators) or today (snapshot indicators). For one month
the published cells form a tree of sums, city = Σ districts and district =
Σ units; `protect` hides cells in that tree. Longer periods add no new
information: a number over several months (a district's year, a unit's year,
the city's year) is shown only when the same number is shown for every one of
its months, and then it is their sum, which anyone could add up. So asking
for a narrower or a wider period, another district in focus, the CSV or the
page, always meets the same hidden cells, and the month tables are what must
hold. A supervisor sees the own district's cells unhidden (they may read those
cases); they are *known* to `protect`: never hidden, never relied on to hide.

What "cannot be worked out" means, and what `protect` ensures:

1. *No sum gives it.* In every equation of the tree (a total and its parts)
   either no cell is hidden or at least two are: with exactly one, it would be
   the total minus the others. This suffices for a tree of sums: a change of a
   hidden cell can always be balanced by another hidden cell of each of its
   equations, which in turn are balanced further down or up (no cycles).
2. *The markers do not pin it either.* A hidden cell says why it is hidden:
   `PRIMARY` ("färre än 5 ärenden") tells that it holds 1–4 cases, `SECONDARY`
   ("dold för att skydda enskilda") only that it is not empty (an empty cell is
   shown as 0). With those bounds two small cells summing to 2 are both 1, and
   a total of 4 marked small with a known 3 in it leaves 1 for the rest. So for
   every hidden small cell `protect` looks for a change of ±1 to it, balanced
   through the hidden cells as above, that keeps every hidden cell within its
   marker's bounds: then at least two values fit everything published. Where
   there is none, one more cell is hidden; where nothing is left to hide, the
   small cells beside it (or the cell itself) are marked only as protected,
   which is true and bounds nothing. A cell over the whole period is always
   marked as protected, for the same reason.

The rule for choosing a complementary cell is the usual one: the smallest
shown, non-empty cell among the parts of the equation, the total only when no
part can be hidden; repeated until nothing changes. Numerators are hidden with
their denominators, so the same equations hold for them.

`tests/quality/test_disclosure.py` proves it by enumeration: for random tables
and for what the views publish, it writes down every published cell as a sum
of atoms, checks by rank that no hidden cell lies in the span of the shown ones,
and finds the least and greatest value of every small hidden cell that fits
everything shown (an integer program), which must differ.
"""

import datetime
import enum
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

#: Fewer cases than this in a cell are not shown to those who may not list them.
SMALL_CELL = 5

CITY = ("city",)

Node = Hashable
Equation = tuple[Node, tuple[Node, ...]]  # total, parts


class Mark(enum.StrEnum):
    """Why a cell is hidden; the value is the CSV's machine-readable marker."""

    PRIMARY = "primar"  # 1–4 cases
    SECONDARY = "sekundar"  # hidden so that a small cell cannot be worked out


def is_small(value: int) -> bool:
    return 0 < value < SMALL_CELL


def mark_for(value: int) -> Mark:
    return Mark.PRIMARY if is_small(value) else Mark.SECONDARY


def protect(
    values: dict[Node, int], equations: list[Equation], known: Iterable[Node] = ()
) -> dict[Node, Mark]:
    """The hidden cells of one tree of sums, with their markers.

    `values` are every cell's count (the denominators), `equations` the tree's
    sums (each node is the total of at most one equation and a part of at most
    one), `known` the cells the viewer sees anyway.
    """
    return _Protection(values, equations, set(known)).run()


class _Protection:
    def __init__(self, values, equations, known):
        self.values = values
        self.equations = equations
        self.known = known
        self.of_node: dict[Node, list[int]] = defaultdict(list)
        for index, (total, parts) in enumerate(equations):
            for node in (total, *parts):
                self.of_node[node].append(index)
        self.hidden: dict[Node, Mark] = {
            node: Mark.PRIMARY
            for node, value in sorted(values.items(), key=lambda item: _key(item[0]))
            if is_small(value) and node not in known
        }

    def run(self) -> dict[Node, Mark]:
        if not self.hidden:
            return {}
        while self._hide_one_more():
            pass
        return self.hidden

    def _hide_one_more(self) -> bool:
        """Hide one more cell where an equation or a marker would give a small cell away."""
        for index, (total, parts) in enumerate(self.equations):
            hidden = sum(node in self.hidden for node in (total, *parts))
            if hidden == 1 and self._hide_in([index]):
                return True
        for node in sorted(self.hidden, key=_key):
            if is_small(self.values[node]) and not self._movable(node):
                # First the cell's own equations, then any equation with a hidden cell.
                near = self.of_node[node]
                rest = [i for i in range(len(self.equations)) if self._touches_hidden(i)]
                if self._hide_in(near) or self._hide_in(rest) or self._unmark_near(node):
                    return True
        return False

    def _unmark_near(self, node: Node) -> bool:
        """Nothing left to hide: say less about the small cells beside it.

        "färre än 5" bounds a cell to 1–4, and with a total two such bounds can
        pin each other (4 = 3 + x gives x = 1). A small cell marked only as
        hidden to protect (which is true) bounds nothing.
        """
        for index in self.of_node[node]:
            total, parts = self.equations[index]
            others = [
                n for n in (total, *parts) if n != node and self.hidden.get(n) is Mark.PRIMARY
            ]
            if others:
                for other in others:
                    self.hidden[other] = Mark.SECONDARY
                return True
        if self.hidden[node] is Mark.PRIMARY:  # its own bound pins it against a known part
            self.hidden[node] = Mark.SECONDARY
            return True
        return False

    def _touches_hidden(self, index: int) -> bool:
        total, parts = self.equations[index]
        return any(node in self.hidden for node in (total, *parts))

    def _candidates(self, nodes) -> list[Node]:
        return [
            node
            for node in nodes
            if node not in self.hidden and node not in self.known and self.values.get(node, 0) > 0
        ]

    def _hide_in(self, indexes: list[int]) -> bool:
        """Hide the smallest shown part of these equations (their total if no part will do)."""
        for pick_totals in (False, True):
            choice = []
            for index in indexes:
                total, parts = self.equations[index]
                choice += self._candidates([total] if pick_totals else parts)
            if choice:
                node = min(choice, key=lambda n: (self.values[n], _key(n)))
                self.hidden[node] = mark_for(self.values[node])
                return True
        return False

    # -- the ±1 test: a change of a small cell that everything published allows

    def _movable(self, node: Node) -> bool:
        return self._moves(node, 1, None) or self._moves(node, -1, None)

    def _fits(self, node: Node, delta: int) -> bool:
        """Whether the changed value still agrees with the cell's marker (hidden cells are ≥ 1)."""
        value = self.values[node] + delta
        return is_small(value) if self.hidden[node] is Mark.PRIMARY else value >= 1

    def _moves(self, node: Node, delta: int, via: int | None) -> bool:
        if not self._fits(node, delta):
            return False
        return all(
            self._balanced(index, node, delta) for index in self.of_node[node] if index != via
        )

    def _balanced(self, index: int, node: Node, delta: int) -> bool:
        total, parts = self.equations[index]
        if node == total:
            options = [(part, delta) for part in parts if part in self.hidden]
        else:
            options = [(total, delta)] if total in self.hidden else []
            options += [(part, -delta) for part in parts if part in self.hidden and part != node]
        return any(self._moves(other, change, index) for other, change in options)


def _key(node: Node) -> tuple:
    """A deterministic order of nodes: every request chooses the same cells."""
    return tuple(str(part) for part in node) if isinstance(node, tuple) else (str(node),)


# ------------------------------------------------------------------ the dashboard's tables


def district_node(district_id) -> tuple:
    return ("district", district_id)


def unit_node(district_id, unit_id) -> tuple:
    return ("unit", district_id, unit_id)


def tree(units: dict[tuple[int, int | None], int]) -> tuple[dict[Node, int], list[Equation]]:
    """The tree of sums over (district, unit) atoms: city = Σ districts, district = Σ units."""
    values: dict[Node, int] = {CITY: 0}
    by_district: dict[int, list[Node]] = defaultdict(list)
    for (district_id, unit_id), value in sorted(units.items(), key=lambda i: _key(i[0])):
        node = unit_node(district_id, unit_id)
        values[node] = value
        values[CITY] += value
        district = district_node(district_id)
        values[district] = values.get(district, 0) + value
        by_district[district_id].append(node)
    equations: list[Equation] = [
        (CITY, tuple(district_node(d) for d in sorted(by_district, key=str)))
    ]
    equations += [(district_node(d), tuple(nodes)) for d, nodes in by_district.items()]
    return values, equations


@dataclass
class Hidden:
    """The hidden cells of one indicator over a period, for one viewer."""

    #: Month (None: the whole period, or today for a snapshot) → node → marker.
    cells: dict[datetime.date | None, dict[Node, Mark]] = field(default_factory=dict)

    def get(self, node: Node, month: datetime.date | None = None) -> Mark | None:
        return self.cells.get(month, {}).get(node)


def hide(
    atoms: dict[tuple[int, int | None, datetime.date | None], int],
    months: list[datetime.date] | None,
    known_districts: set[int],
) -> Hidden:
    """Hidden cells for atoms (district, unit, month or None) → denominator.

    `months` is the period of a flow indicator (None for a snapshot): each month
    is protected on its own, and a cell over the whole period is hidden when the
    same cell is hidden in any of its months (otherwise it is their sum).
    """
    result = Hidden()
    for month in months or [None]:
        units = {(d, u): v for (d, u, m), v in atoms.items() if m == month}
        values, equations = tree(units)
        known = {
            node
            for node in values
            if node != CITY and node[1] in known_districts  # district id in either node kind
        }
        result.cells[month] = protect(values, equations, known)
    if months is None:
        return result
    if len(months) == 1:  # the period is the month: the same cells, marked alike
        result.cells[None] = dict(result.cells[months[0]])
        return result
    whole: dict[Node, int] = defaultdict(int)
    for (d, u, _m), value in atoms.items():
        whole[CITY] += value
        whole[district_node(d)] += value
        whole[unit_node(d, u)] += value
    # Hidden because a month behind it is: never "fewer than five", which would bound
    # the months' sum and could pin one of them.
    result.cells[None] = {
        node: Mark.SECONDARY
        for node in sorted({n for cells in result.cells.values() for n in cells}, key=_key)
    }
    return result
