"""DRF permission: case data is for signed-in staff whose role reads case data."""

from rest_framework.permissions import BasePermission

from .scoping import readable_district_id


class IsCaseworkStaff(BasePermission):
    """Let through users who read some case data; the querysets narrow it further."""

    def has_permission(self, request, view):
        return readable_district_id(request.user) is not False
