"""`{% if user|may_route_public_reports %}`: the menu shows the central routing queue
to those who clear it."""

from django import template

from likvard.intake.selectors import may_route

register = template.Library()


@register.filter
def may_route_public_reports(user) -> bool:
    return may_route(user)
