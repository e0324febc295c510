"""What interventions draws on casework's pages, registered in `apps.ready()`.

casework cannot import this app (the layers), so it calls these through
`casework.sections`: the investigation page's sections (proposals with each person's
consent and what is missing, decisions with their follow-ups, motivation work, LVU),
the queue's (follow-ups due, LVU reconsiderations due) and the facts for the closing
rules (the keys CONTRACT.md fixes).
"""

from django.utils import timezone

from likvard.access.scoping import writable_district_id
from likvard.casework.sections import family
from likvard.core.calendar import local_date
from likvard.reports.deadlines import urgency
from likvard.reports.workflow import InvestigationState

from . import forms, selectors
from .models import Basis


def _today():
    return local_date(timezone.now())


def _overview(request, investigation) -> dict:
    """The investigation's interventions, read once per request for all four sections."""
    cache = request.__dict__.setdefault("_interventions_overview", {})
    if investigation.pk not in cache:
        cache[investigation.pk] = selectors.investigation_overview(
            request.user, investigation, _today(), family(request, investigation)
        )
    return cache[investigation.pk]


def _ongoing(investigation, editable: bool) -> bool:
    return editable and investigation.state == InvestigationState.ONGOING


def _people(view, guardians) -> list[dict]:
    """Each guardian with their current answer (or none yet), then the child's own."""
    if view.proposal.basis != Basis.VOLUNTARY:
        return []
    by_person = {c.person_id: c for c in view.consents}
    rows = [
        {"name": g.name, "custody": g.custody, "consent": by_person.get(g.person_id)}
        for g in guardians
    ]
    rows.append({"name": None, "custody": "", "consent": by_person.get(None)})
    return rows


def proposals(request, investigation, editable):
    overview = _overview(request, investigation)
    ongoing = _ongoing(investigation, editable)
    may_decide = editable and request.user.may_decide_interventions
    today = _today()
    rows = []
    for view in overview["proposals"]:
        proposal = view.proposal
        undecided = view.decision is None
        consent_form = decide_form = None
        if ongoing and undecided and proposal.basis == Basis.VOLUNTARY:
            consent_form = forms.ConsentForm(
                guardians=overview["guardians"],
                auto_id=f"id_consent{proposal.pk}_%s",
                initial={"answered_on": today},
            )
        if may_decide and undecided:
            decide_form = forms.DecisionForm(
                auto_id=f"id_decide{proposal.pk}_%s",
                initial={"decided_on": today, "goal": proposal.goal},
            )
        rows.append(
            {
                "view": view,
                "people": _people(view, overview["guardians"]),
                "consent_form": consent_form,
                "decide_form": decide_form,
            }
        )
    return {
        "investigation": investigation,
        "rows": rows,
        "guardians": overview["guardians"],
        "propose_form": forms.ProposalForm(initial={"proposed_on": today}) if ongoing else None,
        "may_propose_decision": editable and not request.user.may_decide_interventions,
    }


def decisions(request, investigation, editable):
    overview = _overview(request, investigation)
    today = _today()
    rows = []
    for view in overview["proposals"]:
        if view.decision is None:
            continue
        granted = view.decision.granted
        rows.append(
            {
                "view": view,
                "plan_form": forms.FollowUpPlanForm(auto_id=f"id_plan{view.decision.pk}_%s")
                if editable and granted
                else None,
                "record_forms": {
                    f.pk: forms.FollowUpRecordForm(
                        auto_id=f"id_followup{f.pk}_%s", initial={"done_on": today}
                    )
                    for f in view.follow_ups
                    if editable and f.done_on is None
                },
            }
        )
    if not rows:
        return None
    return {"rows": rows, "today": today}


def motivation(request, investigation, editable):
    overview = _overview(request, investigation)
    form = None
    if _ongoing(investigation, editable):
        form = forms.MotivationWorkForm(
            proposals=[v.proposal for v in overview["proposals"]],
            initial={"worked_on": _today(), "interpreter": "none"},
        )
    return {
        "investigation": investigation,
        "work": overview["motivation_work"],
        "count": len(overview["motivation_work"]),
        "form": form,
    }


def lvu(request, investigation, editable):
    overview = _overview(request, investigation)
    today = _today()
    ongoing = _ongoing(investigation, editable)
    care = overview["lvu_care"]
    return {
        "investigation": investigation,
        "considerations": overview["lvu_considerations"],
        "care": [_care_row(c, editable, today) for c in care],
        "form": forms.LvuConsiderationForm(initial={"considered_on": today}) if ongoing else None,
        "care_form": forms.LvuCareForm(initial={"started_on": today})
        if editable and not any(c.ongoing for c in care)
        else None,
    }


def _care_row(care, editable: bool, today) -> dict:
    """Care under LVU with its clock and, while it goes on, the forms to reconsider or
    end it; ended care shows when and why instead."""
    if not care.ongoing:
        return {"care": care, "urgency": None, "form": None, "end_form": None}
    initial = {"version": care.version}
    return {
        "care": care,
        "urgency": urgency(care.next_reconsideration_due, today),
        "form": forms.LvuReconsiderForm(
            auto_id=f"id_reconsider{care.pk}_%s", initial={**initial, "reconsidered_on": today}
        )
        if editable
        else None,
        "end_form": forms.LvuEndForm(
            auto_id=f"id_end{care.pk}_%s", initial={**initial, "ended_on": today}
        )
        if editable
        else None,
    }


def _queue_section(request, part, item) -> dict:
    return {
        "items": [item(row) for row in part.rows],
        "total": min(part.total, selectors.QUEUE_COUNT_CAP),
        "capped": part.capped,
        "district_wide": request.user.may_assign_cases,
    }


def follow_ups_queue(request, today):
    if writable_district_id(request.user) is None:
        return None
    return _queue_section(
        request,
        selectors.follow_ups_due(request.user, today),
        lambda f: {"follow_up": f, "urgency": urgency(f.due_on, today)},
    )


def lvu_queue(request, today):
    if writable_district_id(request.user) is None:
        return None
    return _queue_section(
        request,
        selectors.lvu_reconsiderations_due(request.user, today),
        lambda c: {"care": c, "urgency": urgency(c.next_reconsideration_due, today)},
    )


def closing_facts(investigation) -> dict:
    return selectors.closing_facts(investigation, investigation.completed_on or _today())
