"""The rules on the report page: what they ask before the decision, what stopped it, after."""

import re

import pytest

from likvard.casework.models import Decision
from likvard.guidelines.models import CoSignatureRequest
from likvard.logreview import review
from likvard.organisation.models import Role
from likvard.reports.models import Concern, Report
from likvard.reports.workflow import ReportState

from .. import factories
from .conftest import consider_police, heard, not_heard, violence_report

pytestmark = pytest.mark.django_db


def page(client, report) -> str:
    response = client.get(f"/anmalan/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def rule_item(html: str, rule_id: str) -> str:
    """The panel's list item of one rule."""
    match = re.search(rf'<li id="rule-{rule_id}".*?</li>', html, re.S)
    assert match, f"rule {rule_id} not in the panel"
    return match.group(0)


def decide(client, report, **data):
    body = {"version": Report.objects.get(pk=report.pk).version, **data}
    return client.post(f"/anmalan/{report.pk}/beslut/", body)


def test_before_the_decision_the_panel_lists_the_rules_in_force_with_pass_and_fail(intake_a):
    report = violence_report(intake_a)
    html = page(factories.web_client(intake_a), report)
    police = rule_item(html, "police_consideration")
    assert "Uppfylls inte" in police
    assert "om den inte uppfylls: stoppar beslutet" in police
    assert "stadens riktlinjer (2020)" in police  # why
    assert "Riktlinjer för socialtjänstens handläggning (uppdaterade 2020)" in police  # source
    assert "Prövas vid beslutet" in rule_item(html, "not_open_motivation")
    assert "Uppfyllda" not in html
    assert "Beslutet fattas inom fristen" in rule_item(html, "late_decision_reason")
    assert "Gäller inte ärendet:" in html  # the rules that do not apply, by title
    assert "Motivering om tidigare anmälningar" in html


def test_a_serious_category_shows_the_proposal_to_investigate_at_once(intake_a):
    report = violence_report(intake_a, concerns=[Concern.SEXUAL_ABUSE])
    html = page(factories.web_client(intake_a), report)
    assert 'id="investigate-at-once"' in html
    assert "Förslag: inled utredning direkt" in html
    assert re.search(r'value="open_investigation"[^>]*checked', html)  # pre-selected
    assert 'name="override_serious_investigate_at_once"' in html


def test_the_form_asks_what_the_rules_for_this_case_ask(intake_a):
    factories.report(intake_a)  # the child is known from before
    report = violence_report(intake_a)
    html = page(factories.web_client(intake_a), report)
    assert 'name="earlier_reports_motivation"' in html
    assert 'name="guardians_deny"' in html
    assert 'name="request_cosignature"' in html


def test_a_plain_case_gets_no_extra_questions(intake_a):
    report = factories.assessed_report(intake_a)
    html = page(factories.web_client(intake_a), report)
    for name in ("earlier_reports_motivation", "guardians_deny", "override_", "request_cosign"):
        assert f'name="{name}' not in html


def test_a_refused_decision_shows_which_rules_stopped_it_and_why(intake_a):
    report = violence_report(intake_a)
    heard(intake_a, report)
    response = decide(
        factories.web_client(intake_a),
        report,
        kind="not_open",
        motivation="Ingen oro kvarstår.",
        override_serious_investigate_at_once="Familjen har redan stöd.",
    )
    assert response.status_code == 400
    html = response.content.decode()
    stopped = re.search(r'id="decision-rules-stopped".*?</div>', html, re.S).group(0)
    assert "Övervägande om polisanmälan vid våld" in stopped
    assert "Barnets röst" not in stopped  # it passed
    police = rule_item(html, "police_consideration")
    assert 'data-stopped="true"' in police
    assert "Stoppade beslutet" in police
    assert "<details open>" in police  # the explanation is shown, not folded away
    assert not Decision.objects.exists()


def test_an_override_reason_through_the_form_is_stored(intake_a):
    report = violence_report(intake_a, concerns=[Concern.HONOUR_VIOLENCE])
    heard(intake_a, report)
    consider_police(intake_a, report)
    response = decide(
        factories.web_client(intake_a),
        report,
        kind="not_open",
        motivation="Ingen oro kvarstår.",
        override_serious_investigate_at_once="Oron gällde en kusin, inte barnet.",
    )
    assert response.status_code == 302
    html = page(factories.web_client(intake_a), report)
    assert "Avsteg med skäl" in html
    assert "Oron gällde en kusin, inte barnet." in html


COSIGN_PROPOSAL = {
    "kind": "not_open",
    "motivation": "Ingen oro kvarstår.",
    "guardians_deny": "on",
    "override_serious_investigate_at_once": "Skolan har följt upp.",
}


def _needs_cosignature(intake_a):
    report = violence_report(intake_a)
    not_heard(intake_a, report)
    consider_police(intake_a, report)
    return report, factories.web_client(intake_a)


def test_cosignature_through_the_pages(intake_a, supervisor_a):
    report, worker = _needs_cosignature(intake_a)
    form = COSIGN_PROPOSAL
    refused = decide(worker, report, **form)
    assert refused.status_code == 400
    assert "kräver kontrasignering" in refused.content.decode()
    sent = decide(worker, report, request_cosignature="1", **form)
    assert sent.status_code == 302
    assert CoSignatureRequest.objects.get().status == CoSignatureRequest.Status.PENDING

    assert 'id="cosign-form"' not in page(worker, report)  # the worker waits
    boss = factories.web_client(supervisor_a)
    queue = boss.get("/arenden/").content.decode()
    assert f"/anmalan/{report.pk}/" in queue.split('id="awaiting-cosignature"')[1]
    html = page(boss, report)
    assert 'id="cosign-form"' in html
    # ... and only that form: not the worker's decision, steps, journal or "send to
    # supervisor" (the header's sign-out and search are on every page).
    main = html.split("<main", 1)[1]
    assert main.count("<form") == 1
    assert "Skicka till arbetsledare" not in html
    assert "Skolan har följt upp." in html  # the supervisor sees the whole proposal
    read = CoSignatureRequest.objects.get()
    assert f'name="request_id" value="{read.pk}"' in html  # ... and signs that one only
    done = boss.post(
        f"/anmalan/{report.pk}/kontrasignering/",
        {"request_id": read.pk, "reason": "Läst och godkänt.", "cosign": "1"},
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.NOT_OPENED
    html = page(worker, report)
    assert "Kontrasignerat" in html and "Läst och godkänt." in html


def test_a_proposal_replaced_while_the_supervisor_read_it_is_not_signed(intake_a, supervisor_a):
    report, worker = _needs_cosignature(intake_a)
    decide(worker, report, request_cosignature="1", **COSIGN_PROPOSAL)
    read = CoSignatureRequest.objects.get()
    decide(worker, report, request_cosignature="1", **COSIGN_PROPOSAL)  # proposed again
    response = factories.web_client(supervisor_a).post(
        f"/anmalan/{report.pk}/kontrasignering/",
        {"request_id": read.pk, "reason": "Läst och godkänt.", "cosign": "1"},
    )
    assert response.status_code == 400
    assert "Förslaget har ersatts av ett nytt" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.PRE_ASSESSMENT


def test_a_returned_proposal_shows_the_supervisors_reason_to_the_worker(intake_a, supervisor_a):
    report, worker = _needs_cosignature(intake_a)
    decide(worker, report, request_cosignature="1", **COSIGN_PROPOSAL)
    factories.web_client(supervisor_a).post(
        f"/anmalan/{report.pk}/kontrasignering/",
        {
            "request_id": CoSignatureRequest.objects.get().pk,
            "reason": "Prata med barnet.",
            "return": "1",
        },
    )
    html = page(factories.web_client(intake_a), report)
    assert 'id="returned-cosignature"' in html and "Prata med barnet." in html
    assert 'id="decision-form"' in html


def test_another_districts_worker_cannot_reach_cosignature_or_archiving(intake_a, district_b):
    report = factories.assessed_report(intake_a)
    other = factories.web_client(factories.user(Role.SUPERVISOR, district_b))
    for path in ("kontrasignering", "arkivera"):
        response = other.post(f"/anmalan/{report.pk}/{path}/", {"reason": "x", "version": 2})
        assert response.status_code == 404, path


def test_archiving_through_the_page_asks_for_the_reason_when_feedback_is_missing(intake_a):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    client = factories.web_client(intake_a)
    assert decide(client, report, kind="open_investigation").status_code == 302
    html = page(client, report)
    assert 'id="archive-form"' in html and 'name="reason_no_feedback"' in html
    version = Report.objects.get(pk=report.pk).version
    refused = client.post(f"/anmalan/{report.pk}/arkivera/", {"version": version})
    assert refused.status_code == 400
    assert "Avslutet stoppades av:" in refused.content.decode()
    done = client.post(
        f"/anmalan/{report.pk}/arkivera/",
        {"version": version, "reason_no_feedback": "Anmälaren avböjde i telefon."},
    )
    assert done.status_code == 302
    html = page(client, report)
    assert "Anmälan är avslutad." in html
    assert "Anmälaren avböjde i telefon." in html


def test_a_rule_that_could_not_be_evaluated_shows_to_the_worker_and_the_supervisor(
    intake_a, supervisor_a, broken_rule
):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    client = factories.web_client(intake_a)
    assert "Kunde inte utvärderas" in rule_item(page(client, report), "test_broken")
    assert decide(client, report, kind="open_investigation").status_code == 302
    html = page(client, report)
    assert "Kunde inte utvärderas" in html.split('id="evaluations-decision"')[1]
    queue = factories.web_client(supervisor_a).get("/arenden/").content.decode()
    errors = queue.split('id="rule-errors"')[1]
    assert f"/anmalan/{report.pk}/" in errors and "Trasig testregel" in errors


def test_the_supervisors_own_cosigning_is_not_flagged_in_the_log_review(intake_a, supervisor_a):
    """Reading a case sent for co-signature is the supervisor's job, not a look outside."""
    report, worker = _needs_cosignature(intake_a)
    decide(worker, report, request_cosignature="1", **COSIGN_PROPOSAL)
    boss = factories.web_client(supervisor_a)
    page(boss, report)
    other = factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    page(boss, other)  # a case nobody sent: still a read outside the own cases
    rows, _ = review.review_rows(supervisor_a, review.ReviewFilter(), 0, 100)
    flags = {
        row.entry.child_id: row.flags
        for row in rows
        if row.entry.verb == "view_report" and row.entry.actor_id == supervisor_a.pk
    }
    assert "outside_caseload" not in flags[report.child_id]
    assert "outside_caseload" in flags[other.child_id]
