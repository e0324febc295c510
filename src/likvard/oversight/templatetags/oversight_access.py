"""`{% if user|may_read_oversight %}`: the menu shows "Tillsyn" to those who may open it."""

from django import template

from likvard.oversight.selectors import may_read_register

register = template.Library()


@register.filter
def may_read_oversight(user) -> bool:
    return may_read_register(user)
