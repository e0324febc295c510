"""The demo's registry and collaboration, built through the services with the city."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.core.calendar import STOCKHOLM as TZ
from likvard.demo.generator import generate
from likvard.demo.municipalities import STOCKHOLM
from likvard.partners import selectors
from likvard.partners.models import Collaboration, Kind, Partner, ReportSource

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 11, 13, 30, tzinfo=TZ)


def test_the_demo_city_has_a_registry_and_follows_up_its_schools():
    result = generate(STOCKHOLM, years=1, seed=7, scale=0.02, now=NOW)
    kinds = set(Partner.objects.values_list("kind", flat=True))
    assert {
        Kind.SCHOOL_MUNICIPAL,
        Kind.SCHOOL_INDEPENDENT,
        Kind.PRESCHOOL,
        Kind.CHILD_HEALTH,
        Kind.POLICE_AREA,
        Kind.HEALTH_CARE,
    } <= kinds
    assert result.counts["partners"] == Partner.objects.count() > 100
    assert Collaboration.objects.count() == result.counts["collaborations"] > 40
    # Reports whose reporter's organisation is a registry name are linked to it.
    assert ReportSource.objects.count() == result.counts["report_sources"] > 50
    linked = ReportSource.objects.select_related("report", "partner").first()
    assert linked.report.reporter_organisation.lower() == linked.partner.name.lower()
    assert selectors.due_for_verification(NOW.date()).exists()
    # A district's follow-up has schools with and without this term's meetings.
    district = Collaboration.objects.first().district_id
    lines = selectors.follow_up(district, NOW.date())
    assert any(line.meetings_this_term for line in lines)
    assert any(line.reports_this_term for line in lines)
    assert AuditEntry.objects.filter(verb="import_partners").count() == 1
