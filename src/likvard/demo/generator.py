"""A synthetic municipality: districts, staff and years of child-welfare cases.

Every person is fictitious (names drawn from lists, personnummer made up with a
correct check digit and verified by `people.identity.parse`). The simulation draws
what happens to each case and when; every row of a case is then written by the
effect functions the services use (through `cases.CaseWriter`), so deadlines,
states, versions and what a decision sets are the services' own. A decision after
14 days carries its exceptional reason, a decision not to investigate its motivation.
From the day the municipality switched the guideline rules on, each decision is
judged by them and carries their evaluations (see `rulebook.py`).

The data ends at `now` (the real current moment by default), so the last weeks'
reports are still open and the work queues are live. Given the same seed and the
same `now`, the output is the same. The organisation is written with
bulk_create; the cases, in their millions, as plain rows in batches (see
`writer.py`), all in one transaction, oldest first.
"""

import bisect
import datetime
import functools
import itertools
import math
import random
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from likvard.casework.effects import DecisionInput
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    LegalProvision,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAlert,
    ProtectionAssessment,
)
from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import STOCKHOLM as STOCKHOLM_TZ
from likvard.core.calendar import add_months, local_date
from likvard.guidelines.context import EarlierReport
from likvard.guidelines.models import CoSignatureRequest, RuleEvaluation
from likvard.guidelines.rules import SERIOUS
from likvard.journal.models import JournalEntry
from likvard.notices import services as notices
from likvard.organisation.models import District, Role, Unit, User
from likvard.people import effects as family_effects
from likvard.people.identity import parse
from likvard.people.models import Child, Person, Relation, RelationRole, Sex, SiblingLink
from likvard.people.services import age_on
from likvard.people.services import reserve_number as reserve_number_of
from likvard.reports import deadlines
from likvard.reports.models import (
    MANDATED_TYPES,
    VIOLENCE_CONCERNS,
    Channel,
    Concern,
    Feedback,
    Report,
    ReportConcern,
    ReporterType,
)

from . import investigation_work, oversight, partners, rulebook
from . import vocabulary as words
from .accounts import DEMO_PASSWORD, demo_account_specs
from .cases import CaseWriter
from .intervals import IntervalLookup
from .municipalities import DistrictConfig, Municipality, Practice
from .writer import TableWriter, reset_sequences

DAY = datetime.timedelta(days=1)

#: Staff accounts are inserted this many at a time (bulk_create).
BATCH_SIZE = 2000
#: Reports simulated before the pending rows are written.
FLUSH_EVERY = 4000
#: Decisions this recent get their owed feedback prepared in the demo's queue.
NOTICES_FOR_DAYS = datetime.timedelta(days=30)

#: Share of reports about a child the district (or, rarely, another) already knows, in a
#: district with the city's report rate; where more reports come in per resident, more
#: are about children already known (the share grows as the rate to this power).
REPEAT_SHARE = 0.36
REPEAT_BY_REPORT_RATE = 0.35
CROSS_DISTRICT_SHARE = 0.06
#: Protection assessments made the day the report came in, and decisions taken within
#: the 14 days (a late one carries its exceptional reason), by the district's punctuality.
PROTECTION_SAME_DAY = Practice(0.9, 0.5)
DECIDED_IN_TIME = Practice(0.9, 0.4)
#: Share of new children without a known personnummer (reserve number),
#: with a samordningsnummer, and with protected identity.
RESERVE_SHARE = 0.03
COORDINATION_SHARE = 0.02
PROTECTED_SHARE = 0.012
#: New children who are a sibling of the district's last new child (same guardians);
#: new families with another adult in the household, and of those, the share where the
#: report names that adult as the one who harmed the child.
SIBLING_SHARE = 0.15
HOUSEHOLD_SHARE = 0.12
PERPETRATOR_SHARE = 0.3
#: Open work the district's demo accounts get, in average workers' loads, so that
#: whoever signs in has a queue (a little fuller than a colleague's).
DEMO_OPEN_WORKLOAD = 1.5

#: Share of decisions that transfer the case to another municipality.
TRANSFER_SHARE = 0.012
#: Share of reports about a child under investigation (no grounds for a new one)
#: that are added to the running investigation rather than closed.
JOIN_SHARE = 0.6
#: Investigations finished within the four months (by the district's punctuality); of
#: the others, the share extended for special reasons (the rest run late without one).
INVESTIGATION_IN_TIME = Practice(0.85, 0.4)
EXTENDED_SHARE = 0.65
#: How much likelier a decision is to open an investigation when the report is about
#: the serious categories the guidelines name (violence against the child, sexual abuse,
#: honour-related violence, an injured infant), and how much less likely otherwise, so
#: that about 38 % of all decisions still open one.
SERIOUS_OPEN_FACTOR = 1.5
OTHER_OPEN_FACTOR = 0.85

#: Relative number of reports about a child of each age 0..17.
AGE_WEIGHTS = (7, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 9, 9, 8, 7)
AGE_CUM_WEIGHTS = tuple(itertools.accumulate(AGE_WEIGHTS))
#: Relative weight of each month (index 1..12) and weekday (0 = Monday).
MONTH_WEIGHTS = (0, 1.05, 1.1, 1.1, 1.05, 1.1, 0.95, 0.6, 0.9, 1.1, 1.1, 1.1, 0.85)
WEEKDAY_WEIGHTS = (1.2, 1.2, 1.15, 1.15, 1.1, 0.6, 0.5)


@dataclass
class GenerationResult:
    """What was built, for the command's summary and the tests."""

    counts: Counter = field(default_factory=Counter)
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class InvestigationPlan:
    """What will become of an investigation: when it finishes, its outcome if that is by
    now (else ""), whether it is extended (new due date, decided on), and who investigates."""

    finish: datetime.date
    outcome: str
    extension: tuple[datetime.date, datetime.date] | None
    investigator: int


