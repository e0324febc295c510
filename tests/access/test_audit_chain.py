"""`likvard audit verify` passes on an untouched log and names the row that was altered."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.conf import settings
from django.db import connection

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision
from tests import factories


def raw_sql(statement, params=()):
    """Tamper the way a person with database access would, past the ORM and the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE access_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE access_auditentry ENABLE TRIGGER audit_append_only")


@pytest.fixture
def logged_case(intake_a):
    report = factories.assessed_report(intake_a)
    services.decide(
        intake_a,
        report.pk,
        version=report.version,
        kind=Decision.Kind.OPEN_INVESTIGATION,
    )
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    # Registration, protection assessment, the rules at the decision, the decision and
    # what it created: at least four entries, the last three of them used here.
    assert len(ids) >= 4
    return ids[-3:]


def verify():
    call_command("audit", "verify")


def test_an_untouched_log_verifies(logged_case, capsys):
    verify()
    assert f"{AuditEntry.objects.count()} entries" in capsys.readouterr().out


def test_each_entry_chains_onto_the_one_before(logged_case):
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].previous_hash == "0" * 64
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash


def test_a_row_changed_in_sql_is_named(logged_case):
    middle = logged_case[1]
    raw_sql(
        "UPDATE access_auditentry SET actor_username = %s WHERE id = %s", ["someone_else", middle]
    )
    with pytest.raises(CommandError, match=f"row {middle} was changed"):
        verify()


def test_a_row_deleted_in_sql_is_named_by_the_row_after_it(logged_case):
    _first, middle, last = logged_case
    raw_sql("DELETE FROM access_auditentry WHERE id = %s", [middle])
    with pytest.raises(CommandError, match=f"chain breaks at row {last}"):
        verify()


def test_a_rehashed_row_still_breaks_the_link_to_the_next(logged_case):
    first = logged_case[0]
    raw_sql("UPDATE access_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, first])
    with pytest.raises(CommandError, match=f"row {first} was changed"):
        verify()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_raw_updates_of_the_log(logged_case):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditentry WHERE id = %s", [logged_case[0]])


def test_reads_are_logged_unless_the_benchmark_switch_is_off(intake_a, settings):
    report = factories.report(intake_a)
    web = factories.web_client(intake_a)
    web.get(f"/anmalan/{report.pk}/")
    assert AuditEntry.objects.filter(verb="view_report").count() == 1
    settings.LIKVARD_AUDIT_READS = False
    web.get(f"/anmalan/{report.pk}/")
    assert AuditEntry.objects.filter(verb="view_report").count() == 1


def test_every_hashed_field_is_stored_as_given_and_hashed_alike(intake_a):
    """On PostgreSQL the append is one SQL function: it must store and hash what Python does."""
    import datetime

    from django.db import transaction

    from likvard.access import chain, services

    report = factories.report(intake_a)
    with transaction.atomic():
        written = services.record(
            intake_a,
            AuditEntry.Action.UPDATE,
            "änd_rat",
            report,
            child_id=report.child_id,
            district_id=report.district_id,
            before={"state": "received", "due": "2026-01-31"},
            after={"state": "pre_assessment", "nested": {"å": [1, 2]}},
            reason='Skäl med åäö och "citat"',
        )
    stored = AuditEntry.objects.get(pk=written.pk)
    for name in AuditEntry.HASHED_FIELDS:
        assert getattr(stored, name) == getattr(written, name), name
    assert stored.at == written.at and stored.at.tzinfo is not None
    assert stored.at > datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    assert (stored.previous_hash, stored.entry_hash) == (written.previous_hash, written.entry_hash)
    values = {name: getattr(stored, name) for name in AuditEntry.HASHED_FIELDS}
    key = settings.LIKVARD_AUDIT_KEYS[stored.key_id]
    assert chain.entry_mac(key, stored.key_id, stored.previous_hash, values) == stored.entry_hash


def test_a_read_entry_never_relaxes_the_commit_of_a_change(intake_a):
    """Only a read entry in a transaction of its own skips waiting for the disk.

    The test runs inside a transaction, as a read during a change does; the
    relaxed append is what a page read outside a transaction makes.
    """
    from likvard.access import services

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    postgres = connection.vendor == "postgresql"
    report = factories.report(intake_a)
    services.record_read(intake_a, "view_report", report, child_id=report.child_id)
    assert not postgres or synchronous_commit() == "on"  # the change still waits for the disk
    services.record(intake_a, AuditEntry.Action.READ, "view_report", report, relaxed=True)
    assert not postgres or synchronous_commit() == "off"  # for this transaction only
    assert AuditEntry.objects.filter(verb="view_report").count() == 2
    call_command("audit", "verify")
