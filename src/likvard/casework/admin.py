"""Admin for the law references behind the workflow (data, not code)."""

from django.contrib import admin

from .models import LegalProvision


@admin.register(LegalProvision)
class LegalProvisionAdmin(admin.ModelAdmin):
    list_display = ["key", "law", "chapter", "section", "in_force_from", "in_force_until"]
    list_filter = ["law", "key"]
