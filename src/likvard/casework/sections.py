"""What the apps above casework add to its pages and to the closing of an investigation.

casework stands below the apps that document an investigation (bbic) and decide
interventions (interventions), yet the investigator reads one investigation page and
one queue, and the guideline rules at the closing need their facts. casework cannot
import them (the layers), so they register here, in their `AppConfig.ready()`, and
casework calls what is registered without knowing who registered it.

- An investigation section: a template drawn on the investigation page, with the
  context its function returns for (request, investigation, editable).
- A feedback section: a template drawn in the report page's part on feedback to the
  reporter, with the context its function returns for (request, report); a function
  returning None draws nothing (notices: the letter or e-mail prepared for it).
- A queue section: a template drawn on "Mina ärenden", with the context its function
  returns for (request, today); a function returning None draws nothing.
- Closing facts: a function of the investigation returning a mapping of plain values
  for the guideline rules run when the investigation is closed.

What several sections need (the child's family) is read once per request, here.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from likvard.people.selectors import relations_in


@dataclass(frozen=True)
class Section:
    """A part of a casework page drawn by another app."""

    key: str
    template: str
    context: Callable[..., Mapping[str, Any] | None]
    #: Lower first; the sections of one page are drawn in this order.
    order: int = 100


@dataclass(frozen=True)
class Drawn:
    """A section with its context, ready for the template's `{% include %}`."""

    key: str
    template: str
    context: Mapping[str, Any]


_INVESTIGATION: dict[str, Section] = {}
_QUEUE: dict[str, Section] = {}
_FEEDBACK: dict[str, Section] = {}
_CLOSING_FACTS: dict[str, Callable[[Any], Mapping[str, Any]]] = {}


def register_investigation_section(section: Section) -> None:
    _INVESTIGATION[section.key] = section


def register_feedback_section(section: Section) -> None:
    _FEEDBACK[section.key] = section


def register_queue_section(section: Section) -> None:
    _QUEUE[section.key] = section


def register_closing_facts(key: str, facts: Callable[[Any], Mapping[str, Any]]) -> None:
    _CLOSING_FACTS[key] = facts


def _draw(sections: dict[str, Section], *args) -> list[Drawn]:
    drawn = []
    for section in sorted(sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(*args)
        if context is not None:
            drawn.append(Drawn(section.key, section.template, context))
    return drawn


def family(request: HttpRequest, investigation) -> list:
    """The child's current relations as the investigation's district records them, read
    once per request for every section (BBIC's meetings and kommunicering, the consents)."""
    cache = request.__dict__.setdefault("_investigation_family", {})
    if investigation.pk not in cache:
        cache[investigation.pk] = relations_in(
            investigation.child, frozenset({investigation.district_id})
        )
    return cache[investigation.pk]


def investigation_sections(request: HttpRequest, investigation, editable: bool) -> list[Drawn]:
    """The registered sections of the investigation page, in order."""
    return _draw(_INVESTIGATION, request, investigation, editable)


def feedback_sections(request: HttpRequest, report) -> list[Drawn]:
    """The registered sections of the report page's part on feedback, in order."""
    return _draw(_FEEDBACK, request, report)


def queue_sections(request: HttpRequest, today: datetime.date) -> list[Drawn]:
    """The registered sections of the worker's queue, in order."""
    return _draw(_QUEUE, request, today)


def closing_facts(investigation) -> dict[str, Any]:
    """Every registered app's facts about the investigation, merged (keys must not clash)."""
    merged: dict[str, Any] = {}
    for key in sorted(_CLOSING_FACTS):
        facts = _CLOSING_FACTS[key](investigation)
        clash = merged.keys() & facts.keys()
        if clash:
            raise ValueError(f"closing facts {sorted(clash)} registered twice")
        merged.update(facts)
    return merged