@dataclass(slots=True)
class ChildInfo:
    """A generated child the simulation may report on again."""

    pk: int
    birth_date: datetime.date
    family: "Family"


@dataclass(slots=True)
class Family:
    """The household a generated child lives in: its siblings share it."""

    surname: str
    address: str
    protected: bool
    guardian_ids: list[int]
    child_ids: list[int] = field(default_factory=list)
    household_id: int | None = None
    perpetrator: bool = False


@dataclass
class DistrictStaff:
    """A district and the ids of the people who do its work."""

    district: District
    config: DistrictConfig
    intake: list[int]
    investigators: list[int]
    supervisors: list[int]
    admin_staff: list[int]
    demo_intake: int | None = None
    demo_investigator: int | None = None
    #: Reports a year at the chosen scale: how far back a repeated report reaches.
    yearly_reports: float = 0.0
    #: Share of its reports about a child already known.
    repeat_share: float = REPEAT_SHARE
    children: list[ChildInfo] = field(default_factory=list)


class ProvisionLookup:
    """`provision_in_force`, asked once per key and interval between in-force dates.

    Between two consecutive boundary dates of a key (an `in_force_from` or the
    day after an `in_force_until`) the provisions in force do not change, so one
    query per interval answers every decision in it.
    """

    def __init__(self):
        bounds = defaultdict(set)
        for key, start, until in LegalProvision.objects.values_list(
            "key", "in_force_from", "in_force_until"
        ):
            bounds[key].add(start)
            if until is not None:
                bounds[key].add(until + DAY)
        self._lookups = {
            key: IntervalLookup(days, functools.partial(_provision_id, key))
            for key, days in bounds.items()
        }

    def __call__(self, key: str, on: datetime.date) -> int | None:
        """The id of the provision behind `key` in force on `on`."""
        lookup = self._lookups.get(key)
        return lookup(on) if lookup is not None else None


def _provision_id(key: str, on: datetime.date) -> int | None:
    provision = provision_in_force(key, on)
    return provision.pk if provision else None


