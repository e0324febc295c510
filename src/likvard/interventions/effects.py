"""What each interventions step writes, and whose consent a proposal needs: plain values.

The services save what these return (under their locks, with their audit entries); the
demo generator hands the same rows to its bulk writer. They neither read nor write the
database and take no model instances (see casework/effects.py).

The consent rule is data (`CUSTODY_PRECEDENCE`, `CHILD_ALONE_KINDS`, `CHILD_ALONE_AGE`)
read by one pure function, `consent_need`, which the page, the decision and the
document all use.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from likvard.core.calendar import add_months
from likvard.reports import deadlines

from .models import Consent, Kind, LvuCare

# --- whose consent a voluntary proposal needs ------------------------------------------

#: Who consents for the child, by custody: the first kind of custody present among the
#: current guardians decides, and every guardian with it must consent. A specially
#: appointed custodian (särskilt förordnad) replaces the parents; one with sole custody
#: consents alone; with joint custody every custodial guardian consents (FB 6:13).
CUSTODY_PRECEDENCE = ("appointed", "sole", "joint")

#: Open interventions a child may accept alone, without the guardians' consent (SoL
#: 2001:453 3 kap. 6 a–6 b §§ as amended from 2023-07-01, prop. 2022/23:64: open
#: interventions and a contact person or specially qualified contact person). Never a
#: contact family, family treatment, a parenting programme (the guardians take part) or
#: a placement.
CHILD_ALONE_KINDS = frozenset(
    {Kind.CONTACT_PERSON, Kind.QUALIFIED_CONTACT_PERSON, Kind.YOUTH_PROGRAMME}
)

#: From which date a child of which age may consent alone: 15 from 2013-01-01, 12 from
#: 2023-07-01 (prop. 2022/23:64). The last row in force on the decision date applies.
CHILD_ALONE_AGE = ((datetime.date(2013, 1, 1), 15), (datetime.date(2023, 7, 1), 12))


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years of age on a day (a birthday counts from that day)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def child_alone_age(on: datetime.date) -> int | None:
    """The age from which a child may consent alone on `on` (None before the rule)."""
    age = None
    for start, years in CHILD_ALONE_AGE:
        if on >= start:
            age = years
    return age


def child_may_consent_alone(kind: str, birth_date: datetime.date, on: datetime.date) -> bool:
    """Whether the child's own consent suffices for `kind`, judged on the date `on`."""
    threshold = child_alone_age(on)
    return (
        kind in CHILD_ALONE_KINDS and threshold is not None and age_on(birth_date, on) >= threshold
    )


@dataclass(frozen=True)
class Guardian:
    """A current custodial guardian of the child, as the district records them."""

    person_id: int
    name: str
    custody: str


@dataclass(frozen=True)
class ConsentNeed:
    """Whose consent a voluntary proposal needs, and what is missing, on a date."""

    #: The guardians whose consent is needed (unless the child's own suffices).
    required: tuple[Guardian, ...]
    #: The child's own consent would suffice on this date.
    child_may_alone: bool
    #: Given: the child's own consent, alone.
    by_child_alone: bool
    #: Who is missing, by name, as the page and the decision print it.
    missing: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        return not self.missing


def required_guardians(guardians: Sequence[Guardian]) -> tuple[Guardian, ...]:
    """The guardians who must consent, by `CUSTODY_PRECEDENCE`."""
    for custody in CUSTODY_PRECEDENCE:
        chosen = tuple(g for g in guardians if g.custody == custody)
        if chosen:
            return chosen
    return ()


