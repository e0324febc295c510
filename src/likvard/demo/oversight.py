"""The demo's oversight register: a handful of matters per district and year, written
through `oversight.services` by a supervisor of the district (so the audit log, the
history and the date rules are the register's own).

Each year a district gets a few matters, JO and IVO complaints most often, now and then
a lex Sarah report, an inspection or the auditors' review. A statement is asked for
within three to four weeks and mostly sent in time; the decision comes months later,
most often without criticism; criticism brings one or two measures, some still open
and some late. One matter is the JO complaint about a placement in Järva that was
discussed in the city council (seed 003, KS 2025/799), anonymised: no names, the
authority's number made up, linked to one of the district's investigations.
"""

import datetime
import random

from likvard.casework.selectors import investigations
from likvard.organisation.models import User
from likvard.oversight import services
from likvard.oversight.models import CRITICISM, Kind, Outcome
from likvard.oversight.services import MatterInput

DAY = datetime.timedelta(days=1)
KIND_WEIGHTS = {
    Kind.JO_COMPLAINT: 3,
    Kind.IVO_COMPLAINT: 4,
    Kind.LEX_SARAH: 2,
    Kind.IVO_INSPECTION: 1,
    Kind.JO_INSPECTION: 0.3,
    Kind.AUDIT: 0.5,
    Kind.OTHER: 0.5,
}
OUTCOME_WEIGHTS = {
    Outcome.NO_CRITICISM: 5,
    Outcome.CRITICISM: 3,
    Outcome.SERIOUS_CRITICISM: 0.5,
    Outcome.CLOSED: 1.5,
}
SUBJECTS = {
    Kind.JO_COMPLAINT: ["Handläggningstid i barnavårdsutredning", "Umgänge under placering"],
    Kind.IVO_COMPLAINT: ["Bemötande vid hembesök", "Återkoppling till anmälare uteblev"],
    Kind.LEX_SARAH: ["Orosanmälan registrerades sent", "Skyddsbedömning gjordes inte samma dag"],
    Kind.IVO_INSPECTION: ["Tillsyn av förhandsbedömningar"],
    Kind.JO_INSPECTION: ["Inspektion av socialtjänsten, barn och unga"],
    Kind.AUDIT: ["Granskning av uppföljning av placerade barn"],
    Kind.OTHER: ["Skrivelse från förvaltningsrätten"],
}
CRITICISMS = [
    "Utredningen överskred fyra månader utan beslut om förlängning.",
    "Barnets inställning dokumenterades inte före beslutet.",
    "Vårdnadshavarna fick inte ta del av uppgifterna innan beslutet fattades.",
]
MEASURES = [
    ("Genomgång av rutinen för förlängning av utredningstid", "Enhetschef utredning"),
    ("Utbildning i barnsamtal för handläggare", "Sektionschef barn och unga"),
    ("Egenkontroll av kommunicering i tio ärenden", "Kvalitetsutvecklare"),
]
JARVA = "Järva"


def write(staff, rng: random.Random, first: datetime.date, now: datetime.datetime) -> int:
    """Matters for every district from `first` to now; the number written."""
    today = now.date()
    written = 0
    for district_staff in staff:
        actor = User.objects.get(pk=district_staff.supervisors[0])
        year = first.year
        while year <= today.year:
            start = max(first, datetime.date(year, 1, 1))
            end = min(today, datetime.date(year, 12, 31))
            for _ in range(rng.randint(1, 4)):
                received = start + rng.randint(0, (end - start).days) * DAY
                _matter(actor, rng, received, today, now)
                written += 1
            year += 1
        if district_staff.district.name == JARVA:
            _jarva(actor, today, now)
            written += 1
    return written


def _draw(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _matter(actor, rng, received, today, now, **given) -> None:
    kind = given.get("kind") or _draw(rng, KIND_WEIGHTS)
    lex_sarah = kind == Kind.LEX_SARAH
    due = None if lex_sarah else received + rng.randint(21, 30) * DAY
    matter = services.register_matter(
        actor,
        MatterInput(
            kind=kind,
            received_on=received,
            subject=given.get("subject") or rng.choice(SUBJECTS[kind]),
            reference=given.get("reference") or f"{rng.randint(1000, 9999)}-{received.year}",
            statement_due_on=due,
            cases=given.get("cases", []),
        ),
        at=now,
    )
    last = received
    if lex_sarah:
        serious = rng.random() < 0.3
        last = _step(
            actor,
            matter,
            "investigate_lex_sarah",
            last,
            rng.randint(10, 40),
            today,
            now,
            serious=serious,
        )
        if last and serious:
            last = _step(
                actor, matter, "report_lex_sarah_to_ivo", last, rng.randint(1, 14), today, now
            )
    else:
        late = rng.random() < 0.15
        last = _step(
            actor,
            matter,
            "send_oversight_statement",
            last,
            (due - received).days + (rng.randint(1, 10) if late else -rng.randint(0, 5)),
            today,
            now,
        )
    if not last:
        return
    outcome = given.get("outcome") or _draw(rng, OUTCOME_WEIGHTS)
    decided = _step(
        actor,
        matter,
        "decide_oversight_matter",
        last,
        rng.randint(40, 200),
        today,
        now,
        outcome=outcome,
        criticism=rng.choice(CRITICISMS) if outcome in CRITICISM else "",
    )
    if decided and outcome in CRITICISM:
        for description, responsible in rng.sample(MEASURES, rng.randint(1, 2)):
            measure = services.add_measure(
                actor,
                matter.pk,
                description=description,
                responsible=responsible,
                due_on=decided + rng.randint(30, 120) * DAY,
            )
            done = measure.due_on + rng.randint(-20, 15) * DAY
            if done <= today and rng.random() < 0.8:
                services.complete_measure(actor, measure.pk, done_on=max(done, decided), at=now)


def _step(actor, matter, verb, after, days, today, now, **fields):
    """Take the step `days` after `after` if that day has come; its day, or None."""
    day = after + max(days, 0) * DAY
    if day > today:
        return None
    services.take_step(actor, matter.pk, verb, day=day, at=now, **fields)
    return day


def _jarva(actor, today, now) -> None:
    """The JO complaint about a placement in Järva (seed 003), anonymised."""
    investigation = (
        investigations(actor).order_by("-opened_on").values_list("pk", flat=True).first()
    )
    _matter(
        actor,
        random.Random("jarva-jo"),
        today - 200 * DAY,
        today,
        now,
        kind=Kind.JO_COMPLAINT,
        subject="Placering: upprepade omplaceringar och hemtagning (uppmärksammat i radio)",
        reference="4711-2025",
        cases=[("investigation", investigation)] if investigation else [],
        outcome=Outcome.CRITICISM,
    )