def ascii_slug(text: str) -> str:
    """'Sjöberg' -> 'sjoberg': usernames in plain ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c in ".-")


def at(day: datetime.date, minute: int) -> datetime.datetime:
    """An aware moment in Stockholm on `day`, `minute` minutes after midnight."""
    minute = max(0, min(minute, 24 * 60 - 1))
    wall = datetime.datetime.combine(
        day, datetime.time(minute // 60, minute % 60), tzinfo=STOCKHOLM_TZ
    )
    # Through UTC and back: a wall time that does not exist (the hour skipped when
    # summer time begins) becomes the real moment, so comparisons stay exact.
    return wall.astimezone(datetime.UTC).astimezone(STOCKHOLM_TZ)


OUTCOMES = tuple(Investigation.Outcome)
OUTCOME_CUM_WEIGHTS = tuple(
    itertools.accumulate(
        {"intervention": 58, "no_intervention": 38, "lvu": 4}.get(o.value, 1) for o in OUTCOMES
    )
)
POLICE_OUTCOMES = (
    PoliceReportConsideration.Outcome.REPORTED,
    PoliceReportConsideration.Outcome.NOT_NOW,
    PoliceReportConsideration.Outcome.NOT_NOW,
)
FEEDBACK_METHODS = tuple(Feedback.Method.values)

#: What is written, parents before children (the order of the flush).
TABLES = (
    ("children", Child),
    ("people", Person),
    ("relations", Relation),
    ("siblings", SiblingLink),
    ("reports", Report),
    ("concerns", ReportConcern),
    ("protection", ProtectionAssessment),
    ("pre", PreAssessment),
    ("alerts", ProtectionAlert),
    ("decisions", Decision),
    ("investigations", Investigation),
    ("extensions", InvestigationExtension),
    ("conversations", ChildConversation),
    ("police", PoliceReportConsideration),
    ("feedback", Feedback),
    ("evaluations", RuleEvaluation),
    ("cosignatures", CoSignatureRequest),
    ("journal", JournalEntry),
    *investigation_work.TABLES,
)
#: The serious categories of the guidelines' rule "investigate at once".
SERIOUS_CONCERNS = frozenset(SERIOUS)


class Generator:
    """Builds one municipality. Use `generate()`; this class holds the simulation state."""

    def __init__(
        self,
        municipality: Municipality,
        *,
        years: int,
        seed: int,
        scale: float = 1.0,
        now: datetime.datetime | None = None,
        demo_accounts: bool = False,
        progress: Callable[[int], None] | None = None,
    ):
        if years < 1:
            raise ValueError("years must be at least 1")
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.municipality = municipality
        self.years = years
        self.scale = scale
        self.rng = random.Random(seed)
        # The journal draws from its own stream, so the cases are the same with or without it.
        self.journal_rng = random.Random(f"journal-{seed}")
        # So does what the investigations hold (BBIC, interventions): the cases stay the same.
        self.work_rng = random.Random(f"investigations-{seed}")
        # And the partner registry with the collaboration with schools.
        self.partners_rng = random.Random(f"partners-{seed}")
        # And the oversight register: written last, through its services.
        self.oversight_rng = random.Random(f"oversight-{seed}")
        self.now = (now or timezone.now()).astimezone(STOCKHOLM_TZ)
        self.today = local_date(self.now)
        self.with_demo_accounts = demo_accounts
        self.progress = progress or (lambda n: None)
        self.result = GenerationResult()
        self.staff: list[DistrictStaff] = []
        self._identities: set[str] = set()
        self._usernames: set[str] = set()
        # (child id, district index) -> [(opened_on, completed_on or None)]
        self._investigations: dict[tuple[int, int], list] = defaultdict(list)
        # (child id, district index) -> the child's reports there, oldest first
        self._reports_about: dict[tuple[int, int], list[dict]] = defaultdict(list)
        self._weights = municipality.district_weights()
        self._district_cum = list(itertools.accumulate(self._weights))
        self._day_norm = _mean_day_weight()

    @property
    def start(self) -> datetime.date:
        return add_months(self.today, -12 * self.years) + DAY

    @property
    def days(self) -> int:
        return (self.today - self.start).days + 1

    def run(self) -> GenerationResult:
        self.result.start, self.result.end = self.start, self.today
        with transaction.atomic():
            self.tables = {name: TableWriter(model) for name, model in TABLES}
            self.staff = self._build_organisation()
            self.cases = CaseWriter(
                self.tables,
                provision=ProvisionLookup(),
                unit_of=self._unit_of,
                late_from=settings.LIKVARD_LATE_REPORT_FROM,
            )
            self.result.counts["rule_settings"] = rulebook.configure(self.municipality, self.today)
            self.work = investigation_work.InvestigationWork(
                self.tables,
                self.work_rng,
                provision=self.cases.provision,
                today=self.today,
                clock=at,
            )
            self.rules = rulebook.DecisionRules(
                self.municipality,
                self.rng,
                self.cases,
                police_row=self._police_row,
                not_held_row=self._not_held_row,
            )
            day, simulated = self.start, 0
            while day <= self.today:
                for minute, idx, reporter_type in self._arrivals(day):
                    simulated += self._report(day, minute, idx, reporter_type)
                if simulated >= FLUSH_EVERY:
                    self._flush()
                    simulated = 0
                self.progress(1)
                day += DAY
            self._flush()
            reset_sequences([model for _, model in TABLES])
            self.result.counts.update(partners.build(self.staff, self.partners_rng, self.now))
            self.result.counts["oversight_matters"] = oversight.write(
                self.staff, self.oversight_rng, self.start, self.now
            )
        for name, table in self.tables.items():
            self.result.counts[name] = table.written
        self.result.counts["notices"] = self._prepare_notices()
        # Table statistics for the planner, on SQLite too: without them SQLite guessed
        # a plan for the children list that walked every child (95 s for one page).
        # PostgreSQL's autovacuum would get there eventually; the demo is used at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.result

    def _prepare_notices(self) -> int:
        """The feedback letters and e-mails owed for the last weeks' decisions, prepared
        by each district's administrator through `notices.services` (older ones are
        history: in the demo they were never given)."""
        since = self.today - NOTICES_FOR_DAYS
        admins = User.objects.filter(
            pk__in=[staff.admin_staff[0] for staff in self.staff if staff.admin_staff]
        )
        return sum(notices.prepare_owed(a, decided_since=since, at=self.now) for a in admins)

    def _flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def _add(self, table: str, **values) -> int:
        return self.tables[table].add(values)

    # ----------------------------------------------------------- organisation

    def _build_organisation(self) -> list[DistrictStaff]:
        m = self.municipality
        self._usernames = set(User.objects.values_list("username", flat=True))
        districts = District.objects.bulk_create(
            District(name=d.name, slug=d.slug, municipality=m.name) for d in m.districts
        )
        units = Unit.objects.bulk_create(
            Unit(district=d, name=u.name, kind=u.kind) for d in districts for u in m.units
        )
        unit_of = {(u.district_id, u.kind): u for u in units}
        users: list[User] = []
        roles_of: list[dict[str, list[User]]] = []
        for district, weight in zip(districts, self._weights, strict=True):
            yearly = m.reports_per_year * self.scale * weight
            roles: dict[str, list[User]] = defaultdict(list)
            for staff in m.staff:
                count = max(staff.minimum, round(staff.per_thousand_reports * yearly / 1000))
                unit = unit_of[(district.pk, staff.unit_kind)]
                roles[staff.role] += [self._staff_user(staff.role, unit) for _ in range(count)]
            users += [user for members in roles.values() for user in members]
            roles_of.append(roles)
        demo = self._demo_users(districts, unit_of) if self.with_demo_accounts else {}
        users += demo.values()
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        # The unit a case's handler is in, snapshotted on the case as the services do.
        self._unit_of = {user.pk: user.unit_id for user in users}
        self.result.counts.update(districts=len(districts), units=len(units), users=len(users))

        def ids(members, demo_user=None):
            return [u.pk for u in members] + ([demo_user.pk] if demo_user else [])

        staff = []
        for district, config, roles, weight in zip(
            districts, m.districts, roles_of, self._weights, strict=True
        ):
            demo_intake = demo.get(f"mottagning.{district.slug}")
            demo_investigator = demo.get(f"utredare.{district.slug}")
            staff.append(
                DistrictStaff(
                    district=district,
                    config=config,
                    intake=ids(roles[Role.INTAKE_WORKER], demo_intake),
                    investigators=ids(roles[Role.INVESTIGATOR], demo_investigator),
                    supervisors=ids(roles[Role.SUPERVISOR]),
                    admin_staff=ids(roles[Role.ADMIN_STAFF]),
                    demo_intake=demo_intake.pk if demo_intake else None,
                    demo_investigator=demo_investigator.pk if demo_investigator else None,
                    yearly_reports=m.reports_per_year * self.scale * weight,
                    repeat_share=REPEAT_SHARE * config.report_rate**REPEAT_BY_REPORT_RATE,
                )
            )
        return staff

    def _staff_user(self, role: str, unit: Unit) -> User:
        rng = self.rng
        first = rng.choice(rng.choice((words.ADULT_WOMEN, words.ADULT_MEN)))
        last = rng.choice(words.SURNAMES)
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        username, n = base, 1
        while username in self._usernames:
            n += 1
            username = f"{base}{n}"
        self._usernames.add(username)
        # Generated staff cannot sign in; only the demo accounts can.
        return User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            unit=unit,
            password=UNUSABLE_PASSWORD_PREFIX + "demo-staff",
        )

    def _demo_users(self, districts, unit_of) -> dict[str, User]:
        """The demo accounts, sharing one hash of "demo" (hashing is slow on purpose)."""
        password = make_password(DEMO_PASSWORD)
        by_slug = {d.slug: d for d in districts}
        users = {}
        for spec in demo_account_specs(districts):
            if spec.username in self._usernames:
                continue  # never take over an account someone already has
            self._usernames.add(spec.username)
            district = by_slug.get(spec.district_slug)
            label = str(Role(spec.role).label)
            users[spec.username] = User(
                username=spec.username,
                first_name="Demo",
                last_name=f"{label}, {district.name}" if district else label,
                role=spec.role,
                unit=unit_of[(district.pk, spec.unit_kind)] if district else None,
                password=password,
                is_staff=spec.is_admin,
                is_superuser=spec.is_admin,
            )
        return users

    # ------------------------------------------------------------------ volume

    def _reports_on(self, day: datetime.date) -> int:
        """A Poisson number of reports for the day, by season and weekday."""
        weight = MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()] / self._day_norm
        return _poisson(self.rng, self.municipality.reports_per_year * self.scale / 365 * weight)

    def _arrivals(self, day: datetime.date) -> list[tuple[int, int, str]]:
        """The day's reports as (minute, district index, reporter type), in order of arrival.

        In order, so that every report a rule may count as earlier (received before,
        about the same child) has been simulated when a decision is judged.
        """
        rng, last = self.rng, len(self.staff) - 1
        arrivals = []
        for _ in range(self._reports_on(day)):
            idx = min(bisect.bisect_left(self._district_cum, rng.random()), last)
            reporter_type = _reporter_type(rng, weekend=day.weekday() >= 5)
            if reporter_type == ReporterType.POLICE:
                minute = rng.randrange(24 * 60)
            else:
                minute = rng.randrange(7 * 60 + 30, 17 * 60)
            arrivals.append((minute, idx, reporter_type))
        arrivals.sort()
        return arrivals

    # ------------------------------------------------------------------ people

    def _identity_number(self, birth: datetime.date, male: bool, coordination=False) -> str:
        """A unique, valid personnummer (or samordningsnummer: day + 60)."""
        rng = self.rng
        day_part = birth.day + (60 if coordination else 0)
        while True:
            serial = rng.randrange(0, 100) * 10 + rng.randrange(1 if male else 0, 10, 2)
            if serial == 0:
                continue
            nine = f"{birth:%y%m}{day_part:02d}{serial:03d}"
            number = f"{birth.year:04d}{nine[2:]}{luhn.calc_check_digit(nine)}"
            if number not in self._identities:
                break
        self._identities.add(number)
        # The validator is the one the system uses: what is generated is accepted.
        return parse(number, self.today).long_form

    def _new_child(self, day: datetime.date, district: DistrictStaff) -> ChildInfo:
        rng = self.rng
        age = rng.choices(range(18), cum_weights=AGE_CUM_WEIGHTS)[0]
        birth = day - datetime.timedelta(days=age * 365 + rng.randrange(365))
        male = rng.random() < 0.52
        kind = rng.random()
        personal_number = reserve_number = None
        if kind < RESERVE_SHARE:
            while True:
                reserve_number = reserve_number_of(birth, rng.getrandbits(24))
                if reserve_number not in self._identities:
                    break
            self._identities.add(reserve_number)
        else:
            personal_number = self._identity_number(
                birth, male, coordination=kind < RESERVE_SHARE + COORDINATION_SHARE
            )
        family = None
        if district.children and rng.random() < SIBLING_SHARE:
            family = district.children[-1].family
        surname = family.surname if family else rng.choice(words.SURNAMES)
        address = (
            family.address
            if family
            else (
                f"{rng.choice(words.STREETS)} {rng.randrange(1, 80)}, "
                f"1{rng.randrange(20, 99)} {rng.randrange(10, 99)} {self.municipality.name}"
            )
        )
        protected = family.protected if family else rng.random() < PROTECTED_SHARE
        child_id = self._add(
            "children",
            personal_number=personal_number,
            reserve_number=reserve_number,
            first_name=rng.choice(words.BOYS if male else words.GIRLS),
            last_name=surname,
            birth_date=birth,
            sex=Sex.MALE if male else Sex.FEMALE,
            protected_identity=protected,
            address=address,
            created_at=at(day, 8 * 60),
        )
        family = family or self._new_family(birth, surname, address, protected, day)
        self._join_family(family, child_id, district.district.pk, at(day, 8 * 60))
        info = ChildInfo(child_id, birth, family)
        district.children.append(info)
        return info

    def _person(self, born, female, surname, address, protected) -> int:
        rng = self.rng
        number = "" if rng.random() < 0.05 else self._identity_number(born, male=not female)
        return self._add(
            "people",
            personal_number=number,
            first_name=rng.choice(words.ADULT_WOMEN if female else words.ADULT_MEN),
            last_name=surname if rng.random() < 0.8 else rng.choice(words.SURNAMES),
            protected_identity=protected,
            address=address,
            phone=rng.choice(words.FICTION_PHONES_MOBILE),
        )

    def _new_family(self, birth, surname, address, protected, day) -> Family:
        """One or two guardians and, sometimes, another adult in the household."""
        rng = self.rng
        guardians = []
        for i in range(1 if rng.random() < 0.35 else 2):
            female = (i == 0) == (rng.random() < 0.8)
            born = birth - datetime.timedelta(days=rng.randrange(20 * 365, 45 * 365))
            guardians.append(self._person(born, female, surname, address, protected))
        family = Family(surname, address, protected, guardians)
        if rng.random() < HOUSEHOLD_SHARE:
            born = birth - datetime.timedelta(days=rng.randrange(20 * 365, 45 * 365))
            family.household_id = self._person(born, False, surname, address, protected)
            family.perpetrator = rng.random() < PERPETRATOR_SHARE
        return family

    def _join_family(self, family: Family, child_id: int, district_id: int, moment) -> None:
        """The child's relations and sibling links, as the services compute them, in
        the district the child is first reported in."""
        custody = family_effects.custody_of(len(family.guardian_ids))
        people = [(p, RelationRole.GUARDIAN, custody, False) for p in family.guardian_ids]
        if family.household_id:
            people.append((family.household_id, RelationRole.HOUSEHOLD, "", family.perpetrator))
        for person_id, role, custody_kind, perpetrator in people:
            self._add(
                "relations",
                **family_effects.relation_recorded(
                    child_id=child_id,
                    person_id=person_id,
                    role=role,
                    custody=custody_kind,
                    alleged_perpetrator=perpetrator,
                    district_id=district_id,
                    recorded_by_id=None,
                    at=moment,
                ),
            )
        for sibling_id in family.child_ids:
            self._add(
                "siblings",
                **family_effects.siblings_linked(
                    sibling_id, child_id, district_id=district_id, recorded_by_id=None, at=moment
                ),
            )
        family.child_ids.append(child_id)

    def _child_for(self, day: datetime.date, district: DistrictStaff) -> ChildInfo:
        """A known child (mostly recent, sometimes from another district) or a new one."""
        rng = self.rng
        if rng.random() < district.repeat_share:
            pool = district.children
            if rng.random() < CROSS_DISTRICT_SHARE:
                pool = rng.choice(self.staff).children
            if pool:
                # Mostly children reported within the last half year or so.
                mean = max(5.0, district.yearly_reports / 3)
                back = int(rng.expovariate(1 / mean))
                info = pool[-1 - back] if back < len(pool) else None
                if info is not None and age_on(info.birth_date, day) < 18:
                    if pool is not district.children:
                        district.children.append(info)
                    return info
        return self._new_child(day, district)

    # ---------------------------------------------------------------- reports

    def _report(self, day: datetime.date, minute: int, idx: int, reporter_type: str) -> int:
        """Simulate one report from receipt to today. Returns 1 if it was received."""
        rng, now = self.rng, self.now
        staff = self.staff[idx]
        received_at = at(day, minute)
        if received_at > now:
            return 0
        child = self._child_for(day, staff)
        age = age_on(child.birth_date, day)
        concerns = _concerns(rng, age)
        mandated = reporter_type in MANDATED_TYPES
        wants_feedback = rng.random() < (0.6 if mandated else 0.1)

        # The timeline: protection assessment, then the decision; what lies after
        # `now` has not happened yet, and the report is still open.
        diligence, punctuality = staff.config.diligence, staff.config.punctuality
        protection_due = deadlines.protection_assessment_due(
            received_at, settings.LIKVARD_LATE_REPORT_FROM
        )
        assessed_at = self._assessed_at(received_at, protection_due, punctuality)
        decided_at = self._decided_at(day, assessed_at, punctuality)
        urgent = rng.random() < 0.03
        is_open = decided_at > now
        assignee = self._pick(staff.intake, staff.demo_intake, open_work=is_open)
        details = {
            "channel": _channel(rng, reporter_type),
            "reporter_type": reporter_type,
            "reporter_mandated": mandated,
            "reporter_wants_feedback": wants_feedback,
            **_reporter(rng, reporter_type, staff.district.name),
            "description": " ".join(rng.choice(words.DESCRIPTIONS[c]) for c in concerns),
        }
        registered_at = min(now, received_at + datetime.timedelta(minutes=rng.randint(2, 90)))
        report = self.cases.register(
            district_id=staff.district.pk,
            child_id=child.pk,
            received_at=received_at,
            details=details,
            concerns=concerns,
            registered_by_id=assignee if rng.random() < 0.6 else rng.choice(staff.admin_staff),
            handler_id=assignee,
            at=registered_at,
        )
        earlier = self._reports_about[(child.pk, idx)]
        earlier.append(report)
        if assessed_at > now:
            return 1

        pre_assessment = self.cases.assess_protection(
            report,
            at=assessed_at,
            assessed_by_id=assignee,
            immediate_protection_needed=urgent,
            assessment=rng.choice(
                words.PROTECTION_TEXTS_URGENT if urgent else words.PROTECTION_TEXTS
            ),
        )
        last_day = self.today if is_open else local_date(decided_at)
        conversations = self._conversation(
            report, staff, age, day, last_day, assignee, decided=not is_open
        )
        police = []
        if any(c in VIOLENCE_CONCERNS for c in concerns):
            police = self._police(report, day, last_day, assignee, diligence)
        self._journal(report, day, last_day, assignee)
        if is_open:
            return 1

        decided_on = local_date(decided_at)
        ongoing = self._under_investigation(child, idx, decided_on)
        serious = not SERIOUS_CONCERNS.isdisjoint(concerns)
        kind = self._decision_kind(staff.config.open_rate, urgent, ongoing, serious)
        proposal = {
            "kind": kind,
            "motivation": rng.choice(words.DECISION_MOTIVATIONS[kind]),
            "exceptional_reason": (
                rng.choice(words.EXCEPTIONAL_REASONS) if decided_on > report["decision_due"] else ""
            ),
            "transfer_municipality": (
                rng.choice(self.municipality.neighbours) if kind == Decision.Kind.TRANSFER else ""
            ),
            "decided_at": decided_at,
            "decided_by_id": (
                assignee
                if kind == Decision.Kind.NOT_OPEN and rng.random() < 0.5
                else rng.choice(staff.supervisors)
            ),
        }
        pending = verdict = None
        if self.rules.apply_on(decided_on):
            pending = rulebook.PendingDecision(
                report=report,
                decision=proposal,
                concerns=concerns,
                conversations=conversations,
                police=police,
                earlier=tuple(
                    EarlierReport(r["id"], local_date(r["received_at"]), r["state"])
                    for r in reversed(earlier)
                    if r["received_at"] < received_at
                ),
                worker=assignee,
                supervisors=staff.supervisors,
                diligence=diligence,
                age=age,
                under_investigation=ongoing,
            )
            verdict = self.rules.judge(pending)  # may change the proposal
        kind = proposal["kind"]
        plan = (
            self._investigation_plan(staff, decided_on)
            if kind == Decision.Kind.OPEN_INVESTIGATION
            else None
        )
        data = DecisionInput(
            kind=kind,
            motivation=proposal["motivation"],
            exceptional_reason=proposal["exceptional_reason"],
            transfer_municipality=proposal["transfer_municipality"],
            answers=verdict.answers if verdict else {},
            overrides=verdict.overrides if verdict else {},
            investigator=plan.investigator if plan else None,
        )
        if verdict is not None:
            self.rules.propose(pending, verdict, data)
        taken = self.cases.decide(
            report, pre_assessment, data, decided_by_id=proposal["decided_by_id"], at=decided_at
        )
        if verdict is not None:
            self.rules.record(pending, verdict, taken.decision["id"])
        if plan is not None:
            self._investigation(taken.investigation, plan, staff, child, idx)
        if mandated and wants_feedback:
            self._feedback(report, staff, assignee, decided_on, diligence)
        return 1

    def _assessed_at(self, received_at: datetime.datetime, due: datetime.date, punctuality):
        """The protection assessment: in time at the district's rate, else days after `due`.

        In time it is made within hours, the same day: a report that comes in during
        the evening is assessed that night (by the social on-call service), earlier
        than a late arrival's due date asks.
        """
        rng = self.rng
        day = local_date(received_at)
        if rng.random() < PROTECTION_SAME_DAY.share(punctuality):
            later = datetime.timedelta(minutes=rng.randint(15, 240))
            soon = (received_at.astimezone(datetime.UTC) + later).astimezone(STOCKHOLM_TZ)
            return min(soon, at(day, 24 * 60 - 1))
        return at(due + DAY * rng.randint(1, 3), rng.randrange(8 * 60, 16 * 60))

    def _decided_at(self, day: datetime.date, assessed_at: datetime.datetime, punctuality):
        """The decision, on a weekday: within 14 days of receipt at the district's rate."""
        rng = self.rng
        if rng.random() < DECIDED_IN_TIME.share(punctuality):
            delay = int(rng.triangular(1, 14.999, 10))
        else:
            delay = rng.randint(15, 40)
        decided_day = day + DAY * delay
        if decided_day.weekday() >= 5:
            decided_day -= DAY * (decided_day.weekday() - 4)
        decided_at = at(decided_day, rng.randrange(8 * 60, 17 * 60))
        if decided_at <= assessed_at:
            decided_at = assessed_at + datetime.timedelta(minutes=rng.randint(30, 180))
        return decided_at

    def _pick(self, pool: list[int], demo: int | None, *, open_work: bool) -> int:
        """A worker for a task; the demo account gets a share of what is still open."""
        if demo is not None and open_work and self.rng.random() < DEMO_OPEN_WORKLOAD / len(pool):
            return demo
        return self.rng.choice(pool)

    def _under_investigation(self, child, idx, day: datetime.date) -> bool:
        return any(
            opened <= day and (end is None or end > day)
            for opened, end in self._investigations.get((child.pk, idx), ())
        )

    def _decision_kind(self, open_rate, urgent, ongoing, serious) -> str:
        """Open (~38 %, more often for serious concerns) or not; an ongoing one is joined."""
        rng = self.rng
        open_rate *= SERIOUS_OPEN_FACTOR if serious else OTHER_OPEN_FACTOR
        draw = rng.random()
        if draw < TRANSFER_SHARE:
            return Decision.Kind.TRANSFER
        if urgent or draw < TRANSFER_SHARE + open_rate:
            return Decision.Kind.ALREADY_ONGOING if ongoing else Decision.Kind.OPEN_INVESTIGATION
        if ongoing and rng.random() < JOIN_SHARE:
            return Decision.Kind.ALREADY_ONGOING
        return Decision.Kind.NOT_OPEN

    def _conversation(self, report, staff, age, first_day, last_day, worker, *, decided):
        """Barnsamtal: held at the district's rate, else (often) the reason documented."""
        rng = self.rng
        rate = staff.config.conversation_rate / 0.85  # the youngest are not talked with
        if age >= 3 and rng.random() < rate:
            held_on = first_day + DAY * rng.randint(0, (last_day - first_day).days)
            return [
                self.cases.conversation(
                    report,
                    held=True,
                    held_on=held_on,
                    not_held_reason="",
                    notes=rng.choice(words.CONVERSATION_NOTES),
                    recorded_by_id=worker,
                    at=min(self.now, at(held_on, 16 * 60)),
                )
            ]
        if decided and (age < 3 or rng.random() < 0.5):
            recorded_at = min(self.now, at(last_day, 15 * 60))
            return [self._not_held_row(report, age, recorded_at, worker)]
        return []

    def _journal(self, report, first_day, last_day, worker) -> None:
        """Journal entries (calls, meetings, visits) for a share of the cases."""
        rng = self.journal_rng
        if rng.random() >= words.JOURNAL_SHARE:
            return
        for _ in range(rng.randint(1, words.JOURNAL_MOST)):
            kind = rng.choice(list(words.JOURNAL_NOTES))
            participants, text = rng.choice(words.JOURNAL_NOTES[kind])
            day = first_day + DAY * rng.randint(0, (last_day - first_day).days)
            self.cases.journal(
                report,
                kind=kind,
                event_date=day,
                text=text,
                participants=participants,
                child_took_part="barnet" in participants.lower(),
                author_id=worker,
                at=min(self.now, at(day, 15 * 60 + rng.randint(0, 120))),
            )

    def _not_held_row(self, report, age, recorded_at, worker) -> dict:
        """The documented reason the child was not heard."""
        too_young, *other_reasons = words.NOT_HELD_REASONS
        return self.cases.conversation(
            report,
            held=False,
            held_on=None,
            not_held_reason=too_young if age < 3 else self.rng.choice(other_reasons),
            recorded_by_id=worker,
            at=recorded_at,
        )

    def _police(self, report, first_day, last_day, worker, diligence) -> list[dict]:
        """A police-report consideration for suspected violence, more often in later years."""
        rng = self.rng
        year = first_day.year
        rate = (0.08 if year < 2021 else 0.3 if year < 2025 else 0.55) * diligence
        if report["reporter_type"] == ReporterType.POLICE:
            rate = max(rate, 0.5)
        if rng.random() >= rate:
            return []
        considered = first_day + DAY * rng.randint(0, (last_day - first_day).days)
        return [self._police_row(report, considered, worker)]

    def _police_row(self, report, considered: datetime.date, worker) -> dict:
        """A consideration made on `considered`; what the police reported is mostly known."""
        rng = self.rng
        if report["reporter_type"] == ReporterType.POLICE and rng.random() < 0.8:
            outcome = PoliceReportConsideration.Outcome.ALREADY_REPORTED
        else:
            outcome = rng.choice(POLICE_OUTCOMES)
        return self.cases.police(
            report,
            considered_on=considered,
            outcome=outcome,
            motivation=rng.choice(words.POLICE_MOTIVATIONS[outcome]),
            reconsider_on=(
                considered + DAY * rng.randint(21, 60)
                if outcome == PoliceReportConsideration.Outcome.NOT_NOW
                else None
            ),
            recorded_by_id=worker,
        )

    def _investigation_plan(self, staff, opened_on: datetime.date) -> "InvestigationPlan":
        """How an investigation will go: most done within 4 months, some extended, recent
        ones ongoing; drawn before the decision that opens it names its investigator."""
        rng, today = self.rng, self.today
        due = deadlines.investigation_due(opened_on)
        extension = None
        punctuality = staff.config.punctuality
        if rng.random() < INVESTIGATION_IN_TIME.share(punctuality):
            finish = opened_on + DAY * int(rng.triangular(20, (due - opened_on).days, 100))
        elif rng.random() < EXTENDED_SHARE:  # extended for special reasons, for a set time
            # Within the default bound (MunicipalitySettings), about one in three decided
            # only after the due date had passed: late, and so counted.
            new_due = add_months(due, rng.choice((1, 2, 2, 2)))
            decided_on = due + DAY * rng.randint(-18, 8)
            if decided_on < today:
                extension = (new_due, decided_on)
            # Closed after the extension was decided (a closing cannot precede it).
            finish = max(due + DAY * rng.randint(1, (new_due - due).days), decided_on + DAY)
        else:  # late without an extension, the longer the less punctual the district
            finish = due + DAY * rng.randint(1, round(60 / punctuality))
        completed = finish <= today
        outcome = rng.choices(OUTCOMES, cum_weights=OUTCOME_CUM_WEIGHTS)[0] if completed else ""
        investigator = self._pick(
            staff.investigators, staff.demo_investigator, open_work=not completed
        )
        return InvestigationPlan(finish, outcome, extension, investigator)

    def _investigation(self, investigation: dict, plan, staff, child, idx) -> None:
        """The opened investigation's later steps, as the plan has them."""
        rng = self.rng
        if plan.extension:
            new_due, decided_on = plan.extension
            self.cases.extend(
                investigation,
                new_due=new_due,
                reason=rng.choice(words.EXTENSION_REASONS),
                at=at(decided_on, rng.randrange(9 * 60, 16 * 60)),
                decided_by_id=rng.choice(staff.supervisors),
            )
        if plan.outcome:
            self.cases.complete(investigation, completed_on=plan.finish, outcome=plan.outcome)
        self.work.write(
            investigation,
            investigation_work.Family(
                child.birth_date,
                tuple(child.family.guardian_ids),
                staff.config.foreign_born,
                staff.config.motivation_rate,
            ),
            plan.investigator,
            self.work_rng.choice(staff.supervisors),
            plan.finish,
            plan.outcome,
        )
        self._investigations[(child.pk, idx)].append(
            (investigation["opened_on"], plan.finish if plan.outcome else None)
        )

    def _feedback(self, report, staff, worker, decided_on, diligence) -> None:
        """Feedback to a mandated reporter who asked: given in ~2 of 3 cases, more lately."""
        rng = self.rng
        rate = (0.66 if decided_on < deadlines.FEEDBACK_WEEK_RULE_FROM else 0.85) * diligence
        if rng.random() >= rate:
            return
        given_on = decided_on + DAY * int(rng.triangular(0, 12, 2))
        if given_on > self.today:
            return
        self.cases.feedback(
            report,
            given_on=given_on,
            method=rng.choice(FEEDBACK_METHODS),
            note=rng.choice(words.FEEDBACK_NOTES),
            given_by_id=worker if rng.random() < 0.5 else rng.choice(staff.admin_staff),
            at=min(self.now, at(given_on, 14 * 60)),
        )