def consent_need(
    kind: str,
    guardians: Sequence[Guardian],
    answers: Mapping[int | None, str],
    *,
    birth_date: datetime.date,
    on: datetime.date,
) -> ConsentNeed:
    """Whose consent a voluntary proposal of `kind` needs on `on`, and who is missing.

    `answers` holds the current status of each person's consent (person id, None for the
    child). The child's own consent suffices alone where `child_may_consent_alone`;
    otherwise every guardian `required_guardians` names must have given theirs. With no
    guardian recorded, consent is missing ("Ingen vårdnadshavare är registrerad"); with a
    single guardian recorded with joint custody, the other one's is missing too.
    """
    required = required_guardians(guardians)
    alone = child_may_consent_alone(kind, birth_date, on)
    if alone and answers.get(None) == Consent.Status.GIVEN:
        return ConsentNeed(required, True, True, ())
    if not required:
        missing: tuple[str, ...] = (_("Ingen vårdnadshavare är registrerad"),)
    else:
        missing = tuple(
            g.name for g in required if answers.get(g.person_id) != Consent.Status.GIVEN
        )
        if lone_joint_custody(required):
            missing += (_("Den andra vårdnadshavaren med gemensam vårdnad är inte registrerad"),)
    return ConsentNeed(required, alone, False, missing)


def lone_joint_custody(required: Sequence[Guardian]) -> bool:
    """Joint custody is held by two: one joint-custody guardian alone means the other is
    not recorded (or their relation was ended), never that one consent suffices."""
    return len(required) == 1 and required[0].custody == "joint"


# --- rows ------------------------------------------------------------------------------


