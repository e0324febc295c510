"""Law references changed in the admin are logged; one a decision cites stays as it was."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision, LegalProvision
from likvard.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def form_of(provision: LegalProvision, **changes) -> dict:
    values = {
        "key": provision.key,
        "law": provision.law,
        "chapter": provision.chapter,
        "section": provision.section,
        "in_force_from": provision.in_force_from.isoformat(),
        "in_force_until": provision.in_force_until.isoformat() if provision.in_force_until else "",
        "summary": provision.summary,
    }
    return {**values, **changes}


def new_provision() -> LegalProvision:
    return LegalProvision.objects.create(
        key="test_step",
        law="SoL 2025:400",
        chapter="20",
        section="2",
        in_force_from=datetime.date(2025, 7, 1),
        summary="Prov.",
    )


def test_a_change_in_the_admin_is_logged_with_before_and_after(admin_client):
    provision = new_provision()
    url = f"/admin/casework/legalprovision/{provision.pk}/change/"
    response = admin_client.post(url, form_of(provision, section="3"))
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.section == "3"
    entry = AuditEntry.objects.get(verb="change_legal_provision")
    assert entry.before["section"] == "2"
    assert entry.after["section"] == "3"
    assert entry.actor_username == "sysadmin"


def test_an_invalid_change_writes_neither_the_change_nor_an_entry(admin_client):
    provision = new_provision()
    url = f"/admin/casework/legalprovision/{provision.pk}/change/"
    response = admin_client.post(url, form_of(provision, in_force_from="2025-13-45"))
    assert response.status_code == 200  # the form again, with its error
    provision.refresh_from_db()
    assert provision.in_force_from.isoformat() == "2025-07-01"
    assert not AuditEntry.objects.filter(verb="change_legal_provision").exists()


def test_a_provision_a_decision_cites_can_be_neither_changed_nor_deleted(admin_client):
    worker = factories.user(Role.INTAKE_WORKER)
    report = factories.assessed_report(worker)
    decision = services.decide(
        worker,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    cited = decision.provision
    assert cited is not None
    url = f"/admin/casework/legalprovision/{cited.pk}/change/"
    admin_client.post(url, form_of(cited, section="99"))
    cited.refresh_from_db()
    assert cited.section != "99"
    delete = admin_client.post(
        f"/admin/casework/legalprovision/{cited.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert LegalProvision.objects.filter(pk=cited.pk).exists()
    assert not AuditEntry.objects.filter(verb__endswith="_legal_provision").exists()
