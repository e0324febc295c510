"""Every write of the inspectors' review, each with its entry in the audit log.

A review's set-up and checklist can change only while it is a draft; drawing the
sample freezes both (`review_frozen`), so the cases drawn and the questions answered
are the ones the report describes. The review writes nothing in the cases it reads.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record, record_read
from likvard.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied

from . import population, sampling
from .checklists import DEFAULT_CHECKLIST
from .models import Allocation, Answer, Question, Review, SampledCase, Source, State, Value
from .selectors import districts

CREATE, UPDATE = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE

#: The set-up's fields a form gives (districts apart: a many-to-many).
SETUP_FIELDS = (
    "title",
    "population",
    "period_start",
    "period_end",
    "age_min",
    "age_max",
    "allocation",
    "sample_size",
    "seed",
    "compare_with",
)


class ReviewFrozen(DomainError):
    status = 409
    code = "review_frozen"


def _inspector(user) -> None:
    if not user.holds("conduct_inspections"):
        raise PermissionDenied(_("Bara socialtjänstinspektörer granskar ärenden."))


def _locked(user, review_id) -> Review:
    _inspector(user)
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    return review


def _unfrozen(review: Review) -> None:
    if review.frozen:
        raise ReviewFrozen(
            _(
                "Granskningen har börjat (urvalet drogs %(day)s): inställningarna och "
                "frågorna kan inte längre ändras."
            )
            % {"day": timezone.localdate(review.frozen_at)},
        )


def check_setup(data: dict) -> None:
    """The set-up's own rules (the form checks each field's type)."""
    if data["period_end"] < data["period_start"]:
        raise InvalidInput(_("Periodens slut ligger före dess början."), field="period_end")
    low, high = data.get("age_min"), data.get("age_max")
    if low is not None and high is not None and low > high:
        raise InvalidInput(_("Den lägsta åldern är högre än den högsta."), field="age_max")
    if data["allocation"] != Allocation.ALL and not data.get("sample_size"):
        raise InvalidInput(
            _("Ange hur många ärenden urvalet ska ha, eller välj alla ärenden."),
            field="sample_size",
        )


def _setup_values(data: dict) -> dict:
    values = {name: data.get(name) for name in SETUP_FIELDS}
    if values["allocation"] == Allocation.ALL:
        values["sample_size"] = None
    return values


def _logged(review: Review, district_ids) -> dict:
    """What the log keeps of a set-up: structured values only."""
    return {
        "population": review.population,
        "period": [str(review.period_start), str(review.period_end)],
        "ages": [review.age_min, review.age_max],
        "districts": sorted(district_ids),
        "allocation": review.allocation,
        "sample_size": review.sample_size,
        "seed": review.seed,
    }


@transaction.atomic
def create_review(user, data: dict, district_ids=()) -> Review:
    """A draft review with the default checklist."""
    _inspector(user)
    check_setup(data)
    review = Review.objects.create(created_by=user, **_setup_values(data))
    review.districts.set(list(district_ids))
    Question.objects.bulk_create(
        Question(review=review, order=i, key=q["key"], text=str(q["text"]), prefill=q["prefill"])
        for i, q in enumerate(DEFAULT_CHECKLIST, start=1)
    )
    record(user, CREATE, "create_review", review, after=_logged(review, district_ids))
    return review


@transaction.atomic
def update_review(user, review_id, data: dict, district_ids=()) -> Review:
    review = _locked(user, review_id)
    _unfrozen(review)
    check_setup(data)
    for name, value in _setup_values(data).items():
        setattr(review, name, value)
    review.save()
    review.districts.set(list(district_ids))
    record(user, UPDATE, "change_review", review, after=_logged(review, district_ids))
    return review


@transaction.atomic
def add_question(user, review_id, key: str, text: str) -> Question:
    review = _locked(user, review_id)
    _unfrozen(review)
    if review.questions.filter(key=key).exists():
        raise InvalidInput(_("Det finns redan en fråga med den nyckeln."), field="key")
    last = review.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = Question.objects.create(review=review, key=key, text=text, order=last + 1)
    record(user, CREATE, "change_review_checklist", review, after={"added": key})
    return question


@transaction.atomic
def remove_question(user, review_id, question_id) -> None:
    review = _locked(user, review_id)
    _unfrozen(review)
    question = review.questions.filter(pk=question_id).first()
    if question is None:
        raise NotFound()
    key = question.key
    question.delete()
    record(user, UPDATE, "change_review_checklist", review, after={"removed": key})


@transaction.atomic
def draw_sample(user, review_id) -> list[SampledCase]:
    """Draw the sample and freeze the set-up: the review begins."""
    review = _locked(user, review_id)
    _unfrozen(review)
    if not review.questions.exists():
        raise InvalidInput(_("Granskningen har inga frågor."))
    chosen = list(review.districts.values_list("pk", flat=True))
    units = population.units(user, review, chosen)
    names = dict(districts().values_list("pk", "name"))
    drawn = sampling.draw(units, names, review.seed, review.allocation, review.sample_size)
    cases = SampledCase.objects.bulk_create(
        SampledCase(
            review=review,
            report_id=unit.report_id,
            investigation_id=unit.investigation_id,
            intervention_id=unit.intervention_id,
            district_id=unit.district_id,
            rank=rank,
        )
        for unit, rank in drawn
    )
    review.frozen_at = timezone.now()
    review.state = State.IN_REVIEW
    review.save(update_fields=["frozen_at", "state"])
    record(
        user,
        UPDATE,
        "draw_review_sample",
        review,
        after={"population": len(units), "sample": len(cases), "seed": review.seed},
    )
    return cases


def _in_review(review: Review) -> None:
    if review.state != State.IN_REVIEW:
        raise InvalidInput(
            _("Granskningen pågår inte: dra urvalet först.")
            if review.state == State.DRAFT
            else _("Granskningen är avslutad.")
        )


@transaction.atomic
def mark_double_review(user, review_id, count: int) -> int:
    """Mark the `count` cases of lowest rank for a second inspector (deterministic, as
    the draw); the others are unmarked. Returns how many are marked."""
    review = _locked(user, review_id)
    _in_review(review)
    cases = review.cases.order_by("rank", "report_id")
    if not 0 <= count <= cases.count():
        raise InvalidInput(
            _("Välj mellan 0 och %(n)s ärenden.") % {"n": cases.count()}, field="count"
        )
    chosen = list(cases.values_list("pk", flat=True)[:count])
    review.cases.update(double_review=False)
    review.cases.filter(pk__in=chosen).update(double_review=True)
    record(user, UPDATE, "mark_double_review", review, after={"double_review": len(chosen)})
    return len(chosen)


@transaction.atomic
def complete_review(user, review_id) -> Review:
    review = _locked(user, review_id)
    _in_review(review)
    review.state = State.COMPLETED
    review.save(update_fields=["state"])
    record(user, UPDATE, "complete_review", review, after={"state": review.state})
    return review


@dataclass(frozen=True)
class Given:
    """One answer as the page or an import gives it."""

    question: Question
    value: str
    comment: str = ""
    prefill: str | None = None  # the value the system proposed, if any


def _store(user, case: SampledCase, given: list[Given], source: str) -> int:
    now = timezone.now()
    for item in given:
        if item.value not in Value.values:
            raise InvalidInput(_("Okänt svar."), field=f"q{item.question.pk}")
        Answer.objects.update_or_create(
            sampled_case=case,
            question=item.question,
            inspector=user,
            defaults={
                "value": item.value,
                "comment": item.comment,
                "prefilled": item.prefill is not None and item.value == item.prefill,
                "confirmed": True,
                "source": source,
                "answered_at": now,
            },
        )
    return len(given)


@transaction.atomic
def answer_case(user, review_id, case_id, given: list[Given]) -> int:
    """The inspector's answers about one case (a pre-filled one kept or corrected)."""
    review = _locked(user, review_id)
    _in_review(review)
    case = review.cases.filter(pk=case_id).select_related("report").first()
    if case is None:
        raise NotFound()
    count = _store(user, case, given, Source.REVIEW)
    record(
        user,
        UPDATE,
        "answer_review_case",
        review,
        child_id=case.report.child_id,
        district_id=case.district_id,
        after={"case": case.report_id, "answers": count},
    )
    return count


@transaction.atomic
def import_answers(user, review_id, rows: list[tuple[SampledCase, list[Given]]]) -> int:
    """Answers already checked by `imports.check` (all of them, or none)."""
    review = _locked(user, review_id)
    _in_review(review)
    total = sum(_store(user, case, given, Source.IMPORT) for case, given in rows)
    record(
        user,
        CREATE,
        "import_review_answers",
        review,
        after={"cases": len(rows), "answers": total},
    )
    return total


def log_case_read(user, case: SampledCase):
    """The inspector read a case of the sample: logged in the case's district, so the
    district's log review shows it as the inspection's access."""
    return record_read(
        user,
        "inspect_case",
        case.report,
        child_id=case.report.child_id,
        district_id=case.district_id,
        after={"review": case.review_id},
    )
