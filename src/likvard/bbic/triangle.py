"""The BBIC triangle as data: its three sides and the areas of each side.

Barns behov i centrum (Socialstyrelsen) documents an investigation under three sides,
each with its areas. An area's key is what the rows store; the labels are the UI's.
A new area is one line here (and the rows already stored keep their keys).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    CHILD_NEEDS = "child_needs", _("Barnets behov")
    PARENTING_CAPACITY = "parenting_capacity", _("Föräldrarnas förmåga")
    FAMILY_ENVIRONMENT = "family_environment", _("Familj och miljö")


class Area(models.TextChoices):
    HEALTH = "health", _("Hälsa")
    EDUCATION = "education", _("Utbildning")
    EMOTIONAL_DEVELOPMENT = "emotional_development", _("Känslo- och beteendemässig utveckling")
    IDENTITY = "identity", _("Identitet")
    FAMILY_RELATIONSHIPS = "family_relationships", _("Familj och sociala relationer")
    SOCIAL_BEHAVIOUR = "social_behaviour", _("Socialt uppträdande")
    SELF_CARE = "self_care", _("Förmåga att klara sig själv")
    BASIC_CARE = "basic_care", _("Grundläggande omsorg")
    SAFETY = "safety", _("Säkerhet")
    EMOTIONAL_AVAILABILITY = "emotional_availability", _("Känslomässig tillgänglighet")
    STIMULATION = "stimulation", _("Stimulans")
    GUIDANCE = "guidance", _("Vägledning och gränssättning")
    STABILITY = "stability", _("Stabilitet")
    FAMILY_HISTORY = "family_history", _("Familjens bakgrund och funktionssätt")
    NETWORK = "network", _("Nätverk")
    HOUSING = "housing", _("Boende")
    FINANCES = "finances", _("Ekonomi")
    EMPLOYMENT = "employment", _("Arbete")
    SOCIAL_INTEGRATION = "social_integration", _("Social integrering")
    LOCAL_RESOURCES = "local_resources", _("Lokala resurser")


#: Each side's areas, in the order BBIC lists them.
SIDES: dict[str, tuple[str, ...]] = {
    Side.CHILD_NEEDS: (
        Area.HEALTH,
        Area.EDUCATION,
        Area.EMOTIONAL_DEVELOPMENT,
        Area.IDENTITY,
        Area.FAMILY_RELATIONSHIPS,
        Area.SOCIAL_BEHAVIOUR,
        Area.SELF_CARE,
    ),
    Side.PARENTING_CAPACITY: (
        Area.BASIC_CARE,
        Area.SAFETY,
        Area.EMOTIONAL_AVAILABILITY,
        Area.STIMULATION,
        Area.GUIDANCE,
        Area.STABILITY,
    ),
    Side.FAMILY_ENVIRONMENT: (
        Area.FAMILY_HISTORY,
        Area.NETWORK,
        Area.HOUSING,
        Area.FINANCES,
        Area.EMPLOYMENT,
        Area.SOCIAL_INTEGRATION,
        Area.LOCAL_RESOURCES,
    ),
}

#: The side each area belongs to.
SIDE_OF: dict[str, str] = {area: side for side, areas in SIDES.items() for area in areas}


@dataclass(frozen=True)
class AreaText:
    """What the worker wrote about one area: needs, protective and risk factors."""

    needs: str = ""
    protective_factors: str = ""
    risk_factors: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.needs or self.protective_factors or self.risk_factors)
