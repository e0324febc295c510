"""The admin manages the organisation and roles, and opens no child's case."""

import pytest
from django.contrib.auth.models import Group

from likvard.organisation.models import Role
from likvard.quality import rollup
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_system_admin_assigns_a_role_and_unit(admin_client, district_a):
    worker = factories.user(Role.INTAKE_WORKER, district_a)
    page = admin_client.get(f"/admin/organisation/user/{worker.pk}/change/")
    assert page.status_code == 200
    assert 'name="role"' in page.content.decode()


def test_every_role_has_its_group_of_permissions(admin_client):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert admin_client.get("/admin/auth/group/").status_code == 200


def test_case_data_is_not_in_the_admin(admin_client):
    for path in (
        "/admin/reports/report/",
        "/admin/people/child/",
        "/admin/casework/decision/",
        "/admin/access/auditentry/",
    ):
        assert admin_client.get(path).status_code == 404, path


def test_the_job_queue_is_listed_read_only(admin_client, settings):
    """docs/operations.md, "Job worker": waiting and failed jobs are watched here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rollup.refresh_job.enqueue()
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=READY")
    assert page.status_code == 200
    assert "refresh_job" in page.content.decode()
    assert admin_client.get("/admin/django_tasks_database/dbtaskresult/add/").status_code == 403
