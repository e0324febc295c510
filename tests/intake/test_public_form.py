"""The public form: one report per sent form, routed, receipted, and bad input refused
clearly without losing what was typed."""

import pytest
from django.core import mail
from django.test import Client

from likvard.intake.models import Submission
from likvard.reports.models import Channel, Report, ReporterType

from .. import factories
from .conftest import answers

URL = "/e-tjanst/"


def post(client, data):
    return client.post(URL, data)


@pytest.mark.django_db
def test_the_form_is_public_and_says_call_112_plainly():
    page = Client().get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Är barnet i akut fara nu: ring 112." in text
    assert "berätta inte för barnet eller vårdnadshavarna" in text
    assert "<script" not in text  # works without JavaScript: there is none


def test_a_school_report_is_registered_in_the_district_of_the_postal_code(postal_codes, district_a):
    answer = post(Client(), answers())
    assert answer.status_code == 302
    submission = Submission.objects.get()
    report = submission.report
    assert report.district == district_a
    assert report.channel == Channel.E_SERVICE
    assert report.reporter_type == ReporterType.SCHOOL
    assert report.reporter_mandated and report.reporter_wants_feedback
    assert report.assigned_to is None  # waits in the district's queue for intake
    assert report.child.reserve_number and report.child.first_name == "Nora"
    assert "Det finns ingen mat hemma." in report.description
    assert submission.payload == {}  # the report holds it now
    receipt = Client().get(answer["Location"])
    assert submission.reference in receipt.content.decode()


def test_the_same_form_sent_twice_is_one_report_with_the_same_receipt(postal_codes):
    data = answers()
    first, second = post(Client(), data), post(Client(), data)
    assert first.status_code == second.status_code == 302
    reference = Submission.objects.get().reference
    for answer in (first, second):
        assert reference in Client().get(answer["Location"]).content.decode()
    assert Submission.objects.count() == 1
    assert Report.objects.count() == 1


def test_the_receipt_mail_has_the_reference_and_nothing_about_the_child(
    postal_codes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(Client(), answers())
    submission = Submission.objects.get()
    (message,) = mail.outbox
    assert message.to == ["larare@example.se"]
    body = message.subject + message.body
    assert submission.reference in body
    for child_data in ("Nora", "Synthetisk", "164", "Testgatan", "hungrig", "mat", "Rinkeby"):
        assert child_data not in body


def test_script_in_free_text_is_stored_as_text_and_shown_escaped(postal_codes, intake_a):
    post(Client(), answers(what_happened="<script>alert('x')</script> Barnet är ledset."))
    report = Report.objects.get()
    assert "<script>alert('x')</script>" in report.description
    page = factories.web_client(intake_a).get(f"/anmalan/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html


def test_a_wrong_check_digit_is_explained_and_the_report_goes_with_name_and_age(
    postal_codes,
):
    data = answers(child_personal_number="20150916-0015", child_age=None)
    refused = post(Client(), data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "kontrollsiffran (sista siffran) är fel" in text
    assert 'value="Testgatan 1"' in text  # what was typed is kept
    assert not Submission.objects.exists()
    data.update(child_personal_number="", child_age="9")
    assert post(Client(), data).status_code == 302
    assert Report.objects.get().child.reserve_number


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"anonymous": "on"}, "anonymous", "kan inte vara anonym"),
        ({"organisation_name": ""}, "organisation", "Välj din verksamhet"),
        ({"organisation": "987654321"}, "organisation", "Välj en verksamhet i listan"),
        ({"organisation": "99999999999999999999999"}, "organisation", "Välj en verksamhet"),
        ({"organisation": "Aspskolan"}, "organisation", "heltal"),
        ({"reporter_phone": "", "reporter_email": ""}, "reporter_phone", "telefonnummer"),
        ({"child_age": "", "child_birth_date": ""}, "child_age", "ungefärlig ålder"),
        ({"child_school": "", "child_address": ""}, "child_school", "skola eller adress"),
        ({"concerns": []}, "concerns", "Välj minst en orsak"),
        ({"child_postal_code": "12"}, "child_postal_code", "fem siffror"),
        ({"what_happened": "x" * 4001}, "what_happened", "4000"),
        ({"child_age": "99999999999999999999"}, "child_age", "17"),
        ({"interpreter": "on"}, "interpreter_language", "språk"),
    ],
)
def test_bad_answers_get_a_clear_message_and_nothing_is_stored(
    postal_codes, overrides, field, message
):
    answer = post(Client(), answers(**overrides))
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert message.lower() in " ".join(errors[field]).lower(), errors
    assert not Submission.objects.exists()


