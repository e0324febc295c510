"""The case journal: signed entries, corrections that point back, never an edit.

Enforced in the service and the model, on the pages (405), in the API (405
journal_entry_locked), in the admin (not there at all: case data is not in the
admin) and, on PostgreSQL, by a trigger against raw SQL.
"""

import datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.journal import services
from likvard.journal.effects import entry_written
from likvard.journal.models import EntryLocked, JournalEntry
from likvard.organisation.models import Role
from tests import factories
from tests.api.helpers import entry_input
from tests.casework.helpers import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(intake_a):
    return factories.assessed_report(intake_a)


@pytest.fixture
def entry(intake_a, report):
    return services.write_entry(intake_a, report.pk, entry_input())


def test_an_entry_is_signed_and_logged_without_its_text(intake_a, report):
    entry = services.write_entry(intake_a, report.pk, entry_input(participants=" Mamma "))
    assert (entry.child_id, entry.district_id, entry.author_id) == (
        report.child_id,
        report.district_id,
        intake_a.pk,
    )
    assert entry.participants == "Mamma" and entry.signed_at is not None
    logged = AuditEntry.objects.get(verb="write_journal_entry")
    assert (logged.child_id, logged.object_id) == (report.child_id, entry.pk)
    assert "skolgången" not in str(logged.after) and "Mamma" not in str(logged.after)


def test_a_correction_is_a_new_entry_pointing_at_the_old(intake_a, entry):
    fixed = services.correct_entry(
        intake_a, entry.pk, entry_input(text="Rättelse: det var pappa som ringde.")
    )
    assert fixed.pk != entry.pk and fixed.corrects_id == entry.pk
    assert fixed.report_id == entry.report_id
    entry.refresh_from_db()
    assert entry.text.startswith("Samtal med mamma")  # the old entry is as it was
    assert AuditEntry.objects.filter(verb="correct_journal_entry", object_id=fixed.pk).exists()


