"""Every write of the BBIC investigation. Views and the API call these and nothing else.

Each function takes the acting user, finds the investigation among those the user may
change (casework's scope: 404 otherwise), refuses a completed one, checks the input
(Swedish message, machine-readable code, the field), writes the rows `effects.py`
computes and one audit entry naming the child and the district, all in one
transaction. A date a worker enters goes through `reports.dates.event_date`, with the
investigation's opening as the earliest. The log keeps kinds, dates, counts and
revision numbers, never the texts about the child (they are in the rows).
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.casework import selectors as casework_reads
from likvard.core.calendar import moment
from likvard.core.errors import ConcurrentChange, InvalidInput, NotFound, TransitionNotAllowed
from likvard.core.validation import EarlierEvent, check_text
from likvard.documents import services as documents
from likvard.people import selectors as people
from likvard.people.models import RelationRole
from likvard.reports import dates
from likvard.reports.workflow import InvestigationState

from . import effects, letters, selectors
from .models import (
    AreaRevision,
    Communication,
    CommunicationMethod,
    CommunicationResponse,
    ConclusionRevision,
    Consent,
    DecisionLetter,
    InterpreterKind,
    InterpreterNeed,
    Meeting,
    MeetingKind,
    NeedKind,
    NetworkContact,
    NetworkKind,
    PlanRevision,
)
from .triangle import Area

#: Longest text of a short field (a language, an organisation's name, other participants).
SHORT = 60
#: The age from which a child is a party of their own to a kommunicering (SoL 3:4).
CHILD_PARTY_AGE = 15


def _choice(value: str, choices, field_name: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field=field_name)
    return value


def _investigation(actor, investigation_id: int):
    """The ongoing investigation the actor may change, locked for the step (PostgreSQL)."""
    investigation = (
        casework_reads.investigations(actor, to_change=True)
        .select_for_update(of=("self",))
        .filter(pk=investigation_id)
        .first()
    )
    if investigation is None:
        raise NotFound()
    if investigation.state != InvestigationState.ONGOING:
        raise TransitionNotAllowed(
            _("Utredningen är avslutad och kan inte längre ändras."),
            code="investigation_completed",
        )
    return investigation


def _opened(investigation) -> EarlierEvent:
    return EarlierEvent(investigation.opened_on, _("utredningen inleddes"))


def _event_date(investigation, day, field_name, reason, now, earlier=None) -> str:
    """A date in the investigation as the worker enters it (the cleaned backdating reason)."""
    if day is None:
        raise InvalidInput(_("Ange datum."), code="required", field=field_name)
    return dates.event_date(
        investigation.district,
        day,
        field_name,
        earlier=earlier or _opened(investigation),
        reason=reason,
        now=now,
    )


def _audit(actor, verb, obj, investigation, *, before=None, after=None, reason=""):
    record(
        actor,
        AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        verb,
        obj,
        child_id=investigation.child_id,
        district_id=investigation.district_id,
        before=before,
        after=after,
        reason=reason,
    )


def _backdated(actor, obj, investigation, field_name, day, reason) -> None:
    dates.record_backdating(actor, obj, investigation, field_name, day, reason)


def _family_ids(investigation, *, guardians_only: bool = False) -> set[int]:
    """The people of the child's family as the investigation's district records them now."""
    return {
        r.person_id
        for r in people.relations_in(investigation.child, frozenset({investigation.district_id}))
        if not guardians_only or r.role == RelationRole.GUARDIAN
    }


def _check_family(investigation, person_ids, field_name: str, *, guardians_only=False):
    strangers = set(person_ids) - _family_ids(investigation, guardians_only=guardians_only)
    if strangers:
        raise InvalidInput(
            _("Vårdnadshavarna väljs bland barnets aktuella vårdnadshavare i stadsdelsområdet.")
            if guardians_only
            else _("Deltagarna väljs bland barnets aktuella familj i stadsdelsområdet."),
            code="not_a_guardian" if guardians_only else "not_in_family",
            field=field_name,
        )


def _next_revision(model, investigation, based_on: int, **match) -> int:
    """The latest revision, which must be the one the worker read (`based_on`)."""
    latest = selectors.latest_revision(model, investigation, **match)
    if based_on != latest:
        raise ConcurrentChange()
    return latest


def _saved_once(create):
    """Run `create` in a savepoint; a unique revision written meanwhile is a concurrent
    change (two saves of the same revision: the second is refused)."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError as exc:
        raise ConcurrentChange() from exc


