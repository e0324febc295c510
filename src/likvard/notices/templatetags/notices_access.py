from django import template

register = template.Library()


@register.filter
def may_send_feedback(user) -> bool:
    """Whether the menu shows the feedback queue (administrators of a district)."""
    return getattr(user, "is_authenticated", False) and user.holds("send_reporter_feedback")