def test_a_private_person_may_report_anonymously(postal_codes):
    data = answers(
        reporter_type="private_person",
        organisation_name="",
        anonymous="on",
        reporter_name="",
        reporter_phone="",
        reporter_email="",
        wants_feedback="on",
    )
    assert post(Client(), data).status_code == 302
    report = Report.objects.get()
    assert report.reporter_type == ReporterType.PRIVATE_PERSON
    assert not report.reporter_mandated and not report.reporter_wants_feedback
    assert report.reporter_name == report.reporter_contact == ""


def test_a_form_longer_than_the_whole_limit_is_refused(postal_codes):
    long = "y" * 3900
    data = answers(what_happened=long, observed=long, child_said=long, guardians=long, duration="z")
    data["observed2"] = long  # an extra field a client made up counts too
    answer = post(Client(), data)
    assert answer.status_code == 400
    assert "för lång" in answer.content.decode()
    assert not Submission.objects.exists()


def test_a_filled_honeypot_stores_nothing(postal_codes):
    answer = post(Client(), answers(website="http://spam.example"))
    assert answer.status_code == 400
    assert not Submission.objects.exists()


def test_too_many_submissions_from_one_client_get_a_clear_429(postal_codes, settings):
    settings.LIKVARD_INTAKE_RATE_LIMIT = (3, 3600)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert post(client, answers()).status_code == 302
    refused = post(client, answers())
    assert refused.status_code == 429
    assert "För många anmälningar" in refused.content.decode()
    assert Submission.objects.count() == 3
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert post(other, answers()).status_code == 302


def test_a_failed_handover_says_so_and_keeps_what_was_typed(postal_codes, settings):
    settings.LIKVARD_INTAKE_API_URL = "http://127.0.0.1:9/api/intake/reports/"  # nobody there
    settings.LIKVARD_INTAKE_API_TIMEOUT = 2
    data = answers()
    answer = post(Client(), data)
    assert answer.status_code == 503
    text = answer.content.decode()
    assert "kunde inte skickas just nu" in text
    assert "Barnet kommer hungrigt till skolan varje måndag." in text
    assert data["idempotency_key"] in text  # a retry is the same submission
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_receipt_page_refuses_a_forged_receipt():
    assert Client().get("/e-tjanst/kvitto/?k=ET-26-AAAAAA").status_code == 404


@pytest.mark.django_db
def test_the_form_is_in_english_too():
    client = Client()
    client.post("/sprak/", {"language": "en", "next": URL})
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert '<html lang="en">' in text
    assert "Is the child in danger right now: call 112." in text


def test_a_postal_address_for_feedback_makes_the_feedback_a_letter(postal_codes):
    """The reporter's postal address reaches the report's contact details so that the
    feedback is prepared as a letter to it, without the phone number given beside it."""
    from likvard.notices.channels import Route, route
    from likvard.notices.models import Channel as NoticeChannel

    data = answers(reporter_email="", reporter_address="Skolvägen 1, 123 45 Stockholm")
    assert post(Client(), data).status_code == 302
    report = Report.objects.get()
    assert report.reporter_contact == "08-123 456, Skolvägen 1, 123 45 Stockholm"
    letter = Route(NoticeChannel.LETTER, "Skolvägen 1, 123 45 Stockholm")
    assert route(report.reporter_contact) == letter


def test_the_partner_list_is_kept_a_minute_and_then_read_again(district_a):
    """The form's organisations come from the registry, read once a minute per process."""
    from django.core.cache import cache

    from likvard.intake.organisations import CACHE_KEY, partner_options
    from likvard.partners.models import Partner

    first = Partner.objects.create(name="Aspskolan", kind=Partner.Kind.SCHOOL_MUNICIPAL)
    assert [p["id"] for p in partner_options()] == [first.pk]
    second = Partner.objects.create(name="Björkskolan", kind=Partner.Kind.SCHOOL_MUNICIPAL)
    assert [p["id"] for p in partner_options()] == [first.pk]  # kept
    cache.delete(CACHE_KEY)  # the minute has passed
    assert [p["id"] for p in partner_options()] == [first.pk, second.pk]