# ------------------------------------------------------------------ the plan


def revise_plan(
    actor,
    investigation_id: int,
    *,
    based_on: int,
    questions: str,
    informants: str,
    timetable: str,
    at: datetime.datetime | None = None,
) -> PlanRevision:
    """Write the investigation plan anew: what to find out, whom to talk to, when.

    `based_on` is the revision the worker read (0 before the first); a plan saved by
    someone else meanwhile refuses this one (409 concurrent_change).
    """
    questions = check_text(questions, "questions")
    informants = check_text(informants, "informants")
    timetable = check_text(timetable, "timetable")
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        previous = _next_revision(PlanRevision, investigation, based_on)
        plan = _saved_once(
            lambda: PlanRevision.objects.create(
                **effects.plan_revised(
                    investigation.pk,
                    previous_revision=previous,
                    questions=questions,
                    informants=informants,
                    timetable=timetable,
                    recorded_by_id=actor.pk,
                    at=now,
                )
            )
        )
        _audit(
            actor,
            "revise_bbic_plan",
            plan,
            investigation,
            before={"revision": previous} if previous else None,
            after={"revision": plan.revision},
        )
    return plan


# ------------------------------------------------------------------ the triangle


def revise_area(
    actor,
    investigation_id: int,
    area: str,
    *,
    based_on: int,
    needs: str = "",
    protective_factors: str = "",
    risk_factors: str = "",
    at: datetime.datetime | None = None,
) -> AreaRevision:
    """Write what was found in one area of the BBIC triangle: the assessment of the
    child's needs, the protective and the risk factors (at least one of them)."""
    area = _choice(area, Area, "area")
    needs = check_text(needs, "needs", required=False)
    protective_factors = check_text(protective_factors, "protective_factors", required=False)
    risk_factors = check_text(risk_factors, "risk_factors", required=False)
    if not (needs or protective_factors or risk_factors):
        raise InvalidInput(
            _("Skriv bedömningen av behoven, skyddsfaktorerna eller riskfaktorerna."),
            code="required",
            field="needs",
        )
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        previous = _next_revision(AreaRevision, investigation, based_on, area=area)
        revision = _saved_once(
            lambda: AreaRevision.objects.create(
                **effects.area_revised(
                    investigation.pk,
                    area,
                    previous_revision=previous,
                    needs=needs,
                    protective_factors=protective_factors,
                    risk_factors=risk_factors,
                    recorded_by_id=actor.pk,
                    at=now,
                )
            )
        )
        _audit(
            actor,
            "revise_bbic_area",
            revision,
            investigation,
            before={"area": area, "revision": previous} if previous else None,
            after={"area": area, "revision": revision.revision},
        )
    return revision


# ------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class MeetingInput:
    """A conversation or meeting as the worker records it."""

    kind: str
    held_on: datetime.date | None
    child_took_part: bool = False
    participants: list[int] = field(default_factory=list)
    other_participants: str = ""
    interpreter_needed: str = InterpreterKind.NONE
    interpreter_used: str = InterpreterKind.NONE
    language: str = ""
    notes: str = ""
    backdating_reason: str = ""


def _check_interpreter(needed: str, used: str, language: str) -> str:
    """The interpreter needed and used at a meeting; the language whenever one was."""
    _choice(needed, InterpreterKind, "interpreter_needed")
    _choice(used, InterpreterKind, "interpreter_used")
    language = check_text(language, "language", required=False, max_length=SHORT)
    interpreted = needed != InterpreterKind.NONE or used != InterpreterKind.NONE
    if interpreted and not language:
        raise InvalidInput(_("Ange språket."), code="required", field="language")
    return language


