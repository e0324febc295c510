"""From an opened investigation to help, in a real browser (issue 11, "Done when").

One child: the investigator documents a BBIC area and a conversation with the child,
proposes a contact family and records each guardian's consent; the supervisor cannot
grant it while one guardian's consent is missing (named, nothing saved), then grants it
with a follow-up, and the decision PDF in the child's file names both consents.
A second child: both guardians decline, motivation work (a home visit with a cultural
interpreter) does not change that, the need is assessed as serious and an LVU
consideration is recorded. Each state of the page passes axe and fits 390 px; the
screenshots go to /tmp/e2e-shots/ for a human eye."""

import datetime
import re
import tempfile
from pathlib import Path

import pytest

from likvard.casework import services as casework
from likvard.casework.models import Decision
from likvard.documents.models import Document
from likvard.interventions.models import (
    FollowUp,
    Intervention,
    InterventionProposal,
    LvuCare,
    LvuConsideration,
    MotivationWork,
)
from likvard.organisation.models import Role
from likvard.people.services import ChildInput
from tests import factories
from tests.casework.helpers import heard, local_today

from .conftest import pdf_text, sign_in
from .test_accessibility import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_provisions"),
]

DAY = datetime.timedelta(days=1)
#: Where the screenshots go for a human to look at (/tmp/e2e-shots on Linux).
SHOTS = Path(tempfile.gettempdir()) / "e2e-shots"


