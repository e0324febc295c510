"""Counts of requests per client and time window, for the public endpoints' rate limits.

An app of its own, depending on no other, so that the public e-service host, whose
database holds nothing else, makes its one table with `likvard migrate throttle`.
"""

from django.db import models


class WindowCount(models.Model):
    """How many times `client` (a keyed hash of a client's address, never the address)
    has been counted in fixed period number `period` (seconds since the epoch divided
    by the period's length)."""

    client = models.CharField(max_length=64)
    period = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "period"], name="throttle_one_count_per_period"
            )
        ]
        indexes = [models.Index(fields=["period"], name="throttle_period")]