def record_meeting(
    actor, investigation_id: int, data: MeetingInput, *, at: datetime.datetime | None = None
) -> Meeting:
    """Record a conversation or meeting: its kind and day (not in the future), who took
    part (family members as the district records them), and the interpreter."""
    kind = _choice(data.kind, MeetingKind, "kind")
    language = _check_interpreter(data.interpreter_needed, data.interpreter_used, data.language)
    other = check_text(
        data.other_participants, "other_participants", required=False, max_length=300
    )
    notes = check_text(data.notes, "notes", required=False)
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        reason = _event_date(investigation, data.held_on, "held_on", data.backdating_reason, now)
        _check_family(investigation, data.participants, "participants")
        row, participant_ids = effects.meeting(
            investigation.pk,
            kind=kind,
            held_on=data.held_on,
            child_took_part=data.child_took_part,
            participant_ids=list(data.participants),
            other_participants=other,
            interpreter_needed=data.interpreter_needed,
            interpreter_used=data.interpreter_used,
            language=language,
            notes=notes,
            backdating_reason=reason,
            recorded_by_id=actor.pk,
            at=now,
        )
        meeting = Meeting.objects.create(**row)
        meeting.participants.set(participant_ids)
        _audit(
            actor,
            "record_bbic_meeting",
            meeting,
            investigation,
            after={
                "kind": kind,
                "held_on": str(meeting.held_on),
                "child_took_part": meeting.child_took_part,
                "participants": len(participant_ids),
                "interpreter_needed": meeting.interpreter_needed,
                "interpreter_used": meeting.interpreter_used,
            },
        )
        _backdated(actor, meeting, investigation, "held_on", meeting.held_on, reason)
    return meeting


# ------------------------------------------------------------------ interpreter needs


def record_interpreter_need(
    actor,
    investigation_id: int,
    *,
    person: int | None,
    language: str,
    kind: str,
    at: datetime.datetime | None = None,
) -> InterpreterNeed:
    """Record (or change) the child's (`person` None) or a family member's need of an
    interpreter or a cultural interpreter, and the language."""
    kind = _choice(kind, NeedKind, "kind")
    language = check_text(language, "language", max_length=SHORT)
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        if person is not None:
            _check_family(investigation, [person], "person")
        existing = selectors.interpreter_need_of(investigation, person)
        row = effects.interpreter_need(
            investigation.pk,
            person_id=person,
            language=language,
            kind=kind,
            recorded_by_id=actor.pk,
            at=now,
        )
        who = {"for": "person" if person is not None else "child", "person": person}
        if existing is None:
            need = _saved_once(lambda: InterpreterNeed.objects.create(**row))
            _audit(
                actor, "record_interpreter_need", need, investigation, after={**who, "kind": kind}
            )
            return need
        before = {**who, "kind": existing.kind}
        for name, value in row.items():
            setattr(existing, name, value)
        existing.save()
        _audit(
            actor,
            "change_interpreter_need",
            existing,
            investigation,
            before=before,
            after={**who, "kind": kind},
        )
    return existing


# ------------------------------------------------------------------ network


