"""The demo's partner registry and each district's collaboration with its schools.

Written through the partners app's services, as a municipality would: the registry is
imported as one CSV file (`import_partners`, the same path a real file takes), the
schools' contact persons are added, each district follows up its schools (contacts,
agreements, meetings, low-attendance referrals, joint cases), and the reports whose
reporter's organisation is a registry name are linked to it (`link_reports_by_name`).
Every name is invented; telephone numbers are from the ranges PTS reserves for
fiction and e-mail addresses end in `.example`.
"""

import datetime
import random

from django.utils.text import slugify

from likvard.core.calendar import local_date
from likvard.organisation.models import User
from likvard.partners import selectors, services
from likvard.partners.models import AttendanceReferral, Kind, Meeting
from likvard.partners.terms import term_of

from . import vocabulary as words

#: Invented place names (root + suffix, "Nypondals"): no real school is meant.
ROOTS = (
    "Nypon", "Lingon", "Mistel", "Trast", "Kaprifol", "Vitsipp", "Odon", "Lärk", "Hägg",
    "Rönn", "Sälg", "Vide", "Hassel", "Blåsippe", "Tall",
)  # fmt: skip
SUFFIXES = ("dals", "backe", "hags", "ängs", "mo", "gärdes")
HEADER = [
    "namn",
    "typ",
    "organisationsnummer",
    "stadsdelsområde",
    "adress",
    "postnummer",
    "telefon",
    "e-post",
    "senast kontrollerad",
]
#: What follows up a school: shares of schools with each record (plausible, not data).
NAMED_CONTACTS = 0.75
AGREEMENT = 0.7
STUDENT_HEALTH_TEAM = 0.6
NO_MEETING_THIS_TERM = 0.3


class RegistryBuilder:
    """The registry's rows for the districts, as the CSV file a city would import."""

    def __init__(self, rng: random.Random, districts, today: datetime.date):
        self.rng, self.districts, self.today = rng, districts, today
        self.rows: list[list[str]] = []
        self._orgnr = 100
        # Every place name once, in the demo's random order; six are taken per district.
        self._places = [f"{root}{suffix}" for root in ROOTS for suffix in SUFFIXES]
        rng.shuffle(self._places)

    def _place(self) -> str:
        if not self._places:
            raise ValueError("the demo's registry has run out of place names")
        return self._places.pop()

    def _verified(self) -> str:
        if self.rng.random() < 0.08:
            return ""  # never verified: first on the list to re-verify
        return str(self.today - datetime.timedelta(days=self.rng.randint(0, 600)))

    def add(self, name: str, kind: str, district: str, *, independent: bool = False):
        self._orgnr += 1
        street = self.rng.choice(words.STREETS)
        self.rows.append(
            [
                name,
                kind,
                f"559{self._orgnr:03d}-{self.rng.randint(1000, 9999)}" if independent else "",
                district,
                f"{street} {self.rng.randint(1, 60)}",
                f"1{self.rng.randint(20, 79)} {self.rng.randint(10, 99)}",
                self.rng.choice(words.FICTION_PHONES_LANDLINE),
                f"info@{slugify(name)}.example",
                self._verified(),
            ]
        )

    def build(self) -> bytes:
        names = list(words.SCHOOL_PREFIXES)
        for index, district in enumerate(self.districts):
            # The schools and preschools the demo's reports name ("Ekbackens skola"),
            # spread over the districts: children go to school outside their own.
            for prefix in names[index :: len(self.districts)]:
                self.add(f"{prefix} skola", Kind.SCHOOL_MUNICIPAL, district)
                self.add(f"{prefix} förskola", Kind.PRESCHOOL, district)
            for _ in range(3):
                self.add(f"{self._place()}skolan", Kind.SCHOOL_MUNICIPAL, district)
            self.add(
                f"Friskolan {self._place()}", Kind.SCHOOL_INDEPENDENT, district, independent=True
            )
            for _ in range(2):
                self.add(f"Förskolan {self._place()}", Kind.PRESCHOOL, district)
            self.add(f"BVC {district}", Kind.CHILD_HEALTH, district)
            self.add(f"Polisen, lokalpolisområde {district}", Kind.POLICE_AREA, district)
        for name in ("Barnakuten", "BUP-mottagning", "Vårdcentral"):
            self.add(name, Kind.HEALTH_CARE, "")
        lines = [";".join(HEADER), *(";".join(row) for row in self.rows)]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _person(rng) -> str:
    return f"{rng.choice(words.ADULT_WOMEN + words.ADULT_MEN)} {rng.choice(words.SURNAMES)}"


