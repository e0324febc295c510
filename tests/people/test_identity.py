"""Personnummer and samordningsnummer: the public vectors, dates, and resolve_child."""

import datetime
import json
from pathlib import Path

import pytest

from likvard.core.errors import InvalidInput
from likvard.people.identity import InvalidIdentityNumber, parse
from likvard.people.models import Child, Sex
from likvard.people.services import ChildInput, resolve_child

#: The personnummer project's public vectors, copied unchanged (source in data/README.txt).
VECTORS_FILE = Path(__file__).resolve().parent / "data" / "personnummer.json"
FORMS = ("long_format", "short_format", "separated_format", "separated_long")
#: A fixed "today" so that two-digit years resolve the same on every run.
TODAY = datetime.date(2026, 11, 22)


def _vectors() -> list[dict]:
    assert VECTORS_FILE.is_file(), f"test vectors missing: {VECTORS_FILE}"
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


def _written_forms():
    for index, record in enumerate(_vectors()):
        forms = {name: record[name] for name in FORMS}
        if record["integer"]:
            forms["integer"] = str(record["integer"])
        for name, text in forms.items():
            yield pytest.param(text, record, id=f"{index}-{name}-{text}")


def luhn_digit(nine_digits: str) -> str:
    """The check digit of YYMMDDNNN (written independently of the code under test)."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


def number(yyyymmdd: str, serial: str = "238", sep: str = "-") -> str:
    """A number with a correct check digit, in the form YYYYMMDD-NNNC."""
    return f"{yyyymmdd}{sep}{serial}{luhn_digit(yyyymmdd[2:] + serial)}"


# --- the public test vectors --------------------------------------------------------------


def test_the_vectors_hold_valid_and_invalid_records_of_both_types():
    records = _vectors()
    assert len(records) == 14
    assert {(r["valid"], r["type"]) for r in records} == {
        (True, "ssn"),
        (False, "ssn"),
        (True, "con"),
        (False, "con"),
    }


@pytest.mark.parametrize(("text", "record"), list(_written_forms()))
def test_every_written_form_of_every_vector_is_accepted_exactly_when_valid(text, record):
    if record["valid"]:
        parsed = parse(text, TODAY)
        assert parsed.is_coordination_number == (record["type"] == "con")
        assert parsed.is_male == record["isMale"]
        assert parsed.is_male != record["isFemale"]
    else:
        with pytest.raises(InvalidIdentityNumber):
            parse(text, TODAY)


@pytest.mark.parametrize(
    "record", [r for r in _vectors() if r["valid"]], ids=lambda r: r["long_format"]
)
def test_forms_that_carry_the_century_normalise_to_the_long_form(record):
    # The long forms name the century; the separated short form carries it in the
    # separator ('+' for 100 or more). The bare short form cannot ('0905271474' is 2009).
    for name in ("long_format", "separated_long", "separated_format"):
        assert parse(record[name], TODAY).long_form == record["long_format"], name


@pytest.mark.parametrize(
    "record", [r for r in _vectors() if r["valid"]], ids=lambda r: r["long_format"]
)
def test_the_birth_date_of_a_valid_vector_is_its_date_with_the_coordination_day_restored(
    record,
):
    long_form = record["long_format"]
    day = int(long_form[6:8]) - (60 if record["type"] == "con" else 0)
    expected = datetime.date(int(long_form[:4]), int(long_form[4:6]), day)
    assert parse(long_form, TODAY).birth_date == expected


# --- samordningsnummer, sex, display ------------------------------------------------------


def test_a_samordningsnummer_is_flagged_and_its_birth_day_is_the_day_minus_60():
    parsed = parse(number("20210791"), TODAY)  # day 91 = 31 + 60
    assert parsed.is_coordination_number
    assert parsed.birth_date == datetime.date(2021, 7, 31)
    assert parsed.long_form.startswith("20210791")


def test_a_personnummer_is_not_flagged_as_samordningsnummer():
    parsed = parse(number("20210731"), TODAY)
    assert not parsed.is_coordination_number
    assert parsed.birth_date == datetime.date(2021, 7, 31)


@pytest.mark.parametrize(
    ("serial", "is_male"), [("231", True), ("238", False), ("090", False), ("009", True)]
)
def test_sex_is_read_from_the_second_last_digit(serial, is_male):
    assert parse(number("20150916", serial), TODAY).is_male is is_male


def test_display_is_the_long_form_with_a_hyphen():
    assert parse("1509160014", TODAY).display == "20150916-0014"


# --- impossible and future dates ----------------------------------------------------------


@pytest.mark.parametrize(
    "yyyymmdd",
    [
        "20151301",  # month 13
        "20150001",  # month 0
        "20150230",  # 30 February
        "20230229",  # 29 February in a common year
        "20150132",  # day 32
        "20150431",  # 31 April
        "20150100",  # day 0
        "20150145",  # day 45: neither a date nor a samordningsnummer
        "20150160",  # day 60: samordningsnummer of day 0
        "20150192",  # samordningsnummer of day 32
        "20230289",  # samordningsnummer of 29 February in a common year
        "20150290",  # samordningsnummer of 30 February
    ],
)
@pytest.mark.parametrize("form", ["long", "short"])
def test_impossible_dates_are_rejected_even_with_a_correct_check_digit(yyyymmdd, form):
    text = number(yyyymmdd)
    if form == "short":
        text = text[2:]
    with pytest.raises(InvalidIdentityNumber, match="date"):
        parse(text, TODAY)


def test_29_february_of_a_leap_year_is_accepted():
    assert parse(number("20200229"), TODAY).birth_date == datetime.date(2020, 2, 29)


@pytest.mark.parametrize("yyyymmdd", ["20261123", "20270101", "20300615", "20261183"])
def test_a_birth_date_after_today_is_rejected(yyyymmdd):
    with pytest.raises(InvalidIdentityNumber, match="date"):
        parse(number(yyyymmdd), TODAY)


def test_a_birth_date_of_today_is_accepted():
    assert parse(number("20261122"), TODAY).birth_date == TODAY


def test_a_two_digit_year_is_never_resolved_into_the_future():
    # '281201' in 2026 cannot be 2028; with '-' it is the person born 1928.
    assert parse(number("19281201")[2:], TODAY).birth_date == datetime.date(1928, 12, 1)


def test_the_plus_sign_is_used_from_the_calendar_year_the_person_turns_100():
    # Skatteverket: the separator becomes '+' from the year of the 100th birthday, so in
    # 2026 '261201+' is a person born 1926 and '261201-' is a date later this year.
    plus = number("19261201", sep="+")[2:]
    minus = number("19261201", sep="-")[2:]
    assert parse(plus, TODAY).birth_date == datetime.date(1926, 12, 1)
    with pytest.raises(InvalidIdentityNumber, match="date"):
        parse(minus, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2015091600",
        "20150916-00140",
        "20150916 0014",
        "150916 0014",
        "20150916--0014",
        "2015-09-16-0014",
        "20150916-001A",
        "x20150916-0014",
        "20150916-0014\n",
        "1509160014\n",
    ],
)
def test_malformed_text_is_rejected(text):
    with pytest.raises(InvalidIdentityNumber):
        parse(text, TODAY)


def test_serial_000_is_rejected_even_with_a_correct_check_digit():
    with pytest.raises(InvalidIdentityNumber, match="serial"):
        parse(number("20150916", "000"), TODAY)


def test_a_wrong_check_digit_is_rejected():
    good = number("20150916", "001")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    parse(good, TODAY)
    with pytest.raises(InvalidIdentityNumber, match="check_digit"):
        parse(bad, TODAY)


# --- resolve_child ------------------------------------------------------------------------


def child_input(**values) -> ChildInput:
    values.setdefault("first_name", "Alva")
    values.setdefault("last_name", "Testsson")
    return ChildInput(**values)


@pytest.mark.parametrize(
    "text",
    [
        "20150916-0015",  # wrong check digit
        "20151301-0010",  # month 13
        "not a number",
        number("20300101"),  # born in the future
    ],
)
def test_resolve_child_refuses_an_invalid_number_and_creates_nothing(db, text):
    with pytest.raises(InvalidInput) as refused:
        resolve_child(child_input(personal_number=text), TODAY)
    assert refused.value.code == "invalid_personal_number"
    assert refused.value.field == "personal_number"
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    "yyyymmdd",
    [
        "20081122",  # 18 today
        "20081121",  # 18 yesterday
        "19900101",
        "19570428",
    ],
)
def test_resolve_child_refuses_an_adult(db, yyyymmdd):
    with pytest.raises(InvalidInput) as refused:
        resolve_child(child_input(personal_number=number(yyyymmdd)), TODAY)
    assert refused.value.code == "not_a_child"
    assert not Child.objects.exists()


def test_resolve_child_accepts_a_child_who_turns_18_tomorrow(db):
    child = resolve_child(child_input(personal_number=number("20081123")), TODAY)
    assert child.birth_date == datetime.date(2008, 11, 23)


def test_resolve_child_stores_the_long_form_birth_date_and_sex_from_the_number(db):
    child = resolve_child(child_input(personal_number="  150916-0014 "), TODAY)
    child.refresh_from_db()
    assert child.personal_number == "201509160014"
    assert child.reserve_number is None
    assert child.birth_date == datetime.date(2015, 9, 16)
    assert child.sex == Sex.MALE  # second-last digit 1
    girl = resolve_child(child_input(personal_number=number("20180101", "238")), TODAY)
    assert girl.sex == Sex.FEMALE


def test_resolve_child_accepts_a_samordningsnummer(db):
    child = resolve_child(child_input(personal_number=number("20180161")), TODAY)
    assert child.birth_date == datetime.date(2018, 1, 1)
    assert child.personal_number.startswith("20180161")


def test_resolve_child_gives_a_reserve_number_when_the_number_is_unknown(db):
    child = resolve_child(child_input(birth_date=datetime.date(2019, 3, 3), sex=Sex.FEMALE), TODAY)
    child.refresh_from_db()
    assert child.personal_number is None
    assert child.reserve_number.startswith("R20190303")
    assert len(child.reserve_number) == len("R20190303") + 10
    assert child.birth_date == datetime.date(2019, 3, 3)
    assert child.sex == Sex.FEMALE


def test_two_unknown_children_with_the_same_birth_date_are_two_children(db):
    first = resolve_child(child_input(birth_date=datetime.date(2019, 3, 3)), TODAY)
    second = resolve_child(child_input(birth_date=datetime.date(2019, 3, 3)), TODAY)
    assert first.pk != second.pk
    assert first.reserve_number != second.reserve_number


def test_resolve_child_without_number_needs_a_birth_date(db):
    with pytest.raises(InvalidInput) as refused:
        resolve_child(child_input(), TODAY)
    assert refused.value.code == "birth_date_required"
    assert not Child.objects.exists()


def test_resolve_child_without_number_refuses_a_future_birth_date(db):
    with pytest.raises(InvalidInput) as refused:
        resolve_child(child_input(birth_date=TODAY + datetime.timedelta(days=1)), TODAY)
    assert refused.value.code == "date_in_future"
    assert not Child.objects.exists()


def test_resolve_child_needs_both_names_for_a_new_child(db):
    with pytest.raises(InvalidInput) as refused:
        resolve_child(child_input(personal_number="20150916-0014", last_name=" "), TODAY)
    assert refused.value.code == "name_required"
    assert not Child.objects.exists()


@pytest.mark.parametrize("second_form", ["20150916-0014", "201509160014", "1509160014"])
def test_resolve_child_reuses_the_existing_child_in_any_written_form(db, second_form):
    first = resolve_child(child_input(personal_number="150916-0014"), TODAY)
    again = resolve_child(
        child_input(personal_number=second_form, first_name="Annat", last_name="Namn"), TODAY
    )
    assert again.pk == first.pk
    assert Child.objects.count() == 1
    assert (again.first_name, again.last_name) == ("Alva", "Testsson")


def test_resolve_child_sets_protected_identity_but_never_clears_it(db):
    first = resolve_child(child_input(personal_number="20150916-0014"), TODAY)
    assert not first.protected_identity
    resolve_child(child_input(personal_number="20150916-0014", protected_identity=True), TODAY)
    first.refresh_from_db()
    assert first.protected_identity
    resolve_child(child_input(personal_number="20150916-0014", protected_identity=False), TODAY)
    first.refresh_from_db()
    assert first.protected_identity
