"""Scoped reads of interventions, consents, motivation work and LVU, and their facts.

Every read for a user starts from `visible_to(user)` (or `editable_by(user)` for a
write); the guardians of a proposal are the child's family as the proposal's district
records it (`people.selectors.relations_in`). The facts for the closing rules and the
quality indicator are SQL expressions over an outer investigation row
(`investigation_facts`), so many investigations are read in one query.
"""

import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from likvard.casework.selectors import all_investigations
from likvard.core.errors import NotFound
from likvard.people.models import Relation, RelationRole
from likvard.people.selectors import child_name_through, relations_in

from .effects import (
    CHILD_ALONE_KINDS,
    CUSTODY_PRECEDENCE,
    ConsentNeed,
    Guardian,
    child_alone_age,
    consent_need,
)
from .models import (
    PLACEMENT_KINDS,
    Basis,
    Consent,
    FollowUp,
    Intervention,
    InterventionProposal,
    LvuCare,
    LvuConsideration,
    MotivationWork,
)

#: How far ahead the queue shows an LVU reconsideration (and anything overdue).
LVU_QUEUE_DAYS = 30
#: How far ahead the queue shows a follow-up (and anything overdue).
FOLLOW_UP_QUEUE_DAYS = 7
#: How many rows of each queue section are drawn; the section says how many there are.
QUEUE_LIMIT = 20
#: How far a queue section counts its rows; beyond it, it says "more than".
QUEUE_COUNT_CAP = 100


@dataclass(frozen=True)
class QueuePart:
    """The first rows of a queue section, and how many there are in all."""

    rows: list
    total: int

    @property
    def capped(self) -> bool:
        """There are more than `QUEUE_COUNT_CAP`; `total` is not the count."""
        return self.total > QUEUE_COUNT_CAP


def _scoped(queryset, user, to_change: bool):
    return queryset.editable_by(user) if to_change else queryset.visible_to(user)


def proposals(user, *, to_change: bool = False):
    return _scoped(InterventionProposal.objects, user, to_change).select_related(
        "child", "district", "provision", "proposed_by"
    )


def consents(user, *, to_change: bool = False):
    return _scoped(Consent.objects, user, to_change).select_related("person", "recorded_by")


def interventions(user, *, to_change: bool = False):
    return _scoped(Intervention.objects, user, to_change).select_related(
        "proposal__child", "proposal__district", "decided_by", "provision"
    )


def follow_ups(user, *, to_change: bool = False):
    return _scoped(FollowUp.objects, user, to_change).select_related(
        "intervention__proposal", "planned_by", "done_by"
    )


def motivation_work(user, *, to_change: bool = False):
    return _scoped(MotivationWork.objects, user, to_change).select_related("recorded_by")


def lvu_considerations(user, *, to_change: bool = False):
    return _scoped(LvuConsideration.objects, user, to_change).select_related("considered_by")


def lvu_care(user, *, to_change: bool = False):
    return _scoped(LvuCare.objects, user, to_change).select_related("investigation")


def one(queryset, pk):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


# --- consent ---------------------------------------------------------------------------


def guardians(child, district_id: int, relations: list | None = None) -> list[Guardian]:
    """The child's current custodial guardians as the district records them (from
    `relations`, the child's current relations there, when the caller has read them)."""
    if relations is None:
        relations = relations_in(child, frozenset({district_id}))
    return [
        Guardian(r.person_id, str(r.person), r.custody)
        for r in relations
        if r.role == RelationRole.GUARDIAN
    ]


def household(child, district_id: int) -> dict[int, str]:
    """Every current relation of the child in the district: person id -> name."""
    return {r.person_id: str(r.person) for r in relations_in(child, frozenset({district_id}))}


def answers(proposal: InterventionProposal) -> dict[int | None, str]:
    """The current answer of each person (None: the child) to the proposal."""
    return dict(
        Consent.objects.filter(proposal=proposal, current=True).values_list("person_id", "status")
    )


def need(proposal: InterventionProposal, on: datetime.date) -> ConsentNeed:
    """Whose consent the proposal needs on `on`, and who is missing (see effects)."""
    return consent_need(
        proposal.kind,
        guardians(proposal.child, proposal.district_id),
        answers(proposal),
        birth_date=proposal.child.birth_date,
        on=on,
    )


