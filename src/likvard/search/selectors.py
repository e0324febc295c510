"""The search: children by personnummer or name, reports by number, in the user's scope.

Matches the user may not open are not shown; the answer says only in which other
districts they are and how many (as the child page does for other districts), so a
worker knows to ask for access.
"""

from dataclasses import dataclass

from django.db.models import Q

from likvard.access.scoping import readable_district_id
from likvard.people.selectors import children_where, unread_children_where
from likvard.reports.selectors import district_of_report, districts_holding
from likvard.reports.selectors import reports as readable_reports

from .query import Query, understand

#: Children shown at most; a name that matches more asks for more of it.
RESULT_LIMIT = 50
#: Matches weighed at most for the summary of other districts (a common surname matches
#: thousands of children in the city; the summary then says "at least").
ELSEWHERE_LIMIT = 200


@dataclass(frozen=True)
class Results:
    query: Query
    children: list
    reports: list
    #: (district name, matches there) the user may not open.
    elsewhere: list[tuple[str, int]]
    truncated: bool = False
    #: The summary of other districts counted only the first ELSEWHERE_LIMIT matches.
    elsewhere_capped: bool = False

    @property
    def hits(self) -> int:
        return len(self.children) + len(self.reports)

    @property
    def hits_elsewhere(self) -> int:
        return sum(n for _name, n in self.elsewhere)


def may_search(user) -> bool:
    """Whoever reads cases (their own district's, or every district's) may search them."""
    return readable_district_id(user) is not False


def search(user, text: str) -> Results:
    """What `text` finds for `user`; a query that cannot run carries its error."""
    query = understand(text)
    if query.error:
        return Results(query, [], [], [])
    if query.kind == "report":
        mine = list(readable_reports(user).filter(pk=query.value).select_related("child"))
        return Results(query, [], mine, [] if mine else district_of_report(query.value))
    if query.kind == "personal_number":
        conditions = [Q(personal_number=query.value)]
    else:
        conditions = query.name_conditions()
    found = children_where(user, conditions, RESULT_LIMIT + 1)
    others, capped = unread_children_where(user, conditions, ELSEWHERE_LIMIT)
    return Results(
        query,
        found[:RESULT_LIMIT],
        [],
        districts_holding(others) if others else [],
        truncated=len(found) > RESULT_LIMIT,
        elsewhere_capped=capped,
    )
