"""Answers made on paper or in another tool, read from a CSV file and checked whole.

The file is what Swedish Excel writes: UTF-8 (with or without a byte-order mark) or
Windows-1252, split on semicolons or commas; one answer a row: the case's reference
(the report's number), the question's key, the answer and a comment. A first row
whose reference is not a number is a header. Every row is checked before anything is
written, and every problem is listed by row, field and what is wrong: one problem and
nothing is imported.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Value
from .services import Given

#: The answers a file may give: the codes, and the words the page shows.
ANSWER_WORDS = {
    **{code: code for code in Value.values},
    **{str(label).casefold(): code for code, label in Value.choices},
    "ej tillampligt": Value.NOT_APPLICABLE,
    "e/t": Value.NOT_APPLICABLE,
}
FIELDS = (_("ärende"), _("fråga"), _("svar"), _("kommentar"))
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    problem: str


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def rows_of(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-empty row; `;` unless the first line has
    only commas."""
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first and ";" not in first else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(n, [c.strip() for c in cells]) for n, cells in enumerate(reader, 1) if any(cells)]


def check(raw: bytes, cases_by_report: dict, questions_by_key: dict, known=lambda refs: set()):
    """(rows to import as (case, [Given]), problems). `cases_by_report`: report
    number → SampledCase of the review; `known(numbers)`: which numbers name a report
    at all, so a case not drawn is told apart from an unknown one."""
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return [], [Problem(0, "", str(_("Filen är större än 2 MB.")))]
    rows = rows_of(decode(raw))
    if rows and not rows[0][1][0].isdigit():
        rows = rows[1:]  # the header
    if not rows:
        return [], [Problem(0, "", str(_("Filen innehåller inga svar.")))]
    numbers = {int(cells[0]) for _n, cells in rows if cells[0].isdigit()}
    in_population = known(numbers - set(cases_by_report))
    by_case: dict = {}
    seen: dict[tuple[str, str], int] = {}
    for n, cells in rows:
        cells = [*cells, "", "", "", ""][:4]
        reference, key, answer, comment = cells
        found = len(problems)
        case = None
        if not reference.isdigit():
            problems.append(
                Problem(n, str(FIELDS[0]), str(_("Ärendet ska anges med anmälans nummer.")))
            )
        elif int(reference) in cases_by_report:
            case = cases_by_report[int(reference)]
        elif int(reference) in in_population:
            problems.append(Problem(n, str(FIELDS[0]), str(_("Ärendet ingår inte i urvalet."))))
        else:
            problems.append(Problem(n, str(FIELDS[0]), str(_("Okänt ärende."))))
        question = questions_by_key.get(key)
        if question is None:
            problems.append(
                Problem(n, str(FIELDS[1]), str(_("Okänd fråga: %(key)s") % {"key": key or "–"}))
            )
        value = ANSWER_WORDS.get(answer.casefold())
        if value is None:
            problems.append(
                Problem(
                    n,
                    str(FIELDS[2]),
                    str(
                        _("Svaret ska vara ja, nej, delvis eller ej tillämpligt (fick ”%(a)s”).")
                        % {"a": answer}
                    ),
                )
            )
        if (reference, key) in seen:
            problems.append(
                Problem(
                    n,
                    str(FIELDS[1]),
                    str(
                        _("Samma ärende och fråga finns redan på rad %(row)s.")
                        % {"row": seen[reference, key]}
                    ),
                )
            )
        else:
            seen[reference, key] = n
        if len(problems) == found:
            by_case.setdefault(case.pk, (case, []))[1].append(Given(question, value, comment))
    if problems:
        return [], problems
    return list(by_case.values()), []
