"""The partner pages: the permission matrix of every view (each role, own and other
district, valid bodies to another district's collaboration), bad input and methods."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from likvard.core.calendar import local_date
from likvard.organisation.models import Role
from likvard.partners import services
from likvard.partners.models import ContactPerson, Meeting, Partner
from tests import factories
from tests.snapshots import Unchanged

pytestmark = pytest.mark.django_db

KEEPERS = {Role.SUPERVISOR, Role.ADMIN_STAFF}
COMMITTEE = {Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN}
HUGE = 10**30


def _user(role, district):
    central = role in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN)
    return factories.user(role, None if central else district)


def _today() -> str:
    return str(local_date(timezone.now()))


@pytest.fixture
def world(supervisor_a, supervisor_b, school_a, school_b):
    contact = services.save_contact(supervisor_a, school_a.pk, {"name": "Rut", "role": "Kurator"})
    return {
        "contact": contact,
        "own": services.open_collaboration(supervisor_a, school_a.pk),
        "other": services.open_collaboration(supervisor_b, school_b.pk),
    }


#: The registry's views: url name, whether it takes the partner's id, a valid POST body.
REGISTRY_PAGES = ["partners:registry", "partners:add", "partners:reverify", "partners:import"]
REGISTRY_WRITES = {
    "partners:edit": lambda w: {"name": "Nytt namn", "kind": "school_municipal"},
    "partners:verify": lambda w: {},
    "partners:set_active": lambda w: {"active": "False"},
    "partners:add_contact": lambda w: {"name": "Ny Person", "role": "Rektor"},
    "partners:remove_contact": lambda w: {"contact": w["contact"].pk},
}
COLLABORATION_WRITES = {
    "partners:set_contacts": lambda w: {"contacts-student_health_team": "on"},
    "partners:agreement": lambda w: {
        "agreement-signed_on": _today(),
        "agreement-valid_from": _today(),
        "agreement-valid_until": _today(),
    },
    "partners:meeting": lambda w: {"meeting-held_on": _today(), "meeting-kind": "management"},
    "partners:referral": lambda w: {
        "referral-referred_on": _today(),
        "referral-outcome": "support_given",
    },
    "partners:joint_case": lambda w: {"joint_case-started_on": _today()},
}


@pytest.mark.parametrize("role", list(Role))
def test_every_page_answers_each_role_as_the_matrix_says(world, district_a, school_a, role):
    web = factories.web_client(_user(role, district_a))
    keeper = role in KEEPERS
    for name in REGISTRY_PAGES:
        assert web.get(reverse(name)).status_code == (200 if keeper else 403), (name, role)
    partner_page = web.get(reverse("partners:partner", kwargs={"pk": school_a.pk}))
    assert partner_page.status_code == (200 if keeper else 403), role
    collaborations = web.get(reverse("partners:collaborations"))
    assert collaborations.status_code == (200 if keeper else 403), role
    for target, expected in (("own", 200), ("other", 404)):
        url = reverse("partners:collaboration", kwargs={"pk": world[target].pk})
        assert web.get(url).status_code == (expected if keeper else 403), (role, target)
    follow_up = web.get(reverse("partners:follow_up"), {"stadsdel": district_a.pk})
    assert follow_up.status_code == (200 if role in COMMITTEE else 403), role
    if role in COMMITTEE:
        assert school_a.name in follow_up.content.decode()


@pytest.mark.parametrize("role", [r for r in Role if r not in KEEPERS])
def test_a_role_without_the_permission_writes_nothing(world, district_a, role):
    web = factories.web_client(_user(role, district_a))
    unchanged = Unchanged()
    for name, body in REGISTRY_WRITES.items():
        url = reverse(name, kwargs={"pk": world["own"].school_id})
        assert web.post(url, body(world)).status_code == 403, name
    for name, body in COLLABORATION_WRITES.items():
        url = reverse(name, kwargs={"pk": world["own"].pk})
        assert web.post(url, body(world)).status_code == 403, name
    opened = web.post(reverse("partners:collaborations"), {"school": world["own"].school_id})
    assert opened.status_code == 403
    unchanged.check(role)


@pytest.mark.parametrize("name", sorted(COLLABORATION_WRITES))
def test_a_valid_post_to_another_district_s_collaboration_is_404_and_writes_nothing(
    world, supervisor_a, supervisor_b, name
):
    body = COLLABORATION_WRITES[name](world)
    other = factories.web_client(supervisor_b)
    unchanged = Unchanged()
    response = other.post(reverse(name, kwargs={"pk": world["own"].pk}), body)
    assert response.status_code == 404
    unchanged.check(name)
    # The control: the same body from the district's own supervisor is written.
    own = factories.web_client(supervisor_a)
    response = own.post(reverse(name, kwargs={"pk": world["own"].pk}), body)
    assert response.status_code == 302, response.content.decode()[:500]
    assert [label for label in unchanged.changed() if label.startswith("partners.")]


@pytest.mark.parametrize("name", sorted(REGISTRY_WRITES))
def test_each_registry_write_works_for_a_keeper(world, district_a, name):
    web = factories.web_client(factories.user(Role.ADMIN_STAFF, district_a))
    unchanged = Unchanged()
    url = reverse(name, kwargs={"pk": world["own"].school_id})
    assert web.post(url, REGISTRY_WRITES[name](world)).status_code == 302, name
    assert unchanged.changed(), name


def test_huge_ids_and_wrong_methods_never_answer_500(world, supervisor_a):
    web = factories.web_client(supervisor_a)
    for name in ("partners:partner", "partners:collaboration"):
        assert web.get(reverse(name, kwargs={"pk": HUGE})).status_code == 404, name
    for name in (*REGISTRY_WRITES, *COLLABORATION_WRITES):
        url = reverse(name, kwargs={"pk": HUGE})
        assert web.post(url, {}).status_code in (400, 404), name
        assert web.get(url).status_code == 405, name
    body = {"contact": HUGE}
    url = reverse("partners:remove_contact", kwargs={"pk": world["own"].school_id})
    assert web.post(url, body).status_code == 400
    referral = {
        "referral-referred_on": _today(),
        "referral-outcome": "pending",
        "referral-report": HUGE,
    }
    url = reverse("partners:referral", kwargs={"pk": world["own"].pk})
    assert web.post(url, referral).status_code == 400
    for name in ("partners:registry", "partners:follow_up", "partners:reverify"):
        assert web.put(reverse(name)).status_code == 405, name
        assert web.options(reverse(name)).status_code == 405, name
    assert web.get(reverse("partners:registry"), {"stadsdel": HUGE, "typ": "x"}).status_code == 200
    assert web.get(reverse("partners:follow_up"), {"stadsdel": "x"}).status_code == 200


def test_bad_input_is_told_on_its_field_and_nothing_is_written(world, supervisor_a):
    web = factories.web_client(supervisor_a)
    unchanged = Unchanged()
    response = web.post(
        reverse("partners:add"),
        {
            "name": "<script>alert(1)</script>",
            "kind": "preschool",
            "email": "nej",
            "postal_code": "12",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "error-summary" in body
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    meeting = web.post(
        reverse("partners:meeting", kwargs={"pk": world["own"].pk}),
        {"meeting-held_on": "2999-01-01", "meeting-kind": "management"},
    )
    assert meeting.status_code == 400
    assert "framtiden" in meeting.content.decode()
    unchanged.check("bad input")


def test_the_import_page_lists_the_problems_and_imports_nothing(world, supervisor_a):
    web = factories.web_client(supervisor_a)
    before = Partner.objects.count()
    data = "namn;typ;organisationsnummer;stadsdelsområde;adress;postnummer;telefon;e-post\r\n"
    data += "Skolan;okänd;;;;;;\r\n"
    upload = SimpleUploadedFile("partner.csv", data.encode("cp1252"), content_type="text/csv")
    response = web.post(reverse("partners:import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ingenting importerades" in body and "Okänd typ: okänd." in body
    assert Partner.objects.count() == before


def test_the_collaboration_page_shows_the_contacts_and_names_no_child(world, supervisor_a):
    web = factories.web_client(supervisor_a)
    contact = ContactPerson.objects.get(name="Rut")
    response = web.post(
        reverse("partners:set_contacts", kwargs={"pk": world["own"].pk}),
        {"contacts-school_contact": contact.pk, "contacts-district_contact": supervisor_a.pk},
    )
    assert response.status_code == 302
    page = web.get(reverse("partners:collaboration", kwargs={"pk": world["own"].pk}))
    assert "Rut (Kurator)" in page.content.decode()
    assert Meeting.objects.count() == 0
