"""`{% if user|may_search %}`: the header shows the search box to those who may search."""

from django import template

from likvard.search.selectors import may_search as _may_search

register = template.Library()


@register.filter
def may_search(user) -> bool:
    return _may_search(user)
