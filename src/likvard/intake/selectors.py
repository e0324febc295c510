"""Reads of the e-service's submissions and of the postal codes that route them."""

from django.utils.translation import gettext_lazy as _

from likvard.core.errors import NotFound, PermissionDenied
from likvard.organisation.models import District

from .models import PostalCodeArea, Submission


def district_of_postal_code(postal_code: str) -> int | None:
    if not postal_code:
        return None
    return (
        PostalCodeArea.objects.filter(postal_code=postal_code)
        .values_list("district_id", flat=True)
        .first()
    )


def by_key(key) -> Submission | None:
    return Submission.objects.filter(idempotency_key=key).first()


def may_route(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.holds("route_public_reports")


def central_queue(user, limit: int = 200) -> list[Submission]:
    """The submissions no district has yet, oldest first: for those who route them."""
    if not may_route(user):
        raise PermissionDenied(_("Din roll får inte fördela e-tjänstens anmälningar."))
    return list(Submission.objects.filter(report__isnull=True).order_by("received_at")[:limit])


def waiting_for_update(user, pk: int) -> Submission:
    """One submission of the central queue, locked (a routed one is no longer there):
    two supervisors routing it at once register it once."""
    if not may_route(user):
        raise PermissionDenied(_("Din roll får inte fördela e-tjänstens anmälningar."))
    submission = Submission.objects.select_for_update().filter(pk=pk, report__isnull=True).first()
    if submission is None:
        raise NotFound()
    return submission


def district_exists(district_id) -> bool:
    return District.objects.filter(pk=district_id).exists()


def districts() -> list[District]:
    return list(District.objects.order_by("name"))


def district_keys() -> dict[str, int]:
    """Each district's short name and name -> its id, as a CSV file may name it."""
    keys = {}
    for pk, slug, name in District.objects.values_list("pk", "slug", "name"):
        keys[slug] = keys[name] = pk
    return keys