# --- the investigation page ------------------------------------------------------------


@dataclass
class ProposalView:
    """A proposal as its section shows it: who answered what, who is missing."""

    proposal: InterventionProposal
    consents: list[Consent]
    history: list[Consent]
    need: ConsentNeed | None
    decision: Intervention | None
    follow_ups: list[FollowUp]


def investigation_overview(user, investigation, today: datetime.date, relations: list) -> dict:
    """The proposals with consents and decisions, the motivation work and LVU of one
    investigation, read in a fixed number of queries whatever their number (`relations`:
    the child's current relations in the investigation's district)."""
    # Each query joins only what the page shows: the child, district and investigation
    # are the one already read, and joined again they were half the columns Django
    # compiled for the page's widest queries (a third of its CPU is compiling SQL).
    rows = list(
        InterventionProposal.objects.visible_to(user)
        .filter(investigation=investigation)
        .select_related("provision", "proposed_by", "decision__decided_by")
        .order_by("proposed_on", "pk")
    )
    for proposal in rows:
        proposal.child, proposal.district = investigation.child, investigation.district
    ids = [p.pk for p in rows]
    by_proposal: dict[int, list[Consent]] = {pk: [] for pk in ids}
    for consent in consents(user).filter(proposal_id__in=ids).order_by("recorded_at", "pk"):
        by_proposal[consent.proposal_id].append(consent)
    plans: dict[int, list[FollowUp]] = {}
    for follow_up in (
        FollowUp.objects.visible_to(user)
        .filter(intervention__proposal_id__in=ids)
        .select_related("done_by")
        .order_by("due_on")
    ):
        plans.setdefault(follow_up.intervention_id, []).append(follow_up)
    family = guardians(investigation.child, investigation.district_id, relations)
    views = []
    for proposal in rows:
        decision = getattr(proposal, "decision", None)
        history = by_proposal[proposal.pk]
        current = [c for c in history if c.current]
        on = decision.decided_on if decision else today
        needed = None
        if proposal.basis == Basis.VOLUNTARY:
            needed = consent_need(
                proposal.kind,
                family,
                {c.person_id: c.status for c in current},
                birth_date=investigation.child.birth_date,
                on=on,
            )
        views.append(
            ProposalView(
                proposal,
                current,
                [c for c in history if not c.current],
                needed,
                decision,
                plans.get(decision.pk, []) if decision else [],
            )
        )
    work = list(
        motivation_work(user).filter(investigation=investigation).order_by("worked_on", "pk")
    )
    care = list(
        LvuCare.objects.visible_to(user).filter(investigation=investigation).order_by("started_on")
    )
    for row in care:
        row.investigation = investigation
    return {
        "proposals": views,
        "guardians": family,
        "motivation_work": work,
        "lvu_considerations": list(
            lvu_considerations(user).filter(investigation=investigation).order_by("considered_on")
        ),
        "lvu_care": care,
    }


def motivation_count(investigation_id: int) -> int:
    return MotivationWork.objects.filter(investigation_id=investigation_id).count()


# --- the queue -------------------------------------------------------------------------


def _own(queryset, user, investigation: str, recorder: str):
    """What is the user's own in their queue: their investigations, or what they recorded.

    A worker who assigns the district's cases (a supervisor) sees the district's; every
    other worker sees the follow-ups and reconsiderations of the investigations assigned
    to them and of what they planned or registered themselves. Without this the queue
    drew every overdue follow-up of the district, hundreds over the years, for everyone.
    """
    if user.may_assign_cases:
        return queryset
    # Two lookups by index rather than one OR across the joins, which PostgreSQL could
    # only answer by reading every open row of the district (170 ms over ten years).
    mine = set(
        queryset.filter(**{f"{investigation}__assigned_to": user}).values_list("pk", flat=True)
    )
    mine.update(queryset.filter(**{recorder: user}).values_list("pk", flat=True))
    return queryset.filter(pk__in=mine)


def _queue_page(queryset, order: tuple[str, ...], limit: int) -> QueuePart:
    rows = list(queryset.order_by(*order)[: limit + 1])
    if len(rows) <= limit:
        return QueuePart(rows, len(rows))
    # Counted no further than the cap: a district's count of years of overdue rows read
    # every one of them on each request, and "more than 100" tells the worker as much.
    return QueuePart(rows[:limit], queryset[: QUEUE_COUNT_CAP + 1].count())


