"""The inspectors' pages: set-up, the review with its progress, a case read and
answered (the read logged in the case's district), the refusals."""

import pytest
from django.test import Client
from django.urls import reverse

from likvard.access.models import AuditEntry
from likvard.inspection.models import Answer, Review
from likvard.logreview.review import reviewable_entries
from likvard.organisation.models import Role
from tests import factories

from .conftest import setup


def _web(user) -> Client:
    web = Client()
    web.force_login(user)
    return web


def _form(**overrides) -> dict:
    values = {k: ("" if v is None else v) for k, v in setup(**overrides).items()}
    return values


def test_an_inspector_sets_up_draws_and_sees_the_sample(cases, inspector):
    web = _web(inspector)
    response = web.get(reverse("inspection:list"))
    assert response.status_code == 200 and 'href="/granskning/"' in response.content.decode()
    response = web.post(reverse("inspection:new"), _form(districts=[]))
    review = Review.objects.get()
    assert response.status_code == 302
    response = web.post(reverse("inspection:review", kwargs={"pk": review.pk}), {"action": "draw"})
    assert response.status_code == 302
    page = web.get(reverse("inspection:review", kwargs={"pk": review.pk})).content.decode()
    assert review.cases.count() == 6
    for case in review.cases.all():
        assert f"Orosanmälan {case.report_id}" in page
    assert 'id="progress"' in page


def test_the_set_up_page_explains_a_wrong_set_up(cases, inspector):
    web = _web(inspector)
    bad = _form(period_end="2024-01-01")
    response = web.post(reverse("inspection:new"), bad)
    assert response.status_code == 400
    assert "Periodens slut ligger före dess början" in response.content.decode()
    assert not Review.objects.exists()


def test_a_sample_too_large_is_a_message_offering_all(cases, inspector):
    web = _web(inspector)
    web.post(reverse("inspection:new"), _form(sample_size=500))
    review = Review.objects.get()
    response = web.post(reverse("inspection:review", kwargs={"pk": review.pk}), {"action": "draw"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "14 ärenden" in body and "Alla ärenden i urvalsramen" in body
    assert not review.cases.exists()


def test_a_frozen_review_refuses_changes_with_a_message(drawn, inspector):
    web = _web(inspector)
    url = reverse("inspection:review", kwargs={"pk": drawn.pk})
    response = web.post(url, {"action": "add_question", "key": "ny", "text": "Ny fråga?"})
    assert response.status_code == 409
    assert "kan inte längre ändras" in response.content.decode()
    response = web.post(reverse("inspection:edit", kwargs={"pk": drawn.pk}), _form(seed=1))
    assert response.status_code == 400
    drawn.refresh_from_db()
    assert drawn.seed == 286 and drawn.questions.count() == 10


def test_reading_a_case_is_logged_in_its_district_and_answers_are_saved(drawn, inspector, cases):
    web = _web(inspector)
    case = drawn.cases.select_related("report").first()
    url = reverse("inspection:case", kwargs={"pk": drawn.pk, "case_pk": case.pk})
    page = web.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Förifyllt från ärendet" in body
    entry = AuditEntry.objects.get(verb="inspect_case")
    assert (entry.district_id, entry.child_id, entry.action) == (
        case.district_id,
        case.report.child_id,
        "read",
    )
    # The district's supervisor sees the inspector's read in the log review.
    supervisor = factories.user(Role.SUPERVISOR, case.district)
    assert reviewable_entries(supervisor).filter(pk=entry.pk).exists()
    heard, relevant = (
        drawn.questions.get(key="child_heard"),
        drawn.questions.get(key="documentation_relevant"),
    )
    response = web.post(
        url,
        {f"q{heard.pk}": "no", f"q{relevant.pk}": "partly", f"c{relevant.pk}": "Tunn."},
    )
    assert response.status_code == 302
    assert set(Answer.objects.values_list("question__key", "value", "prefilled")) == {
        ("child_heard", "no", True),
        ("documentation_relevant", "partly", False),
    }
    page = web.get(reverse("inspection:review", kwargs={"pk": drawn.pk})).content.decode()
    assert 'id="progress"' in page


def test_an_answer_out_of_the_list_is_refused(drawn, inspector):
    web = _web(inspector)
    case = drawn.cases.first()
    heard = drawn.questions.get(key="child_heard")
    url = reverse("inspection:case", kwargs={"pk": drawn.pk, "case_pk": case.pk})
    response = web.post(url, {f"q{heard.pk}": "kanske"})
    assert response.status_code == 400
    assert not Answer.objects.exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.INVESTIGATOR, Role.INTAKE_WORKER])
