"""Answers imported from a CSV file: all or nothing, every problem listed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from likvard.inspection import imports
from likvard.inspection.models import Answer


def _check(review, text: str, encoding="utf-8", inspector=None):
    cases = {c.report_id: c for c in review.cases.all()}
    questions = {q.key: q for q in review.questions.all()}
    from likvard.inspection import selectors

    return imports.check(
        text.encode(encoding),
        cases,
        questions,
        lambda refs: selectors.known_reports(inspector, refs) if inspector else set(),
    )


def _numbers(review):
    return [c.report_id for c in review.cases.order_by("rank")]


def test_a_valid_file_in_windows_1252_with_commas_is_read(drawn):
    first, second = _numbers(drawn)[:2]
    text = (
        "ärende,fråga,svar,kommentar\r\n"
        f"{first},child_heard,Ja,Barnet träffades i skolan\r\n"
        f"{first},feedback_given,ej tillämpligt,\r\n"
        f"{second},child_heard,delvis,Kort samtal\r\n"
    )
    rows, problems = _check(drawn, text, "cp1252")
    assert problems == []
    got = {
        (case.report_id, g.question.key): (g.value, g.comment)
        for case, given in rows
        for g in given
    }
    assert got == {
        (first, "child_heard"): ("yes", "Barnet träffades i skolan"),
        (first, "feedback_given"): ("not_applicable", ""),
        (second, "child_heard"): ("partly", "Kort samtal"),
    }


def test_every_problem_is_listed_by_row_and_field(drawn, cases, inspector):
    first = _numbers(drawn)[0]
    drawn_ids = set(_numbers(drawn))
    not_drawn = next(r.pk for r in cases.in_range if r.pk not in drawn_ids)
    text = (
        "\ufeffärende;fråga;svar;kommentar\n"
        f"{first};child_heard;ja;\n"
        f"999999;child_heard;ja;\n"
        f"{not_drawn};child_heard;ja;\n"
        f"{first};heard_twice;ja;\n"
        f"{first};feedback_given;kanske;\n"
        f"{first};child_heard;nej;\n"
    )
    rows, problems = _check(drawn, text, inspector=inspector)
    assert rows == []
    assert [(p.row, p.field) for p in problems] == [
        (3, "ärende"),
        (4, "ärende"),
        (5, "fråga"),
        (6, "svar"),
        (7, "fråga"),
    ]
    texts = [p.problem for p in problems]
    assert texts[0] == "Okänt ärende."
    assert texts[1] == "Ärendet ingår inte i urvalet."
    assert "heard_twice" in texts[2]
    assert "kanske" in texts[3]
    assert "rad 2" in texts[4]


def test_the_page_imports_nothing_when_one_row_is_wrong(drawn, inspector):
    first, second = _numbers(drawn)[:2]
    web = Client()
    web.force_login(inspector)
    url = reverse("inspection:import", kwargs={"pk": drawn.pk})
    bad = f"{first};child_heard;ja;\n{second};child_heard;kanske;\n".encode()
    response = web.post(url, {"file": SimpleUploadedFile("svar.csv", bad, "text/csv")})
    assert response.status_code == 400
    assert "Inget är importerat" in response.content.decode()
    assert "kanske" in response.content.decode()
    assert not Answer.objects.exists()
    good = f"{first};child_heard;ja;\n{second};child_heard;nej;Inget samtal\n".encode()
    response = web.post(url, {"file": SimpleUploadedFile("svar.csv", good, "text/csv")})
    assert response.status_code == 302
    assert set(Answer.objects.values_list("sampled_case__report_id", "value", "source")) == {
        (first, "yes", "import"),
        (second, "no", "import"),
    }


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", b"x" * (imports.MAX_BYTES + 1), b";;;\n"],
)
def test_an_empty_or_broken_file_is_a_message_not_a_500(drawn, inspector, content):
    web = Client()
    web.force_login(inspector)
    url = reverse("inspection:import", kwargs={"pk": drawn.pk})
    response = web.post(url, {"file": SimpleUploadedFile("svar.csv", content, "text/csv")})
    assert response.status_code == 400
    assert not Answer.objects.exists()
