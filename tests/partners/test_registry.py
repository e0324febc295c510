"""The registry's services: add, change, deactivate, verify; the re-verify list; the picker."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.core.calendar import STOCKHOLM
from likvard.core.errors import InvalidInput, PermissionDenied
from likvard.organisation.models import Role
from likvard.partners import selectors, services
from likvard.partners.models import REVERIFY_MONTHS, Kind, Partner
from tests import factories

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 30, 12, tzinfo=STOCKHOLM)


def _data(**overrides):
    data = {"name": "Hjulsta grundskola", "kind": Kind.SCHOOL_MUNICIPAL, "postal_code": "16369"}
    data.update(overrides)
    return data


def test_a_partner_is_added_changed_and_deactivated_with_the_log(supervisor_a, district_a):
    partner = services.save_partner(supervisor_a, _data(district=district_a))
    services.save_partner(supervisor_a, _data(email="rektor@hjulsta.example"), partner.pk)
    services.set_partner_active(supervisor_a, partner.pk, False)
    partner.refresh_from_db()
    assert (partner.email, partner.district, partner.active) == (
        "rektor@hjulsta.example",
        None,
        False,
    )
    verbs = list(AuditEntry.objects.order_by("id").values_list("verb", flat=True))
    assert verbs == ["register_partner", "change_partner", "deactivate_partner"]
    assert selectors.active_partners().filter(pk=partner.pk).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "inte en adress"}, "email"),
        ({"postal_code": "1234"}, "postal_code"),
        ({"organisation_number": "12-34"}, "organisation_number"),
        ({"kind": "school_bus"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_details_are_refused_on_their_field(supervisor_a, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.save_partner(supervisor_a, _data(**overrides))
    assert refused.value.field == field
    assert Partner.objects.count() == 0


def test_the_same_name_and_kind_twice_is_refused(supervisor_a):
    services.save_partner(supervisor_a, _data())
    with pytest.raises(InvalidInput):
        services.save_partner(supervisor_a, _data())
    assert Partner.objects.count() == 1


def test_a_caseworker_without_the_permission_changes_nothing(intake_a):
    with pytest.raises(PermissionDenied):
        services.save_partner(intake_a, _data())
    assert Partner.objects.count() == 0


def test_the_re_verify_list_holds_the_never_and_the_long_ago_verified(supervisor_a):
    today = NOON.date()
    limit = today.replace(year=today.year - REVERIFY_MONTHS // 12)
    never = Partner.objects.create(name="Aldrig", kind=Kind.OTHER)
    old = Partner.objects.create(
        name="Gammal", kind=Kind.OTHER, last_verified=limit - datetime.timedelta(days=1)
    )
    Partner.objects.create(name="Precis", kind=Kind.OTHER, last_verified=limit)
    Partner.objects.create(name="Inaktiv", kind=Kind.OTHER, active=False)
    assert list(selectors.due_for_verification(today)) == [never, old]
    services.verify_partner(supervisor_a, old.pk, at=NOON)
    assert list(selectors.due_for_verification(today)) == [never]


def test_verifying_a_partner_verifies_its_contacts(supervisor_a):
    partner = services.save_partner(supervisor_a, _data())
    contact = services.save_contact(
        supervisor_a,
        partner.pk,
        {"name": "Kim Rektor", "role": "Rektor"},
        at=NOON - datetime.timedelta(days=400),
    )
    assert contact.last_verified == datetime.date(2025, 10, 26)
    services.verify_partner(supervisor_a, partner.pk, at=NOON)
    contact.refresh_from_db()
    assert contact.last_verified == NOON.date()


def test_the_picker_lists_active_partners_of_a_kind(school_a, school_b):
    Partner.objects.create(name="Polisområde Nord", kind=Kind.POLICE_AREA)
    rows = list(selectors.active_partners(kind=Kind.SCHOOL_MUNICIPAL))
    assert rows == [
        {
            "id": school_a.pk,
            "name": school_a.name,
            "kind": Kind.SCHOOL_MUNICIPAL,
            "district": school_a.district_id,
        }
    ]
    assert len(selectors.active_partners()) == 3


def test_a_report_is_linked_to_its_partner_once(intake_a, school_a, school_b):
    report = factories.report(intake_a)
    services.link_report_source(report, school_a.pk, actor=intake_a)
    link = services.link_report_source(report, school_b.pk, actor=intake_a)
    assert (link.report, link.partner) == (report, school_b)
    entry = AuditEntry.objects.filter(verb="link_report_source").last()
    assert (entry.child_id, entry.district_id) == (report.child_id, report.district_id)
    school_b.active = False
    school_b.save()
    with pytest.raises(InvalidInput):
        services.link_report_source(report, school_b.pk)


def test_no_role_but_the_keepers_holds_manage_partners(district_a):
    keepers = {role for role in Role if factories.user(role, district_a).holds("manage_partners")}
    assert keepers == {Role.SUPERVISOR, Role.ADMIN_STAFF}
