"""Every write of interventions: proposals, consents, decisions, follow-ups, motivation
work, LVU considerations and care.

Each function takes the acting user, scopes the row to what that user may change
(`editable_by`, else NotFound), validates (all dates a worker enters through
`reports.dates.event_date`), writes what `effects.py` computes and audits it with the
child and the district named, in one transaction. A refusal writes nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.casework import selectors as casework
from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import moment
from likvard.core.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.core.validation import EarlierEvent, check_reason, check_text
from likvard.documents import services as documents
from likvard.reports import dates
from likvard.reports.workflow import InvestigationState

from . import effects, letters, selectors
from .models import (
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

#: The shortest reason why care under LVU is not applicable.
LVU_REASON_MIN = 10
#: The shortest motivation of a refusal (förvaltningslagen 32 §: a decision that goes
#: the family against states its reasons).
REFUSAL_REASON_MIN = 20
MAX_PROVIDER = 200


def _choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field=field)
    return value


def _investigation(actor, investigation_id: int, *, ongoing: bool = True, lock: bool = False):
    """An investigation the actor may change (NotFound otherwise); ongoing if asked;
    locked (PostgreSQL) if asked, so a check-then-write on its rows cannot race."""
    rows = casework.investigations(actor, to_change=True)
    if lock:
        rows = rows.select_for_update(of=("self",))
    investigation = rows.filter(pk=investigation_id).first()
    if investigation is None:
        raise NotFound()
    if ongoing and investigation.state != InvestigationState.ONGOING:
        raise TransitionNotAllowed(
            _("Utredningen är avslutad. Det här dokumenteras medan utredningen pågår."),
            code="investigation_closed",
        )
    return investigation


def _event(district, day, field, earlier: EarlierEvent, reason: str, now) -> str:
    if day is None:
        raise InvalidInput(_("Ange datum."), code="required", field=field)
    return dates.event_date(district, day, field, earlier=earlier, reason=reason, now=now)


def _opened(investigation) -> EarlierEvent:
    return EarlierEvent(investigation.opened_on, _("utredningen inleddes"))


def _audit(actor, verb: str, obj, investigation_or_proposal, after: dict, reason: str = ""):
    record(
        actor,
        AuditEntry.Action.CREATE,
        verb,
        obj,
        child_id=investigation_or_proposal.child_id,
        district_id=investigation_or_proposal.district_id,
        after=after,
        reason=reason,
    )


def _backdated(actor, obj, case, field: str, day, reason: str) -> None:
    """Log a date entered before the day it was recorded, with its reason."""
    if reason:
        record(
            actor,
            AuditEntry.Action.CREATE,
            "backdate_event",
            obj,
            child_id=case.child_id,
            district_id=case.district_id,
            reason=reason,
            after={field: str(day)},
        )


# --- proposals -------------------------------------------------------------------------


def _provision_key(basis: str) -> str:
    return "intervention_voluntary" if basis == Basis.VOLUNTARY else "lvu_care"


def propose(
    actor,
    investigation_id: int,
    *,
    kind: str,
    basis: str,
    goal: str,
    proposed_on: datetime.date,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> InterventionProposal:
    """Propose an intervention in an ongoing investigation (a placement too: it can be
    proposed, not granted here). One undecided proposal of a kind per investigation,
    checked under the investigation's lock, so a double submit writes once."""
    _choice(kind, Kind, "kind")
    _choice(basis, Basis, "basis")
    goal = check_text(goal, "goal")
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id, lock=True)
        if InterventionProposal.objects.filter(
            investigation=investigation, kind=kind, decision__isnull=True
        ).exists():
            raise TransitionNotAllowed(
                _(
                    "Insatsen är redan föreslagen i utredningen och väntar på beslut. "
                    "Besluta om det förslaget först."
                ),
                code="already_proposed",
                field="kind",
            )
        reason = _event(
            investigation.district,
            proposed_on,
            "proposed_on",
            _opened(investigation),
            backdating_reason,
            now,
        )
        provision = provision_in_force(_provision_key(basis), proposed_on)
        proposal = InterventionProposal.objects.create(
            **effects.proposal(
                {
                    "id": investigation.pk,
                    "child_id": investigation.child_id,
                    "district_id": investigation.district_id,
                },
                kind=kind,
                basis=basis,
                provision_id=provision.pk if provision else None,
                goal=goal,
                proposed_on=proposed_on,
                proposed_by_id=actor.pk,
                at=now,
                backdating_reason=reason,
            )
        )
        _audit(
            actor,
            "propose_intervention",
            proposal,
            proposal,
            {"investigation": investigation.pk, "kind": kind, "basis": basis},
        )
        _backdated(actor, proposal, proposal, "proposed_on", proposed_on, reason)
    return proposal


