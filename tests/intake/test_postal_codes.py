"""The postal-code table: imported whole or not at all, with every problem named."""

import pytest
from django.core.management import CommandError, call_command

from likvard.intake.models import PostalCodeArea
from likvard.intake.services import import_postal_codes


@pytest.fixture
def known(postal_codes):
    return set(PostalCodeArea.objects.values_list("postal_code", "district__slug"))


def test_a_clean_file_replaces_the_table(known, district_a, district_b):
    raw = f"postnummer;stadsdelsomrade\n11120;{district_b.slug}\n164 41;{district_a.name}\n"
    count, problems = import_postal_codes(raw.encode())
    assert (count, problems) == (2, [])
    assert set(PostalCodeArea.objects.values_list("postal_code", "district")) == {
        ("11120", district_b.pk),
        ("16441", district_a.pk),
    }


def test_windows_1252_and_commas_are_read(known, district_a):
    district_a.name = "Hägersten-Älvsjö"
    district_a.save()
    raw = "postnummer,stadsdelsomrade\r\n12630,Hägersten-Älvsjö\r\n".encode("cp1252")
    assert import_postal_codes(raw) == (1, [])
    assert PostalCodeArea.objects.get().district == district_a


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postnummer\n11120\n", [(0, "stadsdelsomrade")]),
        ("postnummer;stadsdelsomrade\n1112;{a}\n", [(2, "postnummer")]),
        ("postnummer;stadsdelsomrade\n11120;{a}\n111 20;{a}\n", [(3, "postnummer")]),
        ("postnummer;stadsdelsomrade\n11120;Atlantis\n", [(2, "stadsdelsomrade")]),
        ("postnummer;stadsdelsomrade\n11120\n", [(2, "")]),
        ("postnummer;stadsdelsomrade\n", [(0, "")]),
        (
            "postnummer;stadsdelsomrade\n11120;{a}\nabcde;{a}\n11130;Nowhere\n",
            [(3, "postnummer"), (4, "stadsdelsomrade")],
        ),
    ],
)
def test_a_file_with_problems_imports_nothing_and_names_them(known, district_a, text, expected):
    count, problems = import_postal_codes(text.format(a=district_a.slug).encode())
    assert count == 0
    assert [(p.row, p.field) for p in problems] == expected
    assert all(str(p) for p in problems)
    assert set(PostalCodeArea.objects.values_list("postal_code", "district__slug")) == known


def test_the_command_reports_and_refuses(known, tmp_path, district_a):
    bad = tmp_path / "bad.csv"
    bad.write_text("postnummer;stadsdelsomrade\n999;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Inget importerat"):
        call_command("import_postal_codes", str(bad))
    assert set(PostalCodeArea.objects.values_list("postal_code", "district__slug")) == known


@pytest.mark.django_db
def test_the_demo_table_matches_the_demo_districts():
    from likvard.demo.municipalities import STOCKHOLM
    from likvard.organisation.models import District

    for d in STOCKHOLM.districts:
        District.objects.create(name=d.name, slug=d.slug)
    call_command("import_postal_codes")
    assert PostalCodeArea.objects.count() == 2500
    assert PostalCodeArea.objects.values("district").distinct().count() == len(STOCKHOLM.districts)
