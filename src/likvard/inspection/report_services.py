"""Every write of the report's findings and of the districts' measures, each audited.

The inspector writes the findings and recommendations on the draft report until
the review is completed; then the report is fixed and published, and the
districts answer it. A district's supervisor who answers reviews
(`respond_to_inspections`) records the own district's planned measures, with a
due date, and marks them done; another district's measure is not found. The log
holds dates and ids, never the texts (they are the inspectors' and the
districts' words, kept in the rows).
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date
from likvard.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied

from . import report_selectors
from .models import Finding, Response, Review, State

CREATE, UPDATE = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE


class ReportFixed(DomainError):
    status = 409
    code = "report_fixed"


class NotPublished(DomainError):
    status = 409
    code = "report_not_published"


def _review(user, review_id, permission: str) -> Review:
    if not user.holds(permission):
        raise PermissionDenied(
            _("Bara socialtjänstinspektörer skriver granskningens iakttagelser.")
            if permission == "conduct_inspections"
            else _("Bara arbetsledare som besvarar granskningar registrerar åtgärder.")
        )
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    return review


def _draft(user, review_id) -> Review:
    review = _review(user, review_id, "conduct_inspections")
    if review.state == State.COMPLETED:
        raise ReportFixed(
            _("Granskningen är avslutad: rapporten är fastställd och kan inte längre ändras.")
        )
    return review


def _text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Skriv en text."), field=field)
    return text


def _district(review: Review, district):
    if district is not None and not report_selectors.covers(review, district.pk):
        raise InvalidInput(_("Stadsdelsområdet ingår inte i granskningen."), field="district")
    return district


@transaction.atomic
def add_finding(user, review_id, *, kind: str, text: str, district=None) -> Finding:
    review = _draft(user, review_id)
    if kind not in Finding.Kind.values:
        raise InvalidInput(_("Välj iakttagelse eller rekommendation."), field="kind")
    last = review.findings.aggregate(last=Max("position"))["last"] or 0
    finding = Finding.objects.create(
        review=review,
        kind=kind,
        text=_text(text),
        district=_district(review, district),
        position=last + 1,
    )
    record(
        user,
        CREATE,
        "add_review_finding",
        finding,
        district_id=finding.district_id,
        after={"review": review.pk, "kind": kind},
    )
    return finding


@transaction.atomic
def change_finding(user, review_id, finding_id, *, text: str) -> Finding:
    review = _draft(user, review_id)
    finding = report_selectors.finding(review, finding_id)
    finding.text = _text(text)
    finding.save(update_fields=["text"])
    record(user, UPDATE, "change_review_finding", finding, after={"review": review.pk})
    return finding


@transaction.atomic
def remove_finding(user, review_id, finding_id) -> None:
    review = _draft(user, review_id)
    finding = report_selectors.finding(review, finding_id)
    # The log has no deletions: the removal is a change of the report, naming the row.
    record(user, UPDATE, "remove_review_finding", finding, after={"review": review.pk})
    finding.delete()


def _answering(user, review_id) -> tuple[Review, object]:
    """The completed review and the district `user` answers it for."""
    review = _review(user, review_id, "respond_to_inspections")
    district = report_selectors.answering_district(user, review)
    if district is None:
        raise NotFound()
    if review.state != State.COMPLETED:
        raise NotPublished(_("Granskningen är inte avslutad: rapporten har inte fastställts."))
    return review, district


@transaction.atomic
def respond(
    user, review_id, *, measure: str, due_on: datetime.date, finding_id=None, at=None
) -> Response:
    """A planned measure of the user's district, in answer to a finding or to the report."""
    review, district = _answering(user, review_id)
    finding = None
    if finding_id is not None:
        finding = report_selectors.finding(review, finding_id)
        if finding.district_id not in (None, district.pk):
            raise NotFound()
    today = local_date(at or timezone.now())
    if due_on < today:
        raise InvalidInput(
            _("Datumet för när åtgärden ska vara klar har passerat."), field="due_on"
        )
    response = Response.objects.create(
        review=review,
        district=district,
        finding=finding,
        measure=_text(measure, "measure"),
        due_on=due_on,
        responded_by=user,
    )
    record(
        user,
        CREATE,
        "respond_to_review",
        response,
        district_id=district.pk,
        after={"review": review.pk, "finding": finding_id, "due_on": str(due_on)},
    )
    return response


@transaction.atomic
def mark_done(user, review_id, response_id, *, done_on: datetime.date, at=None) -> Response:
    """The measure is carried out: on `done_on`, not in the future nor before it was planned."""
    review, district = _answering(user, review_id)
    response = report_selectors.response(review, district, response_id)
    if response.done_on is not None:
        raise InvalidInput(_("Åtgärden är redan markerad som genomförd."), field="done_on")
    today = local_date(at or timezone.now())
    if done_on > today:
        raise InvalidInput(_("Datumet ligger i framtiden."), field="done_on")
    if done_on < local_date(response.created_at):
        raise InvalidInput(
            _("Datumet ligger före den dag åtgärden registrerades."), field="done_on"
        )
    response.done_on = done_on
    response.save(update_fields=["done_on"])
    record(
        user,
        UPDATE,
        "complete_review_measure",
        response,
        district_id=district.pk,
        before={"done_on": None},
        after={"done_on": str(done_on), "late": done_on > response.due_on},
    )
    return response
