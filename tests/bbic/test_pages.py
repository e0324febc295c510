"""The BBIC sections on the investigation page, the triangle's page and the forms'
answers: success goes back to the section, a refusal shows its own small page."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from likvard.bbic import services as bbic
from likvard.bbic.models import AreaRevision, Meeting, PlanRevision
from likvard.documents.models import Origin
from tests import factories

from .helpers import child_conversation, complete, conclude, today

pytestmark = pytest.mark.django_db

SECTIONS = [
    "bbic-plan",
    "bbic-areas",
    "bbic-meetings",
    "bbic-interpreters",
    "bbic-network",
    "bbic-communications",
    "bbic-conclusion",
]


def _page(client, investigation):
    response = client.get(f"/utredning/{investigation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_sections_stand_in_order_with_their_forms_folded(intake_a, investigation):
    body = _page(factories.web_client(intake_a), investigation)
    positions = [body.index(f'id="{key}"') for key in SECTIONS]
    assert positions == sorted(positions)
    assert body.index('id="bbic-conclusion"') < body.index("Förlängningar")
    for form_id in ("bbic-plan-form", "bbic-meeting-form", "bbic-conclusion-form"):
        form_at = body.index(f'id="{form_id}"')
        assert body.rfind('<details class="step-form">', 0, form_at) > body.rfind(
            "</details>", 0, form_at
        )
    # Headings in order: h1, then each section's h2 before any h3 of its form.
    levels = [int(n) for n in re.findall(r"<h([1-6])", body)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_a_reader_without_writing_sees_no_form(inspector, intake_a, investigation):
    conclude(intake_a, investigation)
    body = _page(factories.web_client(inspector), investigation)
    assert 'id="bbic-conclusion-current"' in body
    assert "<form" not in body.split('id="bbic-plan"')[1].split("Förlängningar")[0]


def test_a_meeting_in_the_future_shows_the_error_on_its_own_page(intake_a, investigation):
    web = factories.web_client(intake_a)
    response = web.post(
        f"/utredning/{investigation.pk}/bbic/samtal/",
        {
            "kind": "child_conversation",
            "held_on": str(today() + datetime.timedelta(days=2)),
            "interpreter_needed": "none",
            "interpreter_used": "none",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body and "Datumet kan inte ligga i framtiden." in body
    assert "Tillbaka till utredningen" in body
    assert not Meeting.objects.exists()


def test_a_saved_plan_goes_back_to_its_section(intake_a, investigation):
    web = factories.web_client(intake_a)
    response = web.post(
        f"/utredning/{investigation.pk}/bbic/plan/",
        {
            "based_on": "0",
            "questions": "Hur mår barnet i skolan?",
            "informants": "Barnet, mamma, pappa, mentor.",
            "timetable": "Vecka 48–50.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/utredning/{investigation.pk}/#bbic-plan"
    assert PlanRevision.objects.get().questions == "Hur mår barnet i skolan?"
    assert "Hur mår barnet i skolan?" in _page(web, investigation)


def test_the_same_plan_posted_twice_is_saved_once(intake_a, investigation):
    web = factories.web_client(intake_a)
    data = {"based_on": "0", "questions": "Frågor.", "informants": "Barnet.", "timetable": "Nu."}
    assert web.post(f"/utredning/{investigation.pk}/bbic/plan/", data).status_code == 302
    again = web.post(f"/utredning/{investigation.pk}/bbic/plan/", data)
    assert again.status_code == 400
    assert "Ärendet har ändrats av någon annan" in again.content.decode()
    assert PlanRevision.objects.count() == 1


def test_the_triangle_page_shows_every_area_and_saves_one(intake_a, investigation):
    web = factories.web_client(intake_a)
    page = web.get(f"/utredning/{investigation.pk}/bbic/omraden/")
    body = page.content.decode()
    assert page.status_code == 200
    for label in ("Hälsa", "Grundläggande omsorg", "Lokala resurser", "Familj och miljö"):
        assert label in body
    empty = web.post(
        f"/utredning/{investigation.pk}/bbic/omraden/spara/", {"area": "safety", "based_on": "0"}
    )
    assert empty.status_code == 400
    assert "Skriv bedömningen av behoven" in empty.content.decode()
    saved = web.post(
        f"/utredning/{investigation.pk}/bbic/omraden/spara/",
        {"area": "safety", "based_on": "0", "risk_factors": "Våld mellan föräldrarna."},
    )
    assert saved.status_code == 302 and saved["Location"].endswith("#area-safety")
    assert AreaRevision.objects.get().area == "safety"
    overview = _page(web, investigation)
    assert "1 av 20 områden dokumenterade." in overview


def test_the_decision_letter_is_made_and_downloaded(intake_a, investigation):
    web = factories.web_client(intake_a)
    child_conversation(intake_a, investigation)
    conclude(intake_a, investigation)
    assert 'id="bbic-letter-form"' not in _page(web, investigation)  # not while ongoing
    complete(intake_a, investigation)
    assert 'id="bbic-letter-form"' in _page(web, investigation)
    response = web.post(f"/utredning/{investigation.pk}/bbic/beslut/")
    assert response.status_code == 302
    download = web.get(response["Location"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    body = _page(web, investigation)
    assert 'id="bbic-letter-form"' not in body and "kan inte överklagas" in body


def test_a_letter_refused_says_why(intake_a, investigation):
    web = factories.web_client(intake_a)
    response = web.post(f"/utredning/{investigation.pk}/bbic/beslut/", follow=True)
    assert "Beslutet skapas när utredningen är avslutad." in response.content.decode()
    assert not investigation.opening_decision.pre_assessment.report.documents.filter(
        origin=Origin.GENERATED, title__startswith="Beslut om att"
    ).exists()


def test_an_inspector_reads_but_cannot_post(inspector, investigation):
    web = factories.web_client(inspector)
    assert web.get(f"/utredning/{investigation.pk}/bbic/omraden/").status_code == 200
    response = web.post(
        f"/utredning/{investigation.pk}/bbic/plan/",
        {"based_on": "0", "questions": "a", "informants": "b", "timetable": "c"},
    )
    assert response.status_code == 403
    assert not PlanRevision.objects.exists()


def test_the_page_reads_the_same_number_of_queries_however_many_rows(
    intake_a, investigation, guardians
):
    web = factories.web_client(intake_a)
    child_conversation(intake_a, investigation)
    _page(web, investigation)
    with CaptureQueriesContext(connection) as few:
        _page(web, investigation)
    for _ in range(4):
        bbic.record_meeting(
            intake_a,
            investigation.pk,
            bbic.MeetingInput(
                kind="guardians", held_on=today(), participants=[g.pk for g in guardians]
            ),
        )
    with CaptureQueriesContext(connection) as many:
        _page(web, investigation)
    assert len(many) == len(few)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_triangle_page_answers_only_get_and_head(intake_a, investigation, method):
    web = factories.web_client(intake_a)
    url = f"/utredning/{investigation.pk}/bbic/omraden/"
    assert getattr(web, method)(url).status_code == 405
    assert web.head(url).status_code == 200


@pytest.mark.parametrize("namespace", ["bbic", "interventions"])
def test_no_page_or_form_of_the_new_apps_answers_put_patch_or_delete(
    intake_a, investigation, namespace
):
    """Each URL is a page (GET/HEAD) or a form's target (POST): nothing else answers."""
    from django.urls import get_resolver

    web = factories.web_client(intake_a)
    patterns = get_resolver().namespace_dict[namespace][1].url_patterns
    assert patterns
    for pattern in patterns:
        url = f"/{pattern.pattern}".replace("<int:pk>", str(investigation.pk))
        for method in ("put", "patch", "delete"):
            assert getattr(web, method)(url).status_code == 405, (method, url)