def follow_ups_due(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> QueuePart:
    """The user's follow-ups not yet recorded, due within a week or overdue (see `_own`)."""
    horizon = today + datetime.timedelta(days=FOLLOW_UP_QUEUE_DAYS)
    due = _own(
        follow_ups(user, to_change=True).filter(done_on__isnull=True, due_on__lte=horizon),
        user,
        "intervention__proposal__investigation",
        "planned_by",
    )
    # Only what a row shows: with every column of the five joined tables the query took
    # longer to compile than to run.
    due = due.select_related(None).select_related("intervention__proposal__child")
    due = due.only(
        "due_on",
        "intervention__proposal__kind",
        "intervention__proposal__investigation_id",
        *child_name_through("intervention__proposal__child"),
    )
    return _queue_page(due, ("due_on", "pk"), limit)


def lvu_reconsiderations_due(user, today: datetime.date, limit: int = QUEUE_LIMIT) -> QueuePart:
    """The user's ongoing care under LVU to reconsider within 30 days, or overdue (see
    `_own`); ended care has no reconsideration due."""
    horizon = today + datetime.timedelta(days=LVU_QUEUE_DAYS)
    due = _own(
        lvu_care(user, to_change=True).filter(
            ended_on__isnull=True, next_reconsideration_due__lte=horizon
        ),
        user,
        "investigation",
        "recorded_by",
    )
    due = due.select_related(None).select_related("investigation__child")
    due = due.only("next_reconsideration_due", *child_name_through("investigation__child"))
    return _queue_page(due, ("next_reconsideration_due", "pk"), limit)


# --- facts for the closing rules and the quality indicator -----------------------------


def _birth_cutoff(on: datetime.date, years: int) -> datetime.date:
    """The latest birth date of a child who is `years` old on `on`."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


def _required_guardian(proposal_ref: str):
    """An Exists over the current custodial guardians a proposal needs, by precedence:
    the first kind of custody present decides (`effects.CUSTODY_PRECEDENCE`).

    Relation is read directly: an expression over an outer row cannot go through
    `people.selectors`, and the district is the proposal's own (the family per district).
    """
    family = Relation.objects.filter(
        child_id=OuterRef(f"{proposal_ref}child_id"),
        district_id=OuterRef(f"{proposal_ref}district_id"),
        role=RelationRole.GUARDIAN,
        valid_until__isnull=True,
    )
    conditions = []
    for rank, custody in enumerate(CUSTODY_PRECEDENCE):
        earlier = CUSTODY_PRECEDENCE[:rank]
        condition = Q(custody=custody)
        if earlier:
            condition &= ~Exists(
                Relation.objects.filter(
                    child_id=OuterRef("child_id"),
                    district_id=OuterRef("district_id"),
                    role=RelationRole.GUARDIAN,
                    valid_until__isnull=True,
                    custody__in=earlier,
                )
            )
        conditions.append(condition)
    return family.filter(reduce(operator.or_, conditions))


def consent_missing_proposals(on: datetime.date):
    """Voluntary proposals, not granted, that lack a consent they need on `on`: a
    required guardian without a current given consent, a joint-custody guardian alone
    (`effects.lone_joint_custody`), or no guardian at all, unless
    the child's own consent suffices (`effects.consent_need` as SQL)."""
    granted = Intervention.objects.filter(proposal=OuterRef("pk"), granted=True)
    guardian = _required_guardian("")
    given = Consent.objects.filter(
        proposal=OuterRef(OuterRef("pk")),
        person_id=OuterRef("person_id"),
        current=True,
        status=Consent.Status.GIVEN,
    )
    lacking = guardian.filter(~Exists(given))
    other_joint = Relation.objects.filter(
        child_id=OuterRef("child_id"),
        district_id=OuterRef("district_id"),
        role=RelationRole.GUARDIAN,
        valid_until__isnull=True,
        custody="joint",
    ).exclude(person_id=OuterRef("person_id"))
    lone_joint = guardian.filter(custody="joint").filter(~Exists(other_joint))
    missing = ~Exists(guardian) | Exists(lacking) | Exists(lone_joint)
    age = child_alone_age(on)
    if age is not None:
        child_gave = Consent.objects.filter(
            proposal=OuterRef("pk"),
            person__isnull=True,
            current=True,
            status=Consent.Status.GIVEN,
        )
        alone = (
            Q(kind__in=CHILD_ALONE_KINDS)
            & Q(child__birth_date__lte=_birth_cutoff(on, age))
            & Exists(child_gave)
        )
        missing &= ~alone
    return InterventionProposal.objects.filter(Q(basis=Basis.VOLUNTARY), ~Exists(granted), missing)


def investigation_facts(on: datetime.date) -> dict:
    """What interventions records about each investigation, as expressions over an outer
    investigation row (one EXISTS each): for the closing rules and the indicator."""
    outer = OuterRef("pk")
    return {
        "consent_missing": Exists(consent_missing_proposals(on).filter(investigation=outer)),
        "motivation_work_recorded": Exists(MotivationWork.objects.filter(investigation=outer)),
    }


def consent_and_motivation(
    investigation_ids: Iterable[int], on: datetime.date
) -> dict[int, tuple[bool, bool]]:
    """For the quality indicator: id -> (consent_missing, motivation_work_recorded), in
    one query for any number of investigations."""
    rows = (
        all_investigations()
        .filter(pk__in=list(investigation_ids))
        .annotate(**investigation_facts(on))
        .values_list("pk", "consent_missing", "motivation_work_recorded")
    )
    return {pk: (missing, worked) for pk, missing, worked in rows}


def closing_facts(investigation, on: datetime.date) -> dict:
    """The facts CONTRACT.md names for the guideline rules at closing (falsy when empty)."""
    proposals_here = InterventionProposal.objects.filter(investigation_id=investigation.pk)
    missing, _worked = consent_and_motivation([investigation.pk], on).get(
        investigation.pk, (False, False)
    )
    return {
        "interventions_proposed": proposals_here.count(),
        "interventions_granted": proposals_here.filter(decision__granted=True).count(),
        "consent_missing": bool(missing),
        "motivation_work_count": motivation_count(investigation.pk),
        "placement_proposed": proposals_here.filter(kind__in=PLACEMENT_KINDS).exists(),
        "lvu_considered": LvuConsideration.objects.filter(
            investigation_id=investigation.pk
        ).exists(),
    }


@dataclass(frozen=True)
class DecisionRecord:
    """What the decision's document shows, read once after the decision's commit."""

    decision: Intervention
    consents: list[Consent]
    need: ConsentNeed | None
    motivation_count: int


def decision_record(decision_id: int) -> DecisionRecord:
    """The decision with its proposal, child, law and consents (unscoped: the step that
    made it was allowed, and the document is filed in the same case)."""
    decision = Intervention.objects.select_related(
        "proposal__child", "proposal__provision", "provision", "decided_by"
    ).get(pk=decision_id)
    proposal = decision.proposal
    given = list(
        Consent.objects.filter(proposal=proposal, current=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    needed = need(proposal, decision.decided_on) if proposal.basis == Basis.VOLUNTARY else None
    return DecisionRecord(decision, given, needed, motivation_count(proposal.investigation_id))


def proposals_of(investigation_id: int) -> list[InterventionProposal]:
    """The proposals of an investigation the caller has already read in scope."""
    return list(
        InterventionProposal.objects.filter(investigation_id=investigation_id).order_by(
            "proposed_on", "pk"
        )
    )


def decided_between(user, first: datetime.date, last: datetime.date, district_ids=(), born=None):
    """(report id, district id, decided on, child's birth date, investigation id,
    intervention id) of every intervention the user reads decided between `first` and
    `last`, in an investigation a report's decision opened: the inspectors' draw, in
    one query."""
    rows = Intervention.objects.visible_to(user).filter(
        decided_on__range=(first, last),
        proposal__investigation__opening_decision__isnull=False,
    )
    if district_ids:
        rows = rows.filter(proposal__district_id__in=list(district_ids))
    if born:
        rows = rows.filter(proposal__child__birth_date__range=born)
    return rows.values_list(
        "proposal__investigation__opening_decision__pre_assessment__report_id",
        "proposal__district_id",
        "decided_on",
        "proposal__child__birth_date",
        "proposal__investigation_id",
        "id",
    )
