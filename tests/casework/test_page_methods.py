"""The case pages are read by GET and HEAD; only their steps' own URLs take a POST.

A PUT or DELETE to a page's URL drew the page as if read (200) and logged a read
that the user never made; now it is 405, while a step's POST with an error still
draws the page again with the bound form.
"""

import pytest

from .. import factories
from .conftest import open_investigation

pytestmark = pytest.mark.django_db


def test_case_pages_answer_reads_only(intake_a):
    investigation = open_investigation(intake_a)
    report = investigation.opening_decision.pre_assessment.report
    web = factories.web_client(intake_a)
    for path in (
        "/arenden/",
        f"/anmalan/{report.pk}/",
        f"/barn/{report.child_id}/",
        f"/utredning/{investigation.pk}/",
    ):
        assert web.get(path).status_code == 200, path
        for method in (web.post, web.put, web.delete, web.patch):
            assert method(path).status_code == 405, (method.__name__, path)


def test_a_step_with_an_error_still_draws_its_page_again(intake_a):
    report = factories.report(intake_a)
    web = factories.web_client(intake_a)
    answer = web.post(f"/anmalan/{report.pk}/barnsamtal/", {})
    assert answer.status_code == 400
    assert b"<form" in answer.content
