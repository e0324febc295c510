"""Case data is read in selectors and services, never built up in a view.

A model of case data (its manager a `ScopedQuerySet`, or a declared case kind) may be
queried through `Model.objects` only in a `selectors.py` or `services.py` module, so
that the page and the API read a case through the same scoped read and its shape
(joins, prefetches) is written once. The one exception is named below with its
reason; a new one must be argued there.
"""

import ast
from pathlib import Path

from django.apps import apps

from likvard.access.scoping import ScopedQuerySet

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "likvard"
READ_MODULES = {"selectors.py", "services.py"}
#: Modules that query case models directly, and why.
EXCEPTIONS = {
    # Each indicator is defined as correlated subqueries over every case in a period;
    # the quality app's selectors count them (unscoped by design: the published
    # numbers are aggregated and small cells suppressed).
    "quality/indicators.py",
}


def case_models() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), ScopedQuerySet)
        or getattr(model, "case_kind", None)
    }


def sources():
    """(path under src/likvard, source) of every module the rule applies to."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "migrations" in path.parts or path.name in READ_MODULES or relative in EXCEPTIONS:
            continue
        yield relative, path.read_text()


def direct_reads(names: set[str], modules):
    for relative, source in modules:
        for node in ast.walk(ast.parse(source, relative)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id in names
            ):
                yield f"{relative}:{node.lineno} {node.value.id}.objects"


def test_case_models_are_read_only_in_selectors_and_services():
    names = case_models()
    assert {"Report", "Child", "Investigation", "ChildConversation"} <= names
    assert list(direct_reads(names, sources())) == []


def test_the_check_finds_a_read_in_a_view():
    """The check itself: a view that queries a case model is found, a selector's read is not."""
    view = "def probe(user):\n    return Report.objects.visible_to(user)\n"
    found = list(direct_reads(case_models(), [("casework/views.py", view)]))
    assert found == ["casework/views.py:2 Report.objects"]
    assert "casework/selectors.py" not in dict(sources())
