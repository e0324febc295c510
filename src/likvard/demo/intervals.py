"""A date-dependent answer asked once per interval between the dates it can change on."""

import bisect
import datetime
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class IntervalLookup(Generic[T]):
    """`answer(on)`, computed once for each interval between consecutive `bounds`.

    For what changes only on known dates (a provision coming into force, a rule
    setting's period), the generator asks the database once per interval instead
    of once per case.
    """

    def __init__(self, bounds: Iterable[datetime.date], answer: Callable[[datetime.date], T]):
        self._bounds = sorted(set(bounds))
        self._answer = answer
        self._cache: dict[int, T] = {}

    def __call__(self, on: datetime.date) -> T:
        slot = bisect.bisect_right(self._bounds, on)
        if slot not in self._cache:
            self._cache[slot] = self._answer(on)
        return self._cache[slot]
