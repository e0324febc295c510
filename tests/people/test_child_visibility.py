"""Which children a user sees, and a query shape that stays fast without statistics."""

import pytest
from django.db import connection

from likvard.organisation.models import Role
from likvard.people.models import Child
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(intake_a, intake_b):
    """One child known only in A, one only in B, one in both (two reports in A)."""
    only_a = factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[0]).child
    only_b = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[1]).child
    both = factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[2]).child
    factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[2])
    factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[2])
    return {"only_a": only_a, "only_b": only_b, "both": both}


def _visible(user) -> list[int]:
    return list(Child.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))


def test_a_district_sees_the_children_it_has_reports_about_once_each(children, intake_a, intake_b):
    assert _visible(intake_a) == sorted([children["only_a"].pk, children["both"].pk])
    assert _visible(intake_b) == sorted([children["only_b"].pk, children["both"].pk])
    assert Child.objects.visible_to(intake_a).count() == 2  # no row per report


def test_central_roles_see_all_or_none(children, inspector, analyst):
    assert len(_visible(inspector)) == 3
    assert _visible(analyst) == []


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.SUPERVISOR])
def test_the_visibility_query_reads_the_districts_reports_once(children, district_a, role):
    """Not a subquery per child: SQLite without table statistics (a demo database nobody
    ran ANALYZE on) planned the correlated form as a walk over every child, each
    walking the district's reports (95 s for one page of /api/children/)."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan checked is SQLite's; PostgreSQL has statistics (ANALYZE)")
    queryset = Child.objects.visible_to(factories.user(role, district_a)).order_by(
        "last_name", "first_name", "id"
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "CORRELATED" not in plan, plan
    assert "SCAN people_child" not in plan, plan