def test_district_staff_cannot_use_the_inspectors_pages(drawn, cases, role):
    """A valid request from a district's own staff, about a case of their own district."""
    district = cases.districts[0]
    user = factories.user(role, district)
    case = drawn.cases.filter(district=district).first()
    heard = drawn.questions.get(key="child_heard")
    web = _web(user)
    urls = {
        reverse("inspection:list"): {},
        reverse("inspection:new"): _form(),
        reverse("inspection:review", kwargs={"pk": drawn.pk}): {"action": "complete"},
        reverse("inspection:edit", kwargs={"pk": drawn.pk}): _form(seed=5),
        reverse("inspection:case", kwargs={"pk": drawn.pk, "case_pk": case.pk}): {
            f"q{heard.pk}": "yes"
        },
        reverse("inspection:import", kwargs={"pk": drawn.pk}): {},
    }
    for url, data in urls.items():
        assert web.get(url).status_code == 403, url
        assert web.post(url, data).status_code == 403, url
    assert Review.objects.count() == 1 and not Answer.objects.exists()
    drawn.refresh_from_db()
    assert drawn.state == "in_review" and drawn.seed == 286
    assert not AuditEntry.objects.filter(verb="inspect_case").exists()


def test_an_inspector_posting_to_a_case_editing_page_is_refused_and_logged(drawn, inspector):
    case = drawn.cases.select_related("report").first()
    web = _web(inspector)
    for name, data in (
        ("casework:child_conversation", {"held": "True", "held_on": "2025-03-01"}),
        (
            "casework:police_consideration",
            {"considered_on": "2025-03-01", "outcome": "reported", "motivation": "Våld."},
        ),
        ("casework:feedback", {"given_on": "2025-03-01", "method": "letter"}),
    ):
        response = web.post(reverse(name, kwargs={"pk": case.report_id}), data)
        assert response.status_code in (403, 404), name
        denial = AuditEntry.objects.filter(action="denied", verb=name.split(":")[1]).get()
        assert (denial.actor_id, denial.district_id) == (inspector.pk, case.district_id)
    assert not case.report.child_conversations.exists()
    assert not case.report.feedback.exists()


def test_unknown_ids_are_404_not_500(drawn, inspector):
    web = _web(inspector)
    for url in (
        "/granskning/99999999/",
        f"/granskning/{drawn.pk}/arende/99999999/",
        "/granskning/99999999999999999999999/import/",
    ):
        assert web.get(url).status_code == 404, url
    assert web.options(reverse("inspection:list")).status_code in (200, 405)


def test_progress_counts_a_case_when_every_question_is_answered(drawn, inspector):
    from likvard.inspection import selectors, services

    case, other = drawn.cases.order_by("rank")[:2]
    questions = list(drawn.questions.all())
    services.answer_case(
        inspector, drawn.pk, case.pk, [services.Given(q, "yes") for q in questions]
    )
    services.answer_case(inspector, drawn.pk, other.pk, [services.Given(questions[0], "no")])
    rows = {row["district"]: row for row in selectors.progress(drawn)}
    assert sum(row["cases"] for row in rows.values()) == 6
    assert sum(row["answered"] for row in rows.values()) == 1
    assert rows[case.district.name]["answered"] == 1
