"""`likvard audit verify` passes on an untouched log and names the row that was altered."""

import itertools

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from likvard.access import chain
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
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
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
    assert stored.key_id == written.key_id == settings.LIKVARD_AUDIT_KEY_ID
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


# The keyed chain: what someone with database access but not the key cannot do.

OTHER_KEY = b"another-installations-audit-key-0123456789"


def rewrite_from(first_id, sign, *, key_id=None, change=None):
    """Re-forge the chain from `first_id` on, as a person with database access would.

    `change` alters that row's values; `sign(previous, key_id, values)` computes each
    row's new hash with the project's own functions, and every later row is re-linked
    so that no link breaks. `key_id` (if given) replaces the rows' key id.
    """
    rows = list(AuditEntry.objects.filter(pk__gte=first_id).order_by("id"))
    before = AuditEntry.objects.filter(pk__lt=first_id).order_by("-id").first()
    previous = before.entry_hash if before else chain.GENESIS
    for row in rows:
        if change and row.pk == first_id:
            change(row)
        new_key_id = row.key_id if key_id is None else key_id
        values = {name: getattr(row, name) for name in AuditEntry.HASHED_FIELDS}
        new_hash = sign(previous, new_key_id, values)
        raw_sql(
            "UPDATE access_auditentry SET actor_username = %s, previous_hash = %s, "
            "entry_hash = %s, key_id = %s WHERE id = %s",
            [row.actor_username, previous, new_hash, new_key_id, row.pk],
        )
        previous = new_hash


def someone_else(row):
    row.actor_username = "someone_else"


def plain(previous, key_id, values):
    return chain.legacy_hash(previous, values)


def test_a_chain_rehashed_with_the_key_verifies_so_the_forgery_below_is_sound(logged_case):
    """The control: the same rewrite with the real key passes, so only the key is missing below."""
    key = chain.signing_key()[1]
    rewrite_from(
        logged_case[0],
        lambda previous, key_id, values: chain.entry_mac(key, key_id, previous, values),
        change=someone_else,
    )
    verify()


def test_a_chain_rehashed_without_the_key_fails(logged_case):
    middle = logged_case[1]
    rewrite_from(middle, plain, change=someone_else)
    with pytest.raises(CommandError, match=f"row {middle} was changed"):
        verify()


def test_a_chain_rehashed_under_a_guessed_key_fails(logged_case):
    middle = logged_case[1]
    rewrite_from(
        middle,
        lambda previous, key_id, values: chain.entry_mac(OTHER_KEY, key_id, previous, values),
        change=someone_else,
    )
    with pytest.raises(CommandError, match=f"row {middle} was changed"):
        verify()


def test_rows_rewritten_as_unkeyed_entries_after_a_keyed_one_fail(logged_case):
    middle = logged_case[1]
    rewrite_from(middle, plain, key_id=chain.LEGACY, change=someone_else)
    with pytest.raises(CommandError, match=f"row {middle} has no key although a keyed"):
        verify()


def test_a_log_rewritten_as_unkeyed_entries_throughout_fails(logged_case):
    first = AuditEntry.objects.order_by("id").first().pk
    rewrite_from(first, plain, key_id=chain.LEGACY, change=someone_else)
    with pytest.raises(CommandError, match="holds no keyed entry"):
        verify()


def unkeyed_log(actor, count):
    """Entries as written before the key (migration 0006): plain SHA-256, empty key id."""
    import datetime

    previous = chain.GENESIS
    rows = []
    for n in range(count):
        row = AuditEntry(
            at=datetime.datetime(2026, 1, 1, 8, n, tzinfo=datetime.UTC),
            actor_id=actor.pk,
            actor_username=actor.username,
            action=AuditEntry.Action.UPDATE,
            verb="old_entry",
            object_type="access.auditentry",
        )
        values = {name: getattr(row, name) for name in AuditEntry.HASHED_FIELDS}
        row.previous_hash, row.entry_hash = previous, chain.legacy_hash(previous, values)
        row.key_id = chain.LEGACY
        previous = row.entry_hash
        rows.append(row)
    AuditEntry.objects.bulk_create(rows)


