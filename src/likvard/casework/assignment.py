"""Who handles a case: assigning reports and investigations to workers of the district.

Every report and investigation should have a handler; a case without one shows
in the district's unassigned list for its supervisors ("Fördela ärenden"). Who
may be assigned what, and who may assign, are role permissions (data, editable
in the admin), not role names written here:

- `assign_cases`: may assign and unassign any case of the own district;
- `handle_reports` / `handle_investigations`: may be assigned reports /
  investigations, and may take an unassigned one for themselves.

Assigning stores the assignee's unit on the case (`unit`), so counts by unit do
not move when the worker later changes unit. Like a transition it is checked
against the version the caller saw and bumps it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.organisation.models import User
from likvard.reports.models import Report
from likvard.reports.workflow import InvestigationState, ReportState

from .models import Investigation


@dataclass(frozen=True)
class CaseKind:
    """What differs between assigning a report and an investigation."""

    model: type[models.Model]
    permission: str  # the role permission an assignee must hold
    verb: str  # the audit entry's verb
    is_closed: Callable[[models.Model], bool]
    closed_message: str
    unsuitable_message: str


REPORT = CaseKind(
    model=Report,
    permission="handle_reports",
    verb="assign_report",
    is_closed=lambda report: report.state == ReportState.ARCHIVED,
    closed_message=_("En avslutad anmälan kan inte fördelas."),
    unsuitable_message=_("Medarbetarens roll handlägger inte orosanmälningar."),
)
INVESTIGATION = CaseKind(
    model=Investigation,
    permission="handle_investigations",
    verb="assign_investigation",
    is_closed=lambda investigation: investigation.state == InvestigationState.COMPLETED,
    closed_message=_("En avslutad utredning kan inte fördelas."),
    unsuitable_message=_("Medarbetarens roll utreder inte."),
)


def roles_holding(codename: str) -> models.QuerySet:
    """The roles (group names) whose permissions include `codename`."""
    from django.contrib.auth.models import Group

    return Group.objects.filter(
        permissions__codename=codename, permissions__content_type__app_label="organisation"
    ).values("name")


def eligible_workers(kind: CaseKind, district_id: int) -> models.QuerySet:
    """The active staff of the district who may be assigned a case of `kind`."""
    return (
        User.objects.filter(
            is_active=True,
            unit__district_id=district_id,
            role__in=roles_holding(kind.permission),
        )
        .select_related("unit")
        .order_by("last_name", "first_name", "username")
    )


def check_assignee(kind: CaseKind, district_id: int, assignee_id: int) -> User:
    """The worker named to handle a case of the district, or a refusal saying why not."""
    assignee = User.objects.select_related("unit").filter(pk=assignee_id).first()
    if assignee is None:
        raise InvalidInput(
            _("Det finns ingen sådan medarbetare."), code="unknown_assignee", field="assigned_to"
        )
    if not assignee.is_active:
        raise InvalidInput(
            _("Medarbetarens konto är inte aktivt."), code="inactive_assignee", field="assigned_to"
        )
    if assignee.district_id != district_id:
        raise InvalidInput(
            _("Medarbetaren arbetar i ett annat stadsdelsområde."),
            code="other_district",
            field="assigned_to",
        )
    if not assignee.holds(kind.permission):
        raise InvalidInput(kind.unsuitable_message, code="unsuitable_role", field="assigned_to")
    return assignee


def check_may_assign(actor, current_id: int | None, assignee_id: int | None) -> None:
    """A supervisor may assign anything; a worker may only take an unassigned case."""
    if actor.holds("assign_cases"):
        return
    if assignee_id is not None and assignee_id == actor.pk and current_id is None:
        return
    raise PermissionDenied(
        _("Bara arbetsledare kan fördela ärenden. Ett ofördelat ärende kan du ta själv."),
        code="may_not_assign",
    )


def handler_for_new_case(actor, kind: CaseKind, district_id: int, assignee_id: int | None):
    """The handler of a case being created (e.g. the investigation a decision opens),
    under the same rules as `assign`; None leaves it in the unassigned list."""
    if assignee_id is None:
        return None
    check_may_assign(actor, None, assignee_id)
    return check_assignee(kind, district_id, assignee_id)


def _assign(actor, kind: CaseKind, pk: int, *, version: int, assignee_id: int | None):
    with transaction.atomic():
        obj = (
            kind.model.objects.editable_by(actor)
            .select_for_update(of=("self",))
            .filter(pk=pk)
            .first()
        )
        if obj is None:
            raise NotFound()
        if obj.version != version:
            raise ConcurrentChange()
        if kind.is_closed(obj):
            raise TransitionNotAllowed(kind.closed_message, code="case_closed")
        check_may_assign(actor, obj.assigned_to_id, assignee_id)
        assignee = (
            check_assignee(kind, obj.district_id, assignee_id) if assignee_id is not None else None
        )
        if obj.assigned_to_id == assignee_id:
            return obj  # already so: nothing to write
        # Unassigning keeps the last unit: the case stays counted where it was handled
        # until someone else takes it.
        unit_id = assignee.unit_id if assignee is not None else obj.unit_id
        updated = kind.model.objects.filter(pk=obj.pk, version=version).update(
            assigned_to=assignee, unit_id=unit_id, version=models.F("version") + 1
        )
        if updated != 1:
            raise ConcurrentChange()
        before = {"assigned_to": obj.assigned_to_id, "unit": obj.unit_id, "version": version}
        obj.assigned_to, obj.unit_id, obj.version = assignee, unit_id, version + 1
        record(
            actor,
            AuditEntry.Action.UPDATE,
            kind.verb,
            obj,
            child_id=obj.child_id,
            district_id=obj.district_id,
            before=before,
            after={"assigned_to": assignee_id, "unit": unit_id, "version": obj.version},
        )
    return obj


def assign_report(actor, report_id: int, *, version: int, assignee_id: int | None) -> Report:
    """Give a report to a worker of its district (None: back to the unassigned list)."""
    return _assign(actor, REPORT, report_id, version=version, assignee_id=assignee_id)


def assign_investigation(
    actor, investigation_id: int, *, version: int, assignee_id: int | None
) -> Investigation:
    """Give an investigation to an investigator of its district (None: unassign)."""
    return _assign(actor, INVESTIGATION, investigation_id, version=version, assignee_id=assignee_id)


def snapshot_assignee_units() -> int:
    """Give every assigned case without a unit its assignee's current unit.

    For rows written in bulk outside the services and their effect functions (imports),
    which set `assigned_to` but not the snapshot; the migration that added the
    column did the same for the rows that existed then. Returns the rows changed.
    """
    changed = 0
    for model in (Report, Investigation):
        changed += model.objects.filter(unit__isnull=True, assigned_to__unit__isnull=False).update(
            unit_id=models.Subquery(
                User.objects.filter(pk=models.OuterRef("assigned_to_id")).values("unit_id")[:1]
            )
        )
    return changed
