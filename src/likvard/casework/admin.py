"""Admin for the law references behind the workflow (data, not code).

Every change goes through `services.LEGAL_PROVISIONS`, so it has its before/after
audit entry. A reference that a decision cites is the ground of that decision:
it can no longer be changed or deleted, only followed by a new row (a later
`in_force_from`) when the law changes.
"""

from django.contrib import admin

from likvard.organisation.admin import AuditedAdmin

from . import services
from .models import LegalProvision
from .selectors import provision_cited


@admin.register(LegalProvision)
class LegalProvisionAdmin(AuditedAdmin):
    audited = services.LEGAL_PROVISIONS
    list_display = ["key", "law", "chapter", "section", "in_force_from", "in_force_until"]
    list_filter = ["law", "key"]

    @staticmethod
    def _cited(obj) -> bool:
        return obj is not None and provision_cited(obj)

    def get_readonly_fields(self, request, obj=None):
        if self._cited(obj):
            return [field.name for field in LegalProvision._meta.fields if field.name != "id"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._cited(obj) and super().has_delete_permission(request, obj)
