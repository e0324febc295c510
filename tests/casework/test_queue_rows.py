"""The queue's rows, built in Python (`{% queue_rows %}`): every value escaped, the links,
the badges and the handler column as the table's headings promise."""

import datetime
from html.parser import HTMLParser

from django.template import Context, Template

from likvard.casework.models import Investigation
from likvard.casework.selectors import QueueItem
from likvard.organisation.models import User
from likvard.people.models import Child
from likvard.reports.models import Report

TODAY = datetime.date(2026, 3, 31)
TABLE = Template(
    "{% load queue_rows %}<table><tbody>{% queue_rows items show_handler %}</tbody></table>"
)


class Cells(HTMLParser):
    """The rows' cells as (data-label, text, links) and the rows' attributes."""

    def __init__(self):
        super().__init__()
        self.rows, self.cells, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append(attrs)
        elif tag == "td":
            self._cell = [attrs["data-label"], "", []]
        elif tag == "a" and self._cell is not None:
            self._cell[2].append(attrs["href"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self.cells.append((self._cell[0], self._cell[1].strip(), self._cell[2]))
            self._cell = None


def _render(items, show_handler=False) -> tuple[str, Cells]:
    html = TABLE.render(Context({"items": items, "show_handler": show_handler}))
    parsed = Cells()
    parsed.feed(html)
    return html, parsed


def _child(**fields) -> Child:
    return Child(**{"pk": 7, "first_name": "Ada", "last_name": "Testsson", **fields})


def test_a_name_with_markup_is_shown_as_text_never_as_markup():
    child = _child(first_name='<script>alert("x")</script>', last_name="& Co")
    report = Report(pk=12, child=child)
    html, parsed = _render([QueueItem("report", "protection", report, TODAY, TODAY)])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert ("Barn", '<script>alert("x")</script> & Co', ["/barn/7/"]) in parsed.cells


def test_an_overdue_investigation_row_links_the_child_and_the_investigation():
    investigation = Investigation(pk=31, child=_child(protected_identity=True))
    due = TODAY - datetime.timedelta(days=3)
    _html, parsed = _render(
        [QueueItem("investigation", "investigation", investigation, due, TODAY)]
    )
    assert parsed.rows == [{"data-urgency": "overdue", "data-task": "investigation"}]
    assert parsed.cells == [
        ("Tidsfrist", "2026-03-28 ⚠ Försenad", []),
        ("Dagar kvar", "3 dagar försenad", []),
        ("Uppgift", "Utredning", []),
        ("Barn", "Ada Testsson Skyddad", ["/barn/7/"]),
        ("Ärende", "Utredning 31", ["/utredning/31/"]),
    ]


def test_the_team_view_names_the_handler_or_says_unassigned():
    worker = User(pk=3, username="u", first_name="Sara", last_name="Handläggare")
    mine = Report(pk=1, child=_child(), assigned_to=worker)
    nobodys = Report(pk=2, child=_child(), assigned_to=None)
    items = [QueueItem("report", "decision", r, None, TODAY) for r in (mine, nobodys)]
    _html, parsed = _render(items, show_handler=True)
    handlers = [text for label, text, _links in parsed.cells if label == "Handläggare"]
    assert handlers == [str(worker), "Ofördelad"]
    assert [text for label, text, _ in parsed.cells if label == "Tidsfrist"] == ["–", "–"]
    _html, parsed = _render(items[:1])
    assert "Handläggare" not in [label for label, _text, _links in parsed.cells]
