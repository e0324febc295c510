"""A matter's process as data: its states, and the steps that move it with the date
each step records and the states it may start from.

A matter from JO or IVO, a complaint or an inspection, or an audit, is received, may
be answered with a statement (yttrande), and is decided. A lex Sarah report starts
inside the district: reported by staff (received), investigated, reported to IVO when
the investigation found a serious wrong (allvarligt missförhållande), and decided
(by IVO, or closed by the district when not serious). The decision closes every matter;
measures may be added and done in any state.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("Inkommet")
    STATEMENT_SENT = "statement_sent", _("Yttrande skickat")
    INVESTIGATED = "investigated", _("Utrett (lex Sarah)")
    REPORTED_TO_IVO = "reported_to_ivo", _("Anmält till IVO")
    DECIDED = "decided", _("Avgjort")


@dataclass(frozen=True)
class Step:
    """A step of the process: its name (the audit verb), the date field it sets, where it
    may start, where it leads, and for which kinds ("lex_sarah" only, or every other)."""

    verb: str
    #: The heading of its form on the matter's page.
    heading: str
    date_field: str
    sources: frozenset
    target: State
    lex_sarah: bool | None  # True: lex Sarah only; False: every other kind; None: both


STEPS = {
    step.verb: step
    for step in (
        Step(
            "send_oversight_statement",
            _("Registrera skickat yttrande"),
            "statement_sent_on",
            frozenset({State.RECEIVED}),
            State.STATEMENT_SENT,
            False,
        ),
        Step(
            "investigate_lex_sarah",
            _("Registrera utredningens resultat"),
            "investigated_on",
            frozenset({State.RECEIVED}),
            State.INVESTIGATED,
            True,
        ),
        Step(
            "report_lex_sarah_to_ivo",
            _("Registrera anmälan till IVO"),
            "reported_to_ivo_on",
            frozenset({State.INVESTIGATED}),
            State.REPORTED_TO_IVO,
            True,
        ),
        Step(
            "decide_oversight_matter",
            _("Registrera beslut"),
            "decided_on",
            frozenset(
                {State.RECEIVED, State.STATEMENT_SENT, State.INVESTIGATED, State.REPORTED_TO_IVO}
            ),
            State.DECIDED,
            None,
        ),
    )
}

#: The dates of a matter in the order the process records them: a date may not lie
#: before any earlier one that is set (with the words the refusal names it by).
DATE_ORDER = (
    ("received_on", _("ärendet inkom")),
    ("statement_sent_on", _("yttrandet skickades")),
    ("investigated_on", _("utredningen blev klar")),
    ("reported_to_ivo_on", _("anmälan till IVO")),
    ("decided_on", _("beslutet")),
)


def allowed(step: Step, state: str, is_lex_sarah: bool) -> bool:
    """Whether `step` may be taken from `state` on a matter of that kind."""
    kind_fits = step.lex_sarah is None or step.lex_sarah == is_lex_sarah
    return kind_fits and state in step.sources


def steps_from(state: str, is_lex_sarah: bool) -> list[Step]:
    return [step for step in STEPS.values() if allowed(step, state, is_lex_sarah)]


#: A matter's history, in the words its page shows (the audit log has its own, in
#: logreview/words.py, for the log review).
HISTORY = {
    "register_oversight_matter": _("Ärendet registrerades"),
    "update_oversight_matter": _("Uppgifterna ändrades"),
    "send_oversight_statement": _("Yttrande skickat"),
    "investigate_lex_sarah": _("Utredningen klar"),
    "report_lex_sarah_to_ivo": _("Anmält till IVO"),
    "decide_oversight_matter": _("Beslut"),
    "add_oversight_measure": _("Åtgärd tillagd"),
    "complete_oversight_measure": _("Åtgärd genomförd"),
}
