"""Decided reports whose reporter asked for feedback, and their notices, as the services
write them (the notice is prepared by `prepare`, as after a decision's commit)."""

from django.test import TestCase

from likvard.casework import services as casework
from likvard.casework.models import Decision, Investigation
from likvard.notices import services
from likvard.notices.models import Notice
from tests import factories
from tests.casework.helpers import heard

EMAIL = "Maja Rektor, 08-465 004 12, maja.rektor@ekskolan.example.se"
POSTAL = "Polisen, Box 1234, 112 34 Stockholm, 08-465 004 13"
PHONE = "08-465 004 14"

#: Each decision kind with what its decision needs besides the kind.
EXTRA = {
    Decision.Kind.OPEN_INVESTIGATION: {},
    Decision.Kind.NOT_OPEN: {"motivation": "Ingen grund för utredning."},
    Decision.Kind.ALREADY_ONGOING: {},
    Decision.Kind.TRANSFER: {"transfer_municipality": "Solna"},
}


def decided(actor, kind=Decision.Kind.OPEN_INVESTIGATION, *, contact=EMAIL, **overrides):
    """A report from a mandated reporter who asked for feedback, decided `kind`."""
    if kind == Decision.Kind.ALREADY_ONGOING and "personal_number" not in overrides:
        overrides["personal_number"] = factories.CHILD_NUMBERS[3]
    if kind == Decision.Kind.ALREADY_ONGOING:
        decided(actor, personal_number=overrides["personal_number"])
    report = heard(
        actor,
        factories.assessed_report(
            actor,
            reporter_contact=contact,
            reporter_name="Maja Rektor",
            reporter_organisation="Ekskolan",
            **overrides,
        ),
    )
    casework.decide(
        actor, report.pk, casework.DecisionInput(kind=kind, **EXTRA[kind]), version=report.version
    )
    return report


def notice(actor, kind=Decision.Kind.OPEN_INVESTIGATION, *, contact=EMAIL, **overrides) -> Notice:
    """The notice prepared for a freshly decided report (by its decision's commit in a
    test that commits, else here)."""
    report = decided(actor, kind, contact=contact, **overrides)
    services.prepare(actor, report.pk)  # None where the decision's commit prepared it
    return Notice.objects.get(report=report, attempt=1)


def sent(admin, actor, **kwargs) -> Notice:
    """A notice sent (the job runs inline under the test settings)."""
    prepared = notice(actor, **kwargs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.queue_sending(admin, [prepared.pk])
    return Notice.objects.get(pk=prepared.pk)


def investigation_of(report) -> Investigation:
    return Investigation.objects.get(opening_decision__pre_assessment__report=report)
