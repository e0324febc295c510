"""The organisations a reporter picks from: the partner registry's active partners.

Kept by each process for a minute (Django's default cache, local to the process): the
registry changes a few times a day, and the form reads the list at every view and every
submission, where it was the dearest query of a report (≈4 ms of hundreds of rows). A
partner added or ended shows in the form within the minute; one ended in that minute
and still chosen is kept on the report by name (`intake.services`).
"""

from django.core.cache import cache

from likvard.partners.selectors import active_partners

CACHE_KEY = "intake:partner-options"
CACHE_SECONDS = 60


def partner_options() -> list[dict]:
    """id, name, kind and district (id) of each active partner, by name."""
    return cache.get_or_set(CACHE_KEY, lambda: list(active_partners()), CACHE_SECONDS)
