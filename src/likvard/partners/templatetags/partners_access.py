"""What of the partner pages the menu offers a user (the views check it again)."""

from django import template

register = template.Library()


@register.filter
def may_manage_partners(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.holds("manage_partners")


@register.filter
def may_keep_collaboration(user) -> bool:
    return may_manage_partners(user) and user.is_caseworker
