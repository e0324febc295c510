"""Every verb the code writes to the audit log has words a reviewer reads.

The log review (logreview/words.py) falls back to "Skapad: orosanmälan" for a verb it
does not know, which tells the reviewer little; this test reads the source for every
verb passed as a literal to the audit functions and finds its phrase.
"""

import ast
from pathlib import Path

from likvard.logreview.words import VERBS
from likvard.reports.workflow import Action

SOURCE = Path(__file__).resolve().parents[2] / "src" / "likvard"
#: The audit functions (and the apps' own `_audit` helpers) and the position of their
#: verb argument.
VERB_POSITION = {"record": 2, "record_read": 1, "record_case_read": 1, "_audit": 1}


def _constants(node: ast.AST | None):
    """The strings an argument can be: a literal, or either side of `a if c else b`."""
    if isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value


def _verbs_in(tree: ast.AST):
    """Verbs given to the audit functions, and any call's `verb=` keyword (the helpers
    that pass a verb on to `record`)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        verb = next((k.value for k in node.keywords if k.arg == "verb"), None)
        position = VERB_POSITION.get(name)
        if verb is None and position is not None and len(node.args) > position:
            verb = node.args[position]
        for value in _constants(verb):
            yield value, node.lineno


def written_verbs() -> dict[str, str]:
    found = {}
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for verb, line in _verbs_in(ast.parse(path.read_text())):
            found.setdefault(verb, f"{path.relative_to(SOURCE)}:{line}")
    return found


def test_the_scan_finds_the_verbs_it_must():
    verbs = written_verbs()
    assert {
        "view_child",
        "register_report",
        "record_immediate_step",
        "write_journal_entry",
        "correct_journal_entry",
        "upload_document",
    } <= verbs.keys()


def test_every_written_verb_has_words_for_the_reviewer():
    missing = {
        verb: where
        for verb, where in written_verbs().items()
        if verb not in VERBS and verb not in Action.values
    }
    assert missing == {}