def generate(municipality: Municipality, **options) -> GenerationResult:
    """Build `municipality` in the (empty) database; see `Generator` for the options."""
    return Generator(municipality, **options).run()


def _mean_day_weight() -> float:
    """The average month x weekday weight over a year, so volumes add up to the target."""
    day, total = datetime.date(2023, 1, 1), 0.0
    for _ in range(365):
        total += MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()]
        day += DAY
    return total / 365


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


_WEEKDAY_REPORTERS = (
    (ReporterType.POLICE, 26),
    (ReporterType.SCHOOL, 22),
    (ReporterType.HEALTH_CARE, 9),
    (ReporterType.PRESCHOOL, 6),
    (ReporterType.CHILD_HEALTH, 4),
    (ReporterType.SOCIAL_SERVICES, 9),
    (ReporterType.PRIVATE_PERSON, 10),
    (ReporterType.RELATIVE, 6),
    (ReporterType.CHILD, 2),
    (ReporterType.OTHER, 6),
)
_WEEKEND_REPORTERS = (
    (ReporterType.POLICE, 60),
    (ReporterType.PRIVATE_PERSON, 18),
    (ReporterType.RELATIVE, 10),
    (ReporterType.HEALTH_CARE, 12),
)


def _reporter_type(rng: random.Random, weekend: bool) -> str:
    table = _WEEKEND_REPORTERS if weekend else _WEEKDAY_REPORTERS
    return rng.choices([t for t, _ in table], weights=[w for _, w in table])[0]


