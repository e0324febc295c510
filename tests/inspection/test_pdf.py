"""The report as the committee reads it: a PDF from WeasyPrint whose text (read back by
pdftotext) has the parts of a tjänsteutlåtande in order, the figures, and no child."""

import re
import shutil
import subprocess

import pytest
from django.test import Client

from likvard.inspection import report_services, services
from likvard.organisation.models import Role
from likvard.people.models import Child
from tests import factories

from .reviews import answered_review, build_cases, values

pytestmark = pytest.mark.django_db

PARTS = (
    "TJÄNSTEUTLÅTANDE",
    "Till socialnämnden",
    "Förvaltningens förslag till beslut",
    "Sammanfattning",
    "Resultat",
    "Resultat per stadsdelsområde",
    "Diagram",
    "Stadsdelsområdenas åtgärder",
    "Metod",
    "Urvalets utformning",
)


def _text(pdf: bytes) -> str:
    program = shutil.which("pdftotext")  # scripts/install-browser installs poppler-utils
    assert program, "pdftotext is missing: run scripts/install-browser (make browser)"
    out = subprocess.run(  # noqa: S603 - a fixed program reading our own bytes
        [program, "-layout", "-", "-"], input=pdf, check=True, capture_output=True
    )
    return re.sub(r"\s+", " ", out.stdout.decode())


def test_the_pdf_reads_as_a_committee_document(inspector):
    build_cases({"Järva": 12, "Södermalm": 10, "Farsta": 3})
    review = answered_review(
        inspector,
        {
            "child_heard": values(1, 25, yes=6, no=19),
            "concern_remained": values(2, 25, yes=5, no=20),
        },
        title="Förhandsbedömningar barn 0–12 år",
    )
    report_services.add_finding(
        inspector, review.pk, kind="recommendation", text="Gör fler barn delaktiga genom samtal."
    )
    web = Client()
    web.force_login(inspector)
    draft = web.get(f"/granskning/{review.pk}/rapport.pdf")
    assert draft["Content-Type"] == "application/pdf" and draft.content.startswith(b"%PDF")
    assert "UTKAST" in _text(draft.content)

    services.complete_review(inspector, review.pk)
    boss = factories.user(Role.SUPERVISOR, review.cases.first().district)
    report_services.respond(
        boss,
        review.pk,
        measure="Rutin för barnsamtal.",
        due_on=review.period_end.replace(year=2099),
    )
    web.force_login(boss)  # the district's supervisor reads the completed report too
    text = _text(web.get(f"/granskning/{review.pk}/rapport.pdf").content)
    assert "UTKAST" not in text
    positions = [text.find(part) for part in PARTS]
    assert -1 not in positions, dict(zip(PARTS, positions, strict=True))
    assert positions == sorted(positions), dict(zip(PARTS, positions, strict=True))
    # 6 of 25: Wilson 11.5–43.4 %
    assert "Ja i 6 av 25 ärenden, 24 % (95 % KI 11–43 %)" in text.replace("\u00a0", " ")
    assert "Gör fler barn delaktiga genom samtal." in text
    assert "3 av 3: för få besvarade" in text or "0 av 3: för få besvarade" in text  # Farsta
    assert "alla ärenden i urvalsramen" in text and str(review.seed) in text
    for last_name, number in Child.objects.values_list("last_name", "reserve_number"):
        assert last_name not in text and number not in text
