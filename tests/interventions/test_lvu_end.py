"""Care under LVU ends (21 § LVU, the age limit, the court, a moved case): its
reconsideration clock stops, it leaves the queue, and the page says when and why."""

import pytest
from django.urls import reverse

from likvard.access.models import AuditEntry
from likvard.core.errors import ConcurrentChange, InvalidInput, TransitionNotAllowed
from likvard.interventions import effects, services
from likvard.interventions.models import LvuCare
from tests import factories
from tests.casework.helpers import last_audit_id

from .builders import DAY, considered_for_court, today
from .test_api import api, code

pytestmark = pytest.mark.django_db


@pytest.fixture
def care(inv, intake_a):
    """Care begun 40 days ago (written as the service writes it: the investigation
    opened today, and care cannot be registered as begun before that)."""
    considered_for_court(intake_a, inv.investigation)
    return LvuCare.objects.create(
        **effects.lvu_care_started(
            inv.investigation.pk,
            ground="home_environment",
            started_on=today() - 40 * DAY,
            recorded_by_id=intake_a.pk,
        )
    )


def end(actor, care, **kwargs):
    kwargs.setdefault("version", care.version)
    kwargs.setdefault("ended_on", today())
    kwargs.setdefault("reason", "not_needed")
    return services.end_lvu_care(actor, care.pk, **kwargs)


def test_ended_care_leaves_the_queue_and_the_page_says_when_and_why(inv, intake_a, care):
    LvuCare.objects.filter(pk=care.pk).update(next_reconsideration_due=today() + 3 * DAY)
    web = factories.web_client(intake_a)
    assert f'id="due-lvu-{care.pk}"' in web.get(reverse("casework:queue")).content.decode()
    response = web.post(
        reverse("interventions:end_lvu_care", kwargs={"pk": care.pk}),
        {"version": care.version, "ended_on": str(today()), "reason": "age_limit"},
    )
    assert response.status_code == 302
    care.refresh_from_db()
    assert (care.ended_on, care.end_reason, care.ended_by) == (today(), "age_limit", intake_a)
    assert care.version == 2
    assert f'id="due-lvu-{care.pk}"' not in web.get(reverse("casework:queue")).content.decode()
    page = web.get(reverse("casework:investigation", kwargs={"pk": inv.investigation.pk}))
    body = page.content.decode()
    assert "Vården har upphört: Den unge har nått åldersgränsen (21 § LVU)" in body
    assert f'id="reconsider-form-{care.pk}"' not in body
    assert f'id="end-care-form-{care.pk}"' not in body
    assert 'id="lvu-care-form"' in body  # new care may be registered after the end
    entry = AuditEntry.objects.filter(verb="end_lvu_care").get()
    assert entry.after == {"ended_on": today().isoformat(), "end_reason": "age_limit"}


def test_the_form_shows_while_care_goes_on(inv, intake_a, care):
    body = (
        factories.web_client(intake_a)
        .get(reverse("casework:investigation", kwargs={"pk": inv.investigation.pk}))
        .content.decode()
    )
    assert f'id="end-care-form-{care.pk}"' in body
    assert 'id="lvu-care-form"' not in body  # one ongoing care at a time on the page


def test_ended_care_is_not_reconsidered_or_ended_again(intake_a, care):
    end(intake_a, care)
    care.refresh_from_db()
    with pytest.raises(TransitionNotAllowed) as refused:
        services.reconsider_lvu_care(
            intake_a, care.pk, version=care.version, reconsidered_on=today()
        )
    assert refused.value.code == "lvu_care_ended"
    with pytest.raises(TransitionNotAllowed) as again:
        end(intake_a, care)
    assert again.value.code == "lvu_care_ended"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ended_on": None}, "ended_on"),
        ({"reason": "bored"}, "reason"),
        ({"ended_on": "before start"}, "ended_on"),
        ({"ended_on": "tomorrow"}, "ended_on"),
    ],
)
def test_a_bad_end_is_refused_and_nothing_is_written(intake_a, care, change, field):
    days = {"before start": care.started_on - DAY, "tomorrow": today() + DAY}
    change = {k: days.get(v, v) for k, v in change.items()}
    audit = last_audit_id()
    with pytest.raises(InvalidInput) as refused:
        end(intake_a, care, **change)
    assert refused.value.field == field
    care.refresh_from_db()
    assert (care.ended_on, care.version) == (None, 1)
    assert last_audit_id() == audit


def test_the_end_is_not_before_the_latest_reconsideration(intake_a, care):
    reconsidered = services.reconsider_lvu_care(
        intake_a,
        care.pk,
        version=1,
        reconsidered_on=today() - 5 * DAY,
        backdating_reason="Övervägt på ett möte, dokumenteras nu.",
    )
    with pytest.raises(InvalidInput) as refused:
        end(
            intake_a,
            reconsidered,
            ended_on=today() - 6 * DAY,
            backdating_reason="Beslutet kom med posten i dag.",
        )
    assert "övervägandet" in str(refused.value.message)
    with pytest.raises(ConcurrentChange):  # the version read before the reconsideration
        end(intake_a, care, version=1)


def test_the_api_ends_care_with_the_version_and_refuses_a_second_end(intake_a, care):
    url = f"/api/lvu-care/{care.pk}/end/"
    body = {"version": 1, "ended_on": str(today()), "reason": "transferred"}
    done = api(intake_a).post(url, body, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["ended_on"], done.json()["end_reason"]) == (str(today()), "transferred")
    again = api(intake_a).post(url, {**body, "version": 2}, format="json")
    assert again.status_code == 409
    assert code(again) == "lvu_care_ended"
    wrong = api(intake_a).post(
        f"/api/lvu-care/{care.pk}/end/", {**body, "reason": "x" * 500}, format="json"
    )
    assert wrong.status_code == 400
