"""The admin: a municipality sets a rule's parameters and dates; invalid ones are refused.

Every change made there is in the audit log with what it was before and after.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from likvard.access.models import AuditEntry
from likvard.guidelines import services
from likvard.guidelines.models import GuidelineSource, RuleSetting
from likvard.organisation.models import Role, User

pytestmark = pytest.mark.django_db

ADD = "/admin/guidelines/rulesetting/add/"
LIST = "/admin/guidelines/rulesetting/"
RULE = {"id": "earlier_reports_motivation", "title": "Motivering om tidigare anmälningar"}


FORM = {
    "rule_id": "earlier_reports_motivation",
    "enabled": "on",
    "severity": "block",
    "parameters": "{}",
    "in_force_from": "2026-01-01",
    "in_force_until": "",
    "note": "",
}


def post(client, url=ADD, **values):
    return client.post(url, {**FORM, **values})


def test_the_add_form_lists_the_rules_in_code(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert "earlier_reports_motivation" in page
    assert "Motivering om tidigare anmälningar" in page


def test_a_valid_setting_is_saved_with_every_parameter_filled_in(admin_client):
    response = post(admin_client, parameters='{"years": 5}')
    assert response.status_code == 302
    saved = RuleSetting.objects.get()
    assert saved.parameters == {"years": 5}
    response = post(
        admin_client, rule_id="police_consideration", parameters="{}", in_force_from="2026-02-01"
    )
    assert response.status_code == 302
    police = RuleSetting.objects.get(rule_id="police_consideration")
    assert police.parameters["concerns"] == sorted(police.parameters["concerns"])
    assert "violence" in police.parameters["concerns"]


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ('{"years": "tre"}', "years ska vara ett heltal."),
        ('{"years": 0}', "years ska vara mellan 1 och 20."),
        ('{"years": 3, "months": 2}', "Okänd parameter: months"),
        ("[3]", "Parametrarna ska vara ett JSON-objekt"),
    ],
)
def test_invalid_parameters_are_refused_with_a_swedish_message(admin_client, parameters, message):
    response = post(admin_client, parameters=parameters)
    assert response.status_code == 200  # the form again, with its errors
    assert message in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_an_unknown_concern_code_is_refused(admin_client):
    response = post(
        admin_client, rule_id="police_consideration", parameters='{"concerns": ["war"]}'
    )
    assert "innehåller okända koder: war" in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_an_empty_concern_list_is_refused(admin_client):
    response = post(admin_client, rule_id="police_consideration", parameters='{"concerns": []}')
    assert "ska innehålla minst ett värde" in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_an_end_before_the_start_is_refused(admin_client):
    response = post(admin_client, in_force_from="2026-03-01", in_force_until="2026-02-01")
    assert "Slutdatumet kan inte ligga före startdatumet." in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_overlapping_periods_for_one_rule_are_refused(admin_client):
    assert post(admin_client, in_force_from="2026-01-01").status_code == 302
    response = post(admin_client, in_force_from="2026-06-01")
    assert "Perioden överlappar en annan inställning" in response.content.decode()
    assert RuleSetting.objects.count() == 1


def test_cosignature_is_refused_for_a_rule_at_archiving(admin_client):
    response = post(admin_client, rule_id="feedback_before_archive", severity="cosign")
    assert "Kontrasignering finns bara vid beslut" in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_evaluations_and_cosignature_requests_stay_out_of_the_admin(admin_client):
    for path in (
        "/admin/guidelines/ruleevaluation/",
        "/admin/guidelines/cosignaturerequest/",
    ):
        assert admin_client.get(path).status_code == 404, path
    assert admin_client.get("/admin/guidelines/guidelinesource/").status_code == 200


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb).order_by("id"))


@pytest.fixture
def setting(db):
    """A stored setting of the motivation rule, as the admin would have saved it."""
    return RuleSetting.objects.create(
        rule_id=RULE["id"],
        enabled=True,
        severity="block",
        parameters={"years": 3},
        in_force_from=datetime.date(2026, 1, 1),
    )


def change_url(setting):
    return f"/admin/guidelines/rulesetting/{setting.pk}/change/"


def test_a_new_setting_is_logged_with_what_it_holds(admin_client):
    assert post(admin_client, parameters='{"years": 5}').status_code == 302
    saved = RuleSetting.objects.get()
    [entry] = entries("create_guideline_setting")
    assert (entry.action, entry.object_id, entry.actor_username) == ("create", saved.pk, "sysadmin")
    assert (entry.child_id, entry.district_id, entry.before) == (None, None, None)
    assert entry.after["rule"] == RULE
    assert entry.after["parameters"] == {"years": 5}
    assert entry.after["enabled"] is True
    assert entry.after["severity"] == {"value": "block", "label": "Stoppar beslutet"}
    assert entry.after["in_force_from"] == "2026-01-01"


def test_switching_a_rule_off_is_logged_before_and_after(admin_client, setting):
    response = post(admin_client, change_url(setting), parameters='{"years": 3}', enabled="")
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.enabled is False
    [entry] = entries("change_guideline_setting")
    assert (entry.action, entry.object_id, entry.district_id) == ("update", setting.pk, None)
    context = {"rule": RULE, "in_force_from": "2026-01-01"}
    assert entry.before == {**context, "enabled": True}
    assert entry.after == {**context, "enabled": False}


def test_retuning_a_parameter_is_logged_before_and_after(admin_client, setting):
    response = post(admin_client, change_url(setting), parameters='{"years": 5}', severity="warn")
    assert response.status_code == 302
    [entry] = entries("change_guideline_setting")
    assert entry.before["parameters"] == {"years": 3}
    assert entry.after["parameters"] == {"years": 5}
    assert entry.before["severity"]["value"] == "block"
    assert entry.after["severity"] == {"value": "warn", "label": "Varning, avsteg kräver skäl"}
    assert set(entry.after) == {"rule", "in_force_from", "parameters", "severity"}


def test_saving_without_a_change_writes_no_entry(admin_client, setting):
    assert post(admin_client, change_url(setting), parameters='{"years": 3}').status_code == 302
    assert not entries("change_guideline_setting")


def test_an_invalid_parameter_on_a_change_writes_neither_the_change_nor_an_entry(
    admin_client, setting
):
    response = post(admin_client, change_url(setting), parameters='{"years": 0}', enabled="")
    assert response.status_code == 200
    assert "years ska vara mellan 1 och 20." in response.content.decode()
    setting.refresh_from_db()
    assert (setting.enabled, setting.parameters) == (True, {"years": 3})
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_what_the_admin_refuses(setting):
    admin = User.objects.create_superuser("sysadmin", password="pw", role=Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError):
        services.change_rule_setting(admin, setting, parameters={"years": 99})
    setting.refresh_from_db()
    assert setting.parameters == {"years": 3}
    assert not AuditEntry.objects.exists()


def test_a_deleted_setting_is_logged_with_what_it_was(admin_client, setting):
    response = admin_client.post(f"{change_url(setting)[:-7]}delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RuleSetting.objects.exists()
    [entry] = entries("delete_guideline_setting")
    assert (entry.object_id, entry.after) == (setting.pk, None)
    assert entry.before["parameters"] == {"years": 3}
    assert entry.before["rule"] == RULE


def test_bulk_delete_logs_each_setting(admin_client, setting):
    later = RuleSetting.objects.create(
        rule_id="police_consideration",
        severity="block",
        in_force_from=datetime.date(2026, 2, 1),
    )
    response = admin_client.post(
        LIST,
        {"action": "delete_selected", "_selected_action": [setting.pk, later.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RuleSetting.objects.exists()
    logged = {e.object_id for e in entries("delete_guideline_setting")}
    assert logged == {setting.pk, later.pk}


def test_a_guideline_source_change_is_logged(admin_client):
    source = GuidelineSource.objects.create(
        key="stockholm_2024", title="Riktlinje", issuer="Socialnämnden", summary="Om motivering."
    )
    response = admin_client.post(
        f"/admin/guidelines/guidelinesource/{source.pk}/change/",
        {
            "key": source.key,
            "title": source.title,
            "issuer": source.issuer,
            "reference": "SN 2024/12",
            "adopted_in": "2024",
            "summary": source.summary,
        },
    )
    assert response.status_code == 302
    [entry] = entries("change_guideline_source")
    assert entry.before == {"source": source.key, "reference": "", "adopted_in": None}
    assert entry.after == {"source": source.key, "reference": "SN 2024/12", "adopted_in": 2024}
