"""The districts' answers to a completed review: each supervisor records and completes the
own district's measures only; the follow-up shows which are done and which are late."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from likvard.core.calendar import local_date
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.inspection import report_services, services
from likvard.inspection.models import Finding, Response
from likvard.inspection.report import follow_up
from likvard.organisation.models import District, Role
from tests import factories

from .reviews import answered_review, build_cases

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def published(inspector):
    """A completed review of Järva and Södermalm with an overall finding and one for each."""
    build_cases({"Järva": 6, "Södermalm": 6})
    review = answered_review(inspector, {"child_heard": ["yes", "no"] * 6})
    common = report_services.add_finding(
        inspector, review.pk, kind="recommendation", text="Gör fler barn delaktiga genom samtal."
    )
    districts = {d.name: d for d in factories_districts()}
    own = {
        name: report_services.add_finding(
            inspector, review.pk, kind="finding", text=f"Iakttagelse om {name}.", district=d
        )
        for name, d in districts.items()
    }
    services.complete_review(inspector, review.pk)
    review.refresh_from_db()
    return review, common, own, districts


def factories_districts():
    return District.objects.filter(name__in=("Järva", "Södermalm")).order_by("name")


def supervisor(district):
    return factories.user(Role.SUPERVISOR, district)


def today():
    return local_date(timezone.now())


def test_a_supervisor_answers_for_the_own_district_and_marks_a_measure_done(published):
    review, common, _own, districts = published
    boss = supervisor(districts["Järva"])
    web = Client()
    web.force_login(boss)
    url = f"/granskning/{review.pk}/atgarder/"
    page = web.get(url).content.decode()
    assert "Iakttagelse om Järva." in page and "Iakttagelse om Södermalm." not in page
    answer = web.post(
        url,
        {
            "action": "respond",
            "finding": str(common.pk),
            "measure": "Barnsamtal i alla förhandsbedömningar från mars.",
            "due_on": str(today() + 30 * DAY),
        },
    )
    assert answer.status_code == 302
    measure = Response.objects.get()
    assert (measure.district, measure.finding, measure.responded_by) == (
        districts["Järva"],
        common,
        boss,
    )
    done = web.post(url, {"action": "done", "response": measure.pk, "done_on": str(today())})
    assert done.status_code == 302
    measure.refresh_from_db()
    assert measure.done_on == today()
    assert "Genomförd" in web.get(url).content.decode()


def test_another_districts_finding_or_measure_is_not_found(published):
    review, _common, own, districts = published
    jarva, soder = supervisor(districts["Järva"]), supervisor(districts["Södermalm"])
    theirs = report_services.respond(
        soder, review.pk, measure="Ny rutin.", due_on=today() + 10 * DAY
    )
    with pytest.raises(NotFound):
        report_services.respond(
            jarva,
            review.pk,
            measure="Svar på Södermalms iakttagelse.",
            due_on=today() + DAY,
            finding_id=own["Södermalm"].pk,
        )
    web = Client()
    web.force_login(jarva)
    before = list(Response.objects.values_list("pk", "done_on"))
    response = web.post(
        f"/granskning/{review.pk}/atgarder/",
        {"action": "done", "response": theirs.pk, "done_on": str(today())},
    )
    assert response.status_code == 404
    assert list(Response.objects.values_list("pk", "done_on")) == before
    assert "Ny rutin." not in web.get(f"/granskning/{review.pk}/atgarder/").content.decode()


def test_a_supervisor_of_a_district_outside_the_review_is_refused_a_valid_answer(
    published, inspector
):
    """The valid POST of the first test, sent by a supervisor of a district the review did
    not cover: 404, nothing written; an investigator and an inspector cannot answer."""
    review, common, _own, _districts = published
    outside = supervisor(factories.district("Bromma"))
    body = {
        "action": "respond",
        "finding": str(common.pk),
        "measure": "Barnsamtal i alla förhandsbedömningar.",
        "due_on": str(today() + 30 * DAY),
    }
    for user in (outside, factories.user(Role.INVESTIGATOR, factories_districts()[0])):
        web = Client()
        web.force_login(user)
        assert web.post(f"/granskning/{review.pk}/atgarder/", body).status_code == 404
        assert web.get(f"/granskning/{review.pk}/rapport/").status_code == 404
    with pytest.raises(PermissionDenied):
        report_services.respond(inspector, review.pk, measure="x", due_on=today())
    assert not Response.objects.exists()


def test_answers_wait_for_the_completed_report_and_findings_are_fixed_by_it(inspector):
    build_cases({"Järva": 5})
    review = answered_review(inspector, {"child_heard": ["yes"] * 5})
    boss = supervisor(factories_districts().get(name="Järva"))
    web = Client()
    web.force_login(boss)
    assert web.get(f"/granskning/{review.pk}/atgarder/").status_code == 404
    assert web.get(f"/granskning/{review.pk}/rapport/").status_code == 404  # a draft
    finding = report_services.add_finding(inspector, review.pk, kind="finding", text="Utkast.")
    services.complete_review(inspector, review.pk)
    with pytest.raises(report_services.ReportFixed):
        report_services.change_finding(inspector, review.pk, finding.pk, text="Ändrad.")
    assert Finding.objects.get().text == "Utkast."
    assert web.get(f"/granskning/{review.pk}/rapport/").status_code == 200


def test_dates_of_a_measure_are_checked(published):
    review, _common, _own, districts = published
    boss = supervisor(districts["Järva"])
    with pytest.raises(InvalidInput) as past:
        report_services.respond(boss, review.pk, measure="Rutin.", due_on=today() - DAY)
    assert past.value.field == "due_on"
    measure = report_services.respond(boss, review.pk, measure="Rutin.", due_on=today())
    with pytest.raises(InvalidInput):
        report_services.mark_done(boss, review.pk, measure.pk, done_on=today() + DAY)
    web = Client()
    web.force_login(boss)
    refused = web.post(
        f"/granskning/{review.pk}/atgarder/",
        {"action": "respond", "measure": "", "due_on": "2020-13-45"},
    )
    assert refused.status_code == 400
    assert "Det finns problem att rätta" in refused.content.decode()
    assert Response.objects.count() == 1


def test_the_follow_up_counts_done_and_late_measures_per_district(published, inspector):
    review, _common, _own, districts = published
    jarva, soder = supervisor(districts["Järva"]), supervisor(districts["Södermalm"])
    done = report_services.respond(jarva, review.pk, measure="Klar.", due_on=today())
    report_services.mark_done(jarva, review.pk, done.pk, done_on=today())
    report_services.respond(jarva, review.pk, measure="Pågår.", due_on=today() + DAY)
    report_services.respond(soder, review.pk, measure="Sen.", due_on=today())
    later = today() + 2 * DAY  # the day the follow-up is read: two of three are due
    rows = {
        row.district: (len(row.responses), row.done, row.late) for row in follow_up(review, later)
    }
    assert rows == {"Järva": (2, 1, 1), "Södermalm": (1, 0, 1)}
    web = Client()
    web.force_login(inspector)
    page = web.get(f"/granskning/{review.pk}/atgarder/").content.decode()
    assert "Klar." in page and "Sen." in page  # the inspector reads every district's
    assert "Registrera en åtgärd" not in page  # and answers for none
