"""`{% with url=user|oversight_page %}`: the menu's "Tillsyn" leads the register's keepers
and the inspectors to the register, and those who see the indicators (an analyst) to
the committee's counts; nobody else sees it."""

from django import template

from likvard.oversight.selectors import may_read_register

register = template.Library()


@register.filter
def oversight_page(user) -> str:
    """The URL name of the user's oversight page, or "" for none."""
    if may_read_register(user):
        return "oversight:matters"
    if user.is_authenticated and user.holds("view_quality_indicators"):
        return "oversight:committee"
    return ""
