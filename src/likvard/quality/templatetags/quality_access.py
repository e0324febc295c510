"""`{% if user|may_view_quality %}`: the menu shows the dashboard to those who may open it."""

from django import template

from likvard.quality.access import may_view_dashboard

register = template.Library()


@register.filter
def may_view_quality(user) -> bool:
    return may_view_dashboard(user)