def proposal(
    investigation: Mapping,
    *,
    kind: str,
    basis: str,
    provision_id: int | None,
    goal: str,
    proposed_on: datetime.date,
    proposed_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    """A proposal in an investigation (`investigation`: its id, child_id, district_id)."""
    return {
        "investigation_id": investigation["id"],
        "child_id": investigation["child_id"],
        "district_id": investigation["district_id"],
        "kind": kind,
        "basis": basis,
        "provision_id": provision_id,
        "goal": goal,
        "proposed_on": proposed_on,
        "backdating_reason": backdating_reason,
        "proposed_by_id": proposed_by_id,
        "recorded_at": at,
    }


def consent(
    proposal_id: int,
    *,
    person_id: int | None,
    status: str,
    answered_on: datetime.date,
    how: str,
    recorded_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    """A person's answer (None: the child's own), the current one from now on."""
    return {
        "proposal_id": proposal_id,
        "person_id": person_id,
        "status": status,
        "answered_on": answered_on,
        "how": how,
        "backdating_reason": backdating_reason,
        "recorded_by_id": recorded_by_id,
        "recorded_at": at,
        "current": True,
    }


def decision(
    proposal_id: int,
    *,
    granted: bool,
    decided_on: datetime.date,
    decided_by_id: int,
    provision_id: int | None,
    goal: str,
    at: datetime.datetime,
    child_consented_alone: bool = False,
    start_on: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    provider: str = "",
    motivation: str = "",
    backdating_reason: str = "",
) -> dict:
    """The decision on a proposal; a refusal has no start, end or provider."""
    return {
        "proposal_id": proposal_id,
        "granted": granted,
        "decided_on": decided_on,
        "backdating_reason": backdating_reason,
        "decided_by_id": decided_by_id,
        "decided_at": at,
        "provision_id": provision_id,
        "child_consented_alone": child_consented_alone and granted,
        "start_on": start_on if granted else None,
        "planned_end": planned_end if granted else None,
        "provider": provider if granted else "",
        "goal": goal,
        "motivation": motivation,
    }


#: A follow-up is planned at most this many months after the planned end, and never
#: more than `FOLLOW_UP_MAX_MONTHS` after the start.
FOLLOW_UP_AFTER_END_MONTHS = 12
FOLLOW_UP_MAX_MONTHS = 60


def follow_up_latest(start_on: datetime.date, planned_end: datetime.date) -> datetime.date:
    """The last day a follow-up of an intervention may be planned for."""
    return min(
        _months_later(planned_end, FOLLOW_UP_AFTER_END_MONTHS),
        _months_later(start_on, FOLLOW_UP_MAX_MONTHS),
    )


def _months_later(day: datetime.date, months: int) -> datetime.date:
    """`add_months`, the calendar's last day where it would pass year 9999."""
    try:
        return add_months(day, months)
    except ValueError:
        return datetime.date.max


def follow_up_planned(intervention_id: int, *, due_on: datetime.date, planned_by_id: int) -> dict:
    return {
        "intervention_id": intervention_id,
        "due_on": due_on,
        "planned_by_id": planned_by_id,
        "done_on": None,
        "text": "",
        "done_by_id": None,
        "backdating_reason": "",
    }


def follow_up_done(
    *, done_on: datetime.date, text: str, done_by_id: int, backdating_reason: str = ""
) -> dict:
    """The fields a recorded follow-up sets on its planned row."""
    return {
        "done_on": done_on,
        "text": text,
        "done_by_id": done_by_id,
        "backdating_reason": backdating_reason,
    }


def motivation_work(
    investigation_id: int,
    *,
    proposal_id: int | None,
    kind: str,
    interpreter: str,
    worked_on: datetime.date,
    outcome: str,
    note: str,
    recorded_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    return {
        "investigation_id": investigation_id,
        "proposal_id": proposal_id,
        "kind": kind,
        "interpreter": interpreter,
        "worked_on": worked_on,
        "backdating_reason": backdating_reason,
        "outcome": outcome,
        "note": note,
        "recorded_by_id": recorded_by_id,
        "recorded_at": at,
    }


def lvu_consideration(
    investigation_id: int,
    *,
    home_environment: bool,
    own_behaviour: bool,
    outcome: str,
    reason: str,
    considered_on: datetime.date,
    considered_by_id: int,
    at: datetime.datetime,
    backdating_reason: str = "",
) -> dict:
    return {
        "investigation_id": investigation_id,
        "home_environment": home_environment,
        "own_behaviour": own_behaviour,
        "outcome": outcome,
        "reason": reason,
        "considered_on": considered_on,
        "backdating_reason": backdating_reason,
        "considered_by_id": considered_by_id,
        "recorded_at": at,
    }


def lvu_care_started(
    investigation_id: int,
    *,
    ground: str,
    started_on: datetime.date,
    recorded_by_id: int,
    backdating_reason: str = "",
) -> dict:
    """Care under LVU begun, its first reconsideration due 6 months on (LVU 13 §)."""
    if ground not in LvuCare.Ground.values:
        raise ValueError(f"unknown LVU ground {ground!r}")
    return {
        "investigation_id": investigation_id,
        "ground": ground,
        "started_on": started_on,
        "backdating_reason": backdating_reason,
        "last_reconsidered_on": None,
        "next_reconsideration_due": deadlines.lvu_reconsideration_due(started_on),
        "recorded_by_id": recorded_by_id,
        "version": 1,
    }


def lvu_care_ended(
    care: dict,
    *,
    ended_on: datetime.date,
    reason: str,
    ended_by_id: int,
    backdating_reason: str = "",
) -> dict:
    """The care's new fields when it ends (`care`: its started_on and version); the
    reconsideration clock stops with it (the queue reads only ongoing care)."""
    if reason not in LvuCare.EndReason.values:
        raise ValueError(f"unknown reason for the end of LVU care {reason!r}")
    if ended_on < care["started_on"]:
        raise ValueError("care under LVU cannot end before it began")
    return {
        "ended_on": ended_on,
        "end_reason": reason,
        "end_backdating_reason": backdating_reason,
        "ended_by_id": ended_by_id,
        "version": care["version"] + 1,
    }


def lvu_reconsidered(
    care: Mapping,
    *,
    reconsidered_on: datetime.date,
    reconsidered_by_id: int,
    backdating_reason: str = "",
) -> tuple[dict, dict]:
    """(the reconsideration's row, the care's new fields): the clock moves 6 months on
    from this reconsideration. `care`: its id, started_on, next_reconsideration_due and
    version."""
    next_due = deadlines.lvu_reconsideration_due(care["started_on"], reconsidered_on)
    row = {
        "care_id": care["id"],
        "reconsidered_on": reconsidered_on,
        "backdating_reason": backdating_reason,
        "previous_due": care["next_reconsideration_due"],
        "next_due": next_due,
        "reconsidered_by_id": reconsidered_by_id,
    }
    fields = {
        "last_reconsidered_on": reconsidered_on,
        "next_reconsideration_due": next_due,
        "version": care["version"] + 1,
    }
    return row, fields
