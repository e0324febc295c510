"""The admin: a municipality sets a rule's parameters and dates; invalid ones are refused."""

import pytest
from django.test import Client

from likvard.guidelines.models import RuleSetting
from likvard.organisation.models import Role, User

pytestmark = pytest.mark.django_db

ADD = "/admin/guidelines/rulesetting/add/"


@pytest.fixture
def admin_client(db):
    admin = User.objects.create_superuser("sysadmin", password="pw", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)
    return client


def post(client, **values):
    data = {
        "rule_id": "earlier_reports_motivation",
        "enabled": "on",
        "severity": "block",
        "parameters": "{}",
        "in_force_from": "2026-01-01",
        "in_force_until": "",
        "note": "",
    }
    data.update(values)
    return client.post(ADD, data)


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