def _investigation(intake, personal_number, first_name, guardians):
    """A report about the child decided 'open investigation', the guardians (joint
    custody) recorded in the district: set up through the services, as intake leaves it."""
    child = ChildInput(personal_number=personal_number, first_name=first_name, last_name="Lind")
    report = heard(intake, factories.assessed_report(intake, child=child))
    decision = casework.decide(
        intake,
        report.pk,
        casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    for name in guardians:
        first, last = name.split()
        factories.guardian(report.child, first_name=first, last_name=last)
    return decision.investigation


def _switch(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def _check(page, label):
    """As the worker sees the page, and with every fold open: at 1366 and 390 px a
    full-page screenshot and nothing wider than the screen; axe-clean with the folds open."""
    SHOTS.mkdir(exist_ok=True)
    for folds in ("", "-open"):
        if folds:
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert axe_violations(page) == [], label
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"{label}-{width}{folds}.png"), full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (label, width, folds, scroll)
    page.set_viewport_size({"width": 1366, "height": 900})


def _unfold(page, form_id):
    """Open the <details> the form `form_id` is folded in; return the form."""
    form = page.locator(f"#{form_id}")
    fold = page.locator("details.step-form", has=form)
    if not fold.evaluate("d => d.open"):  # _check may have opened it
        fold.locator("summary").click()
    return form


def _record_consent(page, proposal, guardian, status):
    form = _unfold(page, f"consent-form-{proposal.pk}")
    form.get_by_label("Vems samtycke").select_option(label=guardian)
    form.get_by_label(status, exact=True).check()
    assert form.get_by_label("Datum").input_value() == local_today().isoformat()
    form.get_by_label("Hur").select_option(label="Vid möte")
    form.get_by_role("button", name="Spara samtycket").click()
    page.get_by_text("Samtycket är dokumenterat.").wait_for()


def _propose_contact_family(page, goal):
    form = _unfold(page, "propose-form")
    form.get_by_label("Insats", exact=True).select_option(label="Kontaktfamilj")
    assert form.get_by_label("Frivillig insats (SoL)").is_checked()
    form.get_by_label("Mål med insatsen").fill(goal)
    form.get_by_role("button", name="Föreslå").click()
    page.get_by_text("Insatsen är föreslagen.").wait_for()
    return InterventionProposal.objects.latest("pk")


def _fill_decision(form, start, end):
    form.get_by_role("group", name="Beviljas insatsen?").get_by_label("Ja").check()
    form.get_by_label("Startdatum").fill(start.isoformat())
    form.get_by_label("Planerat slutdatum").fill(end.isoformat())
    form.get_by_label("Utförare eller enhet").fill("Familjehemsenheten Järva")


def test_a_child_gets_a_contact_family_with_both_guardians_consent(audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district, username="mottagning.insats")
    factories.user(Role.INVESTIGATOR, district, username="utredare.insats")
    factories.user(Role.SUPERVISOR, district, username="arbetsledare.insats")
    investigation = _investigation(
        intake, factories.CHILD_NUMBERS[0], "Noah", ["Amina Lind", "Karim Lind"]
    )
    url = f"{live_server.url}/utredning/{investigation.pk}/"
    today = local_today()

    sign_in(page, live_server, "utredare.insats")
    page.goto(url)
    page.locator("#bbic-child-heard.warning").wait_for()
    _check(page, "1-opened")

    # A BBIC area, on the triangle's page.
    page.get_by_role("link", name="Öppna BBIC-triangeln").click()
    area = _unfold(page, "area-form-education")
    area.get_by_label("Bedömning av behov").fill("Noah behöver stöd i läsning och en lugn plats.")
    area.get_by_label("Riskfaktorer").fill("Hög frånvaro under hösten.")
    area.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Tillbaka till utredningen").click()
    overview = page.locator("#bbic-area-overview")
    assert "Utbildning" in overview.get_by_role("row", name="Barnets behov").inner_text()

    # The conversation with the child: the child is heard in the investigation.
    meeting = _unfold(page, "bbic-meeting-form")
    meeting.get_by_label("Samtal med barnet").check()
    meeting.get_by_label("Datum").fill(today.isoformat())
    meeting.get_by_role("button", name="Spara").click()
    page.get_by_text("Barnet har hörts i utredningen: ett samtal med barnet.").wait_for()

    proposal = _propose_contact_family(page, "Noah får en trygg vuxen familj varannan helg.")
    _record_consent(page, proposal, "Amina Lind", "Samtycker")
    missing = page.locator(f"#consent-missing-{proposal.pk}")
    assert "Samtycke saknas: Karim Lind." in missing.inner_text()
    assert "Inte dokumenterat" in page.locator(f"#consents-{proposal.pk}").inner_text()
    # An investigator has no delegation: no decision form, a word on who decides.
    assert page.locator(f"#decide-form-{proposal.pk}").count() == 0
    page.get_by_text("Beslut om insats fattas av den som har delegation").wait_for()
    _check(page, "2-one-consent")

    # The supervisor tries to grant it with one guardian's consent: refused, named.
    _switch(page, live_server, "arbetsledare.insats")
    page.goto(url)
    # The closing form is not introduced by the extension's text (it leaked into it).
    assert "förlängning" not in page.locator("#complete-form").inner_text()
    decide = _unfold(page, f"decide-form-{proposal.pk}")
    assert decide.get_by_label("Beslutsdatum").input_value() == today.isoformat()
    _fill_decision(decide, today, today + 180 * DAY)
    decide.get_by_role("button", name="Fatta beslut").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    page.get_by_text(f"Utredning {investigation.pk} ·").wait_for()  # which case it is
    assert "Samtycke saknas: Karim Lind." in summary.inner_text()
    assert "En frivillig insats kan inte beviljas" in summary.inner_text()
    assert not Intervention.objects.exists()
    assert not Document.objects.filter(title__startswith="Beslut om insats").exists()
    _check(page, "3-grant-refused")

    # The investigator records the second guardian's consent.
    _switch(page, live_server, "utredare.insats")
    page.goto(url)
    _record_consent(page, proposal, "Karim Lind", "Samtycker")
    page.locator(f"#consent-ok-{proposal.pk}").wait_for()
    assert page.locator(f"#consent-missing-{proposal.pk}").count() == 0

    # The supervisor grants it, then plans the follow-up.
    _switch(page, live_server, "arbetsledare.insats")
    page.goto(url)
    decide = _unfold(page, f"decide-form-{proposal.pk}")
    _fill_decision(decide, today, today + 180 * DAY)
    decide.get_by_role("button", name="Fatta beslut").click()
    page.get_by_text("Beslutet är fattat och sparat som PDF i barnets akt.").wait_for()
    intervention = Intervention.objects.get()
    assert intervention.granted and intervention.decided_on == today
    assert (intervention.start_on, intervention.planned_end) == (today, today + 180 * DAY)
    card = page.locator(f"#intervention-{intervention.pk}")
    assert (
        "Kontaktfamilj: beviljad" in card.locator(f"#h-intervention-{intervention.pk}").inner_text()
    )
    plan = _unfold(page, f"plan-form-{intervention.pk}")
    plan.get_by_label("Uppföljning senast").fill((today + 60 * DAY).isoformat())
    plan.get_by_role("button", name="Planera").click()
    page.get_by_text("Uppföljningen är planerad.").wait_for()
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == today + 60 * DAY
    planned = page.locator(f"#follow-up-{follow_up.pk}")
    assert f"Senast {(today + 60 * DAY).isoformat()}" in planned.inner_text()
    assert "planerad" in planned.inner_text()
    assert page.locator(f"#decide-form-{proposal.pk}").count() == 0  # decided once
    _check(page, "4-granted")

    # The decision is filed in the child's file: found on the child's page, downloaded.
    page.get_by_role("heading", level=1).get_by_role("link").click()
    with page.expect_download() as download:
        page.locator("#journal").get_by_role("link", name="Beslut om insats: Kontaktfamilj").click()
    text = pdf_text(download.value.path())
    for words in (
        "Insatsen beviljas",
        "Amina Lind: Samtycker",
        "Karim Lind: Samtycker",
        "Samtycke saknas: inga",
    ):
        assert words in text, words


def test_declined_consent_motivation_work_and_an_lvu_consideration(audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district, username="mottagning.lvu")
    factories.user(Role.INVESTIGATOR, district, username="utredare.lvu")
    investigation = _investigation(
        intake, factories.CHILD_NUMBERS[1], "Liam", ["Sahra Lind", "Omar Lind"]
    )
    url = f"{live_server.url}/utredning/{investigation.pk}/"
    today = local_today()

    sign_in(page, live_server, "utredare.lvu")
    page.goto(url)
    proposal = _propose_contact_family(page, "Liam får vila och stöd hos en kontaktfamilj.")
    _record_consent(page, proposal, "Sahra Lind", "Samtycker inte")
    _record_consent(page, proposal, "Omar Lind", "Samtycker inte")
    missing = page.locator(f"#consent-missing-{proposal.pk}").inner_text()
    named = re.search(r"Samtycke saknas: (.+?)\. En frivillig", missing)
    assert named and sorted(named[1].split(", ")) == ["Omar Lind", "Sahra Lind"], missing
    legal = page.locator(f"#proposal-{proposal.pk}").inner_text()
    assert "10 kap. 3 § SoL 2025:400" in legal  # the provision in force, as data
    statuses = page.locator(f"#consents-{proposal.pk} tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses == ["declined", "declined"]
    assert page.locator("#motivation-count").inner_text() == "0"
    _check(page, "5-declined")

    # Motivation work: a home visit with a cultural interpreter; still no consent.
    work = _unfold(page, "motivation-form")
    work.get_by_label("Vad som gjordes").select_option(label="Hembesök")
    work.get_by_label("Kulturtolk").check()
    assert work.get_by_label("Datum").input_value() == today.isoformat()
    work.get_by_label("Resultat").select_option(label="Fortfarande inget samtycke")
    work.get_by_label("Gäller förslaget").select_option(
        label=f"Kontaktfamilj ({proposal.proposed_on.isoformat()})"
    )
    work.get_by_label("Anteckning").fill("Föräldrarna vill inte att Liam sover borta.")
    work.get_by_role("button", name="Spara").click()
    page.get_by_text("Motivationsarbetet är dokumenterat.").wait_for()
    assert page.locator("#motivation-count").inner_text() == "1"
    row = page.locator("#motivation-work tbody tr").inner_text()
    for words in (today.isoformat(), "Hembesök", "Kulturtolk", "Fortfarande inget samtycke"):
        assert words in row, words
    recorded = MotivationWork.objects.get()
    assert (recorded.proposal_id, recorded.interpreter) == (proposal.pk, "cultural_interpreter")
    assert page.locator(f"#consent-missing-{proposal.pk}").count() == 1

    # The investigation's assessment: the need is serious.
    conclusion = _unfold(page, "bbic-conclusion-form")
    conclusion.get_by_role("group", name="Har barnet behov av stöd eller skydd?").get_by_label(
        "Ja"
    ).check()
    conclusion.get_by_role("group", name="Bedöms behovet som allvarligt?").get_by_label(
        "Ja"
    ).check()
    conclusion.get_by_label("Sammanfattande bedömning").fill(
        "Liam lever med våld i hemmet och föräldrarna tar inte emot stöd."
    )
    conclusion.get_by_label("Insatser som föreslås").fill("Kontaktfamilj.")
    conclusion.get_by_role("button", name="Spara slutsatsen").click()
    page.locator("#bbic-conclusion-current summary").wait_for()
    assert "(allvarligt)" in page.locator("#bbic-conclusion-current summary").inner_text()

    # The LVU consideration: 2 § (home environment), an application to the court.
    lvu = _unfold(page, "lvu-form")
    lvu.get_by_label("2 § LVU (hemförhållanden)").check()
    lvu.get_by_label("Ansökan till förvaltningsrätten").check()
    assert lvu.get_by_label("Datum").input_value() == today.isoformat()
    lvu.get_by_role("button", name="Spara övervägandet").click()
    page.get_by_text("Övervägandet om vård enligt LVU är dokumenterat.").wait_for()
    consideration = LvuConsideration.objects.get()
    assert consideration.home_environment and not consideration.own_behaviour
    shown = page.locator(f"#lvu-consideration-{consideration.pk}").inner_text()
    for words in (
        f"Övervägt {today.isoformat()}",
        "Grunder: 2 § LVU (hemförhållanden)",
        "Ställningstagande: Ansökan till förvaltningsrätten",
    ):
        assert words in shown, words
    assert not Intervention.objects.exists()
    _check(page, "6-lvu-considered")

    # Care under LVU begins; it ends when the court does not uphold it, and its
    # reconsideration clock stops with it.
    care_form = _unfold(page, "lvu-care-form")
    care_form.get_by_label("Grund").select_option("home_environment")
    care_form.get_by_role("button", name="Spara").click()
    page.get_by_text("Vården enligt LVU är registrerad.").wait_for()
    care = LvuCare.objects.get()
    end = _unfold(page, f"end-care-form-{care.pk}")
    assert end.get_by_label("Vården upphörde").input_value() == today.isoformat()
    end.get_by_label("Rätten beslutade att vården inte ska fortsätta").check()
    end.get_by_role("button", name="Spara").click()
    page.get_by_text("Att vården har upphört är registrerat.").wait_for()
    care.refresh_from_db()
    assert (care.ended_on, care.end_reason) == (today, "not_upheld")
    shown = page.locator(f"#lvu-care-{care.pk}").inner_text()
    assert "Vården har upphört: Rätten beslutade att vården inte ska fortsätta" in shown
    assert page.locator(f"#reconsider-form-{care.pk}").count() == 0
    _check(page, "7-lvu-care-ended")
