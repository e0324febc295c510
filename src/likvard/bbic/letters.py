"""The decision the family receives when the investigation closes, as a PDF.

"Beslut om att avsluta utredning": the legal ground, what was investigated, the
assessment in short, the conclusion, and how to appeal where the decision can be
appealed. Closing an investigation is not appealable (it is not a decision on an
application); a refused application for an intervention is, by förvaltningsbesvär
to the administrative court, sent to the committee within three weeks of notice. The
letter says which applies, plainly. The HTML is rendered from a template and turned
into a PDF by WeasyPrint; `services.file_decision_letter` files it in the case.
"""

import datetime
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# WeasyPrint's font subsetting logs every glyph table at INFO: not for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

#: The Investigation.Outcome values, as the letter words the decision.
NO_INTERVENTION, INTERVENTION, LVU = "no_intervention", "intervention", "lvu"


@dataclass(frozen=True)
class LetterFacts:
    """What the letter states, read by `selectors.letter_facts`."""

    district: str
    case_number: int
    child: str
    child_identity: str
    recipients: list[str]
    opened_on: datetime.date
    completed_on: datetime.date
    outcome: str
    outcome_label: str
    ground: object  # casework.LegalProvision or None
    appeal_time: object
    appeal_where: object
    plan: object  # PlanRevision or None
    meetings: list
    network: list
    communications: list
    documented_areas: list[str]
    conclusion: object  # ConclusionRevision
    decided_by: str
    decided_by_role: str
    investigator: str
    today: datetime.date

    @property
    def appealable(self) -> bool:
        """Only a refused application is appealable; closing the investigation is not."""
        return bool(self.conclusion.refused_application)


@dataclass(frozen=True)
class Letter:
    title: str
    html: str
    pdf: bytes
    appealable: bool


def cited(provision) -> str:
    """A provision as a letter cites it: "14 kap. 2 § SoL 2025:400", "44 § FL 2017:900"."""
    if provision is None:
        return ""
    chapter = f"{provision.chapter} kap. " if provision.chapter else ""
    return f"{chapter}{provision.section} § {provision.law}"


def _decision_sentence(facts: LetterFacts) -> str:
    return {
        NO_INTERVENTION: _("Utredningen avslutas utan insats."),
        INTERVENTION: _("Utredningen avslutas. Nämnden erbjuder stöd enligt vad som sägs nedan."),
        LVU: _(
            "Utredningen avslutas med att nämnden ansöker hos förvaltningsrätten om vård "
            "enligt lagen (1990:52) med särskilda bestämmelser om vård av unga (LVU)."
        ),
    }.get(facts.outcome, _("Utredningen avslutas."))


def _not_appealable(facts: LetterFacts) -> str:
    """Why the closing itself cannot be appealed, for the case's outcome."""
    if facts.outcome == LVU:
        return _(
            "Beslutet att avsluta utredningen och ansöka om vård enligt LVU kan inte "
            "överklagas. Förvaltningsrätten prövar ansökan, och ni får yttra er där."
        )
    if facts.outcome == INTERVENTION:
        return _(
            "Beslutet att avsluta utredningen kan inte överklagas. Beslut om insatser "
            "fattas var för sig och har var och en sin egen information om hur man "
            "överklagar."
        )
    return _(
        "Beslutet att avsluta utredningen utan insats kan inte överklagas. Om ni senare "
        "vill ha stöd kan ni alltid ansöka om det hos socialtjänsten."
    )


def _sections(facts: LetterFacts) -> dict:
    """The letter's content, worded; the template only lays it out."""
    c = facts.conclusion
    conversations = [m for m in facts.meetings if m.kind == "child_conversation"]
    by_kind: dict[str, int] = {}
    for m in facts.meetings:
        label = m.get_kind_display()
        by_kind[label] = by_kind.get(label, 0) + 1
    return {
        "decision": _decision_sentence(facts),
        "refused": c.refused_application,
        "conversations": conversations,
        "meeting_counts": sorted(by_kind.items()),
        "needs": (
            _("Nämnden bedömer att barnet har behov av stöd eller skydd.")
            if c.needs_identified
            else _("Nämnden bedömer att barnet inte har behov av stöd eller skydd från nämnden.")
        ),
        "serious": c.serious_need,
        "not_appealable": _not_appealable(facts),
    }


def letter_html(facts: LetterFacts) -> str:
    return render_to_string(
        "bbic/decision_letter.html",
        {
            "facts": facts,
            "c": facts.conclusion,
            "s": _sections(facts),
            "ground": cited(facts.ground),
            "appeal_time": cited(facts.appeal_time),
            "appeal_where": cited(facts.appeal_where),
        },
    )


def decision_letter(facts: LetterFacts) -> Letter:
    """The decision as HTML and as a PDF (WeasyPrint)."""
    from weasyprint import HTML  # heavy to import: only when a letter is made

    title = _("Beslut om att avsluta utredning %(id)s") % {"id": facts.case_number}
    html = letter_html(facts)
    return Letter(title, html, HTML(string=html).write_pdf(), facts.appealable)
