"""Admin for the organisation: districts, units and staff with their roles.

What each role may do is edited on the group named after the role (Groups).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import District, Unit, User


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
