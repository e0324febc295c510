"""What the system already knows about a sampled case, to pre-fill the checklist.

The facts are the owning apps' own per-report definitions (`report_facts()` of
reports, casework and guidelines, the same the quality indicators count), read for
all of a review's cases in one query. Each maps to a checklist answer; the inspector
confirms or corrects it.
"""

from django.db.models import F

from likvard.casework import selectors as casework_reads
from likvard.core.calendar import local_date
from likvard.guidelines import selectors as guideline_reads
from likvard.reports import selectors as report_reads

from .models import Value

YES, NO, NA = Value.YES, Value.NO, Value.NOT_APPLICABLE


def _yes_no(fact: bool) -> str:
    return YES if fact else NO


def _deadline_met(row) -> str:
    """Protection assessment by its due day and the decision by its (14 days)."""
    assessed, decided = row["protection_assessment__assessed_at"], row["decided_at"]
    if assessed is None or decided is None:
        return NO
    on_time = (
        local_date(assessed) <= row["protection_due"] and local_date(decided) <= row["decision_due"]
    )
    return _yes_no(on_time)


#: Fact key (Question.prefill) → the answer it gives from the row of facts.
PREFILLS = {
    "deadline_met": _deadline_met,
    "child_heard": lambda r: _yes_no(r["heard"]),
    "feedback_given": lambda r: _yes_no(r["has_feedback"]) if r["reporter_wants_feedback"] else NA,
    "known_before": lambda r: _yes_no(r["earlier_reports_motivated"]) if r["known_earlier"] else NA,
    "police_considered": lambda r: _yes_no(r["police_considered"]) if r["violence"] else NA,
    "police_reported": lambda r: _yes_no(r["police_reported"]) if r["violence"] else NA,
}


def prefills(user, report_ids) -> dict[int, dict[str, str]]:
    """Report id → {fact key: answer} for the reports the user reads."""
    facts = {
        **report_reads.report_facts(report_reads.KNOWN_EARLIER_WINDOW),
        **casework_reads.report_facts(),
        **guideline_reads.report_facts(guideline_reads.EARLIER_REPORTS_RULE),
    }
    rows = (
        report_reads.reports(user)
        .filter(pk__in=list(report_ids))
        .annotate(**facts)
        .values(
            "pk",
            "protection_due",
            "decision_due",
            "reporter_wants_feedback",
            "protection_assessment__assessed_at",
            *facts,
            decided_at=F("pre_assessment__decision__decided_at"),
        )
    )
    return {row["pk"]: {key: give(row) for key, give in PREFILLS.items()} for row in rows}