def test_an_entry_is_corrected_once_then_its_correction_is(intake_a, entry):
    """The chain of corrections stays a line: a second correction of the same entry is
    refused (by the service, and by a unique constraint when two arrive at once)."""
    first = services.correct_entry(intake_a, entry.pk, entry_input(text="Rättelse ett."))
    with pytest.raises(InvalidInput) as refused:
        services.correct_entry(intake_a, entry.pk, entry_input(text="Rättelse två."))
    assert refused.value.code == "already_corrected"
    again = services.correct_entry(intake_a, first.pk, entry_input(text="Rättelse två."))
    assert again.corrects_id == first.pk
    assert JournalEntry.objects.filter(corrects=entry).count() == 1
    case = {"id": entry.report_id, "child_id": entry.child_id, "district_id": entry.district_id}
    row = entry_written(
        report=case,
        kind="note",
        event_date=entry.event_date,
        text="En andra rättelse som kom samtidigt.",
        corrects_id=entry.pk,
        author_id=intake_a.pk,
        at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(**row)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"text": "   "}, "required", "text"),
        ({"kind": "gossip"}, "invalid_choice", "kind"),
        (
            {"event_date": datetime.date.today() + datetime.timedelta(days=3)},
            "date_in_future",
            None,
        ),
        ({"event_date": datetime.date(2001, 1, 1)}, "before_receipt", "event_date"),
        ({"participants": "x" * 501}, "too_long", "participants"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(intake_a, report, overrides, code, field):
    with pytest.raises(InvalidInput) as refused:
        services.write_entry(intake_a, report.pk, entry_input(**overrides))
    assert refused.value.code == code
    assert field is None or refused.value.field == field
    assert not JournalEntry.objects.exists()


def test_another_district_and_a_reading_role_cannot_write(intake_b, inspector, report, entry):
    with pytest.raises(NotFound):
        services.write_entry(intake_b, report.pk, entry_input())
    with pytest.raises(NotFound):
        services.correct_entry(intake_b, entry.pk, entry_input())
    with pytest.raises(PermissionDenied):
        services.write_entry(inspector, report.pk, entry_input())
    assert JournalEntry.objects.count() == 1


def test_the_model_and_its_queryset_refuse_changes(entry):
    entry.text = "Ändrad i efterhand."
    with pytest.raises(EntryLocked):
        entry.save()
    with pytest.raises(EntryLocked):
        entry.delete()
    with pytest.raises(EntryLocked):
        JournalEntry.objects.filter(pk=entry.pk).update(text="Ändrad.")
    with pytest.raises(EntryLocked):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    assert JournalEntry.objects.get(pk=entry.pk).text.startswith("Samtal med mamma")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_raw_sql_cannot_change_or_delete_an_entry_on_postgresql(entry):
    for sql in (
        "UPDATE journal_journalentry SET text = 'Ändrad.' WHERE id = %s",
        "DELETE FROM journal_journalentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="signed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert JournalEntry.objects.get(pk=entry.pk).text.startswith("Samtal med mamma")


# ------------------------------------------------------------------- pages


def test_the_page_writes_an_entry_and_shows_it_on_the_timelines(intake_a, report):
    web = factories.web_client(intake_a)
    answer = web.post(
        reverse("journal:write", kwargs={"pk": report.pk}),
        {
            "kind": "home_visit",
            "event_date": str(local_today()),
            "participants": "Mamma, pappa",
            "child_took_part": "on",
            "text": "Hembesök. Barnet visade sitt rum.",
        },
    )
    assert answer.status_code == 302
    for url in (
        reverse("casework:report", kwargs={"pk": report.pk}),
        reverse("casework:child", kwargs={"pk": report.child_id}),
    ):
        page = web.get(url).content.decode()
        assert "Hembesök. Barnet visade sitt rum." in page
        assert "Skyddsbedömning" in page or "Orosanmälan inkom" in page  # the steps beside it


def test_a_refused_entry_is_shown_again_in_swedish(intake_a, report):
    web = factories.web_client(intake_a)
    answer = web.post(
        reverse("journal:write", kwargs={"pk": report.pk}),
        {"kind": "note", "event_date": "2001-01-01", "text": "Anteckning."},
    )
    assert answer.status_code == 400
    assert "Datumet kan inte ligga före anmälans ankomst." in answer.content.decode()
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_entry_page_refuses_every_change(intake_a, entry, method):
    web = factories.web_client(intake_a)
    url = reverse("journal:entry", kwargs={"pk": entry.pk})
    answer = getattr(web, method)(url, {"text": "Ändrad."})
    assert answer.status_code == 405
    assert "kan inte ändras" in answer.content.decode()
    assert JournalEntry.objects.get(pk=entry.pk).text == entry.text


def test_the_entry_page_corrects_through_a_new_entry(intake_a, entry):
    web = factories.web_client(intake_a)
    page = web.get(reverse("journal:entry", kwargs={"pk": entry.pk})).content.decode()
    assert "Skriv en rättelse" in page
    answer = web.post(
        reverse("journal:correct", kwargs={"pk": entry.pk}),
        {"kind": "phone_call", "event_date": str(local_today()), "text": "Rätt: pappa ringde."},
    )
    assert answer.status_code == 302
    page = web.get(reverse("journal:entry", kwargs={"pk": entry.pk})).content.decode()
    assert "Rätt: pappa ringde." in page and "Rättad" in page


def test_the_journal_is_not_in_the_admin(admin_client, entry):
    assert admin_client.get("/admin/journal/journalentry/").status_code == 404
    assert admin_client.get(f"/admin/journal/journalentry/{entry.pk}/change/").status_code == 404


# ------------------------------------------------------------------- API


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_api_refuses_every_change(intake_a, entry, method):
    answer = getattr(_api(intake_a), method)(
        f"/api/journal-entries/{entry.pk}/", {"text": "Ändrad."}, format="json"
    )
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "journal_entry_locked"
    assert "rättelse" in answer.json()["error"]["message"].lower()
    assert JournalEntry.objects.get(pk=entry.pk).text == entry.text


def test_the_api_writes_corrects_lists_and_reads(intake_a, report, entry):
    api = _api(intake_a)
    body = {"kind": "meeting", "event_date": str(local_today()), "text": "Nätverksmöte."}
    created = api.post("/api/journal-entries/", {"report": report.pk, **body}, format="json")
    assert created.status_code == 201 and created.json()["text"] == "Nätverksmöte."
    fixed = api.post(f"/api/journal-entries/{entry.pk}/correct/", body, format="json")
    assert fixed.status_code == 201 and fixed.json()["corrects"] == entry.pk
    listed = api.get("/api/journal-entries/", {"report": report.pk}).json()["results"]
    assert len(listed) == 3 and all("text" not in row for row in listed)
    reads = AuditEntry.objects.filter(verb="view_journal_entry").count()
    assert api.get(f"/api/journal-entries/{entry.pk}/").json()["text"] == entry.text
    assert AuditEntry.objects.filter(verb="view_journal_entry").count() == reads + 1


def test_the_api_says_what_is_wrong(intake_a, report):
    answer = _api(intake_a).post(
        "/api/journal-entries/",
        {"report": report.pk, "kind": "note", "event_date": str(local_today()), "text": ""},
        format="json",
    )
    assert answer.status_code == 400
    assert (answer.json()["error"]["code"], answer.json()["error"]["field"]) == ("required", "text")
    assert not JournalEntry.objects.exists()


def test_an_inspector_reads_but_does_not_write(inspector, entry):
    api = _api(inspector)
    assert api.get(f"/api/journal-entries/{entry.pk}/").status_code == 200
    answer = api.post(
        f"/api/journal-entries/{entry.pk}/correct/",
        {"kind": "note", "event_date": str(local_today()), "text": "x"},
        format="json",
    )
    assert answer.status_code == 403


def test_a_worker_of_another_role_in_the_district_may_write(district_a, report):
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    assert services.write_entry(investigator, report.pk, entry_input()).author == investigator