# --- consent ---------------------------------------------------------------------------


def _open_proposal(actor, proposal_id: int) -> InterventionProposal:
    """A proposal the actor may change, locked (PostgreSQL) against a concurrent step."""
    rows = selectors.proposals(actor, to_change=True).select_for_update(of=("self",))
    proposal = rows.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound()
    return proposal


def _check_person(proposal: InterventionProposal, person_id: int | None, on) -> None:
    """A guardian with custody in the proposal's district, or the child old enough."""
    if person_id is None:
        threshold = effects.child_alone_age(on) or 15
        if effects.age_on(proposal.child.birth_date, on) < threshold:
            raise InvalidInput(
                _(
                    "Barnet är under %(age)d år och kan inte samtycka till insatsen på egen "
                    "hand. Insatsen kräver vårdnadshavarnas samtycke."
                )
                % {"age": threshold},
                code="child_too_young",
                field="person",
            )
        return
    guardians = {g.person_id for g in selectors.guardians(proposal.child, proposal.district_id)}
    if person_id not in guardians:
        # Named only when the district records the person in the child's family.
        name = selectors.household(proposal.child, proposal.district_id).get(person_id)
        raise InvalidInput(
            _("%(name)s är inte vårdnadshavare för barnet.") % {"name": name or _("Personen")},
            code="not_guardian",
            field="person",
        )


