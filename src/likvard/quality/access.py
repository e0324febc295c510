"""Who sees which numbers of the quality dashboard, and who may open the cases behind them.

- Supervisors, inspectors, analysts (the committee's statisticians) and system
  admins see the dashboard; other caseworkers use their work queue.
- The cases behind a number are listed only where the user reads cases anyway
  (`readable_district_id`): an inspector everywhere, a supervisor in their own
  district; analysts and system admins never see a case.
- A small number is shown exactly when the user could list the cases behind it.
  Elsewhere a cell with fewer than `SMALL_CELL` cases in the denominator is
  suppressed, as in published statistics, so that no child can be recognised
  from a small count: always for analysts and system admins, and for a
  supervisor in other districts and in the municipality's totals. So that the
  small cell cannot be worked out from the totals and the other cells, more
  cells are hidden around it (`quality.disclosure`); the districts returned by
  `known_districts` are the ones the user sees whole.

Who sees the dashboard is the role permission `view_quality_indicators`.
"""

from likvard.access.scoping import readable_district_id

from .disclosure import SMALL_CELL as SMALL_CELL  # the page and the CSV name the limit


def may_view_dashboard(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.holds("view_quality_indicators")


def drill_down_scope(user) -> bool | int:
    """True: every district; a district id: that one; False: none."""
    if not may_view_dashboard(user):
        return False
    scope = readable_district_id(user)
    return scope if scope is True or isinstance(scope, int) else False


def may_drill_down(user, district_id: int) -> bool:
    scope = drill_down_scope(user)
    return scope is True or (scope is not False and scope == district_id)


def known_districts(user) -> bool | set[int]:
    """True: the user sees every number as counted; else the districts seen whole."""
    scope = drill_down_scope(user)
    if scope is True:
        return True
    return set() if scope is False else {scope}


def shows_small_cells(user, district_id: int | None) -> bool:
    """Whether a small count for a district (None: the whole municipality) may be shown."""
    scope = drill_down_scope(user)
    if scope is True:
        return True
    return district_id is not None and scope is not False and scope == district_id


def suppressed(user, district_id: int | None, denominator: int) -> bool:
    """Primary suppression: a small cell the user may not list (`disclosure` adds the rest)."""
    return 0 < denominator < SMALL_CELL and not shows_small_cells(user, district_id)
