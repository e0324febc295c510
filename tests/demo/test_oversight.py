"""The demo's oversight register: every district has matters, written by its services."""

import pytest

from likvard.access.models import AuditEntry
from likvard.organisation.models import District
from likvard.oversight.models import ConcernedCase, Matter, Measure
from likvard.people.identity import mentions_identity_number

from .test_generator import TODAY, build

pytestmark = pytest.mark.django_db


def test_each_district_has_matters_in_order_and_the_jarva_jo_case_is_among_them():
    result = build()
    matters = list(Matter.objects.select_related("district"))
    assert result.counts["oversight_matters"] == len(matters)
    assert {m.district_id for m in matters} == set(District.objects.values_list("pk", flat=True))
    for m in matters:
        dates = [
            m.received_on,
            m.statement_sent_on,
            m.investigated_on,
            m.reported_to_ivo_on,
            m.decided_on,
        ]
        set_dates = [d for d in dates if d is not None]
        assert set_dates == sorted(set_dates) and set_dates[-1] <= TODAY
        assert not mentions_identity_number(m.subject)
        assert bool(m.outcome) == (m.state == Matter.State.DECIDED)
        if m.reported_to_ivo_on:
            assert m.serious
    jarva = Matter.objects.get(reference="4711-2025")
    assert (jarva.district.name, jarva.kind) == ("Järva", "jo_complaint")
    assert ConcernedCase.objects.filter(
        matter=jarva, investigation__district=jarva.district
    ).exists()
    # Written through the services: each matter has its audit entry and its history.
    assert AuditEntry.objects.filter(verb="register_oversight_matter").count() == len(matters)
    assert Measure.objects.filter(matter__outcome__in=["criticism", "serious_criticism"]).exists()