def test_an_unkeyed_beginning_verifies_once_sealed_and_keyed_entries_follow(intake_a, capsys):
    from django.db import transaction
    from django.utils import timezone

    unkeyed_log(intake_a, 3)
    with pytest.raises(CommandError, match="holds no keyed entry"):
        verify()  # before migration 0006 seals it
    with transaction.atomic():
        assert chain.seal_legacy(AuditEntry, timezone.now())
        assert not chain.seal_legacy(AuditEntry, timezone.now())  # sealed once
    factories.report(intake_a)  # appends after the seal, keyed
    verify()
    assert f"{AuditEntry.objects.count()} entries" in capsys.readouterr().out
    seal = AuditEntry.objects.get(verb="audit_log_keyed")
    assert seal.key_id == settings.LIKVARD_AUDIT_KEY_ID and seal.after == {"unkeyed_entries": 3}
    assert set(AuditEntry.objects.filter(pk__gt=seal.pk).values_list("key_id", flat=True)) == {
        settings.LIKVARD_AUDIT_KEY_ID
    }


def test_the_unkeyed_beginning_cannot_be_rewritten_under_the_seal(intake_a):
    from django.db import transaction
    from django.utils import timezone

    unkeyed_log(intake_a, 3)
    with transaction.atomic():
        chain.seal_legacy(AuditEntry, timezone.now())
    second = AuditEntry.objects.order_by("id")[1].pk
    seal = AuditEntry.objects.get(verb="audit_log_keyed").pk
    # Rewriting an old row means re-linking the rows after it, the seal among them:
    # the old rows' plain hashes can be recomputed, the seal's MAC cannot.
    rewrite_from(second, plain, change=someone_else)
    with pytest.raises(CommandError, match=f"row {seal} was changed"):
        verify()


# Rotation: the current key signs, old keys verify what they signed.

KEY_2025 = ("2025a", b"the-2025-audit-key-kept-outside-the-database")
KEY_2026 = ("2026a", b"the-2026-audit-key-kept-outside-the-database")


def use_keys(settings, current, *old):
    settings.LIKVARD_AUDIT_KEY_ID = current[0]
    settings.LIKVARD_AUDIT_KEYS = dict([current, *old])


def test_entries_under_an_old_key_verify_while_the_old_key_is_kept(intake_a, settings):
    use_keys(settings, KEY_2025)
    factories.report(intake_a)
    use_keys(settings, KEY_2026, KEY_2025)  # rotated: the new key signs, the old one is kept
    factories.report(intake_a)
    key_ids = list(AuditEntry.objects.order_by("id").values_list("key_id", flat=True))
    assert key_ids[0] == "2025a" and key_ids[-1] == "2026a"
    verify()


def test_entries_under_an_old_key_fail_when_the_old_key_is_dropped(intake_a, settings):
    use_keys(settings, KEY_2025)
    factories.report(intake_a)
    use_keys(settings, KEY_2026)
    factories.report(intake_a)
    first = AuditEntry.objects.order_by("id").first().pk
    with pytest.raises(CommandError, match=f"row {first} is signed with key id '2025a'"):
        verify()


def test_an_entry_signed_under_a_key_swapped_for_another_id_fails(intake_a, settings):
    """Keys are not interchangeable: an entry verifies only under the key its id names."""
    use_keys(settings, KEY_2025)
    factories.report(intake_a)
    settings.LIKVARD_AUDIT_KEYS = {"2025a": KEY_2026[1]}  # the id kept, another secret
    first = AuditEntry.objects.order_by("id").first().pk
    with pytest.raises(CommandError, match=f"row {first} was changed"):
        verify()


# The anchor: the head of the log, kept with the backup.


def anchor(path):
    call_command("audit", "anchor", "--out", str(path))
    return path


def verify_with(path):
    call_command("audit", "verify", "--anchor", str(path))


def test_an_anchor_names_the_head_and_verifies(logged_case, intake_a, tmp_path, capsys):
    import json

    path = anchor(tmp_path / "anchor.json")
    body = json.loads(path.read_text())
    head = AuditEntry.objects.order_by("-id").first()
    assert (body["head_id"], body["head_mac"], body["head_key_id"]) == (
        head.pk,
        head.entry_hash,
        head.key_id,
    )
    assert body["entries"] == AuditEntry.objects.count()
    assert body["key_id"] == settings.LIKVARD_AUDIT_KEY_ID and len(body["mac"]) == 64
    factories.report(intake_a)
    verify_with(path)  # entries added after the anchor are fine
    assert f"reaches the anchor at row {head.pk}" in capsys.readouterr().out


