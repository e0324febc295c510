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
    ARCHIVED = "archived", _("Avslutad")


class InvestigationState(models.TextChoices):
    ONGOING = "ongoing", _("Pågår")
    COMPLETED = "completed", _("Avslutad")


class DecisionKind(models.TextChoices):
    """What the decision that ends a pre-assessment decides (`Decision.kind`).

    The one vocabulary of that choice: the decision form and the API take these
    values and labels, and `DECISION_ACTION` says which action of the table each
    one takes.
    """

    OPEN_INVESTIGATION = "open_investigation", _("Utredning inleds")
    NOT_OPEN = "not_open", _("Utredning inleds inte")
    ALREADY_ONGOING = "already_ongoing", _("Tillförs pågående utredning")
    TRANSFER = "transfer", _("Överflyttas till annan kommun")


class Action(models.TextChoices):
    """The steps of the table; each value is the verb of its audit entry.

    The four decisions are actions under values of their own (stored in the audit
    log, so they stay), named as the decision names them.
    """

    ASSESS_PROTECTION = "assess_protection", _("Skyddsbedömning")
    OPEN_INVESTIGATION = "open_investigation", DecisionKind.OPEN_INVESTIGATION.label
    NOT_OPEN = "not_open", DecisionKind.NOT_OPEN.label
    JOIN_ONGOING = "join_ongoing", DecisionKind.ALREADY_ONGOING.label
    TRANSFER = "transfer", DecisionKind.TRANSFER.label
    EXTEND_INVESTIGATION = "extend_investigation", _("Förläng utredningstiden")
    COMPLETE_INVESTIGATION = "complete_investigation", _("Avsluta utredning")
    ARCHIVE = "archive", _("Avsluta anmälan")


#: The action each decision takes: the one table between what a decision decides
#: (`Decision.kind`) and its edge in ALLOWED_TRANSITIONS below.
DECISION_ACTION = {
    DecisionKind.OPEN_INVESTIGATION: Action.OPEN_INVESTIGATION,
    DecisionKind.NOT_OPEN: Action.NOT_OPEN,
    DecisionKind.ALREADY_ONGOING: Action.JOIN_ONGOING,
    DecisionKind.TRANSFER: Action.TRANSFER,
}


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


def edge_for(state: str, action: str) -> Edge | None:
    """The allowed edge from `state` by `action`, or None when it is forbidden."""
    return _EDGES.get((state, action))
