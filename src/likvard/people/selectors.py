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
from likvard.access.scoping import granted_cases, readable_district_id
from likvard.access.services import record
from likvard.core.errors import NotFound, PermissionDenied
from likvard.core.validation import check_text

from .models import Child, Relation, RelationRole, SiblingLink

#: The columns a child's name in a list needs (`Child.__str__`, and whether the identity
#: is protected): lists of many rows read only these through `.only()`.
CHILD_NAME = ("first_name", "last_name", "reserve_number", "protected_identity")


def child_name_through(path: str) -> tuple[str, ...]:
    """`CHILD_NAME` reached through `path` (a relation ending in the child), for `.only()`."""
    return tuple(f"{path}__{name}" for name in CHILD_NAME)


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
        [(str(r.person), r.person.address, r.person.phone) for r in current_relations(user, child)],
    )


def family_districts(user, child: Child) -> frozenset[int] | None:
    """The districts whose record of the child's family the user reads (None: every one).

    Each district board is its own authority: what one district recorded of a child's
    family (guardians, household, addresses, an alleged perpetrator, siblings) is read
    in that district, by a reader of every district, and under a grant to that
    district's case about the child; never because another district has a case too.
    """
    scope = readable_district_id(user)
    if scope is True:
        return None
    if scope is False or scope is None:
        return frozenset()
    return frozenset(
        {scope} | {district for district, granted in granted_cases(user) if granted == child.pk}
    )


def _in_districts(queryset, districts: frozenset[int] | None):
    return queryset if districts is None else queryset.filter(district_id__in=districts)


def current_relations(user, child: Child) -> list[Relation]:
    """The child's guardians, then the household, as they are now (as the user may read)."""
    return relations_in(child, family_districts(user, child))


def relations_in(child: Child, districts: frozenset[int] | None) -> list[Relation]:
    """The child's current relations recorded in `districts` (None: every district)."""
    return list(
        _in_districts(child.relations.current(), districts)
        .select_related("person")
        .order_by("-role", "person__last_name", "person__first_name", "pk")
    )


def past_relations(user, child: Child) -> list[Relation]:
    """Ended relations the user may read, most recently ended first: the family's history."""
    return list(
        _in_districts(
            child.relations.filter(valid_until__isnull=False), family_districts(user, child)
        )
        .select_related("person", "ended_by")
        .order_by("-valid_until", "pk")
    )


@dataclass(frozen=True)
class Sibling:
    child: Child
    visible: bool  # the sibling's own page is readable by the user


def siblings(user, child: Child) -> list[Sibling]:
    """The child's current siblings; those outside the user's scope by name only, unlinked."""
    links = _in_districts(SiblingLink.objects.current().of(child.pk), family_districts(user, child))
    ids = list(
        dict.fromkeys(
            link.sibling_id if link.child_id == child.pk else link.child_id for link in links
        )
    )
    if not ids:
        return []  # most children: no query for the siblings' scope and names
    visible = set(Child.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        Sibling(c, c.pk in visible)
        for c in Child.objects.filter(pk__in=ids).order_by("birth_date", "pk")
    ]


def letter_recipients(child: Child, district_id: int) -> list[Relation]:
    """The guardians a letter from `district_id` to the guardians' side goes to: those
    that district recorded.

    Never an alleged perpetrator, and never a protected address: a guardian with
    protected identity is left out of anything printed for posting.
    """
    return [
        r
        for r in relations_in(child, frozenset({district_id}))
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
