"""Who may call the API: case-reading staff read, caseworkers in a district write.

Which rows a caller reaches is decided by the querysets (`visible_to` and
`editable_by`); these classes only turn away whole roles. A role that may never
write (an inspector) is told so with 403: it reads every district, so refusing
reveals nothing. A caseworker writing in another district gets 404 from the
scoped lookup instead.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from likvard.access.permissions import IsCaseworkStaff
from likvard.access.scoping import writable_district_id


class WritesByCaseworkers(BasePermission):
    message = _("Din roll får läsa men inte ändra ärenden.")
    code = "forbidden"

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or writable_district_id(request.user) is not None


class CosignsDecisions(BasePermission):
    """Co-signing or returning a proposed decision: roles that hold `cosign_decisions`.

    Decided by the role alone, so the 403 reveals nothing about the id; the service
    checks the permission again, and that the supervisor did not propose the decision.
    """

    message = _("Din roll får inte kontrasignera beslut.")
    code = "forbidden"

    def has_permission(self, request, view):
        return request.user.holds("cosign_decisions")


CASEWORK_PERMISSIONS = [IsCaseworkStaff, WritesByCaseworkers]
COSIGN_PERMISSIONS = [*CASEWORK_PERMISSIONS, CosignsDecisions]
