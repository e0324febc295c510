"""What the generated investigations hold: the BBIC investigation and the interventions.

For each investigation the generator opens (`generator.Generator._investigation`):
a plan, BBIC areas, conversations with the child (fewer for the youngest), the
family's interpreter needs (more often in districts with more foreign-born
residents), the network contacted, kommunicering, the conclusion; and for the
investigations that end with a proposal, the proposal with each guardian's consent,
the decision and its follow-ups. Where consent is missing (more often for young
children and families who need an interpreter, as the Equality Ombudsman found),
motivation work is recorded at the district's rate (`DistrictConfig.motivation_rate`)
and, where the need is serious, an LVU consideration in most cases but not all (the
quality gap the closing rules now close); some LVU care is begun and reconsidered.

Every row comes from the owning app's effect functions (`bbic.effects`,
`interventions.effects`), the ones its services write. The draws come from their own
random stream, so the reports and decisions are the same as without this module. The
rules at the closing are switched on from the day the demo is built (`rulebook`): the
history was written before them, which is why it shows the gaps.
"""

import datetime
import random
from dataclasses import dataclass

from likvard.bbic import effects as bbic
from likvard.bbic.models import AreaRevision as BbicArea
from likvard.bbic.models import (
    Communication,
    CommunicationMethod,
    CommunicationResponse,
    ConclusionRevision,
    InterpreterKind,
    InterpreterNeed,
    Meeting,
    MeetingKind,
    NetworkContact,
    NetworkKind,
    PlanRevision,
)
from likvard.bbic.models import Consent as NetworkConsent
from likvard.bbic.triangle import Area
from likvard.casework.models import Investigation
from likvard.interventions import effects as interventions
from likvard.interventions.models import (
    Basis,
    Consent,
    FollowUp,
    Intervention,
    InterventionProposal,
    Kind,
    LvuCare,
    LvuConsideration,
    LvuReconsideration,
    MotivationWork,
)
from likvard.people.services import age_on

from .writer import TableWriter

DAY = datetime.timedelta(days=1)

#: The tables this module writes, parents before children (after the investigations).
TABLES = (
    ("bbic_plans", PlanRevision),
    ("bbic_areas", BbicArea),
    ("bbic_meetings", Meeting),
    ("bbic_interpreter_needs", InterpreterNeed),
    ("bbic_network", NetworkContact),
    ("bbic_communications", Communication),
    ("bbic_recipients", Communication.recipients.through),
    ("bbic_responses", CommunicationResponse),
    ("bbic_conclusions", ConclusionRevision),
    ("proposals", InterventionProposal),
    ("consents", Consent),
    ("interventions", Intervention),
    ("follow_ups", FollowUp),
    ("motivation_work", MotivationWork),
    ("lvu_considerations", LvuConsideration),
    ("lvu_care", LvuCare),
    ("lvu_reconsiderations", LvuReconsideration),
)

#: The child is heard in the investigation this often, by age (0–2, 3–6, 7 and older).
HEARD = ((3, 0.2), (7, 0.7), (99, 0.88))
#: A family needs an interpreter this often per foreign-born share of the district.
INTERPRETER_PER_FOREIGN_BORN = 0.55
#: Consent missing to a voluntary proposal: the base share, and what a young child
#: (under 7) and a family needing an interpreter add (the Equality Ombudsman's pattern).
CONSENT_MISSING = 0.13
CONSENT_MISSING_YOUNG = 0.1
CONSENT_MISSING_INTERPRETER = 0.12
#: Of consents missing, the share where the guardian said no (the rest: not reachable).
DECLINED_SHARE = 0.7
#: Serious need among investigations that end with a proposal; an LVU consideration is
#: recorded where consent is missing and the need serious this often (the quality gap).
SERIOUS_SHARE = 0.25
LVU_CONSIDERED = 0.8
#: Of the investigations ending in "LVU", the share where care began.
LVU_CARE_BEGUN = 0.7
#: How long care under LVU lasts (days, uniformly) and why it ends, by weight.
LVU_CARE_DAYS = (90, 1500)
LVU_CARE_ENDS = {"not_needed": 70, "age_limit": 15, "not_upheld": 10, "transferred": 5}
#: Needs identified though no intervention is proposed (with the reason why).
NEEDS_WITHOUT_INTERVENTION = 0.2
LANGUAGES = ("arabiska", "somaliska", "tigrinja", "dari", "persiska", "turkiska", "polska")
OPEN_CARE = (
    Kind.CONTACT_PERSON,
    Kind.CONTACT_FAMILY,
    Kind.FAMILY_TREATMENT,
    Kind.PARENTING_PROGRAMME,
    Kind.YOUTH_PROGRAMME,
    Kind.QUALIFIED_CONTACT_PERSON,
)
AREAS = tuple(Area.values)
TEXT = {
    "questions": "Barnets behov av stöd och skydd; föräldrarnas förmåga; nätverkets resurser.",
    "informants": "Barnet, vårdnadshavarna, skolan eller förskolan, BVC eller vården.",
    "timetable": "Samtal och hembesök de första sex veckorna, kommunicering före beslut.",
    "needs": "Behov av en stabil vardag och stöd i relationen till föräldrarna.",
    "protective": "Ett fungerande nätverk och en trygg relation till en av föräldrarna.",
    "risk": "Oro för konflikter i hemmet och bristande tillsyn.",
    "summary": "Utredningen visar behov av stöd i familjen.",
    "no_needs": "Utredningen visar inga behov som socialtjänsten behöver möta.",
    "no_intervention": "Familjen tar emot stöd från BUP; ytterligare insats behövs inte nu.",
    "not_heard": "Barnet är för litet för ett samtal; barnet har observerats vid hembesök.",
    "goal": "Barnet får en trygg vuxen och stöd i vardagen.",
    "provider": "Stadsdelsförvaltningens öppenvård",
    "material": "Utredningens bedömning och förslag till beslut.",
    "network": "Skolan beskriver barnets närvaro och mående.",
    "follow_up": "Insatsen följs upp enligt planen; målen nås delvis.",
}


