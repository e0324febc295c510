"""States and the allowed transitions of a report and an investigation.

The table is the rule: a transition not in ALLOWED_TRANSITIONS does not happen.
Each edge names its legal ground as a key into `LegalProvision` (law references
are data, so a case is judged by the law in force on its date).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    RECEIVED = "received", _("Mottagen, skyddsbedömning väntar")
    PRE_ASSESSMENT = "pre_assessment", _("Förhandsbedömning pågår")
    INVESTIGATION_OPENED = "investigation_opened", _("Utredning inledd")
    NOT_OPENED = "not_opened", _("Utredning inleds inte")
    JOINED_ONGOING = "joined_ongoing", _("Tillförd pågående utredning")
    TRANSFERRED = "transferred", _("Överflyttad till annan kommun")
    ARCHIVED = "archived", _("Arkiverad")


class InvestigationState(models.TextChoices):
    ONGOING = "ongoing", _("Pågår")
    COMPLETED = "completed", _("Avslutad")


class Action(models.TextChoices):
    ASSESS_PROTECTION = "assess_protection", _("Skyddsbedömning")
    OPEN_INVESTIGATION = "open_investigation", _("Inled utredning")
    NOT_OPEN = "not_open", _("Inled inte utredning")
    JOIN_ONGOING = "join_ongoing", _("Tillför pågående utredning")
    TRANSFER = "transfer", _("Överflytta till annan kommun")
    EXTEND_INVESTIGATION = "extend_investigation", _("Förläng utredningstiden")
    COMPLETE_INVESTIGATION = "complete_investigation", _("Avsluta utredning")
    ARCHIVE = "archive", _("Arkivera")


class DecisionKind(models.TextChoices):
    """What the decision that ends a pre-assessment decides (`Decision.kind`)."""

    OPEN_INVESTIGATION = "open_investigation", _("Utredning inleds")
    NOT_OPEN = "not_open", _("Utredning inleds inte")
    ALREADY_ONGOING = "already_ongoing", _("Pågående utredning")
    TRANSFER = "transfer", _("Överflyttas till annan kommun")


class PoliceReportOutcome(models.TextChoices):
    """Whether suspected violence is reported to the police (`PoliceReportConsideration`)."""

    REPORTED = "reported", _("Polisanmälan görs")
    NOT_NOW = "not_now", _("Polisanmälan görs inte nu")
    ALREADY_REPORTED = "already_reported", _("Redan polisanmält")


#: The states a decision leaves a report in; from each, the report can be archived.
DECIDED_STATES = (
    ReportState.INVESTIGATION_OPENED,
    ReportState.NOT_OPENED,
    ReportState.JOINED_ONGOING,
    ReportState.TRANSFERRED,
)


@dataclass(frozen=True)
class Edge:
    source: str
    action: str
    target: str
    ground: str  # LegalProvision.key


ALLOWED_TRANSITIONS: tuple[Edge, ...] = (
    Edge(
        ReportState.RECEIVED,
        Action.ASSESS_PROTECTION,
        ReportState.PRE_ASSESSMENT,
        "protection_assessment",
    ),
    Edge(
        ReportState.PRE_ASSESSMENT,
        Action.OPEN_INVESTIGATION,
        ReportState.INVESTIGATION_OPENED,
        "open_investigation",
    ),
    Edge(
        ReportState.PRE_ASSESSMENT,
        Action.NOT_OPEN,
        ReportState.NOT_OPENED,
        "pre_assessment_decision",
    ),
    Edge(
        ReportState.PRE_ASSESSMENT,
        Action.JOIN_ONGOING,
        ReportState.JOINED_ONGOING,
        "pre_assessment_decision",
    ),
    Edge(ReportState.PRE_ASSESSMENT, Action.TRANSFER, ReportState.TRANSFERRED, "transfer"),
    # Archiving closes the report once it is decided; the guideline rules at the
    # "archive" point hold it until the reporter's feedback (its ground) is done.
    *(
        Edge(decided, Action.ARCHIVE, ReportState.ARCHIVED, "feedback")
        for decided in DECIDED_STATES
    ),
    Edge(
        InvestigationState.ONGOING,
        Action.EXTEND_INVESTIGATION,
        InvestigationState.ONGOING,
        "investigation_extension",
    ),
    Edge(
        InvestigationState.ONGOING,
        Action.COMPLETE_INVESTIGATION,
        InvestigationState.COMPLETED,
        "investigation_time_limit",
    ),
)

_EDGES = {(edge.source, edge.action): edge for edge in ALLOWED_TRANSITIONS}

#: The decision kinds that end a pre-assessment, by the action that takes them.
DECISION_ACTIONS = (
    Action.OPEN_INVESTIGATION,
    Action.NOT_OPEN,
    Action.JOIN_ONGOING,
    Action.TRANSFER,
)


def edge_for(state: str, action: str) -> Edge | None:
    """The allowed edge from `state` by `action`, or None when it is forbidden."""
    return _EDGES.get((state, action))
