"""Helpers shared by the casework, reports and access tests (no fixtures here)."""

import datetime

from django.apps import apps
from django.forms.models import model_to_dict
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.core.calendar import STOCKHOLM, local_date

#: The apps whose tables a refused request must leave untouched.
LIKVARD_APPS = ("organisation", "people", "reports", "casework", "access", "guidelines")

#: What the earlier-reports rule asks when a known child's report is closed.
EARLIER = {"earlier_reports_motivation": "De tidigare anmälningarna gällde annan oro."}


def row_counts() -> dict[str, int]:
    """The number of rows in every table of Likvärd, by model label."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in LIKVARD_APPS
    }


def last_audit_id() -> int:
    """The id of the newest audit entry (0 when the log is empty)."""
    entry = AuditEntry.objects.order_by("-id").first()
    return entry.pk if entry else 0


def fields_of(obj) -> dict:
    """Every stored field of `obj`, read again from the database."""
    return model_to_dict(type(obj)._default_manager.get(pk=obj.pk))


def heard(actor, report):
    """Document a held conversation with the child, as the child-heard rule asks."""
    from likvard.casework.services import record_child_conversation

    record_child_conversation(actor, report.pk, held=True, held_on=local_today())
    return report


def heard_in_investigation(actor, investigation):
    """Record a conversation with the child in the investigation (bbic), as the rule at
    the closing asks (`closing_child_heard`): a closing without one, or the reason, is
    refused once bbic registers its closing facts."""
    from likvard.bbic.services import MeetingInput, record_meeting

    record_meeting(
        actor,
        investigation.pk,
        MeetingInput(kind="child_conversation", held_on=local_today(), child_took_part=True),
    )
    return investigation


def local_today() -> datetime.date:
    """Today in Stockholm, the day the services stamp on decisions."""
    return local_date(timezone.now())


def local_noon(day: datetime.date) -> datetime.datetime:
    """Noon in Stockholm on `day`: far from midnight, so no DST edge moves the date."""
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=STOCKHOLM)