@dataclass(frozen=True)
class Family:
    """What the investigation's writer needs to know of the child's family."""

    birth_date: datetime.date
    guardian_ids: tuple[int, ...]
    foreign_born: float
    motivation_rate: float


@dataclass(frozen=True)
class Closing:
    """Who closes the investigation and when, and what the conclusion builds on."""

    worker: int
    supervisor: int
    finish: datetime.date
    age: int
    heard: bool
    #: The family's interpreter kind ("none" when none is needed).
    interpreter: str


class InvestigationWork:
    """Writes the BBIC investigation and the interventions of one investigation at a time."""

    def __init__(
        self, tables: dict[str, TableWriter], rng: random.Random, *, provision, today, clock
    ):
        """`provision(key, day)`: the provision's id in force; `clock(day, minute)`: an aware
        moment in Stockholm (the generator's `at`)."""
        self.tables = tables
        self.rng = rng
        self.provision = provision
        self.today = today
        self.clock = clock

    def _add(self, table: str, row: dict) -> dict:
        self.tables[table].add(row)
        return row

    def _at(self, day: datetime.date, hour: int = 14) -> datetime.datetime:
        return self.clock(day, hour * 60 + self.rng.randrange(0, 120))

    def _day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + DAY * self.rng.randint(0, max(0, (last - first).days))

    def write(
        self, investigation: dict, family: Family, worker: int, supervisor: int, finish, outcome
    ) -> None:
        """The investigation's rows up to `finish` (its closing, or today while it runs)."""
        rng, inv_id = self.rng, investigation["id"]
        opened = investigation["opened_on"]
        last = min(finish, self.today)
        age = age_on(family.birth_date, opened)
        interpreter = rng.random() < family.foreign_born * INTERPRETER_PER_FOREIGN_BORN
        language = rng.choice(LANGUAGES) if interpreter else ""
        kind = rng.choice((InterpreterKind.INTERPRETER, InterpreterKind.CULTURAL))
        needed = kind if interpreter else InterpreterKind.NONE
        early = min(last, opened + DAY * 7)
        recorded = {"recorded_by_id": worker}
        self._add(
            "bbic_plans",
            bbic.plan_revised(
                inv_id,
                previous_revision=0,
                questions=TEXT["questions"],
                informants=TEXT["informants"],
                timetable=TEXT["timetable"],
                at=self._at(early),
                **recorded,
            ),
        )
        for person_id in family.guardian_ids if interpreter else ():
            self._add(
                "bbic_interpreter_needs",
                bbic.interpreter_need(
                    inv_id,
                    person_id=person_id,
                    language=language,
                    kind=kind,
                    at=self._at(early),
                    **recorded,
                ),
            )
        held_on = self._day(opened, last)
        guardians, _ = bbic.meeting(
            inv_id,
            kind=MeetingKind.GUARDIANS,
            held_on=held_on,
            child_took_part=False,
            participant_ids=list(family.guardian_ids),
            interpreter_needed=needed,
            interpreter_used=needed,
            language=language,
            at=self._at(held_on),
            **recorded,
        )
        self._add("bbic_meetings", guardians)
        heard = rng.random() < next(share for below, share in HEARD if age < below)
        if heard:
            held_on = self._day(opened, last)
            conversation, _ = bbic.meeting(
                inv_id,
                kind=MeetingKind.CHILD_CONVERSATION,
                held_on=held_on,
                child_took_part=True,
                participant_ids=[],
                at=self._at(held_on),
                **recorded,
            )
            self._add("bbic_meetings", conversation)
        contacted_on = self._day(opened, last)
        self._add(
            "bbic_network",
            bbic.network_contact(
                inv_id,
                kind=NetworkKind.BVC
                if age < 1
                else NetworkKind.PRESCHOOL
                if age < 6
                else NetworkKind.SCHOOL,
                organisation="",
                contacted_on=contacted_on,
                consent=NetworkConsent.OBTAINED,
                consent_note="",
                summary=TEXT["network"],
                at=self._at(contacted_on),
                **recorded,
            ),
        )
        for area in rng.sample(AREAS, 3):
            self._add(
                "bbic_areas",
                bbic.area_revised(
                    inv_id,
                    area,
                    previous_revision=0,
                    needs=TEXT["needs"],
                    protective_factors=TEXT["protective"],
                    risk_factors=TEXT["risk"],
                    at=self._at(self._day(opened, last)),
                    **recorded,
                ),
            )
        if not outcome:
            return  # still running: the conclusion and what follows are still to come
        closing = Closing(worker, supervisor, finish, age, heard, kind if interpreter else "none")
        self._conclude(investigation, family, closing, outcome)

    def _conclude(self, investigation, family, closing: "Closing", outcome) -> None:
        """Kommunicering, the conclusion, and the proposal or LVU consideration it leads to."""
        worker, finish, age, heard = closing.worker, closing.finish, closing.age, closing.heard
        rng, inv_id = self.rng, investigation["id"]
        opened = investigation["opened_on"]
        recorded = {"recorded_by_id": worker}
        shared_on = max(opened, finish - DAY * rng.randint(7, 14))
        communication, recipients = bbic.communication(
            inv_id,
            shared_on=shared_on,
            material=TEXT["material"],
            recipient_ids=list(family.guardian_ids),
            with_child=age >= 15,
            method=CommunicationMethod.LETTER,
            comment_deadline=shared_on + DAY * 7,
            at=self._at(shared_on),
            **recorded,
        )
        self._add("bbic_communications", communication)
        for person_id in recipients:
            self._add(
                "bbic_recipients", {"communication_id": communication["id"], "person_id": person_id}
            )
        answered = rng.random() < 0.5
        self._add(
            "bbic_responses",
            bbic.communication_response(
                communication["id"],
                received_on=min(finish, shared_on + DAY * 5) if answered else None,
                comments="Vårdnadshavarna delar inte allt i bedömningen." if answered else "",
                at=self._at(finish, 10),
                **recorded,
            ),
        )
        proposing = outcome != Investigation.Outcome.NO_INTERVENTION
        needs = proposing or rng.random() < NEEDS_WITHOUT_INTERVENTION
        serious = outcome == Investigation.Outcome.LVU or (
            proposing and rng.random() < SERIOUS_SHARE
        )
        self._add(
            "bbic_conclusions",
            bbic.conclusion_revised(
                inv_id,
                previous_revision=0,
                needs_identified=needs,
                serious_need=serious,
                needs_summary=TEXT["summary"] if needs else TEXT["no_needs"],
                proposed_interventions=TEXT["goal"] if proposing else "",
                no_intervention_reason="" if proposing or not needs else TEXT["no_intervention"],
                not_heard_reason="" if heard else TEXT["not_heard"],
                at=self._at(finish, 9),
                **recorded,
            ),
        )
        if outcome == Investigation.Outcome.INTERVENTION:
            self._propose(investigation, family, closing, serious)
        elif outcome == Investigation.Outcome.LVU:
            self._lvu(investigation, worker, finish, consent_missing=True)

    def _propose(self, investigation, family, closing: "Closing", serious: bool) -> None:
        """A voluntary proposal, each guardian's answer, and the decision or the work for
        consent that is missing."""
        rng, worker, finish, age = self.rng, closing.worker, closing.finish, closing.age
        proposed_on = max(investigation["opened_on"], finish - DAY * rng.randint(10, 30))
        kind = rng.choice(OPEN_CARE[:4] if age < 13 else OPEN_CARE)
        proposal = self._add(
            "proposals",
            interventions.proposal(
                investigation,
                kind=kind,
                basis=Basis.VOLUNTARY,
                provision_id=self.provision("intervention_voluntary", proposed_on),
                goal=TEXT["goal"],
                proposed_on=proposed_on,
                proposed_by_id=worker,
                at=self._at(proposed_on),
            ),
        )
        interpreted = closing.interpreter != MotivationWork.Interpreter.NONE
        missing_share = (
            CONSENT_MISSING
            + (CONSENT_MISSING_YOUNG if age < 7 else 0)
            + (CONSENT_MISSING_INTERPRETER if interpreted else 0)
        )
        missing = bool(family.guardian_ids) and rng.random() < missing_share
        answered_on = min(finish, proposed_on + DAY * rng.randint(1, 7))
        refusing = rng.choice(family.guardian_ids) if missing else None
        for person_id in family.guardian_ids:
            status = Consent.Status.GIVEN
            if person_id == refusing:
                status = (
                    Consent.Status.DECLINED
                    if rng.random() < DECLINED_SHARE
                    else Consent.Status.NOT_REACHABLE
                )
            self._add(
                "consents",
                interventions.consent(
                    proposal["id"],
                    person_id=person_id,
                    status=status,
                    answered_on=answered_on,
                    how=Consent.How.MEETING,
                    recorded_by_id=worker,
                    at=self._at(answered_on),
                ),
            )
        if missing:
            if rng.random() < family.motivation_rate:
                for _ in range(rng.randint(1, 3)):
                    worked_on = self._day(answered_on, finish)
                    self._add(
                        "motivation_work",
                        interventions.motivation_work(
                            investigation["id"],
                            proposal_id=proposal["id"],
                            kind=rng.choice(MotivationWork.WorkKind.values),
                            interpreter=closing.interpreter,
                            worked_on=worked_on,
                            outcome=MotivationWork.Outcome.STILL_DECLINED,
                            note="",
                            recorded_by_id=worker,
                            at=self._at(worked_on),
                        ),
                    )
            if serious and rng.random() < LVU_CONSIDERED:
                self._lvu(investigation, worker, finish, consent_missing=True)
            return
        decided_on = min(self.today, finish + DAY * rng.randint(0, 10))
        start_on = decided_on + DAY * rng.randint(0, 14)
        decision = self._add(
            "interventions",
            interventions.decision(
                proposal["id"],
                granted=True,
                decided_on=decided_on,
                decided_by_id=closing.supervisor,
                provision_id=self.provision("intervention_voluntary", decided_on),
                goal=TEXT["goal"],
                start_on=start_on,
                planned_end=start_on + DAY * 365,
                provider=TEXT["provider"],
                at=self._at(decided_on),
            ),
        )
        due_on = start_on + DAY * 90
        follow_up = interventions.follow_up_planned(
            decision["id"], due_on=due_on, planned_by_id=worker
        )
        done_on = due_on + DAY * rng.randint(-10, 20)
        if done_on <= self.today and rng.random() < 0.85:
            follow_up.update(
                interventions.follow_up_done(
                    done_on=done_on, text=TEXT["follow_up"], done_by_id=worker
                )
            )
        self._add("follow_ups", follow_up)

    def _lvu(self, investigation, worker, finish, *, consent_missing) -> None:
        """The LVU consideration; for an investigation ending in LVU, care begun,
        reconsidered every six months and, for most, ended before today."""
        rng, inv_id = self.rng, investigation["id"]
        considered_on = max(investigation["opened_on"], finish - DAY * rng.randint(0, 10))
        to_court = rng.random() < (0.5 if consent_missing else 0.2)
        self._add(
            "lvu_considerations",
            interventions.lvu_consideration(
                inv_id,
                home_environment=True,
                own_behaviour=rng.random() < 0.3,
                outcome=LvuConsideration.Outcome.COURT_APPLICATION
                if to_court
                else LvuConsideration.Outcome.NOT_APPLICABLE,
                reason="" if to_court else "Rekvisiten för vård enligt LVU är inte uppfyllda.",
                considered_on=considered_on,
                considered_by_id=worker,
                at=self._at(considered_on),
            ),
        )
        if not to_court or rng.random() >= LVU_CARE_BEGUN:
            return
        started_on = considered_on + DAY * rng.randint(14, 40)
        if started_on > self.today:
            return
        care = self._add(
            "lvu_care",
            interventions.lvu_care_started(
                inv_id,
                ground=rng.choice(LvuCare.Ground.values),
                started_on=started_on,
                recorded_by_id=worker,
            ),
        )
        # Its own generator, so that the rest of the demo draws what it drew before.
        end_rng = random.Random(f"lvu-end-{inv_id}")
        ends_on = started_on + DAY * end_rng.randint(*LVU_CARE_DAYS)
        while care["next_reconsideration_due"] <= min(self.today, ends_on):
            reconsidered_on = care["next_reconsideration_due"] - DAY * rng.randint(0, 14)
            row, fields = interventions.lvu_reconsidered(
                care, reconsidered_on=reconsidered_on, reconsidered_by_id=worker
            )
            self._add("lvu_reconsiderations", row)
            care.update(fields)
        if ends_on <= self.today:
            reasons = list(LVU_CARE_ENDS)
            reason = end_rng.choices(reasons, weights=[LVU_CARE_ENDS[r] for r in reasons])[0]
            care.update(
                interventions.lvu_care_ended(
                    care, ended_on=ends_on, reason=reason, ended_by_id=worker
                )
            )
