"""Municipality configurations for the demo generator: districts, units, staff, rates.

Districts and their catchment are configuration (DOMAIN.md, Organisation):
another municipality brings its own `Municipality`. The figures are plausible
round numbers for a synthetic demo, not statistics: `population` is roughly the
district's residents, `report_rate` scales reports per resident (Järva and
Skärholmen receive more reports per capita), `conversation_rate` is the share of
pre-assessments in which the child is heard (the inspectors found 25 % on
average, with Järva and Skärholmen better through their dialogue model), and
`open_rate` the share of decisions that open an investigation (~38 % in Sweden),
and `diligence` how closely the district keeps the other routines (1.0 is the city's
average: late protection assessments and decisions are divided by it, police-report
considerations and feedback to reporters multiplied), so that the quality dashboard
shows districts that differ, as the inspectors found.
"""

from dataclasses import dataclass, field

from likvard.organisation.models import Role, Unit


@dataclass(frozen=True)
class DistrictConfig:
    name: str
    slug: str
    population: int
    report_rate: float = 1.0
    conversation_rate: float = 0.28
    open_rate: float = 0.38
    diligence: float = 1.0


@dataclass(frozen=True)
class UnitConfig:
    name: str
    kind: str


@dataclass(frozen=True)
class StaffConfig:
    """How many of a role a district has per 1,000 reports a year (at least `minimum`)."""

    role: str
    unit_kind: str
    per_thousand_reports: float
    minimum: int


@dataclass(frozen=True)
class Municipality:
    name: str
    slug: str
    #: Reports of concern a year for the whole municipality at scale 1.0.
    reports_per_year: int
    districts: tuple[DistrictConfig, ...]
    units: tuple[UnitConfig, ...]
    staff: tuple[StaffConfig, ...]
    #: Municipalities a case may be transferred to (överflyttning).
    neighbours: tuple[str, ...] = field(default=())

    def district_weights(self) -> list[float]:
        """Each district's share of the reports: residents times the report rate."""
        raw = [d.population * d.report_rate for d in self.districts]
        total = sum(raw)
        return [w / total for w in raw]


UNITS = (
    UnitConfig("Mottagningen", Unit.Kind.INTAKE),
    UnitConfig("Utredningsenheten", Unit.Kind.INVESTIGATION),
    UnitConfig("Insatsenheten", Unit.Kind.INTERVENTIONS),
    UnitConfig("Administration", Unit.Kind.ADMINISTRATION),
)

STAFF = (
    StaffConfig(Role.INTAKE_WORKER, Unit.Kind.INTAKE, 2.2, 2),
    StaffConfig(Role.INVESTIGATOR, Unit.Kind.INVESTIGATION, 3.5, 2),
    StaffConfig(Role.SUPERVISOR, Unit.Kind.INTAKE, 0.35, 1),
    StaffConfig(Role.SUPERVISOR, Unit.Kind.INVESTIGATION, 0.35, 1),
    StaffConfig(Role.INTERVENTION_WORKER, Unit.Kind.INTERVENTIONS, 1.5, 1),
    StaffConfig(Role.ADMIN_STAFF, Unit.Kind.ADMINISTRATION, 0.5, 1),
)

STOCKHOLM = Municipality(
    name="Stockholm",
    slug="stockholm",
    reports_per_year=30_000,
    districts=(
        DistrictConfig("Bromma", "bromma", 80_000, 0.65, 0.27, 0.37, 1.1),
        DistrictConfig(
            "Enskede-Årsta-Vantör", "enskede-arsta-vantor", 110_000, 1.05, 0.28, 0.38, 0.8
        ),
        DistrictConfig("Farsta", "farsta", 63_000, 1.25, 0.29, 0.39, 0.9),
        DistrictConfig("Hägersten-Älvsjö", "hagersten-alvsjo", 115_000, 0.85, 0.27, 0.38, 1.05),
        DistrictConfig("Hässelby-Vällingby", "hasselby-vallingby", 77_000, 1.2, 0.30, 0.39, 0.75),
        DistrictConfig("Järva", "jarva", 92_000, 2.1, 0.40, 0.40, 1.15),
        DistrictConfig("Kungsholmen", "kungsholmen", 72_000, 0.55, 0.25, 0.36, 1.0),
        DistrictConfig("Norra innerstaden", "norra-innerstaden", 145_000, 0.5, 0.25, 0.36, 0.85),
        DistrictConfig("Skarpnäck", "skarpnack", 50_000, 1.05, 0.29, 0.38, 0.7),
        DistrictConfig("Skärholmen", "skarholmen", 38_000, 2.0, 0.38, 0.40, 1.2),
        DistrictConfig("Södermalm", "sodermalm", 130_000, 0.7, 0.26, 0.37, 0.95),
    ),
    units=UNITS,
    staff=STAFF,
    neighbours=(
        "Solna",
        "Sundbyberg",
        "Huddinge",
        "Nacka",
        "Botkyrka",
        "Järfälla",
        "Sollentuna",
        "Haninge",
        "Södertälje",
        "Uppsala",
        "Göteborg",
    ),
)

MUNICIPALITIES = {STOCKHOLM.slug: STOCKHOLM}