def record_network_contact(
    actor,
    investigation_id: int,
    *,
    kind: str,
    organisation: str,
    contacted_on: datetime.date | None,
    consent: str,
    consent_note: str = "",
    summary: str,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> NetworkContact:
    """Record a contact with the child's network and the guardians' consent to it (or
    why none was needed)."""
    kind = _choice(kind, NetworkKind, "kind")
    consent = _choice(consent, Consent, "consent")
    organisation = check_text(organisation, "organisation", max_length=200)
    consent_note = check_text(
        consent_note, "consent_note", required=consent == Consent.NOT_NEEDED, max_length=2000
    )
    summary = check_text(summary, "summary")
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        reason = _event_date(investigation, contacted_on, "contacted_on", backdating_reason, now)
        contact = NetworkContact.objects.create(
            **effects.network_contact(
                investigation.pk,
                kind=kind,
                organisation=organisation,
                contacted_on=contacted_on,
                consent=consent,
                consent_note=consent_note,
                summary=summary,
                backdating_reason=reason,
                recorded_by_id=actor.pk,
                at=now,
            )
        )
        _audit(
            actor,
            "record_network_contact",
            contact,
            investigation,
            after={"kind": kind, "contacted_on": str(contacted_on), "consent": consent},
        )
        _backdated(actor, contact, investigation, "contacted_on", contacted_on, reason)
    return contact


# ------------------------------------------------------------------ kommunicering


def _age_on(child, day: datetime.date) -> int:
    born = child.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def record_communication(
    actor,
    investigation_id: int,
    *,
    shared_on: datetime.date | None,
    material: str,
    recipients: list[int],
    with_child: bool,
    method: str,
    comment_deadline: datetime.date | None,
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> Communication:
    """Record a kommunicering (FL 25 §): what was shared with the guardians (and the
    child of 15 or more), how, and the last day for their comments."""
    material = check_text(material, "material")
    method = _choice(method, CommunicationMethod, "method")
    if comment_deadline is None:
        raise InvalidInput(
            _("Ange sista dag för synpunkter."), code="required", field="comment_deadline"
        )
    if shared_on is not None and comment_deadline < shared_on:
        raise InvalidInput(
            _("Sista dag för synpunkter kan inte ligga före dagen då materialet kommunicerades."),
            code="deadline_before_shared",
            field="comment_deadline",
        )
    if not recipients and not with_child:
        raise InvalidInput(
            _("Ange vilka vårdnadshavare (eller barnet) som materialet kommunicerades med."),
            code="no_recipient",
            field="recipients",
        )
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        reason = _event_date(investigation, shared_on, "shared_on", backdating_reason, now)
        _check_family(investigation, recipients, "recipients", guardians_only=True)
        if with_child and _age_on(investigation.child, shared_on) < CHILD_PARTY_AGE:
            raise InvalidInput(
                _("Barnet är yngre än 15 år och är inte part med egen rätt till kommunicering."),
                code="child_under_15",
                field="with_child",
            )
        row, recipient_ids = effects.communication(
            investigation.pk,
            shared_on=shared_on,
            material=material,
            recipient_ids=list(recipients),
            with_child=with_child,
            method=method,
            comment_deadline=comment_deadline,
            backdating_reason=reason,
            recorded_by_id=actor.pk,
            at=now,
        )
        communication = Communication.objects.create(**row)
        communication.recipients.set(recipient_ids)
        _audit(
            actor,
            "record_communication",
            communication,
            investigation,
            after={
                "shared_on": str(shared_on),
                "comment_deadline": str(comment_deadline),
                "method": method,
                "guardians": len(recipient_ids),
                "with_child": with_child,
            },
        )
        _backdated(actor, communication, investigation, "shared_on", shared_on, reason)
    return communication


def record_communication_response(
    actor,
    investigation_id: int,
    *,
    communication: int,
    received: bool,
    received_on: datetime.date | None = None,
    comments: str = "",
    backdating_reason: str = "",
    at: datetime.datetime | None = None,
) -> CommunicationResponse:
    """Record what came back of a kommunicering: the comments (date and text), or that
    none came. Once per kommunicering (a second answer: 409 already_answered)."""
    comments = check_text(comments, "comments", required=received)
    now = moment(at)
    try:
        with transaction.atomic():
            investigation = _investigation(actor, investigation_id)
            shared = selectors.communication_in(investigation, communication)
            if shared is None:
                raise NotFound()
            if selectors.answered(shared):
                raise TransitionNotAllowed(
                    _("Svaret på kommuniceringen är redan dokumenterat."), code="already_answered"
                )
            reason = ""
            if received:
                reason = _event_date(
                    investigation,
                    received_on,
                    "received_on",
                    backdating_reason,
                    now,
                    earlier=EarlierEvent(shared.shared_on, _("materialet kommunicerades")),
                )
            response = CommunicationResponse.objects.create(
                **effects.communication_response(
                    shared.pk,
                    received_on=received_on if received else None,
                    comments=comments,
                    backdating_reason=reason,
                    recorded_by_id=actor.pk,
                    at=now,
                )
            )
            _audit(
                actor,
                "record_communication_response",
                response,
                investigation,
                after={
                    "communication": shared.pk,
                    "received": received,
                    "received_on": str(received_on) if received else None,
                },
            )
            _backdated(actor, response, investigation, "received_on", received_on, reason)
    except IntegrityError as exc:  # the one answer per kommunicering held the line
        raise TransitionNotAllowed(
            _("Svaret på kommuniceringen är redan dokumenterat."), code="already_answered"
        ) from exc
    return response


# ------------------------------------------------------------------ conclusion


def revise_conclusion(
    actor,
    investigation_id: int,
    *,
    based_on: int,
    needs_identified: bool,
    serious_need: bool,
    needs_summary: str,
    proposed_interventions: str = "",
    no_intervention_reason: str = "",
    not_heard_reason: str = "",
    refused_application: str = "",
    at: datetime.datetime | None = None,
) -> ConclusionRevision:
    """Write the investigation's conclusion anew. Needs identified with neither a
    proposal nor a reason is allowed here: the guideline rules judge it at closing."""
    if serious_need and not needs_identified:
        raise InvalidInput(
            _("Ett allvarligt behov förutsätter att barnet har behov av stöd eller skydd."),
            code="serious_without_needs",
            field="serious_need",
        )
    texts = {
        "needs_summary": check_text(needs_summary, "needs_summary"),
        "proposed_interventions": check_text(
            proposed_interventions, "proposed_interventions", required=False
        ),
        "no_intervention_reason": check_text(
            no_intervention_reason, "no_intervention_reason", required=False
        ),
        "not_heard_reason": check_text(not_heard_reason, "not_heard_reason", required=False),
        "refused_application": check_text(
            refused_application, "refused_application", required=False, max_length=2000
        ),
    }
    now = moment(at)
    with transaction.atomic():
        investigation = _investigation(actor, investigation_id)
        previous = _next_revision(ConclusionRevision, investigation, based_on)
        conclusion = _saved_once(
            lambda: ConclusionRevision.objects.create(
                **effects.conclusion_revised(
                    investigation.pk,
                    previous_revision=previous,
                    needs_identified=needs_identified,
                    serious_need=serious_need,
                    recorded_by_id=actor.pk,
                    at=now,
                    **texts,
                )
            )
        )
        _audit(
            actor,
            "revise_bbic_conclusion",
            conclusion,
            investigation,
            before={"revision": previous} if previous else None,
            after={
                "revision": conclusion.revision,
                "needs_identified": needs_identified,
                "serious_need": conclusion.serious_need,
                "no_intervention_reason": bool(texts["no_intervention_reason"]),
                "not_heard_reason": bool(texts["not_heard_reason"]),
                "refused_application": bool(texts["refused_application"]),
            },
        )
    return conclusion


# ------------------------------------------------------------------ the decision letter


def file_decision_letter(
    actor, investigation_id: int, *, at: datetime.datetime | None = None
) -> DecisionLetter:
    """File the decision the family receives ("Beslut om att avsluta utredning") as a PDF
    in the case's documents, made from the latest conclusion of a completed
    investigation. Once per revision of the conclusion: asked again, the letter already
    filed is returned (a double click files one document)."""
    now = moment(at)
    investigation = casework_reads.investigations(actor, to_change=True).filter(pk=investigation_id)
    investigation = investigation.select_related("opening_decision__pre_assessment__report").first()
    if investigation is None:
        raise NotFound()
    if investigation.state != InvestigationState.COMPLETED:
        raise TransitionNotAllowed(
            _("Beslutet skapas när utredningen är avslutad."), code="investigation_ongoing"
        )
    conclusion = selectors.conclusion(investigation)
    if conclusion is None:
        raise TransitionNotAllowed(
            _("Skriv utredningens slutsats innan beslutet skapas."), code="conclusion_missing"
        )
    decision = investigation.opening_decision
    if decision is None:
        raise TransitionNotAllowed(
            _("Utredningen saknar en orosanmälan att arkivera beslutet i."), code="no_report"
        )
    filed = selectors.letter_for(conclusion)
    if filed is not None:
        return filed
    # Rendered before the lock: WeasyPrint takes a moment, and nothing it reads changes
    # once the investigation is completed (a revised conclusion is another letter).
    letter = letters.decision_letter(selectors.letter_facts(investigation, conclusion, actor, now))
    with transaction.atomic():
        casework_reads.investigations(actor, to_change=True).select_for_update(of=("self",)).filter(
            pk=investigation.pk
        ).first()
        filed = selectors.letter_for(conclusion)
        if filed is not None:
            return filed
        document = documents.file_generated(
            actor, decision.pre_assessment.report, title=letter.title, content=letter.pdf, at=now
        )
        filed = DecisionLetter.objects.create(
            investigation_id=investigation.pk,
            conclusion=conclusion,
            document=document,
            appealable=letter.appealable,
            generated_by=actor,
            generated_at=now,
        )
        _audit(
            actor,
            "file_decision_letter",
            filed,
            investigation,
            after={
                "document": document.pk,
                "conclusion_revision": conclusion.revision,
                "appealable": letter.appealable,
            },
        )
    return filed