def test_a_deleted_tail_row_is_found_with_the_anchor(logged_case, tmp_path):
    path = anchor(tmp_path / "anchor.json")
    last = logged_case[-1]
    raw_sql("DELETE FROM access_auditentry WHERE id = %s", [last])
    verify()  # the chain alone cannot see it: what is left is intact
    with pytest.raises(CommandError, match=f"anchor names row {last}, but the log ends at row"):
        verify_with(path)


def test_a_deleted_tail_replaced_by_new_rows_is_found_with_the_anchor(
    logged_case, intake_a, tmp_path
):
    """Rows removed and the log grown past the anchor again: the anchored row is missing."""
    path = anchor(tmp_path / "anchor.json")
    last = logged_case[-1]
    raw_sql("DELETE FROM access_auditentry WHERE id = %s", [last])
    factories.report(intake_a)
    with pytest.raises(CommandError, match=f"anchored row {last} was removed"):
        verify_with(path)


def test_an_anchor_from_another_installation_is_refused(logged_case, tmp_path, settings):
    ours = settings.LIKVARD_AUDIT_KEYS
    settings.LIKVARD_AUDIT_KEYS = {settings.LIKVARD_AUDIT_KEY_ID: OTHER_KEY}
    path = anchor(tmp_path / "theirs.json")  # signed by their key under the same id
    settings.LIKVARD_AUDIT_KEYS = ours
    with pytest.raises(CommandError, match="MAC does not verify with this log's keys"):
        verify_with(path)


def test_an_anchor_of_another_chain_under_the_same_key_is_refused(logged_case, tmp_path):
    """Two installations on the same key (the demo's): the anchored row's MAC differs."""
    import json

    from likvard.access.management.commands.audit import anchor_mac

    path = anchor(tmp_path / "anchor.json")
    body = json.loads(path.read_text())
    body["head_mac"] = "ab" * 32  # their row at the same id
    body["mac"] = anchor_mac(chain.signing_key()[1], body)
    path.write_text(json.dumps(body))
    with pytest.raises(CommandError, match="anchor is from another chain"):
        verify_with(path)


def test_a_changed_anchor_is_refused(logged_case, tmp_path):
    import json

    path = anchor(tmp_path / "anchor.json")
    body = json.loads(path.read_text())
    body["head_id"] -= 1  # moved back to hide a removed row
    path.write_text(json.dumps(body))
    with pytest.raises(CommandError, match="refused: its MAC does not verify"):
        verify_with(path)


def test_a_file_that_is_no_anchor_is_refused(logged_case, tmp_path):
    path = tmp_path / "anchor.json"
    path.write_text("{}")
    with pytest.raises(CommandError, match="is not an audit anchor"):
        verify_with(path)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_failing_verify_leaves_no_cursor_open(logged_case):
    """The walk's server-side cursor is closed before the error is raised.

    Left open, it was closed only when the command's process tore down, after the
    connection: a stray "closed database" traceback under the clean error.
    """
    raw_sql("UPDATE access_auditentry SET verb = %s WHERE id = %s", ["x", logged_case[1]])
    with pytest.raises(CommandError, match="FAILED") as failure:
        verify()
    assert failure.value.returncode != 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_key_is_in_no_statement_text_on_postgresql(intake_a):
    """The key is a server-bound parameter: another session sees `$4`, not the key."""
    import psycopg
    from django.db import transaction

    from likvard.access import services as audit

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with transaction.atomic():
        audit.record(intake_a, AuditEntry.Action.UPDATE, "something", intake_a)
        params = connection.settings_dict
        with psycopg.connect(
            dbname=connection.settings_dict["NAME"],
            user=params["USER"],
            host=params["HOST"],
            port=params["PORT"] or 5432,
            password=params["PASSWORD"] or None,
        ) as observer:
            (seen,) = observer.execute(
                "SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
    assert "likvard_audit_append" in seen and "$4" in seen
    key = chain.signing_key()[1]
    assert key.decode() not in seen and key.hex() not in seen


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_append_function_writes_no_entry_without_a_key(db):
    """Calling the SQL function directly cannot add an unkeyed entry either."""
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="signed with a key"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT * FROM likvard_audit_append(%s, false, '', %s)", ["{}", b"k" * 32])
    assert not AuditEntry.objects.exists()