_CONCERN_WEIGHTS = (
    (Concern.VIOLENCE_AGAINST_CHILD, 14),
    (Concern.WITNESSING_VIOLENCE, 12),
    (Concern.SEXUAL_ABUSE, 2),
    (Concern.HONOUR_VIOLENCE, 1.5),
    (Concern.NEGLECT, 18),
    (Concern.PARENT_SUBSTANCE, 8),
    (Concern.PARENT_MENTAL_HEALTH, 8),
    (Concern.SCHOOL_ABSENCE, 8),
    (Concern.CHILD_BEHAVIOUR, 14),
    (Concern.PARENTAL_CONFLICT, 8),
    (Concern.OTHER, 5),
)


def _concerns(rng: random.Random, age: int) -> list[str]:
    """One to three concerns that fit the child's age."""
    if age == 0 and rng.random() < 0.15:
        return [Concern.INFANT_INJURY]
    options, weights = [], []
    for concern, weight in _CONCERN_WEIGHTS:
        if concern == Concern.SCHOOL_ABSENCE and age < 6:
            continue
        if concern == Concern.CHILD_BEHAVIOUR and age < 10:
            weight = 1
        options.append(concern)
        weights.append(weight)
    count = rng.choices((1, 2, 3), weights=(65, 28, 7))[0]
    picked = set()
    for _ in range(count):
        picked.add(rng.choices(options, weights=weights)[0])
    return sorted(picked)


