"""What a feedback letter or e-mail says: only the outcome the law allows.

SoL 2025:400 19:6 lets the committee tell a mandated reporter whether an
investigation was opened, was not opened, or is already under way, and nothing
more: the child and the family are protected by secrecy (OSL 26:1). So a notice
names no child (no name, no initials, no identity number, no address) and no
detail of the decision; it names the report by its number and the day it came in,
which the reporter knows. This also holds for a child or guardian with protected
identity without any special case: nothing of theirs is ever read here.
"""

import datetime
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from likvard.reports.workflow import DecisionKind

# WeasyPrint's font subsetting logs every glyph table at INFO: not for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TITLE = "Återkoppling på din orosanmälan"


def outcome_sentence(outcome: str) -> str:
    """The one sentence about the decision a notice may carry."""
    return {
        DecisionKind.OPEN_INVESTIGATION: _("Socialtjänsten har beslutat att inleda en utredning."),
        DecisionKind.NOT_OPEN: _("Socialtjänsten har beslutat att inte inleda någon utredning."),
        DecisionKind.ALREADY_ONGOING: _(
            "Det pågår redan en utredning, och uppgifterna i din anmälan har tillförts den."
        ),
    }[outcome]


@dataclass(frozen=True)
class NoticeFacts:
    """Everything a notice states; read by `selectors.notice_facts`."""

    district: str
    report_number: int
    received_on: datetime.date
    outcome: str
    provision: str  # the feedback provision in force on the decision day, cited
    reporter_name: str
    reporter_organisation: str
    address: str
    today: datetime.date

    @property
    def address_lines(self) -> list[str]:
        return [part.strip() for part in self.address.split(",") if part.strip()]


def _context(facts: NoticeFacts) -> dict:
    return {"f": facts, "sentence": outcome_sentence(facts.outcome), "title": _(TITLE)}


def email_subject(facts: NoticeFacts) -> str:
    return _("%(title)s, ärende %(number)s") % {"title": _(TITLE), "number": facts.report_number}


def email_body(facts: NoticeFacts) -> str:
    return render_to_string("notices/email.txt", _context(facts))


def letter_html(facts: NoticeFacts) -> str:
    return render_to_string("notices/letter.html", _context(facts))


def letter_pdf(facts: NoticeFacts) -> bytes:
    from weasyprint import HTML  # heavy to import: only when a letter is made

    return HTML(string=letter_html(facts)).write_pdf()
