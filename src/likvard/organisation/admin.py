"""Admin for the organisation: districts, units and staff with their roles.

What each role may do is edited on the group named after the role (Groups).

Every change made here goes through `organisation.services`, which writes it with a
before/after audit entry in one transaction: saves, deletes, inline rows, bulk
actions and passwords. The admin's own history (LogEntry) is kept as Django writes
it, but it is neither chained nor reviewed, so it is not the record.
"""

import contextvars

from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm as OwnPasswordChangeForm
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.contrib.auth.views import PasswordChangeView
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import District, MunicipalitySettings, Unit, User


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every write goes through an `AuditedConfiguration`.

    `audited` handles the admin's own model, `inline_audited` the models of its
    inlines. Without `delete_allowed` nothing can be deleted (bulk delete included).
    """

    audited: services.AuditedConfiguration
    inline_audited: dict = {}
    delete_allowed = True

    def has_delete_permission(self, request, obj=None):
        return self.delete_allowed and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        self.audited.save(request.user, obj)

    def delete_model(self, request, obj):
        self.audited.delete(request.user, obj)

    def delete_queryset(self, request, queryset):
        """Bulk delete ("delete selected"): one service call, so one entry, per row."""
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        audited = self.inline_audited[formset.model]
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audited.delete(request.user, obj)
        for obj in instances:
            audited.save(request.user, obj)


class UnitInline(admin.StackedInline):
    """Stacked, not tabular: each field keeps its label (a table's column header is none)."""

    model = Unit
    extra = 0


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "slug", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]
    audited = services.DISTRICTS
    inline_audited = {Unit: services.UNITS}


@admin.register(MunicipalitySettings)
class MunicipalitySettingsAdmin(AuditedAdmin):
    list_display = ["municipality", "max_extension_months", "max_backdating_days"]
    audited = services.MUNICIPALITY_SETTINGS


#: The admin who submits the password form (the form itself is not given the request).
_acting_admin: contextvars.ContextVar = contextvars.ContextVar("acting_admin")


class StaffPasswordForm(AdminPasswordChangeForm):
    """Django's password form, saving through the service so the change is logged."""

    def save(self, commit=True):
        usable = self.cleaned_data["set_usable_password"]
        password = self.cleaned_data["password1"] if usable else None
        return services.set_staff_password(_acting_admin.get(), self.user, password)


class OwnPasswordForm(OwnPasswordChangeForm):
    """The admin's "change my password" form (asks for the old one), saving through the
    service so the change is logged like any other."""

    def save(self, commit=True):
        return services.set_staff_password(self.user, self.user, self.cleaned_data["new_password1"])


def own_password_change(request, extra_context=None):
    """`AdminSite.password_change` with the logging form (Django's names its form class
    inline, so the site's view is replaced, not configured)."""
    site = admin.site
    request.current_app = site.name
    return PasswordChangeView.as_view(
        form_class=OwnPasswordForm,
        success_url=reverse("admin:password_change_done", current_app=site.name),
        extra_context={**site.each_context(request), **(extra_context or {})},
        template_name=site.password_change_template or "registration/password_change_form.html",
    )(request)


admin.site.password_change = own_password_change


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Staff. Accounts are deactivated, never deleted: cases and the log name them."""

    list_display = ["username", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "unit__district", "is_active"]
    list_select_related = ["unit__district"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roll och enhet"), {"fields": ("role", "unit")}),
        (_("Konto"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2", "role", "unit")}),)
    readonly_fields = ["last_login"]
    change_password_form = StaffPasswordForm
    audited = services.STAFF
    delete_allowed = False
    actions = ["deactivate"]

    def user_change_password(self, request, id, form_url=""):
        token = _acting_admin.set(request.user)
        try:
            with transaction.atomic():
                return super().user_change_password(request, id, form_url)
        finally:
            _acting_admin.reset(token)

    @admin.action(description=_("Inaktivera markerade konton"), permissions=["change"])
    def deactivate(self, request, queryset):
        """Bulk deactivation, one logged change per account that was active."""
        with transaction.atomic():
            changed = sum(
                bool(services.change_staff(request.user, user, is_active=False))
                for user in queryset
            )
        self.message_user(
            request,
            ngettext("%(n)d konto inaktiverades.", "%(n)d konton inaktiverades.", changed)
            % {"n": changed},
        )


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(AuditedAdmin, DjangoGroupAdmin):
    """Groups, one per role: what a role may do. Changes of permissions are logged."""

    audited = services.ROLE_GROUPS

    def save_model(self, request, obj, form, change):
        """Saved with its permissions in `save_related`, so one entry holds both."""

    def save_related(self, request, form, formsets, change):
        group = form.instance
        self.audited.save(
            request.user, group, name=group.name, permissions=form.cleaned_data["permissions"]
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change)
