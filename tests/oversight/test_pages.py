"""The register's pages: who reads and writes what, the forms' messages, the cases shown
only to those who may read them."""

import datetime

import pytest

from likvard.oversight import selectors
from likvard.oversight.models import ConcernedCase, Matter, Measure
from tests import factories
from tests.snapshots import Unchanged

from .builders import DAY, matter, today

pytestmark = pytest.mark.django_db


def _form(**overrides):
    values = {
        "kind": "jo_complaint",
        "reference": "5678-2025",
        "received_on": str(today() - 3 * DAY),
        "subject": "Placering i Järva, omplaceringar",
        "statement_due_on": str(today() + 20 * DAY),
        "reports": "",
        "investigations": "",
        "interventions": "",
    }
    return {**values, **overrides}


def test_a_keeper_registers_a_matter_and_finds_it_in_the_register(keeper_a, report_a):
    web = factories.web_client(keeper_a)
    response = web.post("/tillsyn/nytt/", _form(reports=str(report_a.pk)))
    row = Matter.objects.get()
    assert response.status_code == 302 and response.url == f"/tillsyn/{row.pk}/"
    page = web.get(f"/tillsyn/{row.pk}/").content.decode()
    assert "Placering i Järva" in page and f"Orosanmälan {report_a.pk}" in page
    listing = web.get("/tillsyn/").content.decode()
    assert "5678-2025" in listing and "Att bevaka" in listing


def test_a_personnummer_in_the_subject_is_refused_with_a_clear_message(keeper_a):
    response = factories.web_client(keeper_a).post(
        "/tillsyn/nytt/", _form(subject="Gäller 20150916-0014")
    )
    assert response.status_code == 400
    assert "får inte innehålla personnummer" in response.content.decode()
    assert not Matter.objects.exists()


def test_bad_dates_and_case_numbers_are_clear_messages(keeper_a):
    web = factories.web_client(keeper_a)
    future = web.post("/tillsyn/nytt/", _form(received_on=str(today() + DAY)))
    assert "kan inte ligga i framtiden" in future.content.decode()
    numbers = web.post("/tillsyn/nytt/", _form(reports="12, x"))
    assert "Ange ärendenas nummer som heltal" in numbers.content.decode()
    huge = web.post("/tillsyn/nytt/", _form(reports="9" * 40))
    assert huge.status_code == 400
    assert not Matter.objects.exists()


