"""Search: personnummer in any written form, names, report numbers; scope and the log."""

import pytest
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.organisation.models import Role
from likvard.people.services import ChildInput
from likvard.search.query import understand
from likvard.search.selectors import search

from .. import factories

pytestmark = pytest.mark.django_db

NUMBER = factories.CHILD_NUMBERS[0]  # 20150916-0014


@pytest.mark.parametrize(
    "written",
    [
        "20150916-0014",
        "150916-0014",
        "201509160014",
        "1509160014",
        "150916 0014",
        " 2015 0916 0014 ",
    ],
)
def test_every_written_form_of_a_personnummer_is_the_same_child(written):
    query = understand(written)
    assert (query.kind, query.value, query.error) == ("personal_number", "201509160014", "")


def test_a_plus_means_a_hundred_years_or_more():
    query = understand("150916+0014")
    assert query.value == "191509160014"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("20150916-0015", "check_digit"),
        ("151316-0018", "date"),
        ("", "required"),
        ("12345678901", "not_a_number"),
        ("al", "too_short"),
        ("a" * 101, "too_long"),
        ("a\x00b", "invalid_characters"),  # SQLite would end the pattern at the NUL
        ("Nils\x07son", "invalid_characters"),
    ],
)
def test_what_cannot_be_searched_says_why(text, code):
    query = understand(text)
    assert query.code == code and query.error


def _child(actor, number, first, last):
    child = ChildInput(personal_number=number, first_name=first, last_name=last)
    return factories.report(actor, child=child).child


def test_found_in_scope_by_name_and_summarised_elsewhere(intake_a, intake_b):
    mine = _child(intake_a, factories.CHILD_NUMBERS[0], "Alva", "Lindqvist")
    _child(intake_b, factories.CHILD_NUMBERS[1], "Alvar", "Lindström")
    results = search(intake_a, "alv lind")
    assert results.children == [mine]
    assert results.elsewhere == [(intake_b.unit.district.name, 1)]
    assert search(intake_a, "Lindqvist Alva").children == [mine]
    assert search(intake_a, "Berg").hits == 0


def test_a_name_with_swedish_letters_is_found_in_any_case(intake_a):
    """SQLite lowers only A–Z by itself; the search lowers Å, Ä and Ö on both databases."""
    child = _child(intake_a, factories.CHILD_NUMBERS[0], "Åsa", "Öberg")
    assert search(intake_a, "åsa").children == [child]
    assert search(intake_a, "ÖBERG ÅSA").children == [child]
    assert search(intake_a, "Äsa").hits == 0


def test_a_child_only_in_another_district_is_a_summary(intake_a, intake_b):
    _child(intake_b, NUMBER, "Alva", "Lindqvist")
    results = search(intake_a, "150916-0014")
    assert results.children == [] and results.elsewhere == [(intake_b.unit.district.name, 1)]
    page = factories.web_client(intake_a).get("/sok/", {"q": "150916-0014"}).content.decode()
    assert 'id="found-elsewhere"' in page and "Lindqvist" not in page
    inspector = factories.user(Role.INSPECTOR)
    assert search(inspector, "1509160014").children[0].last_name == "Lindqvist"


def test_a_report_number_in_scope_or_elsewhere(intake_a, intake_b):
    mine = factories.report(intake_a)
    other = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[1])
    assert search(intake_a, str(mine.pk)).reports == [mine]
    elsewhere = search(intake_a, str(other.pk))
    assert elsewhere.reports == [] and elsewhere.elsewhere == [(intake_b.unit.district.name, 1)]


def test_every_search_is_logged_without_its_text(intake_a):
    child = _child(intake_a, NUMBER, "Alva", "Lindqvist")
    web = factories.web_client(intake_a)
    for text in ("150916-0014", "Lindqvist", "20150916-0015"):
        web.get("/sok/", {"q": text})
    entries = list(AuditEntry.objects.filter(verb="search").order_by("id"))
    assert [e.after["kind"] for e in entries] == ["personal_number", "name", "personal_number"]
    assert [e.after["hits"] for e in entries] == [1, 1, 0]
    assert entries[0].child_id == child.pk and entries[0].after["children"] == [child.pk]
    assert entries[2].after["refused"] == "check_digit"
    for entry in entries:
        stored = str(entry.after) + entry.reason + str(entry.before)
        assert "0014" not in stored and "Lindqvist" not in stored


def test_the_page_says_the_check_digit_is_wrong(intake_a):
    response = factories.web_client(intake_a).get("/sok/", {"q": "20150916-0015"})
    assert response.status_code == 400
    assert "fel kontrollsiffra" in response.content.decode()


def test_roles_that_read_no_case_cannot_search(analyst):
    assert factories.web_client(analyst).get("/sok/", {"q": "Alva"}).status_code == 403


def test_the_api_answers_and_refuses_machine_readably(intake_a, intake_b):
    child = _child(intake_a, NUMBER, "Alva", "Lindqvist")
    _child(intake_b, factories.CHILD_NUMBERS[1], "Alva", "Lindström")
    api = APIClient()
    api.force_authenticate(intake_a)
    answer = api.get("/api/search/", {"q": "201509160014"}).json()
    assert answer["kind"] == "personal_number" and [c["id"] for c in answer["children"]] == [
        child.pk
    ]
    by_name = api.get("/api/search/", {"q": "alva"}).json()
    assert by_name["elsewhere"] == [{"district": intake_b.unit.district.name, "matches": 1}]
    refused = api.get("/api/search/", {"q": "20150916-0015"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "check_digit"


@pytest.mark.parametrize("path", ["/sok/?q=Nilsson", "/arenden/team/"])
def test_the_search_and_team_pages_answer_only_reads(intake_a, path):
    web = factories.web_client(intake_a)
    assert web.get(path).status_code == 200
    for method in (web.post, web.put, web.delete):
        assert method(path).status_code == 405
