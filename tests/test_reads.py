"""Case data is read in its own app's selectors and services, never built up elsewhere.

A model of case data (its manager a `ScopedQuerySet`, or a declared case kind) may be
queried through `Model.objects` only in a `selectors.py` or `services.py` module of the
app that owns it, so that the page and the API read a case through the same scoped
read, its shape (joins, prefetches) is written once, and the owner decides the scope:
the apps above start from the owner's selectors (e.g. `reports.selectors.reports`).
"""

import ast
from pathlib import Path

from django.apps import apps

from likvard.access.scoping import ScopedQuerySet

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "likvard"
READ_MODULES = {"selectors.py", "services.py"}


def case_models() -> dict[str, str]:
    """Name of each case model -> the app that owns it."""
    return {
        model.__name__: model._meta.app_label
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), ScopedQuerySet)
        or getattr(model, "case_kind", None)
    }


def sources():
    """(path under src/likvard, source) of every module outside the migrations."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(PACKAGE).as_posix(), path.read_text()


def allowed(relative: str, owner: str) -> bool:
    """The owner's own selectors and services may read its models."""
    app, _, module = relative.partition("/")
    return app == owner and module in READ_MODULES


def direct_reads(models: dict[str, str], modules):
    for relative, source in modules:
        for node in ast.walk(ast.parse(source, relative)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id in models
                and not allowed(relative, models[node.value.id])
            ):
                yield f"{relative}:{node.lineno} {node.value.id}.objects"


def test_case_models_are_read_only_in_their_own_apps_selectors_and_services():
    models = case_models()
    assert {"Report", "Child", "Investigation", "ChildConversation"} <= models.keys()
    assert list(direct_reads(models, sources())) == []


def test_the_check_finds_a_read_in_a_view():
    """The check itself: a read in a view, or in another app's selectors, is found; the
    owner's selectors' read is not."""
    read = "def probe(user):\n    return Report.objects.visible_to(user)\n"
    modules = [(path, read) for path in ("casework/views.py", "casework/selectors.py")]
    modules.append(("reports/selectors.py", read))
    found = list(direct_reads(case_models(), modules))
    assert found == ["casework/views.py:2 Report.objects", "casework/selectors.py:2 Report.objects"]
