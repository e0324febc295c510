"""Municipality configurations for the demo generator: districts, units, staff, rates.

Districts and their catchment are configuration (DOMAIN.md, Organisation):
another municipality brings its own `Municipality`. The figures are plausible
round numbers for a synthetic demo, not statistics: `population` is roughly the
district's residents, `report_rate` scales reports per resident (Järva and
Skärholmen receive more reports per capita, and more of them about children already
known), `conversation_rate` is the share of pre-assessments in which the child is
heard (the inspectors found 25 % on average, with Järva and Skärholmen better through
their dialogue model), `open_rate` the share of decisions that open an investigation
(~38 % in Sweden), `diligence` how closely the district keeps its documentation
routines (police-report considerations, feedback to reporters, what the guideline
rules ask for) and
`punctuality` how well it keeps the legal time limits (protection assessment the same
day, decision within 14 days, investigation within four months). `foreign_born` is
roughly the share of residents born abroad (families needing an interpreter follow it)
and `motivation_rate` how often the district records motivation work where a
guardian's consent is missing (30–90 %: the differences the Equality Ombudsman saw).
1.0 is the city's average for diligence and punctuality (see `Practice`); they differ
independently, so the quality dashboard shows districts that differ in different ways, as
the inspectors found.

`guidelines_from` is the day the municipality switched the guideline rules on (decisions
from then on are judged by them and carry their evaluations), and `warning_rules` the
rules it runs as warnings in its introduction phase, until `warnings_until`: a worker
may go past them with a reason (avsteg), which the dashboard counts, instead of being
stopped. After that they stop a decision as their default severity says.
"""

import datetime
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
    punctuality: float = 1.0
    #: Share of residents born abroad: families needing an interpreter follow it.
    foreign_born: float = 0.25
    #: How often the district records motivation work where consent is missing.
    motivation_rate: float = 0.6


@dataclass(frozen=True)
class Practice:
    """How often a district gets a routine right, given its diligence or punctuality.

    `average` is the share at the city's average level (1.0); each unit above or
    below moves it by `slope`. Linear and clamped, so that the spread between
    districts is set in one place and easy to read.
    """

    average: float
    slope: float

    def share(self, level: float) -> float:
        return min(0.995, max(0.0, self.average + self.slope * (level - 1.0)))


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
    #: The day the guideline rules were switched on (None: the demo has none).
    guidelines_from: datetime.date | None = None
    #: Rules run as warnings in the introduction phase instead of their default severity.
    warning_rules: tuple[str, ...] = ()
    #: The last day of the introduction phase (None: it has not ended).
    warnings_until: datetime.date | None = None

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
        DistrictConfig(
            "Bromma",
            "bromma",
            80_000,
            0.65,
            0.27,
            0.37,
            1.1,
            1.05,
            foreign_born=0.18,
            motivation_rate=0.8,
        ),
        DistrictConfig(
            "Enskede-Årsta-Vantör",
            "enskede-arsta-vantor",
            110_000,
            1.05,
            0.28,
            0.38,
            0.8,
            0.85,
            foreign_born=0.3,
            motivation_rate=0.45,
        ),
        DistrictConfig(
            "Farsta",
            "farsta",
            63_000,
            1.25,
            0.29,
            0.39,
            0.9,
            1.0,
            foreign_born=0.3,
            motivation_rate=0.6,
        ),
        DistrictConfig(
            "Hägersten-Älvsjö",
            "hagersten-alvsjo",
            115_000,
            0.85,
            0.27,
            0.38,
            1.05,
            0.95,
            foreign_born=0.2,
            motivation_rate=0.75,
        ),
        DistrictConfig(
            "Hässelby-Vällingby",
            "hasselby-vallingby",
            77_000,
            1.2,
            0.30,
            0.39,
            0.75,
            0.75,
            foreign_born=0.33,
            motivation_rate=0.35,
        ),
        DistrictConfig(
            "Järva",
            "jarva",
            92_000,
            2.1,
            0.40,
            0.40,
            1.15,
            0.8,
            foreign_born=0.62,
            motivation_rate=0.55,
        ),
        DistrictConfig(
            "Kungsholmen",
            "kungsholmen",
            72_000,
            0.55,
            0.25,
            0.36,
            1.0,
            1.2,
            foreign_born=0.17,
            motivation_rate=0.9,
        ),
        DistrictConfig(
            "Norra innerstaden",
            "norra-innerstaden",
            145_000,
            0.5,
            0.25,
            0.36,
            0.85,
            1.1,
            foreign_born=0.16,
            motivation_rate=0.7,
        ),
        DistrictConfig(
            "Skarpnäck",
            "skarpnack",
            50_000,
            1.05,
            0.29,
            0.38,
            0.7,
            0.9,
            foreign_born=0.25,
            motivation_rate=0.3,
        ),
        DistrictConfig(
            "Skärholmen",
            "skarholmen",
            38_000,
            2.0,
            0.38,
            0.40,
            1.2,
            0.95,
            foreign_born=0.55,
            motivation_rate=0.85,
        ),
        DistrictConfig(
            "Södermalm",
            "sodermalm",
            130_000,
            0.7,
            0.26,
            0.37,
            0.95,
            1.15,
            foreign_born=0.17,
            motivation_rate=0.65,
        ),
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
    # With the new Social Services Act; the rules that ask for documentation (earlier
    # reports, the child's voice, the police-report consideration) warn at first, for
    # fifteen months, then stop a decision that lacks it.
    guidelines_from=datetime.date(2025, 7, 1),
    warning_rules=("earlier_reports_motivation", "child_heard", "police_consideration"),
    warnings_until=datetime.date(2026, 9, 30),
)

MUNICIPALITIES = {STOCKHOLM.slug: STOCKHOLM}
