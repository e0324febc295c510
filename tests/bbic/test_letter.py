"""The decision the family receives: filed once per conclusion, with the appeal text
right for each case (the letter's text read from the PDF when pdftotext is there, and
always from the HTML WeasyPrint printed)."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.bbic import letters, selectors
from likvard.bbic import services as bbic
from likvard.core.errors import TransitionNotAllowed
from likvard.documents.models import Document, Origin
from likvard.documents.storage import path_of

from .helpers import child_conversation, complete, conclude

pytestmark = pytest.mark.django_db

NOT_APPEALABLE = "kan inte överklagas"
APPEAL = "kan ni överklaga hos förvaltningsrätten"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _letter_html(actor, investigation) -> str:
    conclusion = selectors.conclusion(investigation)
    investigation.refresh_from_db()
    return _text(
        letters.letter_html(
            selectors.letter_facts(investigation, conclusion, actor, timezone.now())
        )
    )


def _pdf_text(document) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(  # noqa: S603 - our own file, a fixed program
        [program, "-layout", str(path_of(document.storage_name)), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return re.sub(r"\s+", " ", out.stdout)


def test_closing_without_intervention_says_it_cannot_be_appealed(intake_a, investigation):
    child_conversation(intake_a, investigation)
    conclude(intake_a, investigation, no_intervention_reason="Inga behov.")
    complete(intake_a, investigation)
    letter = bbic.file_decision_letter(intake_a, investigation.pk)
    assert not letter.appealable
    text = _letter_html(intake_a, investigation)
    assert "Beslut om att avsluta utredning" in text
    assert "Utredningen avslutas utan insats." in text
    assert "Beslutet att avsluta utredningen utan insats kan inte överklagas." in text
    assert APPEAL not in text and "tre veckor" not in text
    assert "14 kap. 2 § SoL 2025:400" in text
    assert "Gun Testsson" in text and "Per Testsson" in text  # to both guardians
    document = letter.document
    assert (document.origin, document.content_type) == (Origin.GENERATED, "application/pdf")
    assert path_of(document.storage_name).read_bytes().startswith(b"%PDF")


def test_a_refused_application_can_be_appealed(intake_a, investigation):
    conclude(
        intake_a,
        investigation,
        needs_identified=True,
        no_intervention_reason="Behovet möts av skolans elevhälsa.",
        not_heard_reason="Barnet ville inte delta i samtal.",
        refused_application="kontaktfamilj",
    )
    complete(intake_a, investigation)
    letter = bbic.file_decision_letter(intake_a, investigation.pk)
    assert letter.appealable
    text = _letter_html(intake_a, investigation)
    assert "Ansökan om kontaktfamilj avslås." in text
    assert "Beslutet att avsluta utredningen utan insats kan inte överklagas." in text
    assert f"Beslutet att avslå ansökan om kontaktfamilj {APPEAL}" in text
    assert "inom tre veckor från den dag då ni fick del av beslutet" in text
    assert "skickas till Järva stadsdelsnämnd, inte direkt till förvaltningsrätten" in text
    assert "44 § FL 2017:900" in text
    assert "Barnet har inte hörts i utredningen. Skäl: Barnet ville inte delta i samtal." in text
    pdf = _pdf_text(letter.document)
    assert "tre veckor" in pdf and "förvaltningsrätten" in pdf


def test_a_closing_with_an_lvu_application_says_the_court_decides(intake_a, investigation):
    conclude(intake_a, investigation, needs_identified=True, serious_need=True)
    complete(intake_a, investigation, outcome="lvu")
    letter = bbic.file_decision_letter(intake_a, investigation.pk)
    text = _letter_html(intake_a, investigation)
    assert not letter.appealable
    assert "ansöker hos förvaltningsrätten om vård enligt lagen (1990:52)" in text
    assert "Förvaltningsrätten prövar ansökan" in text
    assert APPEAL not in text
    pdf = _pdf_text(letter.document)
    assert "kan inte överklagas" in pdf and "Beslut om att avsluta utredning" in pdf


def test_the_letter_is_filed_once_per_conclusion(intake_a, investigation):
    conclude(intake_a, investigation)
    complete(intake_a, investigation)
    first = bbic.file_decision_letter(intake_a, investigation.pk)
    again = bbic.file_decision_letter(intake_a, investigation.pk)
    assert first.pk == again.pk
    assert (
        Document.objects.filter(origin=Origin.GENERATED, title__startswith="Beslut om att").count()
        == 1
    )
    entry = AuditEntry.objects.get(verb="file_decision_letter")
    assert entry.after == {
        "document": first.document_id,
        "conclusion_revision": 1,
        "appealable": False,
    }
    report = investigation.opening_decision.pre_assessment.report
    assert first.document.report_id == report.pk


def test_no_letter_while_ongoing_or_without_conclusion(intake_a, investigation):
    with pytest.raises(TransitionNotAllowed) as refused:
        bbic.file_decision_letter(intake_a, investigation.pk)
    assert refused.value.code == "investigation_ongoing"
    complete(intake_a, investigation)
    with pytest.raises(TransitionNotAllowed) as refused:
        bbic.file_decision_letter(intake_a, investigation.pk)
    assert refused.value.code == "conclusion_missing"
    assert not Document.objects.filter(
        origin=Origin.GENERATED, title__startswith="Beslut om att"
    ).exists()