_CHANNELS = (
    (Channel.PHONE, 35),
    (Channel.E_SERVICE, 30),
    (Channel.EMAIL, 15),
    (Channel.LETTER, 10),
    (Channel.IN_PERSON, 10),
)


def _channel(rng: random.Random, reporter_type: str) -> str:
    if reporter_type == ReporterType.POLICE:
        return Channel.POLICE_REPORT
    return rng.choices([c for c, _ in _CHANNELS], weights=[w for _, w in _CHANNELS])[0]


def _reporter(rng: random.Random, reporter_type: str, district_name: str) -> dict:
    """Who reported: a fictitious person at an invented or generic organisation."""
    name = f"{rng.choice(words.ADULT_WOMEN + words.ADULT_MEN)} {rng.choice(words.SURNAMES)}"
    organisation = {
        ReporterType.SCHOOL: f"{rng.choice(words.SCHOOL_PREFIXES)} skola",
        ReporterType.PRESCHOOL: f"{rng.choice(words.SCHOOL_PREFIXES)} förskola",
        ReporterType.CHILD_HEALTH: f"BVC {district_name}",
        ReporterType.HEALTH_CARE: rng.choice(("Barnakuten", "Vårdcentral", "BUP-mottagning")),
        ReporterType.POLICE: f"Polisen, lokalpolisområde {district_name}",
        ReporterType.SOCIAL_SERVICES: "Socialtjänsten, annan enhet",
    }.get(reporter_type, "")
    if reporter_type in (ReporterType.PRIVATE_PERSON, ReporterType.RELATIVE) and (
        rng.random() < 0.3
    ):
        return {"reporter_name": "", "reporter_organisation": "", "reporter_contact": ""}
    phone = rng.choice(words.FICTION_PHONES_LANDLINE)
    return {
        "reporter_name": name,
        "reporter_organisation": organisation,
        "reporter_contact": _contact(reporter_type, name, organisation, phone),
    }


#: Reporters who give an e-mail address (the feedback goes by e-mail), and those who
#: give their organisation's postal address (by letter); the others a phone only.
_EMAIL_REPORTERS = {ReporterType.SCHOOL, ReporterType.PRESCHOOL, ReporterType.CHILD_HEALTH}
_POSTAL_REPORTERS = {ReporterType.POLICE, ReporterType.HEALTH_CARE}


def _contact(reporter_type: str, name: str, organisation: str, phone: str) -> str:
    """The contact a reporter gives, derived from what was drawn (no draw of its own, so
    the rest of the generated municipality stays as it was): fictitious addresses."""
    code = zlib.crc32(organisation.encode())
    if reporter_type in _EMAIL_REPORTERS:
        local = ".".join(slugify(part) for part in name.split())
        return f"{phone}, {local}@{slugify(organisation)}.example.se"
    if reporter_type in _POSTAL_REPORTERS:
        return (
            f"{phone}, Box {1000 + code % 9000}, 1{10 + code % 90} {10 + code // 90 % 90} Stockholm"
        )
    return phone
