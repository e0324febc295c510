"""The e-service's words for who reports, and what each means for the report.

The public form asks plainly who the reporter is; each answer is a reporter type of
`reports` and says whether the reporter is obliged to report (SoL 2025:400 19:1):
every authority and professional working with children is, a private person is not.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from likvard.reports.models import ReporterType


class PublicReporter(models.TextChoices):
    SCHOOL = "school", _("Skola")
    PRESCHOOL = "preschool", _("Förskola")
    CHILD_HEALTH = "child_health", _("Barnavårdscentral (BVC)")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    POLICE = "police", _("Polis")
    OTHER_AUTHORITY = "other_authority", _("Annan myndighet")
    PRIVATE_PERSON = "private_person", _("Privatperson")


#: Each answer as (the report's reporter type, obliged to report).
REPORTER_TYPES = {
    PublicReporter.SCHOOL: (ReporterType.SCHOOL, True),
    PublicReporter.PRESCHOOL: (ReporterType.PRESCHOOL, True),
    PublicReporter.CHILD_HEALTH: (ReporterType.CHILD_HEALTH, True),
    PublicReporter.HEALTH_CARE: (ReporterType.HEALTH_CARE, True),
    PublicReporter.POLICE: (ReporterType.POLICE, True),
    PublicReporter.OTHER_AUTHORITY: (ReporterType.OTHER, True),
    PublicReporter.PRIVATE_PERSON: (ReporterType.PRIVATE_PERSON, False),
}

#: The reporters whose organisation routes a child with no known postal code.
SCHOOL_REPORTERS = frozenset({PublicReporter.SCHOOL, PublicReporter.PRESCHOOL})


class Knows(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNKNOWN = "unknown", _("Vet inte")