def build(staff, rng: random.Random, now: datetime.datetime) -> dict[str, int]:
    """The registry and the collaborations of every district in `staff` (DistrictStaff)."""
    today = local_date(now)
    keepers = {s.district.pk: User.objects.get(pk=s.supervisors[0]) for s in staff}
    first = keepers[staff[0].district.pk]
    registry = RegistryBuilder(rng, [s.district.name for s in staff], today).build()
    imported = services.import_partners(first, registry)
    if imported.problems:
        raise ValueError(f"the demo's registry is not clean: {imported.problems[:3]}")
    counts = {"partners": imported.created + imported.updated, "collaborations": 0}
    term = term_of(today)
    for district_staff in staff:
        keeper = keepers[district_staff.district.pk]
        for school in selectors.schools_in(district_staff.district.pk):
            counts["collaborations"] += _follow_up(
                rng, keeper, school, district_staff, term, today, now
            )
    counts["report_sources"] = services.link_reports_by_name(first)
    return counts


def _follow_up(rng, keeper, school, district_staff, term, today, now) -> int:
    """One school's contacts and the district's records of working with it."""
    for role in ("Rektor", "Skolkurator"):
        contact = services.save_contact(
            keeper,
            school.pk,
            {
                "name": _person(rng),
                "role": role,
                "phone": rng.choice(words.FICTION_PHONES_MOBILE),
                "email": f"{role.lower()}@{slugify(school.name)}.example",
            },
            at=now,
        )
    row = services.open_collaboration(keeper, school.pk)
    if rng.random() < NAMED_CONTACTS:
        staff_id = rng.choice(district_staff.intake + district_staff.supervisors)
        services.set_contacts(
            keeper,
            row.pk,
            {
                "school_contact": contact,
                "district_contact": User.objects.get(pk=staff_id),
                "student_health_team": rng.random() < STUDENT_HEALTH_TEAM,
            },
        )
    if rng.random() < AGREEMENT:
        start = datetime.date(today.year - (today.month < 8), 8, 1)
        services.record_agreement(
            keeper,
            row.pk,
            {
                "signed_on": min(today, start - datetime.timedelta(days=rng.randint(5, 60))),
                "valid_from": start,
                "valid_until": datetime.date(start.year + 2, 6, 30),
            },
            at=now,
        )
    last_day = min(today, term.end)

    def day_this_term() -> datetime.date:
        return term.start + datetime.timedelta(days=rng.randint(0, (last_day - term.start).days))

    meetings = 0 if rng.random() < NO_MEETING_THIS_TERM else rng.randint(1, 2)
    for _ in range(meetings):
        services.record_meeting(
            keeper,
            row.pk,
            {
                "held_on": day_this_term(),
                "kind": rng.choice(Meeting.Kind.values),
                "student_health_team_present": rng.random() < 0.5,
            },
            at=now,
        )
    for _ in range(rng.randint(0, 2)):
        outcome = rng.choice(AttendanceReferral.Outcome.values)
        services.record_referral(
            keeper, row.pk, {"referred_on": day_this_term(), "outcome": outcome}, at=now
        )
    if rng.random() < 0.4:
        services.record_joint_case(keeper, row.pk, {"started_on": day_this_term()}, at=now)
    return 1
