"""Who may see and change which cases: the one place the rule is written.

Every queryset of case data goes through `visible_to(user)` or `editable_by(user)`
(see `ScopedQuerySet`). What a role may do is data (the permissions of the group
named after the role): by default caseworkers read and write their own district's
cases; inspectors read every district and write nothing; analysts and system
admins see no case data through these querysets at all.
"""

from django.db import models
from django.utils import timezone

from .models import AccessGrant


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


def granted_cases(user) -> frozenset[tuple[int, int]]:
    """(district id, child id) of other districts' cases the user may read just now.

    Granted by a supervisor there for a limited time (AccessGrant); cached on the
    user object for the request.
    """
    cached = getattr(user, "_granted_cases", None)
    if cached is None:
        cached = frozenset(
            AccessGrant.objects.filter(
                requester=user, status=AccessGrant.Status.GRANTED, expires_at__gt=timezone.now()
            ).values_list("district_id", "child_id")
        )
        user._granted_cases = cached
    return cached


def own_or_granted(user, scope: int, district_path: str, child_path: str) -> models.Q:
    """Rows in the user's district, or in a granted (district, child) pair."""
    condition = models.Q(**{f"{district_path}_id": scope})
    for district_id, child_id in granted_cases(user):
        condition |= models.Q(**{f"{district_path}_id": district_id, f"{child_path}_id": child_id})
    return condition


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the field paths to the case's district and child."""

    district_field = "district"

    @property
    def child_field(self) -> str:
        return self.district_field.removesuffix("district") + "child"

    def visible_to(self, user):
        scope = readable_district_id(user)
        if scope is True:
            return self
        if scope is False:
            return self.none()
        return self.filter(own_or_granted(user, scope, self.district_field, self.child_field))

    def editable_by(self, user):
        district_id = writable_district_id(user)
        if district_id is None:
            return self.none()
        return self.filter(**{f"{self.district_field}_id": district_id})
