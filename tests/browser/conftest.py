"""Headless Chromium (Debian's package) driven by Playwright, against live_server."""

import importlib
import os
import re
import shutil
import subprocess

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.documents import services as documents
from likvard.intake.models import PostalCodeArea
from likvard.journal import services as journal
from likvard.organisation.models import Role
from likvard.partners.models import Partner
from likvard.people.effects import siblings_linked
from likvard.people.models import Child, SiblingLink
from likvard.reports.models import Concern
from tests import factories
from tests.api.helpers import entry_input, upload_input

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


#: The migrations that seed the legal provisions the pages cite (idempotent).
SEEDS = (
    "likvard.casework.migrations.0003_legal_provisions",
    "likvard.bbic.migrations.0002_provisions",
    "likvard.interventions.migrations.0002_legal_provisions",
)


@pytest.fixture
def legal_provisions():
    """The provisions as migrated: an earlier live_server test's flush removed them
    (serialized_rollback clashes with the role groups post_migrate puts back)."""
    for module in SEEDS:
        importlib.import_module(module).seed(django_apps, None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def audit_page(browser):
    """A page that may inject axe-core: the site's CSP forbids inline scripts."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def poppler(name: str) -> str:
    """The path of a poppler-utils program (pdftotext, pdftoppm)."""
    program = shutil.which(name)  # scripts/install-browser installs poppler-utils
    assert program, f"{name} is missing: run scripts/install-browser (make browser)"
    return program


def pdf_text(path) -> str:
    """A PDF file's text as pdftotext lays it out, its runs of white space made one space."""
    out = subprocess.run(  # noqa: S603 - a file the test downloaded, a fixed program
        [poppler("pdftotext"), "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return re.sub(r"\s+", " ", out.stdout)


def assess_protection(page):
    """On a report's page: no immediate protection need, and the pre-assessment begins."""
    form = page.locator("#protection-form")
    form.get_by_label("Nej").check()
    form.get_by_label("Bedömning").fill("Inget akut skyddsbehov.")
    form.get_by_role("button", name="Spara skyddsbedömning").click()
    page.get_by_text("Förhandsbedömningen pågår").first.wait_for()


def sign_in(page, live_server, username, password="pw"):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    # Each role lands on its own start page (likvard/start.py): anywhere but sign-in.
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/logga-in/" not in url)


@pytest.fixture
def municipality():
    """Two districts with cases in every state a page can show, and a staff of each role."""
    home, other = factories.district("Järva"), factories.district("Bromma")
    staff = {
        role: factories.user(role, home, username=f"{role}.walk")
        for role in (Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.SUPERVISOR)
    }
    staff[Role.INSPECTOR] = factories.user(Role.INSPECTOR, username="inspector.walk")
    staff[Role.ANALYST] = factories.user(Role.ANALYST, username="analyst.walk")
    worker = staff[Role.INTAKE_WORKER]
    factories.report(worker)
    factories.assessed_report(
        worker, personal_number=factories.CHILD_NUMBERS[1], concerns=[Concern.WITNESSING_VIOLENCE]
    )
    opened = factories.assessed_report(worker, personal_number=factories.CHILD_NUMBERS[2])
    services.decide(
        worker,
        opened.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=opened.version,
    )
    # Every child has a family, whichever child page the walk reaches first.
    for n, child in enumerate(Child.objects.all()):
        factories.guardian(child, first_name="Gun", last_name=f"Vakt {n}", phone="070-000 00 01")
    first, second = Child.objects.order_by("pk")[:2]
    SiblingLink.objects.create(
        **siblings_linked(
            first.pk,
            second.pk,
            district_id=worker.district_id,
            recorded_by_id=None,
            at=timezone.now(),
        )
    )
    # The case's journal and documents: the timeline, an entry's page and its correction.
    entry = journal.write_entry(worker, opened.pk, entry_input())
    journal.correct_entry(worker, entry.pk, entry_input(text="Rättelse av datum."))
    documents.upload(worker, opened.pk, upload_input())
    # An immediate protection need: the supervisor's start page lists the alert, the
    # report's page shows the next steps with their form.
    urgent = factories.report(worker, personal_number=factories.CHILD_NUMBERS[3])
    services.assess_protection(
        worker,
        urgent.pk,
        version=urgent.version,
        immediate_protection_needed=True,
        assessment="Barnet vågar inte gå hem.",
    )
    elsewhere = factories.user(Role.INTAKE_WORKER, other, username="elsewhere.walk")
    factories.assessed_report(elsewhere, personal_number=factories.CHILD_NUMBERS[2])
    return staff


@pytest.fixture
def city():
    """Two districts, Järva's postal code 164 40, a school of Järva in the partner
    registry and Järva's intake worker: what an e-service report needs to arrive."""
    jarva, bromma = factories.district("Järva"), factories.district("Bromma")
    PostalCodeArea.objects.create(postal_code="16440", district=jarva)
    school = Partner.objects.create(
        name="Rinkebyskolan", kind=Partner.Kind.SCHOOL_MUNICIPAL, district=jarva
    )
    worker = factories.user(Role.INTAKE_WORKER, jarva, username="mottagning.etjanst")
    return jarva, bromma, school, worker
