"""Who may see and change which cases: the one place the rule is written.

Every queryset of case data goes through `visible_to(user)` or `editable_by(user)`
(see `ScopedQuerySet`). What a role may do is data (the permissions of the group
named after the role): by default caseworkers read and write their own district's
cases; inspectors read every district and write nothing; analysts and system
admins see no case data through these querysets at all.
"""

from django.db import models


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def readable_district_id(user) -> bool | int | None:
    """The district a user reads, True for all districts, False for none."""
    if not _signed_in(user):
        return False
    if user.holds("read_all_districts"):
        return True
    if user.is_caseworker:
        return user.district_id
    return False


def writable_district_id(user) -> int | None:
    """The district a user may change cases in, or None."""
    if _signed_in(user) and user.is_caseworker:
        return user.district_id
    return None


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the field path to the case's district."""

    district_field = "district"

    def visible_to(self, user):
        scope = readable_district_id(user)
        if scope is True:
            return self
        if scope is False:
            return self.none()
        return self.filter(**{f"{self.district_field}_id": scope})

    def editable_by(self, user):
        district_id = writable_district_id(user)
        if district_id is None:
            return self.none()
        return self.filter(**{f"{self.district_field}_id": district_id})
