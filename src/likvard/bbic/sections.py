"""The BBIC sections of the investigation page and the facts for the closing rules.

Registered in `BbicConfig.ready()` through `casework.sections`: casework draws them on
the investigation page without importing this app. Each section is a short summary
with its list and its form folded away (<details>), so the page stays one screen. The
rows are read once per request for all the sections (`_rows`).
"""

from likvard.casework.sections import (
    Section,
    family,
    register_closing_facts,
    register_investigation_section,
)
from likvard.reports.workflow import InvestigationState

from . import forms, selectors

#: Where each section stands on the page: bbic's documentation 10–35, then the
#: interventions' proposals, consents and motivation work (50–70), then the conclusion
#: that sums them up (80), as the worker reads and writes them.
ORDER = {
    "plan": 10,
    "areas": 15,
    "meetings": 20,
    "interpreters": 25,
    "network": 30,
    "communications": 35,
    "conclusion": 80,
}


def _rows(request, investigation) -> dict:
    """The investigation's BBIC rows, read once for every section of the page."""
    cache = getattr(request, "_bbic_rows", None)
    if cache is None or cache["pk"] != investigation.pk:
        meetings = selectors.meetings(investigation)
        cache = {
            "pk": investigation.pk,
            "meetings": meetings,
            "family": family(request, investigation),
            "conclusion": selectors.conclusion(investigation),
        }
        request._bbic_rows = cache
    return cache


def _writable(investigation, editable: bool) -> bool:
    return editable and investigation.state == InvestigationState.ONGOING


def plan(request, investigation, editable):
    revisions = selectors.plan_history(investigation)
    current, history = (revisions[0], revisions[1:]) if revisions else (None, [])
    form = None
    if _writable(investigation, editable):
        initial = {"based_on": current.revision if current else 0}
        if current:
            initial.update(
                questions=current.questions,
                informants=current.informants,
                timetable=current.timetable,
            )
        form = forms.PlanForm(initial=initial)
    return {"investigation": investigation, "plan": current, "history": history, "form": form}


def areas(request, investigation, editable):
    sides = selectors.triangle(investigation)
    filled = sum(side.filled for side in sides)
    total = sum(len(side.areas) for side in sides)
    return {"investigation": investigation, "sides": sides, "filled": filled, "total": total}


def meetings(request, investigation, editable):
    rows = _rows(request, investigation)
    conversations = [m for m in rows["meetings"] if m.kind == "child_conversation"]
    form = None
    if _writable(investigation, editable):
        form = forms.MeetingForm(family=rows["family"])
    return {
        "investigation": investigation,
        "meetings": rows["meetings"],
        "conversations": len(conversations),
        "form": form,
    }


def interpreters(request, investigation, editable):
    rows = _rows(request, investigation)
    summary = selectors.interpreter_summary(investigation, rows["meetings"])
    form = None
    if _writable(investigation, editable):
        form = forms.InterpreterNeedForm(family=rows["family"])
    return {"investigation": investigation, "summary": summary, "form": form}


def network(request, investigation, editable):
    form = forms.NetworkContactForm() if _writable(investigation, editable) else None
    return {
        "investigation": investigation,
        "contacts": selectors.network_contacts(investigation),
        "form": form,
    }


def communications(request, investigation, editable):
    rows = selectors.communications(investigation)
    writable = _writable(investigation, editable)
    guardians = [r for r in _rows(request, investigation)["family"] if r.role == "guardian"]
    return {
        "investigation": investigation,
        "communications": [
            (
                c,
                forms.ResponseForm(initial={"communication": c.pk})
                if writable and not c.has_response
                else None,
            )
            for c in rows
        ],
        "form": forms.CommunicationForm(guardians=guardians) if writable else None,
    }


def conclusion(request, investigation, editable):
    rows = _rows(request, investigation)
    current = rows["conclusion"]
    form = None
    if _writable(investigation, editable):
        initial = {"based_on": current.revision if current else 0}
        if current:
            initial.update(
                {
                    name: getattr(current, name)
                    for name in forms.ConclusionForm.base_fields
                    if name != "based_on"
                }
            )
        form = forms.ConclusionForm(initial=initial)
    completed = investigation.state == InvestigationState.COMPLETED
    letters = selectors.decision_letters(investigation)
    return {
        "investigation": investigation,
        "conclusion": current,
        "heard": any(m.kind == "child_conversation" for m in rows["meetings"]),
        "form": form,
        "letters": letters,
        "may_make_letter": editable and completed and current is not None,
        "letter_is_current": current is not None
        and any(letter.conclusion_id == current.pk for letter in letters),
    }


CONTEXTS = {
    "plan": plan,
    "areas": areas,
    "meetings": meetings,
    "interpreters": interpreters,
    "network": network,
    "communications": communications,
    "conclusion": conclusion,
}


def register() -> None:
    """Draw the sections on the investigation page and give the closing rules their facts."""
    for key, context in CONTEXTS.items():
        register_investigation_section(
            Section(f"bbic.{key}", f"bbic/sections/{key}.html", context, ORDER[key])
        )
    register_closing_facts("bbic", selectors.closing_facts)
