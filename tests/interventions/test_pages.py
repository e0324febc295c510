"""The sections on the investigation page and the queue, and the forms that post to them."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from likvard.interventions import effects, selectors, services
from likvard.interventions.models import FollowUp, InterventionProposal, LvuCare
from likvard.organisation.models import Role
from likvard.people.models import Person
from tests import factories

from .builders import DAY, add_interventions, consent, considered_for_court, grant, propose, today

pytestmark = pytest.mark.django_db


def page(user, investigation):
    response = factories.web_client(user).get(
        reverse("casework:investigation", kwargs={"pk": investigation.pk})
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_each_persons_consent_and_who_is_missing(inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    body = page(intake_a, inv.investigation)
    assert f'id="consents-{proposal.pk}"' in body
    assert "Samtycke saknas:</strong> Bo Ek." in body
    assert 'id="propose-form"' in body
    assert 'id="motivation-count">0<' in body
    # A worker without the delegation is told who decides; no decision form.
    assert f'id="decide-form-{proposal.pk}"' not in body
    assert "Beslut om insats fattas av den som har delegation" in body


def test_a_supervisor_gets_the_decision_form(inv, intake_a, supervisor_a):
    proposal = propose(intake_a, inv.investigation)
    assert f'id="decide-form-{proposal.pk}"' in page(supervisor_a, inv.investigation)


def test_the_forms_post_to_the_apps_urls_and_go_back(inv, intake_a):
    web = factories.web_client(intake_a)
    url = reverse("interventions:propose", kwargs={"pk": inv.investigation.pk})
    response = web.post(
        url,
        {
            "kind": "contact_person",
            "basis": "voluntary",
            "goal": "En vuxen att prata med.",
            "proposed_on": str(today()),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/utredning/{inv.investigation.pk}/#insatser")
    proposal = InterventionProposal.objects.get()
    assert proposal.provision.law == "SoL 2025:400"


def test_a_refusal_draws_the_form_again_with_every_error(inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    web = factories.web_client(intake_a)
    url = reverse("interventions:consent", kwargs={"pk": proposal.pk})
    response = web.post(
        url,
        {"person": "child", "status": "given", "answered_on": str(today()), "how": "meeting"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Det finns problem att rätta" in body
    assert "under 12 år" in body
    assert "Tillbaka till utredningen" in body
    response = web.post(url, {"person": "", "answered_on": "igår"})
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("<li><a href=") >= 4  # person, status, date and how in one round


def test_deciding_without_the_delegation_is_403(inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    response = factories.web_client(intake_a).post(
        reverse("interventions:decide", kwargs={"pk": proposal.pk}),
        {
            "granted": "True",
            "decided_on": str(today()),
            "start_on": str(today()),
            "planned_end": str(today() + 90 * DAY),
        },
    )
    assert response.status_code == 403


def test_the_queue_shows_due_follow_ups_and_lvu_reconsiderations_and_not_others(
    inv, intake_a, supervisor_a, district_b
):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    decision = grant(supervisor_a, proposal, planned_end=today() + 400 * DAY)
    from likvard.interventions import services

    soon = services.plan_follow_up(intake_a, decision.pk, due_on=today() + 3 * DAY)
    later = services.plan_follow_up(intake_a, decision.pk, due_on=today() + 60 * DAY)
    considered_for_court(intake_a, inv.investigation)
    care = services.start_lvu_care(
        intake_a, inv.investigation.pk, ground="own_behaviour", started_on=today()
    )
    # Another district's due follow-up never shows.
    other = add_interventions(factories.user(Role.INTAKE_WORKER, district_b), _case_in(district_b))
    body = factories.web_client(intake_a).get(reverse("casework:queue")).content.decode()
    assert f'id="due-follow-up-{soon.pk}"' in body
    assert f'id="due-follow-up-{later.pk}"' not in body
    assert f'id="due-follow-up-{other.intervention_follow_up.pk}"' not in body
    assert f'id="due-lvu-{care.pk}"' not in body  # due in six months
    LvuCare.objects.filter(pk=care.pk).update(next_reconsideration_due=today() + 30 * DAY)
    body = factories.web_client(intake_a).get(reverse("casework:queue")).content.decode()
    assert f'id="due-lvu-{care.pk}"' in body
    assert f'id="due-lvu-{other.lvu_care.pk}"' not in body


def _case_in(district):
    from types import SimpleNamespace

    from .builders import investigation_for

    worker = factories.user(Role.INTAKE_WORKER, district)
    return SimpleNamespace(
        investigation=investigation_for(worker, personal_number=factories.CHILD_NUMBERS[1])
    )


def test_recording_a_reconsideration_moves_the_clock(inv, intake_a):
    from likvard.interventions import services

    considered_for_court(intake_a, inv.investigation)
    care = services.start_lvu_care(
        intake_a, inv.investigation.pk, ground="home_environment", started_on=today()
    )
    response = factories.web_client(intake_a).post(
        reverse("interventions:reconsider_lvu_care", kwargs={"pk": care.pk}),
        {"version": care.version, "reconsidered_on": str(today())},
    )
    assert response.status_code == 302
    care.refresh_from_db()
    assert care.last_reconsidered_on == today()
    assert care.version == 2
    assert care.reconsiderations.count() == 1
    assert isinstance(care.next_reconsideration_due, datetime.date)


def test_the_queue_shows_a_worker_their_own_follow_ups_and_a_supervisor_the_districts(
    inv, intake_a, supervisor_a, investigator_a, monkeypatch
):
    """An investigator's "Mina ärenden" holds the follow-ups of the investigations
    assigned to them (and what they planned); the supervisor's holds the district's,
    at most `QUEUE_LIMIT` rows with a line telling how many there are."""
    from likvard.casework.assignment import assign_investigation
    from likvard.interventions import selectors, services

    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    decision = grant(supervisor_a, proposal, planned_end=today() + 400 * DAY)
    due = [
        services.plan_follow_up(supervisor_a, decision.pk, due_on=today() + n * DAY)
        for n in (1, 2, 3)
    ]

    def queue(user):
        return factories.web_client(user).get(reverse("casework:queue")).content.decode()

    body = queue(investigator_a)
    assert not any(f'id="due-follow-up-{f.pk}"' in body for f in due)
    inv.investigation.refresh_from_db()
    assign_investigation(
        supervisor_a,
        inv.investigation.pk,
        version=inv.investigation.version,
        assignee_id=investigator_a.pk,
    )
    body = queue(investigator_a)
    assert all(f'id="due-follow-up-{f.pk}"' in body for f in due)
    assert 'id="follow-ups-due-count"' not in body

    # More follow-ups than the section draws, overdue (planned ahead, then the days passed).
    more = [
        services.plan_follow_up(supervisor_a, decision.pk, due_on=today() + (10 + n) * DAY)
        for n in range(selectors.QUEUE_LIMIT + 1 - len(due))
    ]
    FollowUp.objects.filter(pk__in=[f.pk for f in more]).update(due_on=today() - DAY)
    due += more
    body = queue(supervisor_a)
    # The overdue ones first; the one due last is left out.
    assert f'id="due-follow-up-{due[-1].pk}"' in body
    assert f'id="due-follow-up-{due[2].pk}"' not in body
    limit, total = selectors.QUEUE_LIMIT, selectors.QUEUE_LIMIT + 1
    assert f"Visar de {limit} första av {total}," in body
    # Past the cap the section counts no further and says so.
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", limit)
    body = queue(supervisor_a)
    assert f"Visar de {limit} första av fler än {limit}," in body


def test_more_interventions_cost_the_page_no_more_queries(inv, intake_a, supervisor_a):
    """The sections' rows hold the investigation, child and district the page read
    (not joined again per query): touching them must not cost a query per row."""
    investigation = inv.investigation
    web = factories.web_client(intake_a)
    url = reverse("casework:investigation", kwargs={"pk": investigation.pk})
    add_interventions(intake_a, SimpleNamespace(investigation=investigation))
    web.get(url)
    with CaptureQueriesContext(connection) as few:
        assert web.get(url).status_code == 200
    proposal = propose(intake_a, investigation, kind="contact_person")
    for person in selectors.guardians(investigation.child, investigation.district_id):
        consent(intake_a, proposal, Person(pk=person.person_id))
    decision = grant(supervisor_a, proposal)
    follow_up = services.plan_follow_up(intake_a, decision.pk, due_on=today() + 10 * DAY)
    services.record_follow_up(intake_a, follow_up.pk, done_on=today(), text="Gick bra.")
    LvuCare.objects.create(
        **effects.lvu_care_started(
            investigation.pk,
            ground="own_behaviour",
            started_on=today() - 2 * DAY,
            recorded_by_id=intake_a.pk,
        )
    )
    with CaptureQueriesContext(connection) as many:
        body = web.get(url).content.decode()
    assert f'id="intervention-{decision.pk}"' in body
    assert "Gick bra." in body
    assert len(many) == len(few)
