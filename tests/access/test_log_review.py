"""Log review shows who opened which child's case, and flags the unusual reads."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.access.services import record_read
from likvard.core.calendar import STOCKHOLM
from likvard.logreview import review
from likvard.organisation.models import Role, User
from likvard.people.services import ChildInput
from tests import factories
from tests.spreadsheets import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(intake_a, intake_b):
    """A worker's session: own case, a colleague's case, a protected child, a guess."""
    own = factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[0])
    colleague = factories.user(Role.INTAKE_WORKER, intake_a.unit.district)
    theirs = factories.report(colleague, personal_number=factories.CHILD_NUMBERS[1])
    protected = factories.report(
        colleague,
        child=ChildInput(
            personal_number=factories.CHILD_NUMBERS[2],
            first_name="Sara",
            last_name="Skydd",
            protected_identity=True,
        ),
    )
    elsewhere = factories.report(intake_b, personal_number=factories.CHILD_NUMBERS[3])
    web = factories.web_client(intake_a)
    for report in (own, theirs, protected):
        assert web.get(f"/barn/{report.child_id}/").status_code == 200
    assert web.get(f"/barn/{elsewhere.child_id}/").status_code == 404
    assert web.get(f"/anmalan/{elsewhere.pk}/").status_code == 404
    return {"own": own, "theirs": theirs, "protected": protected, "elsewhere": elsewhere}


def flags_by_child(rows, verb):
    return {
        row.entry.child_id: set(row.flags) - {"night"} for row in rows if row.entry.verb == verb
    }


def test_the_supervisor_sees_the_sessions_reads_with_the_unusual_ones_flagged(session, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    rows, more = review.review_rows(supervisor, review.ReviewFilter(), 0, 100)
    assert not more
    flags = flags_by_child(rows, "view_child")
    assert flags == {
        session["own"].child_id: set(),
        session["theirs"].child_id: {"outside_caseload"},
        session["protected"].child_id: {"outside_caseload", "protected"},
    }


def test_guessed_ids_of_another_district_show_in_that_districts_review(session, district_b):
    supervisor_b = factories.user(Role.SUPERVISOR, district_b)
    rows, _ = review.review_rows(supervisor_b, review.ReviewFilter(), 0, 100)
    denied = [row for row in rows if row.entry.action == AuditEntry.Action.DENIED]
    assert {(row.entry.verb, row.entry.child_id) for row in denied} == {
        ("child", session["elsewhere"].child_id),
        ("report", session["elsewhere"].child_id),
    }
    assert all("denied" in row.flags for row in denied)


def test_a_supervisor_does_not_see_another_districts_log(session, district_b, intake_a):
    supervisor_b = factories.user(Role.SUPERVISOR, district_b)
    rows, _ = review.review_rows(supervisor_b, review.ReviewFilter(), 0, 100)
    assert all(row.entry.district_id == district_b.pk for row in rows)
    assert not any(row.entry.actor_id == intake_a.pk and row.entry.action == "read" for row in rows)


def test_roles_without_the_permission_get_no_log(session, intake_a, inspector, analyst):
    for user in (intake_a, inspector, analyst):
        assert factories.web_client(user).get("/logg/").status_code == 403
        assert not review.reviewable_entries(user).exists()


def test_a_system_admin_reviews_every_district(session):
    admin = factories.user(Role.SYSTEM_ADMIN)
    rows, _ = review.review_rows(admin, review.ReviewFilter(), 0, 100)
    assert {row.entry.district_id for row in rows} >= {
        session["own"].district_id,
        session["elsewhere"].district_id,
    }


def test_filters_narrow_by_user_child_and_flag(session, district_a, intake_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    by_child = review.ReviewFilter(child_id=session["theirs"].child_id)
    rows, _ = review.review_rows(supervisor, by_child, 0, 100)
    assert {row.entry.child_id for row in rows} == {session["theirs"].child_id}
    flagged, _ = review.review_rows(
        supervisor, review.ReviewFilter(username=intake_a.username, flagged_only=True), 0, 100
    )
    assert flagged and all(row.flags for row in flagged)
    assert all(row.entry.actor_username == intake_a.username for row in flagged)


def test_reads_at_night_are_flagged():
    night = datetime.datetime(2026, 11, 3, 23, 30, tzinfo=STOCKHOLM)
    day = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=STOCKHOLM)
    entries = [
        AuditEntry(pk=n, at=at, action="read", verb="view_child", actor_id=1, child_id=9)
        for n, at in ((1, night), (2, day))
    ]
    night_row, day_row = review.flag(entries)
    assert "night" in night_row.flags
    assert "night" not in day_row.flags


def test_many_children_in_a_short_time_are_flagged(district_a, intake_a):
    children = [
        factories.report(
            intake_a,
            child=ChildInput(
                first_name="Barn", last_name=str(n), birth_date=datetime.date(2015, 1, 1 + n)
            ),
        ).child
        for n in range(review.BURST_CHILDREN)
    ]
    for child in children:
        record_read(intake_a, "view_child", child, child_id=child.pk, district_id=district_a.pk)
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    rows, _ = review.review_rows(supervisor, review.ReviewFilter(), 0, 100)
    assert all("burst" in row.flags for row in rows if row.entry.verb == "view_child")


def test_a_few_children_are_not_a_burst(session, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    rows, _ = review.review_rows(supervisor, review.ReviewFilter(), 0, 100)
    assert not any("burst" in row.flags for row in rows)


def test_the_page_and_the_csv_export_show_the_log_and_the_export_is_logged(session, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    web = factories.web_client(supervisor)
    page = web.get("/logg/").content.decode()
    assert 'id="log"' in page and "Utanför egna ärenden" in page
    response = web.get("/logg/export.csv", {"flagged_only": "on"})
    rows = csv_rows(response)
    assert rows[0][0] == "tidpunkt"
    assert len(rows) > 1 and all(row[-1] for row in rows[1:])
    text = response.content.decode()
    assert "Sara" not in text  # no child's name
    for report in session.values():  # nor any personnummer
        assert report.child.personal_number not in text
    assert AuditEntry.objects.filter(verb="export_access_log", actor_id=supervisor.pk).count() == 1


def test_a_bad_filter_gets_a_message_not_an_error(session, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    response = factories.web_client(supervisor).get("/logg/", {"child_id": "abc"})
    assert response.status_code == 400
    assert "Fyll i ett heltal." in response.content.decode()


def test_the_review_speaks_swedish_names_readable_children_and_keeps_stockholm_time(
    session, district_a
):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    web = factories.web_client(supervisor)
    page = web.get("/logg/").content.decode()
    assert "Öppnade barnets sida" in page and "Mottagningssekreterare" in page
    assert "view_child" not in page and "view_report" not in page
    assert "intake_worker" not in page
    own = session["own"].child
    assert f"{own.first_name} {own.last_name}" in page  # the supervisor may read the child
    assert "Sara Skydd" in page and "Skyddad" in page  # protected: named, and marked
    # The names shown are a read of those children, logged.
    named = AuditEntry.objects.get(verb="review_access_log", actor_id=supervisor.pk)
    assert own.pk in named.after["named_children"]

    rows = csv_rows(web.get("/logg/export.csv"))
    header, first = rows[0], rows[1]
    assert header[:4] == ["tidpunkt", "användare", "roll", "händelse"]
    latest = AuditEntry.objects.filter(district_id=district_a.pk, child_id__isnull=False)
    at = latest.order_by("-at", "-id").first().at.astimezone(STOCKHOLM)
    assert first[0] == at.strftime("%Y-%m-%d %H:%M:%S")  # Stockholm time, as on the page
    assert all(row[3] and "_" not in row[3] for row in rows[1:])  # words, not verbs


def test_a_reviewer_who_may_not_read_the_child_sees_only_its_id(session):
    """A system admin reviews every district's log but reads no child."""
    admin = User.objects.create_superuser("sysadmin", password="pw", role=Role.SYSTEM_ADMIN)
    rows, _ = review.review_rows(admin, review.ReviewFilter(), 0, 100)
    assert rows and all(row.child_name is None for row in rows)
    page = factories.web_client(admin).get("/logg/").content.decode()
    assert "Sara Skydd" not in page and "Barn-id" in page
