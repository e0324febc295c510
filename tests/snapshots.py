"""What a refused request must leave as it was: every row of case data, and the log.

Used by the permission matrices (tests/test_permission_matrix.py for the UI,
tests/api/test_access.py for the API): a valid body sent to an out-of-scope object
must answer 404 and change nothing, not one field of one row.
"""

from django.apps import apps

from likvard.access.models import AuditEntry

#: Apps whose rows a write of case data can touch (the organisation app too: an
#: assignment or a grant must not change a user either).
CASE_APPS = (
    "people",
    "reports",
    "casework",
    "journal",
    "documents",
    "notices",
    "guidelines",
    "access",
    "organisation",
    "partners",
    "oversight",
)
#: Rows that change by themselves: the log (checked on its own) and sign-in bookkeeping.
IGNORED = {"access.auditentry", "access.loginattempt"}


def rows() -> dict:
    """Every row of every model of the case apps, all fields, by model label."""
    state = {}
    for label in CASE_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in IGNORED:
                continue
            state[model._meta.label_lower] = list(model.objects.order_by("pk").values_list())
    return state


class Unchanged:
    """A snapshot taken now; `check()` fails if any row changed or an entry other than
    a denial was logged since."""

    def __init__(self):
        self.before = rows()
        self.last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    def new_entries(self) -> list[str]:
        entries = AuditEntry.objects.order_by("pk")
        if self.last_entry is not None:
            entries = entries.filter(pk__gt=self.last_entry)
        return list(entries.values_list("action", flat=True))

    def changed(self) -> list[str]:
        after = rows()
        return [label for label in self.before if after[label] != self.before[label]]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.check("block")

    def check(self, what) -> None:
        assert self.changed() == [], (what, self.changed())
        logged = self.new_entries()
        assert set(logged) <= {AuditEntry.Action.DENIED}, (what, logged)
