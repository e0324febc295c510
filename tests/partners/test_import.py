"""The CSV import: all or nothing, in UTF-8 (with and without BOM) and Windows-1252."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.core.errors import PermissionDenied
from likvard.organisation.models import Role
from likvard.partners import services
from likvard.partners.models import Kind, Partner
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "namn;typ;organisationsnummer;stadsdelsområde;adress;postnummer;telefon;e-post"
GOOD = [
    "Åkerbyskolan;Kommunal skola;;Järva;Åkervägen 1;163 55;08-508 000 01;info@akerby.example",
    "Fröknarnas förskola;preschool;;Södermalm;Götgatan 2;11646;;",
    "Ängby friskola;Fristående skola;556001-1234;;Ängbyplan 3;16145;;kansli@angby.example",
]


def _csv(lines, encoding="utf-8", separator=";", bom=False) -> bytes:
    text = "\r\n".join(line.replace(";", separator) for line in [HEADER, *lines]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


@pytest.fixture
def keeper(district_a, district_b):
    return factories.user(Role.ADMIN_STAFF, district_a)


@pytest.mark.parametrize(
    ("encoding", "bom", "separator"),
    [("utf-8", False, ";"), ("utf-8", True, ";"), ("cp1252", False, ";"), ("cp1252", False, ",")],
)
def test_a_clean_file_is_imported_whole(keeper, district_a, encoding, bom, separator):
    result = services.import_partners(keeper, _csv(GOOD, encoding, separator, bom))
    assert (result.created, result.updated, result.problems) == (3, 0, ())
    school = Partner.objects.get(name="Åkerbyskolan")
    assert (school.kind, school.district, school.postal_code) == (
        Kind.SCHOOL_MUNICIPAL,
        district_a,
        "163 55",
    )
    assert Partner.objects.get(organisation_number="556001-1234").name == "Ängby friskola"
    assert AuditEntry.objects.filter(verb="import_partners").count() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_one_bad_row_imports_nothing_and_every_problem_is_listed(keeper, encoding):
    bad = [
        *GOOD,
        "Okänd typ AB;skolbuss;;;;;;",
        "Felpost;Förskola;;;;1234;;inte-en-adress",
        "Åkerbyskolan;Kommunal skola;;Järva;;;;",  # the first row again
        "Nowhere;Förskola;;Atlantis;;;;",
    ]
    result = services.import_partners(keeper, _csv(bad, encoding))
    assert Partner.objects.count() == 0
    assert (result.created, result.updated) == (0, 0)
    found = {(p.row, p.field) for p in result.problems}
    assert found == {
        (5, "typ"),
        (6, "postnummer"),
        (6, "e-post"),
        (7, "namn"),
        (8, "stadsdelsområde"),
    }
    duplicate = next(p for p in result.problems if p.row == 7)
    assert "rad 2" in duplicate.problem
    assert not AuditEntry.objects.filter(verb="import_partners").exists()


def test_missing_columns_and_unknown_columns_are_told_on_the_header(keeper):
    data = "namn;typ;färg\r\nSkolan;Förskola;blå\r\n".encode()
    result = services.import_partners(keeper, data)
    fields = {p.field for p in result.problems if p.row == 1}
    assert {"organisationsnummer", "postnummer", "e-post", "färg"} <= fields
    assert Partner.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        "namn;typ".encode("utf-16"),  # NUL bytes: not a CSV Excel saves
        b"\x81\x8d\x8f\x90\x9d",  # neither UTF-8 nor Windows-1252
        b"",
    ],
)
def test_an_unreadable_or_empty_file_is_refused(keeper, data):
    result = services.import_partners(keeper, data)
    assert result.problems and Partner.objects.count() == 0


def test_a_row_updates_by_organisation_number_else_by_name_and_kind(keeper, district_a):
    by_number = Partner.objects.create(
        name="Gamla namnet", kind=Kind.SCHOOL_INDEPENDENT, organisation_number="556001-1234"
    )
    by_name = Partner.objects.create(
        name="Åkerbyskolan", kind=Kind.SCHOOL_MUNICIPAL, phone="08-1", active=True
    )
    lines = [
        *GOOD,
        "Samma namn;Polisområde;;;;;;",
    ]
    data = _csv([line + ";2026-01-15" for line in lines]).replace(
        HEADER.encode(), (HEADER + ";senast kontrollerad").encode()
    )
    result = services.import_partners(keeper, data)
    assert (result.created, result.updated, result.problems) == (2, 2, ())
    by_number.refresh_from_db()
    by_name.refresh_from_db()
    assert by_number.name == "Ängby friskola"
    assert (by_name.phone, by_name.district, by_name.last_verified) == (
        "08-508 000 01",
        district_a,
        datetime.date(2026, 1, 15),
    )


def test_an_organisation_number_that_contradicts_the_name_match_is_a_problem(keeper):
    Partner.objects.create(
        name="Ängby friskola", kind=Kind.SCHOOL_INDEPENDENT, organisation_number="556999-0000"
    )
    result = services.import_partners(keeper, _csv(GOOD))
    assert [(p.row, p.field) for p in result.problems] == [(4, "organisationsnummer")]
    assert Partner.objects.count() == 1


def test_only_the_registry_s_keepers_import(district_a):
    worker = factories.user(Role.INTAKE_WORKER, district_a)
    with pytest.raises(PermissionDenied):
        services.import_partners(worker, _csv(GOOD))
    assert Partner.objects.count() == 0