def record_consent(
    actor,
    proposal_id: int,
    *,
    person: int | None,
    status: str,
    answered_on: datetime.date,
    how: str,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> Consent:
    """Record a guardian's (or, `person` None, the child's own) answer to a voluntary
    proposal. The previous answer of the same person stays as history; the new one is
    current. A double submit meets the unique current answer and is refused."""
    _choice(status, Consent.Status, "status")
    _choice(how, Consent.How, "how")
    now = moment(at)
    try:
        with transaction.atomic():
            proposal = _open_proposal(actor, proposal_id)
            if proposal.basis != Basis.VOLUNTARY:
                raise InvalidInput(
                    _("Samtycke dokumenteras för frivilliga insatser, inte för vård enligt LVU."),
                    code="consent_not_needed",
                )
            if hasattr(proposal, "decision"):
                raise TransitionNotAllowed(_("Insatsen är redan beslutad."), code="already_decided")
            reason = _event(
                proposal.district,
                answered_on,
                "answered_on",
                EarlierEvent(proposal.proposed_on, _("insatsen föreslogs")),
                backdating_reason,
                now,
            )
            _check_person(proposal, person, answered_on)
            previous = Consent.objects.filter(proposal=proposal, person_id=person, current=True)
            replaced = list(previous.values_list("pk", flat=True))
            previous.update(current=False)
            consent = Consent.objects.create(
                **effects.consent(
                    proposal.pk,
                    person_id=person,
                    status=status,
                    answered_on=answered_on,
                    how=how,
                    recorded_by_id=actor.pk,
                    at=now,
                    backdating_reason=reason,
                )
            )
            _audit(
                actor,
                "record_consent",
                consent,
                proposal,
                {
                    "proposal": proposal.pk,
                    "person": person,
                    "own_consent_of_child": person is None,
                    "status": status,
                    "replaces": replaced,
                },
            )
            _backdated(actor, consent, proposal, "answered_on", answered_on, reason)
    except IntegrityError as exc:  # the unique current answer held against a double submit
        raise ConcurrentChange() from exc
    return consent


# --- the decision ----------------------------------------------------------------------


def _check_delegation(actor) -> None:
    if not actor.may_decide_interventions:
        raise PermissionDenied(
            _(
                "Du har inte delegation att besluta om insatser. Beslutet fattas av den som "
                "har delegationen, oftast arbetsledaren."
            ),
            code="no_delegation",
        )


def _check_refusal(start_on, planned_end, provider: str, motivation: str) -> str:
    """A refusal states its reasons and carries nothing that only a granted
    intervention has (rather than dropping it unseen). Returns the motivation."""
    for field, value in (("start_on", start_on), ("planned_end", planned_end)):
        if value is not None:
            raise InvalidInput(
                _("Start och planerat slut anges bara när insatsen beviljas."),
                code="only_when_granted",
                field=field,
            )
    if provider:
        raise InvalidInput(
            _("Utförare anges bara när insatsen beviljas."),
            code="only_when_granted",
            field="provider",
        )
    return check_reason(motivation, "motivation", min_length=REFUSAL_REASON_MIN)


def _check_dates(granted: bool, decided_on, start_on, planned_end) -> None:
    if not granted:
        return
    if start_on is None:
        raise InvalidInput(_("Ange startdatum."), code="required", field="start_on")
    if start_on < decided_on:
        raise InvalidInput(
            _("Insatsen kan inte starta före beslutet (%(day)s).")
            % {"day": decided_on.isoformat()},
            code="start_before_decision",
            field="start_on",
        )
    if planned_end is None:
        raise InvalidInput(_("Ange planerat slutdatum."), code="required", field="planned_end")
    if planned_end <= start_on:
        raise InvalidInput(
            _("Det planerade slutdatumet ska ligga efter startdatumet."),
            code="end_before_start",
            field="planned_end",
        )


def decide(
    actor,
    proposal_id: int,
    *,
    granted: bool,
    decided_on: datetime.date,
    start_on: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    provider: str = "",
    goal: str = "",
    motivation: str = "",
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> Intervention:
    """Decide on a proposal, once, under the delegation `decide_interventions`.

    Granting needs a start on or after the decision and a planned end after the start;
    a refusal needs its reasons (`REFUSAL_REASON_MIN`) and no start, end or provider;
    a voluntary proposal is granted only with the consents it needs on the decision
    date (`effects.consent_need`); neither a placement nor care under LVU (the court's,
    recorded by `start_lvu_care`) is granted here. The decision is
    filed as a PDF in the child's file after the commit.
    """
    now = moment(at)
    provider = check_text(provider, "provider", required=False, max_length=MAX_PROVIDER)
    motivation = check_text(motivation, "motivation", required=False)
    try:
        with transaction.atomic():
            proposal = _open_proposal(actor, proposal_id)
            _check_delegation(actor)
            if hasattr(proposal, "decision"):
                raise TransitionNotAllowed(
                    _("Det finns redan ett beslut om den här insatsen."), code="already_decided"
                )
            if not granted:
                motivation = _check_refusal(start_on, planned_end, provider, motivation)
            if granted and proposal.is_placement:
                raise InvalidInput(
                    _(
                        "Placeringar beslutas inte här. Insatsen kan föreslås, men beslutet om "
                        "placering fattas i placeringsärendet."
                    ),
                    code="placement_not_decided_here",
                    field="granted",
                )
            if granted and proposal.basis == Basis.COMPULSORY:
                raise InvalidInput(
                    _(
                        "Vård enligt LVU beviljas inte här. Nämnden ansöker om vård hos "
                        "förvaltningsrätten: dokumentera övervägandet om vård enligt LVU och, "
                        "när vården har påbörjats, registrera vården enligt LVU."
                    ),
                    code="compulsory_by_court",
                    field="granted",
                )
            reason = _event(
                proposal.district,
                decided_on,
                "decided_on",
                EarlierEvent(proposal.proposed_on, _("insatsen föreslogs")),
                backdating_reason,
                now,
            )
            _check_dates(granted, decided_on, start_on, planned_end)
            goal = check_text(goal or proposal.goal, "goal")
            need = None
            if proposal.basis == Basis.VOLUNTARY:
                need = selectors.need(proposal, decided_on)
                if granted and need.missing:
                    raise InvalidInput(
                        _(
                            "En frivillig insats kan inte beviljas utan de samtycken som krävs. "
                            "Samtycke saknas: %(who)s."
                        )
                        % {"who": ", ".join(need.missing)},
                        code="consent_missing",
                        field="granted",
                    )
            provision = provision_in_force(_provision_key(proposal.basis), decided_on)
            decision = Intervention.objects.create(
                **effects.decision(
                    proposal.pk,
                    granted=granted,
                    decided_on=decided_on,
                    decided_by_id=actor.pk,
                    provision_id=provision.pk if provision else None,
                    goal=goal,
                    at=now,
                    child_consented_alone=bool(need and need.by_child_alone),
                    start_on=start_on,
                    planned_end=planned_end,
                    provider=provider,
                    motivation=motivation,
                    backdating_reason=reason,
                )
            )
            _audit(
                actor,
                "decide_intervention",
                decision,
                proposal,
                {
                    "proposal": proposal.pk,
                    "kind": proposal.kind,
                    "granted": granted,
                    "decided_on": decided_on.isoformat(),
                    "start_on": start_on.isoformat() if granted else None,
                    "provision": provision.pk if provision else None,
                    "consent_missing": list(need.missing) if need else [],
                },
            )
            _backdated(actor, decision, proposal, "decided_on", decided_on, reason)
            _file_on_commit(actor, proposal, decision)
    except IntegrityError as exc:  # the one decision per proposal held against a race
        raise TransitionNotAllowed(
            _("Det finns redan ett beslut om den här insatsen."), code="already_decided"
        ) from exc
    return decision


def _file_on_commit(actor, proposal: InterventionProposal, decision: Intervention) -> None:
    """After the commit, file the decision as a PDF in the case that opened the
    investigation (a decision rolled back files nothing; an investigation opened
    without a report has no case file to put it in)."""
    opening = proposal.investigation.opening_decision
    if opening is None:
        return
    report = opening.pre_assessment.report

    def file_it():
        title, content = letters.decision_document(decision.pk)
        documents.file_generated(actor, report, title=title, content=content)

    transaction.on_commit(file_it, robust=True)


# --- follow-ups ------------------------------------------------------------------------


def plan_follow_up(actor, intervention_id: int, *, due_on: datetime.date) -> FollowUp:
    """Plan a follow-up of a granted intervention, due on or after its start and no
    later than `effects.follow_up_latest` (a follow-up far off never comes due)."""
    if due_on is None:
        raise InvalidInput(_("Ange datum."), code="required", field="due_on")
    with transaction.atomic():
        decision = (
            selectors.interventions(actor, to_change=True)
            .select_for_update(of=("self",))
            .filter(pk=intervention_id)
            .first()
        )
        if decision is None:
            raise NotFound()
        if not decision.granted:
            raise InvalidInput(
                _("Uppföljning planeras för beviljade insatser."), code="not_granted"
            )
        if due_on < decision.start_on:
            raise InvalidInput(
                _("Uppföljningen kan inte ligga före insatsens start (%(day)s).")
                % {"day": decision.start_on.isoformat()},
                code="follow_up_before_start",
                field="due_on",
            )
        latest = effects.follow_up_latest(decision.start_on, decision.planned_end)
        if due_on > latest:
            raise InvalidInput(
                _(
                    "Uppföljningen ligger för långt fram. Planera den senast %(day)s "
                    "(ett år efter insatsens planerade slut, högst fem år efter starten)."
                )
                % {"day": latest.isoformat()},
                code="due_too_late",
                field="due_on",
            )
        if decision.follow_ups.filter(due_on=due_on).exists():
            raise InvalidInput(
                _("Det finns redan en uppföljning planerad den dagen."),
                code="follow_up_exists",
                field="due_on",
            )
        follow_up = FollowUp.objects.create(
            **effects.follow_up_planned(decision.pk, due_on=due_on, planned_by_id=actor.pk)
        )
        _audit(
            actor,
            "plan_follow_up",
            follow_up,
            decision.proposal,
            {"intervention": decision.pk, "due_on": due_on.isoformat()},
        )
    return follow_up


def record_follow_up(
    actor,
    follow_up_id: int,
    *,
    done_on: datetime.date,
    text: str,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> FollowUp:
    """Record that a planned follow-up was made; once (compare-and-swap on `done_on`)."""
    text = check_text(text, "text")
    now = moment(at)
    with transaction.atomic():
        follow_up = selectors.follow_ups(actor, to_change=True).filter(pk=follow_up_id).first()
        if follow_up is None:
            raise NotFound()
        decision = follow_up.intervention
        proposal = decision.proposal
        reason = _event(
            proposal.district,
            done_on,
            "done_on",
            EarlierEvent(decision.start_on, _("insatsen startade")),
            backdating_reason,
            now,
        )
        fields = effects.follow_up_done(
            done_on=done_on, text=text, done_by_id=actor.pk, backdating_reason=reason
        )
        if not FollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True).update(**fields):
            raise TransitionNotAllowed(
                _("Uppföljningen är redan dokumenterad."), code="already_recorded"
            )
        for name, value in fields.items():
            setattr(follow_up, name, value)
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "record_follow_up",
            follow_up,
            child_id=proposal.child_id,
            district_id=proposal.district_id,
            after={"intervention": decision.pk, "done_on": done_on.isoformat()},
        )
        _backdated(actor, follow_up, proposal, "done_on", done_on, reason)
    return follow_up


# --- motivation work -------------------------------------------------------------------


def record_motivation_work(
    actor,
    investigation_id: int,
    *,
    kind: str,
    interpreter: str,
    worked_on: datetime.date,
    outcome: str,
    note: str = "",
    proposal: int | None = None,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> MotivationWork:
    """Record what was done to win consent, in an ongoing investigation."""
    _choice(kind, MotivationWork.WorkKind, "kind")
    _choice(interpreter, MotivationWork.Interpreter, "interpreter")
    _choice(outcome, MotivationWork.Outcome, "outcome")
    note = check_text(note, "note", required=False)
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        if (
            proposal is not None
            and not selectors.proposals(actor, to_change=True)
            .filter(pk=proposal, investigation=investigation)
            .exists()
        ):
            raise InvalidInput(
                _("Förslaget hör inte till den här utredningen."),
                code="proposal_not_in_investigation",
                field="proposal",
            )
        reason = _event(
            investigation.district,
            worked_on,
            "worked_on",
            _opened(investigation),
            backdating_reason,
            now,
        )
        work = MotivationWork.objects.create(
            **effects.motivation_work(
                investigation.pk,
                proposal_id=proposal,
                kind=kind,
                interpreter=interpreter,
                worked_on=worked_on,
                outcome=outcome,
                note=note,
                recorded_by_id=actor.pk,
                at=now,
                backdating_reason=reason,
            )
        )
        _audit(
            actor,
            "record_motivation_work",
            work,
            investigation,
            {
                "investigation": investigation.pk,
                "kind": kind,
                "interpreter": interpreter,
                "outcome": outcome,
            },
        )
        _backdated(actor, work, investigation, "worked_on", worked_on, reason)
    return work


# --- LVU -------------------------------------------------------------------------------


def record_lvu_consideration(
    actor,
    investigation_id: int,
    *,
    home_environment: bool,
    own_behaviour: bool,
    outcome: str,
    considered_on: datetime.date,
    reason: str = "",
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> LvuConsideration:
    """Record that care under LVU was considered: on which grounds, with what outcome
    (not applicable needs its reason)."""
    _choice(outcome, LvuConsideration.Outcome, "outcome")
    if not (home_environment or own_behaviour):
        raise InvalidInput(
            _("Ange vilken grund som övervägts: 2 § LVU, 3 § LVU eller båda."),
            code="ground_required",
            field="home_environment",
        )
    if outcome == LvuConsideration.Outcome.NOT_APPLICABLE:
        reason = check_reason(reason, "reason", min_length=LVU_REASON_MIN)
    else:
        reason = check_text(reason, "reason", required=False)
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        backdated = _event(
            investigation.district,
            considered_on,
            "considered_on",
            _opened(investigation),
            backdating_reason,
            now,
        )
        consideration = LvuConsideration.objects.create(
            **effects.lvu_consideration(
                investigation.pk,
                home_environment=home_environment,
                own_behaviour=own_behaviour,
                outcome=outcome,
                reason=reason,
                considered_on=considered_on,
                considered_by_id=actor.pk,
                at=now,
                backdating_reason=backdated,
            )
        )
        _audit(
            actor,
            "record_lvu_consideration",
            consideration,
            investigation,
            {
                "investigation": investigation.pk,
                "home_environment": home_environment,
                "own_behaviour": own_behaviour,
                "outcome": outcome,
            },
        )
        _backdated(actor, consideration, investigation, "considered_on", considered_on, backdated)
    return consideration


#: The outcomes of an LVU consideration after which care under LVU can begin.
LVU_CARE_OUTCOMES = (
    LvuConsideration.Outcome.COURT_APPLICATION,
    LvuConsideration.Outcome.IMMEDIATE_CUSTODY,
)


def start_lvu_care(
    actor,
    investigation_id: int,
    *,
    ground: str,
    started_on: datetime.date,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> LvuCare:
    """Record that care under LVU began; its reconsideration is due 6 months on. The same
    start registered twice (a double submit) is refused by the unique constraint."""
    _choice(ground, LvuCare.Ground, "ground")
    now = moment(at)
    try:
        with transaction.atomic():
            care = _start_lvu_care(
                actor, investigation_id, ground, started_on, backdating_reason, now
            )
    except IntegrityError as exc:  # the same care, submitted twice
        raise TransitionNotAllowed(
            _("Vård enligt LVU med det startdatumet är redan registrerad i utredningen."),
            code="lvu_care_exists",
        ) from exc
    return care


def _start_lvu_care(actor, investigation_id, ground, started_on, backdating_reason, now) -> LvuCare:
    """The writes of `start_lvu_care`, inside its transaction."""
    investigation = _investigation(actor, investigation_id, ongoing=False)
    if not investigation.lvu_considerations.filter(outcome__in=LVU_CARE_OUTCOMES).exists():
        # Care under LVU follows a consideration that led to the court or to immediate
        # custody; without one the care would have no recorded ground in the case.
        raise TransitionNotAllowed(
            _(
                "Vård enligt LVU kan registreras först när ett övervägande om LVU med "
                "ansökan till förvaltningsrätten eller omedelbart omhändertagande är "
                "dokumenterat i utredningen."
            ),
            code="lvu_not_considered",
        )
    reason = _event(
        investigation.district,
        started_on,
        "started_on",
        _opened(investigation),
        backdating_reason,
        now,
    )
    care = LvuCare.objects.create(
        **effects.lvu_care_started(
            investigation.pk,
            ground=ground,
            started_on=started_on,
            recorded_by_id=actor.pk,
            backdating_reason=reason,
        )
    )
    _audit(
        actor,
        "start_lvu_care",
        care,
        investigation,
        {
            "investigation": investigation.pk,
            "ground": ground,
            "started_on": started_on.isoformat(),
            "next_reconsideration_due": care.next_reconsideration_due.isoformat(),
        },
    )
    _backdated(actor, care, investigation, "started_on", started_on, reason)
    return care


def reconsider_lvu_care(
    actor,
    care_id: int,
    *,
    version: int | None,
    reconsidered_on: datetime.date,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> LvuCare:
    """Record a reconsideration of care under LVU; the clock moves 6 months on from it.

    Compare-and-swap on the care's version (and a unique row per due date answered), so
    two submits of the same reconsideration cannot both move the clock.
    """
    now = moment(at)
    try:
        with transaction.atomic():
            care = _ongoing_care(actor, care_id, version)
            investigation = care.investigation
            last = care.last_reconsidered_on or care.started_on
            reason = _event(
                investigation.district,
                reconsidered_on,
                "reconsidered_on",
                EarlierEvent(last, _("det senaste övervägandet")),
                backdating_reason,
                now,
            )
            row, fields = effects.lvu_reconsidered(
                {
                    "id": care.pk,
                    "started_on": care.started_on,
                    "next_reconsideration_due": care.next_reconsideration_due,
                    "version": care.version,
                },
                reconsidered_on=reconsidered_on,
                reconsidered_by_id=actor.pk,
                backdating_reason=reason,
            )
            if not LvuCare.objects.filter(pk=care.pk, version=care.version).update(**fields):
                raise ConcurrentChange()
            reconsideration = LvuReconsideration.objects.create(**row)
            record(
                actor,
                AuditEntry.Action.UPDATE,
                "reconsider_lvu_care",
                care,
                child_id=investigation.child_id,
                district_id=investigation.district_id,
                before={"next_reconsideration_due": care.next_reconsideration_due.isoformat()},
                after={
                    "reconsidered_on": reconsidered_on.isoformat(),
                    "next_reconsideration_due": fields["next_reconsideration_due"].isoformat(),
                    "reconsideration": reconsideration.pk,
                },
            )
            _backdated(actor, care, investigation, "reconsidered_on", reconsidered_on, reason)
            for name, value in fields.items():
                setattr(care, name, value)
    except IntegrityError as exc:
        raise ConcurrentChange() from exc
    return care


def _ongoing_care(actor, care_id: int, version: int | None) -> LvuCare:
    """Care under LVU the actor may change, not ended, at the version they read."""
    care = selectors.lvu_care(actor, to_change=True).filter(pk=care_id).first()
    if care is None:
        raise NotFound()
    if care.ended_on is not None:
        raise TransitionNotAllowed(
            _("Vården enligt LVU upphörde %(day)s.") % {"day": care.ended_on.isoformat()},
            code="lvu_care_ended",
        )
    if version is not None and version != care.version:
        raise ConcurrentChange()
    return care


def end_lvu_care(
    actor,
    care_id: int,
    *,
    version: int | None,
    ended_on: datetime.date,
    reason: str,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> LvuCare:
    """Record that care under LVU ended (21 § LVU, the age limit, the court, a moved
    case): no reconsideration is due after it and it leaves the queue. Not before the
    care began or its latest reconsideration; compare-and-swap on the version."""
    _choice(reason, LvuCare.EndReason, "reason")
    now = moment(at)
    with transaction.atomic():
        care = _ongoing_care(actor, care_id, version)
        investigation = care.investigation
        earlier = (
            EarlierEvent(care.last_reconsidered_on, _("det senaste övervägandet"))
            if care.last_reconsidered_on
            else EarlierEvent(care.started_on, _("vården påbörjades"))
        )
        reason_given = _event(
            investigation.district, ended_on, "ended_on", earlier, backdating_reason, now
        )
        fields = effects.lvu_care_ended(
            {"started_on": care.started_on, "version": care.version},
            ended_on=ended_on,
            reason=reason,
            ended_by_id=actor.pk,
            backdating_reason=reason_given,
        )
        if not LvuCare.objects.filter(pk=care.pk, version=care.version).update(**fields):
            raise ConcurrentChange()
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "end_lvu_care",
            care,
            child_id=investigation.child_id,
            district_id=investigation.district_id,
            before={"next_reconsideration_due": care.next_reconsideration_due.isoformat()},
            after={"ended_on": ended_on.isoformat(), "end_reason": reason},
        )
        _backdated(actor, care, investigation, "ended_on", ended_on, reason_given)
        for name, value in fields.items():
            setattr(care, name, value)
    return care
