"""Asking for, and granting, temporary read access to another district's case.

A worker who sees that a child is known in another district (district, date,
outcome) may ask that district for access with a reason. A supervisor there
grants it for a limited time or refuses. Both steps are in the audit log, and
every read made under a grant is logged like any other read.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import check_text

from .models import AccessGrant, AuditEntry
from .services import record

MAX_GRANT_DAYS = 30


def request_access(user, child, district_id: int, reason: str) -> AccessGrant:
    """Ask `district_id` for read access to its case about `child` (already visible to user)."""
    if user.district_id is None or not user.is_caseworker:
        raise PermissionDenied(_("Din roll kan inte begära åtkomst."))
    reason = check_text(reason, "reason", max_length=1000)
    if (
        district_id == user.district_id
        or not child.reports.filter(district_id=district_id).exists()
    ):
        raise InvalidInput(
            _("Barnet har inga anmälningar i det stadsdelsområdet."),
            code="no_case_there",
            field="district",
        )
    with transaction.atomic():
        if AccessGrant.objects.filter(
            requester=user,
            child=child,
            district_id=district_id,
            status=AccessGrant.Status.REQUESTED,
        ).exists():
            raise InvalidInput(
                _("Du har redan en obesvarad begäran om detta barn där."),
                code="already_requested",
                field="district",
            )
        grant = AccessGrant.objects.create(
            requester=user, child=child, district_id=district_id, reason=reason
        )
        record(
            user,
            AuditEntry.Action.CREATE,
            "request_access",
            grant,
            child_id=child.pk,
            district_id=district_id,
            reason=reason,
        )
    return grant


def pending_for(user):
    """Requests waiting for this supervisor's district."""
    if not user.holds("grant_case_access") or user.district_id is None:
        return AccessGrant.objects.none()
    return AccessGrant.objects.filter(
        district_id=user.district_id, status=AccessGrant.Status.REQUESTED
    )


def decide_access(user, grant_id: int, *, grant: bool, days: int | None = None) -> AccessGrant:
    """Grant (for 1–30 days) or refuse a request made to the user's own district."""
    if grant and (days is None or not 1 <= days <= MAX_GRANT_DAYS):
        raise InvalidInput(
            _("Ange hur många dagar åtkomsten gäller (1–30)."), code="invalid_days", field="days"
        )
    with transaction.atomic():
        request = pending_for(user).select_for_update().filter(pk=grant_id).first()
        if request is None:
            raise NotFound()
        now = timezone.now()
        request.status = AccessGrant.Status.GRANTED if grant else AccessGrant.Status.DENIED
        request.decided_by, request.decided_at = user, now
        request.expires_at = now + datetime.timedelta(days=days) if grant else None
        request.save(update_fields=["status", "decided_by", "decided_at", "expires_at"])
        record(
            user,
            AuditEntry.Action.UPDATE,
            "grant_access" if grant else "deny_access",
            request,
            child_id=request.child_id,
            district_id=request.district_id,
            after={
                "status": request.status,
                "expires_at": request.expires_at.isoformat() if grant else None,
                "requester": request.requester_id,
            },
        )
    return request
