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

from .models import Child, Relation, RelationRole, SiblingLink


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
        [(str(r.person), r.person.address, r.person.phone) for r in current_relations(child)],
    )


def current_relations(child: Child) -> list[Relation]:
    """The child's guardians, then the household, as they are now."""
    return list(
        child.relations.current()
        .select_related("person")
        .order_by("-role", "person__last_name", "person__first_name", "pk")
    )


def past_relations(child: Child) -> list[Relation]:
    """Ended relations, most recently ended first: the family's history."""
    return list(
        child.relations.filter(valid_until__isnull=False)
        .select_related("person", "ended_by")
        .order_by("-valid_until")
    )


@dataclass(frozen=True)
class Sibling:
    child: Child
    visible: bool  # the sibling's own page is readable by the user


def siblings(user, child: Child) -> list[Sibling]:
    """The child's current siblings; those outside the user's scope by name only, unlinked."""
    ids = [
        link.sibling_id if link.child_id == child.pk else link.child_id
        for link in SiblingLink.objects.current().of(child.pk)
    ]
    if not ids:
        return []  # most children: no query for the siblings' scope and names
    visible = set(Child.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        Sibling(c, c.pk in visible)
        for c in Child.objects.filter(pk__in=ids).order_by("birth_date", "pk")
    ]


def letter_recipients(child: Child) -> list[Relation]:
    """The guardians a letter to the guardians' side goes to.

    Never an alleged perpetrator, and never a protected address: a guardian with
    protected identity is left out of anything printed for posting.
    """
    return [
        r
        for r in current_relations(child)
        if r.role == RelationRole.GUARDIAN
        and not r.alleged_perpetrator
        and not r.person.protected_identity
    ]


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
