"""Scoped reads of people: a child by id, and contact details under protected identity.

The address and contact details of a person with protected identity
(sekretessmarkering, skyddad folkbokföring) are shown only to roles that hold
`view_protected_identity`, only when asked with a reason, and every such view is
logged with that reason. Everything that prints an address asks `address_for`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.scoping import readable_district_id
from likvard.access.services import record
from likvard.core.errors import NotFound, PermissionDenied
from likvard.core.validation import check_text

from .models import Child


def visible_child(user, child_id) -> Child:
    """The child if the user may see the child's case; NotFound otherwise."""
    child = Child.objects.visible_to(user).filter(pk=child_id).first()
    if child is None:
        raise NotFound()
    return child


def children(user):
    """The children the user reads (their cases in the user's scope, or granted)."""
    return Child.objects.visible_to(user)


def protected_among(child_ids) -> set[int]:
    """Which of these children have protected identity (for log review's flags)."""
    return set(
        Child.objects.filter(pk__in=child_ids, protected_identity=True).values_list("pk", flat=True)
    )


def address_for(person) -> str | None:
    """The address to print anywhere (lists, letters, exports): never a protected one."""
    return None if person.protected_identity else person.address


@dataclass(frozen=True)
class ProtectedContact:
    """A protected child's address and the guardians' contact details, just revealed."""

    child_address: str
    guardians: list[tuple[str, str, str]]  # (name, address, phone)


def reveal_protected_contact(user, child: Child, reason: str) -> ProtectedContact:
    """Show a protected child's contact details to an allowed role; log it with the reason.

    `child` must already come from `Child.objects.visible_to(user)`.
    """
    if not user.holds("view_protected_identity"):
        raise PermissionDenied(_("Din roll får inte se skyddade personuppgifter."))
    reason = check_text(reason, "reason", max_length=500)
    with transaction.atomic():
        record(
            user,
            AuditEntry.Action.READ,
            "view_protected_contact",
            child,
            child_id=child.pk,
            district_id=user.district_id,
            reason=reason,
        )
    return ProtectedContact(
        child.address,
        [(str(g), g.address, g.phone) for g in child.guardians.order_by("last_name")],
    )


def children_where(user, conditions, limit: int) -> list[Child]:
    """The children the user reads that meet `conditions` (a search), in name order."""
    return list(
        Child.objects.visible_to(user)
        .filter(*conditions)
        .order_by("last_name", "first_name", "id")[:limit]
    )


def unread_children_where(user, conditions, limit: int) -> tuple[list[int], bool]:
    """Ids of children who meet `conditions` but whose cases the user may not read (a
    search says only that they exist elsewhere: `reports.selectors.districts_holding`),
    and whether there were more than `limit` matches to weigh.

    The first `limit` matches are read, then which of them the user reads (a probe per
    id); excluding the user's readable children in SQL instead read the district's
    whole history for every search (0.5 s over ten years).
    """
    scope = readable_district_id(user)
    if scope is True or scope is False:
        return [], False  # reads every district (nothing is elsewhere), or none
    matching = list(
        Child.objects.filter(*conditions).order_by().values_list("pk", flat=True)[:limit]
    )
    readable = set(
        Child.objects.visible_to(user).filter(pk__in=matching).values_list("pk", flat=True)
    )
    return [pk for pk in matching if pk not in readable], len(matching) == limit
