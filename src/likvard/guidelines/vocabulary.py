"""The guidelines' words: how hard a rule holds, where it runs, what it found.

Apart from the models and the engine both, so the rule registry (which the models
validate against) needs no model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    """What a failing rule does to the step it guards."""

    BLOCK = "block", _("Stoppar beslutet")
    COSIGN = "cosign", _("Kräver kontrasignering av arbetsledare")
    WARN = "warn", _("Varning, avsteg kräver skäl")


class DecisionPoint(models.TextChoices):
    """The steps of a case where rules are run."""

    DECISION = "decision", _("Beslut om att inleda eller inte inleda utredning")
    ARCHIVE = "archive", _("Avslut")
    INVESTIGATION_CLOSING = "investigation_closing", _("Avslut av utredning")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Uppfylld")
    FAILED = "failed", _("Uppfylls inte")
    NOT_APPLICABLE = "not_applicable", _("Gäller inte ärendet")
    ERROR = "error", _("Kunde inte utvärderas")