def test_the_decision_form_refuses_a_date_before_the_matter_came_in(keeper_a, matter_a):
    response = factories.web_client(keeper_a).post(
        f"/tillsyn/{matter_a.pk}/steg/decide_oversight_matter/",
        {"day": str(matter_a.received_on - DAY), "outcome": "no_criticism"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    # The message sits at its field and the summary links to it.
    assert 'href="#id_decide_oversight_matter_day">Datum: Datumet kan inte ligga före' in body


def test_the_process_and_a_measure_through_the_pages(keeper_a, matter_a):
    web = factories.web_client(keeper_a)
    base = f"/tillsyn/{matter_a.pk}"
    assert (
        web.post(f"{base}/steg/send_oversight_statement/", {"day": str(today())}).status_code == 302
    )
    decided = web.post(
        f"{base}/steg/decide_oversight_matter/",
        {"day": str(today()), "outcome": "criticism", "criticism": "Bristande uppföljning."},
    )
    assert decided.status_code == 302
    added = web.post(
        f"{base}/atgard/",
        {
            "description": "Utbildning i uppföljning",
            "responsible": "Enhetschef",
            "due_on": str(today()),
        },
    )
    assert added.status_code == 302
    measure = Measure.objects.filter(matter=matter_a).latest("id")
    done = web.post(f"/tillsyn/atgard/{measure.pk}/genomford/", {"done_on": str(today())})
    assert done.status_code == 302
    page = web.get(f"{base}/").content.decode()
    assert "Kritik" in page and "Bristande uppföljning." in page and "Yttrande skickat" in page


def test_a_valid_post_to_another_districts_matter_is_not_found_and_changes_nothing(
    keeper_a, matter_b
):
    web = factories.web_client(keeper_a)
    measure = Measure.objects.get(matter=matter_b)
    posts = [
        (f"/tillsyn/{matter_b.pk}/steg/send_oversight_statement/", {"day": str(today())}),
        (
            f"/tillsyn/{matter_b.pk}/atgard/",
            {"description": "X", "responsible": "Y", "due_on": str(today())},
        ),
        (f"/tillsyn/atgard/{measure.pk}/genomford/", {"done_on": str(today())}),
        (f"/tillsyn/{matter_b.pk}/andra/", _form(kind="")),
    ]
    for url, body in posts:
        with Unchanged():
            assert web.post(url, body).status_code == 404, url
    assert web.get(f"/tillsyn/{matter_b.pk}/").status_code == 404


def test_an_inspector_reads_every_district_but_changes_nothing(inspector, matter_a, matter_b):
    web = factories.web_client(inspector)
    assert web.get(f"/tillsyn/{matter_b.pk}/").status_code == 200
    listing = web.get("/tillsyn/").content.decode()
    assert "9999-2025" in listing and "1234-2025" in listing
    with Unchanged():
        response = web.post(
            f"/tillsyn/{matter_a.pk}/steg/send_oversight_statement/", {"day": str(today())}
        )
    assert response.status_code == 403


def test_staff_who_do_not_keep_the_register_do_not_read_it(district_a, intake_a, matter_a):
    web = factories.web_client(intake_a)
    assert web.get("/tillsyn/").status_code == 403
    assert web.get(f"/tillsyn/{matter_a.pk}/").status_code == 403
    queue = web.get("/arenden/")
    assert queue.status_code == 200 and ">Tillsyn<" not in queue.content.decode()


def test_a_linked_case_is_named_only_to_those_who_may_read_it(
    keeper_a, inspector, intake_b, report_a, matter_a
):
    page = factories.web_client(inspector).get(f"/tillsyn/{matter_a.pk}/").content.decode()
    assert f"Orosanmälan {report_a.pk}" in page
    # Every reader of a matter reads its district's cases with today's roles; the
    # filter the page and the API draw through still names nothing to someone who
    # does not read the case.
    assert selectors.cases_shown(keeper_a, matter_a) == [
        selectors.LinkedCase("report", report_a.pk)
    ]
    assert selectors.cases_shown(intake_b, matter_a) == []


def test_the_menu_leads_keepers_and_inspectors_to_the_register_analysts_to_the_counts(
    keeper_a, admin_a, inspector, analyst
):
    for user in (keeper_a, admin_a, inspector):
        page = factories.web_client(user).get("/tillsyn/").content.decode()
        assert '<a href="/tillsyn/">Tillsyn</a>' in page
    page = factories.web_client(analyst).get("/tillsyn/namnden/").content.decode()
    assert '<a href="/tillsyn/namnden/">Tillsyn</a>' in page


def test_the_edit_form_keeps_the_kind_and_saves_the_details(keeper_a, matter_a):
    web = factories.web_client(keeper_a)
    assert web.get(f"/tillsyn/{matter_a.pk}/andra/").status_code == 200
    body = _form(subject="Ny rubrik", received_on=str(matter_a.received_on))
    assert web.post(f"/tillsyn/{matter_a.pk}/andra/", body).status_code == 302
    row = Matter.objects.get(pk=matter_a.pk)
    assert (row.subject, row.kind) == ("Ny rubrik", "jo_complaint")
    assert not ConcernedCase.objects.filter(matter=row).exists()  # the links as posted


def test_huge_ids_and_unknown_steps_are_404(keeper_a, matter_a):
    web = factories.web_client(keeper_a)
    assert web.get("/tillsyn/99999999999999999999999/").status_code == 404
    assert web.post(f"/tillsyn/{matter_a.pk}/steg/fly/", {"day": "2025-01-01"}).status_code == 404
    assert web.options(f"/tillsyn/{matter_a.pk}/").status_code in (200, 405)
    assert matter(keeper_a, received_on=datetime.date(2025, 1, 1)).pk
