"""The kinds of case object, declared once, on their models.

A model whose rows are addressed by id in a URL of the caseworker's pages or of the
API says which kind of case object it is (`case_kind = "report"`); its scoped
queryset already says the path to its district (`district_field`), and so to its
child. A view says which model its `pk` names (`@serves(Report)` on a page, the
`case_model` attribute on an API view set). Everything that must know the kinds asks
here: the log of refused ids (a guessed id in another district shows in that
district's log review), the pages' and the API's 404 handling, and the permission
matrices of the tests. A new case object (an intervention, a placement) is one
declaration on its model, and a URL serving a model that declares no kind fails
`tests/test_case_kinds.py`.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps


@dataclass(frozen=True)
class CaseKind:
    """One kind of case object and the paths from its rows to the child and the district."""

    name: str
    model: type
    #: Path to the child's id, e.g. "report__child_id"; the row's own id for a child.
    child_path: str
    #: Path to the district's id; None for a child, which has no district of its own
    #: (the district of the child's latest report stands in for it).
    district_path: str | None


def _kind_of_model(model) -> CaseKind:
    district_field = getattr(model._default_manager.get_queryset(), "district_field", None)
    if district_field is None:
        return CaseKind(model.case_kind, model, "id", None)
    prefix = district_field.removesuffix("district")
    return CaseKind(model.case_kind, model, f"{prefix}child_id", f"{district_field}_id")


@cache
def case_kinds() -> dict[str, CaseKind]:
    """Every declared kind by name (read once the apps are loaded)."""
    kinds = {}
    for model in apps.get_models():
        name = model.__dict__.get("case_kind")
        if name is None:
            continue
        if name in kinds:
            raise ValueError(f"two models declare the case kind {name!r}")
        kinds[name] = _kind_of_model(model)
    return kinds


def kind_of(model) -> CaseKind | None:
    """The kind a model declares, or None when its rows are not case objects."""
    name = getattr(model, "case_kind", None) if model is not None else None
    return case_kinds().get(name) if name else None


def serves(model):
    """Mark a page view whose `pk` names a row of `model` (None: an id that names no case)."""

    def mark(view):
        view.case_model = model
        return view

    return mark
