"""people 0004: existing relations and sibling links get the district that recorded them.

The recording worker's unit's district; with no recording worker (imported rows, the
demo's), the district of the child's earliest report.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from likvard.people.models import Relation, SiblingLink
from tests import factories

# serialized_rollback: a test before it with serialized_rollback leaves the database
# flushed without the role groups (Django inhibits post_migrate then), and this one
# must start from the migrated state.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("people", "0003_family")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_district_comes_from_the_recorder_else_the_earliest_report(intake_a, intake_b):
    first = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[0]).child
    factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[0])
    second = factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[1]).child
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        person = old.get_model("people", "Person").objects.create(first_name="E", last_name="K")
        relation = old.get_model("people", "Relation")
        now = timezone.now()
        by_worker = relation.objects.create(
            child_id=first.pk,
            person_id=person.pk,
            role="guardian",
            custody="joint",
            valid_from=now,
            recorded_by_id=intake_a.pk,
        )
        by_nobody = relation.objects.create(
            child_id=first.pk, person_id=person.pk, role="household", valid_from=now
        )
        link = old.get_model("people", "SiblingLink").objects.create(
            child_id=min(first.pk, second.pk), sibling_id=max(first.pk, second.pk), valid_from=now
        )
    finally:
        migrate(latest)
    district_of_earliest = {first.pk: intake_b.district_id, second.pk: intake_a.district_id}
    assert Relation.objects.get(pk=by_worker.pk).district_id == intake_a.district_id
    assert Relation.objects.get(pk=by_nobody.pk).district_id == intake_b.district_id
    assert (
        SiblingLink.objects.get(pk=link.pk).district_id
        == district_of_earliest[min(first.pk, second.pk)]
    )
