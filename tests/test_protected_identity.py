"""A protected person's address reaches only allowed roles, on request, with a logged reason."""

import pytest
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.organisation.models import Role
from likvard.people.services import ChildInput
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "Hemligvägen 7, 123 45 Stockholm"
GUARDIAN_PHONE = "070-000 00 07"


@pytest.fixture
def protected_child(intake_a):
    report = factories.report(
        intake_a,
        child=ChildInput(
            personal_number=factories.CHILD_NUMBERS[3],
            first_name="Sara",
            last_name="Skyddsson",
            protected_identity=True,
        ),
    )
    child = report.child
    child.address = SECRET_ADDRESS
    child.save(update_fields=["address"])
    factories.guardian(
        child,
        first_name="Vera",
        last_name="Vårdnad",
        address=SECRET_ADDRESS,
        phone=GUARDIAN_PHONE,
        protected_identity=True,
    )
    return child


@pytest.fixture
def investigator_a(district_a):
    return factories.user(Role.INVESTIGATOR, district_a)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def every_read(user, child):
    """Everything a role can read about the child over the API and in the UI."""
    client = api(user)
    report = child.reports.get()
    bodies = [
        client.get(url).content
        for url in (
            "/api/children/",
            f"/api/children/{child.pk}/",
            "/api/reports/",
            f"/api/reports/{report.pk}/",
        )
    ]
    ui = factories.web_client(user)
    bodies += [
        ui.get(url).content for url in (f"/barn/{child.pk}/", f"/anmalan/{report.pk}/", "/arenden/")
    ]
    return b"\n".join(bodies).decode()


@pytest.mark.parametrize(
    "role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.SUPERVISOR, Role.INSPECTOR]
)
def test_no_page_or_api_answer_shows_a_protected_address_unasked(protected_child, district_a, role):
    user = factories.user(role, district_a)
    text = every_read(user, protected_child)
    assert "Skyddsson" in text  # the case itself is readable: only the address is withheld
    assert SECRET_ADDRESS not in text
    assert GUARDIAN_PHONE not in text


def test_an_unprotected_childs_address_is_shown(intake_a):
    child = factories.report(intake_a).child
    child.address = "Öppna gatan 1"
    child.save(update_fields=["address"])
    assert (
        "Öppna gatan 1" in factories.web_client(intake_a).get(f"/barn/{child.pk}/").content.decode()
    )


def test_a_role_without_the_permission_is_refused_and_nothing_is_revealed(
    protected_child, intake_a
):
    response = api(intake_a).post(
        f"/api/children/{protected_child.pk}/protected-contact/",
        {"reason": "Hembesök"},
        format="json",
    )
    assert response.status_code == 403
    assert SECRET_ADDRESS not in response.content.decode()
    assert not AuditEntry.objects.filter(verb="view_protected_contact").exists()
    page = factories.web_client(intake_a).get(f"/barn/{protected_child.pk}/").content.decode()
    assert 'id="reveal-form"' not in page


def test_an_allowed_role_sees_the_details_once_and_the_reason_is_logged(
    protected_child, investigator_a
):
    response = api(investigator_a).post(
        f"/api/children/{protected_child.pk}/protected-contact/",
        {"reason": "Hembesök inom utredningen"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["child_address"] == SECRET_ADDRESS
    assert body["guardians"][0]["phone"] == GUARDIAN_PHONE
    entry = AuditEntry.objects.get(verb="view_protected_contact")
    assert (entry.actor_id, entry.child_id, entry.reason) == (
        investigator_a.pk,
        protected_child.pk,
        "Hembesök inom utredningen",
    )


def test_the_ui_reveals_with_a_reason_and_logs_it(protected_child, investigator_a):
    web = factories.web_client(investigator_a)
    page = web.get(f"/barn/{protected_child.pk}/").content.decode()
    assert 'id="reveal-form"' in page and SECRET_ADDRESS not in page
    refused = web.post(f"/barn/{protected_child.pk}/skyddade-uppgifter/", {"reason": ""})
    assert refused.status_code == 400
    assert SECRET_ADDRESS not in refused.content.decode()
    shown = web.post(
        f"/barn/{protected_child.pk}/skyddade-uppgifter/", {"reason": "Planerat hembesök"}
    )
    assert SECRET_ADDRESS in shown.content.decode()
    assert (
        AuditEntry.objects.filter(verb="view_protected_contact", reason="Planerat hembesök").count()
        == 1
    )


def test_a_reason_is_required(protected_child, investigator_a):
    response = api(investigator_a).post(
        f"/api/children/{protected_child.pk}/protected-contact/", {"reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(verb="view_protected_contact").exists()


def test_another_districts_protected_child_is_not_found(protected_child, district_b):
    outsider = factories.user(Role.INVESTIGATOR, district_b)
    response = api(outsider).post(
        f"/api/children/{protected_child.pk}/protected-contact/",
        {"reason": "Nyfiken"},
        format="json",
    )
    assert response.status_code == 404
    assert SECRET_ADDRESS not in response.content.decode()
