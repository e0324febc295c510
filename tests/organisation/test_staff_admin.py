"""Staff, role permissions and units changed in the admin: each change is in the audit log.

Every test posts the admin's real form as a system admin, then reads the entry a
log reviewer would read: which account, what it was, what it became, with names.
"""

import json

import pytest
from django.contrib.auth.models import Group, Permission

from likvard.access.models import AuditEntry
from likvard.guidelines import services as guideline_services
from likvard.guidelines.models import RuleSetting
from likvard.organisation import services
from likvard.organisation.models import District, MunicipalitySettings, Role, Unit, User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Ett-långt-lösenord-2026"


@pytest.fixture
def worker(district_a):
    return factories.user(Role.INTAKE_WORKER, district_a, username="anna")


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb).order_by("id"))


def change_form(user, **values):
    """The change form as the admin shows it for `user`, with `values` changed."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "unit": user.unit_id or "",
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
    }
    return {**data, **values}


def post_change(client, user, **values):
    return client.post(f"/admin/organisation/user/{user.pk}/change/", change_form(user, **values))


def named(row):
    return {"id": row.pk, "name": str(row)}


def test_a_role_change_is_logged_with_both_roles_by_name(admin_client, worker, district_a):
    assert post_change(admin_client, worker, role=Role.SUPERVISOR).status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.SUPERVISOR
    [entry] = entries("change_staff")
    assert (entry.action, entry.object_id, entry.actor_username) == (
        "update",
        worker.pk,
        "sysadmin",
    )
    assert (entry.child_id, entry.district_id) == (None, district_a.pk)
    context = {"username": "anna", "district": named(district_a)}
    assert entry.before == {
        **context,
        "role": {"value": "intake_worker", "label": "Mottagningssekreterare"},
    }
    assert entry.after == {**context, "role": {"value": "supervisor", "label": "Arbetsledare"}}


def test_a_move_to_another_district_is_logged_in_both(admin_client, worker, district_a, district_b):
    old_unit = worker.unit
    new_unit = Unit.objects.create(
        district=district_b, name="Utredning", kind=Unit.Kind.INVESTIGATION
    )
    assert post_change(admin_client, worker, unit=new_unit.pk).status_code == 302
    logged = entries("change_staff")
    assert [e.district_id for e in logged] == [district_a.pk, district_b.pk]
    for entry in logged:
        assert entry.before == {
            "username": "anna",
            "district": named(district_a),
            "unit": {"id": old_unit.pk, "name": "Järva: Mottagningen"},
        }
        assert entry.after == {
            "username": "anna",
            "district": named(district_b),
            "unit": {"id": new_unit.pk, "name": "Södermalm: Utredning"},
        }


def test_deactivating_an_account_is_logged(admin_client, worker):
    assert post_change(admin_client, worker, is_active="").status_code == 302
    worker.refresh_from_db()
    assert worker.is_active is False
    [entry] = entries("change_staff")
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)


def test_bulk_deactivation_logs_each_account_that_was_active(admin_client, worker, district_a):
    other = factories.user(Role.INVESTIGATOR, district_a)
    gone = factories.user(Role.INVESTIGATOR, district_a)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    response = admin_client.post(
        "/admin/organisation/user/",
        {"action": "deactivate", "_selected_action": [worker.pk, other.pk, gone.pk]},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[worker.pk, other.pk], is_active=True).exists()
    assert {e.object_id for e in entries("change_staff")} == {worker.pk, other.pk}


def test_a_new_account_is_logged_with_role_unit_and_district_never_the_password(
    admin_client, worker, district_a
):
    response = admin_client.post(
        "/admin/organisation/user/add/",
        {
            "username": "bertil",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.INVESTIGATOR,
            "unit": worker.unit_id,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="bertil")
    assert created.check_password(PASSWORD)
    [entry] = entries("create_staff")
    assert (entry.action, entry.object_id, entry.district_id) == (
        "create",
        created.pk,
        district_a.pk,
    )
    assert entry.before is None
    assert entry.after["role"] == {"value": "investigator", "label": "Utredande socialsekreterare"}
    assert entry.after["unit"] == named(worker.unit)
    assert entry.after["district"] == named(district_a)
    assert entry.after["is_active"] is True
    assert "password" not in json.dumps(entry.after)
    assert created.password not in json.dumps(entry.after)


def test_a_password_change_is_logged_as_a_fact_without_the_hash(admin_client, worker):
    old_hash = worker.password
    response = admin_client.post(
        f"/admin/organisation/user/{worker.pk}/password/",
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)
    [entry] = entries("change_staff_password")
    assert (entry.actor_username, entry.object_id) == ("sysadmin", worker.pk)
    assert (entry.before["has_password"], entry.after["has_password"]) == (True, True)
    logged = json.dumps([entry.before, entry.after, entry.reason])
    assert old_hash not in logged and worker.password not in logged and PASSWORD not in logged


def test_an_admin_changing_their_own_password_is_logged(admin_client, system_admin):
    assert 'name="old_password"' in admin_client.get("/admin/password_change/").content.decode()
    response = admin_client.post(
        "/admin/password_change/",
        {"old_password": "pw", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    system_admin.refresh_from_db()
    assert system_admin.check_password(PASSWORD)
    [entry] = entries("change_staff_password")
    assert (entry.actor_username, entry.object_id) == ("sysadmin", system_admin.pk)
    assert system_admin.password not in json.dumps(entry.after)
    wrong = admin_client.post(
        "/admin/password_change/",
        {"old_password": "fel", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert wrong.status_code == 200
    assert len(entries("change_staff_password")) == 1


def test_disabling_password_sign_in_is_logged(admin_client, worker):
    response = admin_client.post(
        f"/admin/organisation/user/{worker.pk}/password/",
        {"usable_password": "false", "set-password": "", "unset-password": ""},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.has_usable_password()
    [entry] = entries("change_staff_password")
    assert (entry.before["has_password"], entry.after["has_password"]) == (True, False)


def test_a_refused_password_writes_nothing(admin_client, worker):
    old_hash = worker.password
    response = admin_client.post(
        f"/admin/organisation/user/{worker.pk}/password/",
        {"usable_password": "true", "password1": "kort", "password2": "kort"},
    )
    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.password == old_hash
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [({"role": "wizard"}, "role"), ({"unit": "999999"}, "unit"), ({"username": ""}, "username")],
)
def test_an_invalid_change_writes_neither_the_change_nor_an_entry(
    admin_client, worker, values, field
):
    response = post_change(admin_client, worker, is_active="", **values)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    worker.refresh_from_db()
    assert worker.is_active is True and worker.role == Role.INTAKE_WORKER
    assert not AuditEntry.objects.exists()


def test_an_invalid_new_account_writes_nothing(admin_client, worker):
    response = admin_client.post(
        "/admin/organisation/user/add/",
        {
            "username": "bertil",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
            "role": Role.INVESTIGATOR,
            "unit": worker.unit_id,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="bertil").exists()
    assert not AuditEntry.objects.exists()


def test_accounts_are_deactivated_never_deleted(admin_client, worker):
    assert admin_client.get(f"/admin/organisation/user/{worker.pk}/delete/").status_code == 403
    response = admin_client.post(
        "/admin/organisation/user/",
        {"action": "delete_selected", "_selected_action": [worker.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=worker.pk).exists()
    assert response.status_code in (200, 302)
    assert not AuditEntry.objects.exists()


def test_a_role_permission_change_is_logged_with_the_permissions_by_name(admin_client):
    group = Group.objects.get(name=Role.INTAKE_WORKER)
    before = list(group.permissions.all())
    protected = Permission.objects.get(codename="view_protected_identity")
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": group.name, "permissions": [p.pk for p in before] + [protected.pk]},
    )
    assert response.status_code == 302
    assert group.permissions.filter(pk=protected.pk).exists()
    [entry] = entries("change_role_group")
    assert (entry.district_id, entry.before["group"]) == (None, "intake_worker")
    assert entry.before["permissions"] == sorted(map(named, before), key=lambda p: p["id"])
    assert named(protected) in entry.after["permissions"]
    assert named(protected) not in entry.before["permissions"]


def test_a_unit_added_in_the_district_form_is_logged(admin_client, district_a):
    units = list(district_a.units.all())
    data = {
        "name": district_a.name,
        "slug": district_a.slug,
        "municipality": district_a.municipality,
        "units-TOTAL_FORMS": str(len(units) + 1),
        "units-INITIAL_FORMS": str(len(units)),
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
        f"units-{len(units)}-name": "Familjerätt",
        f"units-{len(units)}-kind": Unit.Kind.ADMINISTRATION,
        f"units-{len(units)}-district": district_a.pk,
    }
    for i, unit in enumerate(units):
        data.update(
            {
                f"units-{i}-id": unit.pk,
                f"units-{i}-district": district_a.pk,
                f"units-{i}-name": unit.name,
                f"units-{i}-kind": unit.kind,
            }
        )
    response = admin_client.post(f"/admin/organisation/district/{district_a.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    created = Unit.objects.get(name="Familjerätt")
    [entry] = entries("create_unit")
    assert (entry.object_id, entry.district_id) == (created.pk, district_a.pk)
    assert entry.after["district"] == named(District.objects.get(pk=district_a.pk))
    assert entry.after["kind"] == {"value": "administration", "label": "Administration"}
    assert not entries("change_district") and not entries("change_unit")


def test_the_log_review_shows_a_staff_change_readably_in_the_staff_districts_log(
    admin_client, worker, district_a, district_b
):
    assert post_change(admin_client, worker, role=Role.SUPERVISOR).status_code == 302
    own = factories.web_client(factories.user(Role.SUPERVISOR, district_a)).get("/logg/")
    page = own.content.decode()
    assert "Ändrade medarbetare" in page
    assert "anna, Järva; roll: Mottagningssekreterare → Arbetsledare" in page
    other = factories.web_client(factories.user(Role.SUPERVISOR, district_b)).get("/logg/")
    assert "Ändrade medarbetare" not in other.content.decode()


def test_the_log_review_shows_a_rule_switched_off_to_a_central_reviewer(system_admin):
    setting = RuleSetting.objects.create(
        rule_id="earlier_reports_motivation", severity="block", in_force_from="2026-01-01"
    )
    setting.refresh_from_db()
    guideline_services.change_rule_setting(system_admin, setting, enabled=False)
    page = factories.web_client(factories.user(Role.SYSTEM_ADMIN)).get("/logg/").content.decode()
    assert "Ändrade regelinställning" in page
    assert "Motivering om tidigare anmälningar, 2026-01-01; aktiv: ja → nej" in page


def test_a_keyword_change_writes_only_its_fields_not_a_stale_rows_others(system_admin, worker):
    stale = User.objects.get(pk=worker.pk)
    User.objects.filter(pk=worker.pk).update(role=Role.INVESTIGATOR)
    assert services.change_staff(system_admin, stale, is_active=False) == ["is_active"]
    worker.refresh_from_db()
    assert (worker.role, worker.is_active) == (Role.INVESTIGATOR, False)
    [entry] = entries("change_staff")
    assert set(entry.after) == {"username", "district", "is_active"}
    with pytest.raises(TypeError):
        services.change_staff(system_admin, worker, password="x")


def test_renaming_a_role_group_is_logged(admin_client):
    group = Group.objects.get(name=Role.ANALYST)
    permissions = [p.pk for p in group.permissions.all()]
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "analytiker", "permissions": permissions}
    )
    assert response.status_code == 302
    [entry] = entries("change_role_group")
    assert (entry.before, entry.after) == (
        {"group": "analyst", "name": "analyst"},
        {"group": "analytiker", "name": "analytiker"},
    )


def test_the_municipalitys_date_settings_are_changed_in_the_admin_and_logged(admin_client):
    """The bound of an extension and the window back for event dates are data."""
    response = admin_client.post(
        "/admin/organisation/municipalitysettings/add/",
        {"municipality": "Stockholm", "max_extension_months": "3", "max_backdating_days": "14"},
    )
    assert response.status_code == 302, response.content
    settings = MunicipalitySettings.for_municipality("Stockholm")
    assert (settings.max_extension_months, settings.max_backdating_days) == (3, 14)
    [entry] = entries("create_municipality_settings")
    assert entry.after["municipality"] == "Stockholm"
    assert entry.after["max_extension_months"] == 3
    refused = admin_client.post(
        f"/admin/organisation/municipalitysettings/{settings.pk}/change/",
        {"municipality": "Stockholm", "max_extension_months": "0", "max_backdating_days": "14"},
    )
    assert refused.status_code == 200  # shown again with the error: at least one month
    assert MunicipalitySettings.for_municipality("Stockholm").max_extension_months == 3


def test_without_a_row_the_municipality_runs_on_the_defaults(db):
    settings = MunicipalitySettings.for_municipality("Göteborg")
    assert settings.pk is None
    assert (settings.max_extension_months, settings.max_backdating_days) == (
        MunicipalitySettings.DEFAULT_MAX_EXTENSION_MONTHS,
        MunicipalitySettings.DEFAULT_MAX_BACKDATING_DAYS,
    )
