"""The Swedish school term (termin) a day belongs to: the follow-up asks "a meeting
this term?".

Spring term: January–June; autumn term: August–December. July is the summer break:
it belongs to no term, and "this term" in July is the spring term just ended, so a
school met in the spring is not flagged during the holiday.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SPRING_MONTHS = range(1, 7)
AUTUMN_MONTHS = range(8, 13)


@dataclass(frozen=True)
class Term:
    year: int
    spring: bool

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.spring else 8, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.spring else datetime.date(self.year, 12, 31)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        name = _("vårterminen") if self.spring else _("höstterminen")
        return f"{name} {self.year}"


def term_of(day: datetime.date) -> Term:
    """The term `day` is in, or (in July) the spring term just ended."""
    return Term(day.year, spring=day.month not in AUTUMN_MONTHS)
