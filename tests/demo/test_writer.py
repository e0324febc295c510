"""The demo's fast row writer stores what the ORM would have stored."""

import datetime

from django.utils import timezone

from likvard.core.calendar import STOCKHOLM
from likvard.demo.writer import TableWriter, reset_sequences
from likvard.people.models import Child, Person


def test_rows_come_back_through_the_orm_as_written(db):
    writer = TableWriter(Child)
    moment = datetime.datetime(2024, 3, 30, 23, 59, 30, tzinfo=STOCKHOLM)
    pk = writer.add(
        {
            "personal_number": "201509160014",
            "first_name": "Åsa",
            "last_name": "Öberg",
            "birth_date": datetime.date(2015, 9, 16),
            "sex": "F",
            "protected_identity": True,
            "created_at": moment,
        }
    )
    writer.flush()
    reset_sequences([Child])

    child = Child.objects.get(pk=pk)
    assert (child.first_name, child.last_name) == ("Åsa", "Öberg")
    assert child.birth_date == datetime.date(2015, 9, 16)
    assert child.created_at == moment
    assert child.protected_identity is True
    assert child.reserve_number is None
    assert child.address == ""  # the field's default, as the ORM gives it


def test_a_left_out_creation_time_is_now_and_ids_follow_existing_rows(db):
    existing = Person.objects.create(first_name="A", last_name="B")
    children = TableWriter(Child)
    before = timezone.now()
    pk = children.add(
        {"reserve_number": "R1", "first_name": "C", "last_name": "D", "birth_date": before.date()}
    )
    guardians = TableWriter(Person)
    guardian_pk = guardians.add({"first_name": "E", "last_name": "F"})
    children.flush()
    guardians.flush()

    assert guardian_pk == existing.pk + 1
    assert Child.objects.get(pk=pk).created_at >= before
    assert children.written == guardians.written == 1
