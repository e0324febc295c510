"""The dashboard, its CSV export and the case lists: who sees which number and which case."""

import pytest
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.core.calendar import local_date
from likvard.organisation.models import Role
from likvard.quality import access
from likvard.quality.indicators import BY_ID, INDICATORS, PARTS
from likvard.quality.selectors import Period, cases_behind
from tests import factories
from tests.spreadsheets import csv_rows

from . import builders
from .test_indicators import EXPECTED

pytestmark = pytest.mark.django_db

PERIOD = Period(builders.FIRST, builders.LAST)
QUERY = "fran=2026-01&till=2026-02"


@pytest.fixture
def cases(db):
    return builders.known_set()


@pytest.fixture
def supervisor_a(cases):
    return factories.user(Role.SUPERVISOR, cases.a)


def client_for(user):
    return factories.web_client(user)


def whole_period(rows, indicator_id, place) -> list[str]:
    """indicator's numerator, denominator, share and note for a place over the whole period."""
    (row,) = [r for r in rows if r[0] == indicator_id and r[2] == place and r[3] == "hela perioden"]
    return row[4:]


# ------------------------------------------------------------------ the dashboard


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN])
def test_the_dashboard_renders_an_accessible_chart_for_every_indicator(cases, role):
    user = factories.user(role, cases.a)
    response = client_for(user).get(f"/kvalitet/?{QUERY}")
    assert response.status_code == 200
    body = response.content.decode()
    for indicator in INDICATORS:
        chart = f"{indicator.id}-bars"
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in body
        assert f'<title id="{chart}-title">{indicator.title} per stadsdelsområde</title>' in body
        assert f'<desc id="{chart}-desc">Liggande stapeldiagram' in body
        assert str(indicator.definition) in body
    assert body.count('<svg class="chart-svg" role="img"') == len(INDICATORS) + sum(
        1 for i in INDICATORS if not i.snapshot
    )
    assert 'id="decided_in_time-months-title"' in body


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.ADMIN_STAFF])
def test_caseworkers_other_than_supervisors_are_refused_the_dashboard(cases, role):
    user = factories.user(role, cases.a)
    web = client_for(user)
    assert web.get("/kvalitet/").status_code == 403
    assert web.get("/kvalitet/export.csv").status_code == 403
    assert 'href="/kvalitet/"' not in web.get("/arenden/").content.decode()


def test_the_menu_links_the_dashboard_for_a_supervisor(supervisor_a):
    assert 'href="/kvalitet/"' in client_for(supervisor_a).get("/arenden/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(cases):
    from django.test import Client

    response = Client().get("/kvalitet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(supervisor_a):
    response = client_for(supervisor_a).get("/kvalitet/?fran=2026-03&till=2026-01")
    assert response.status_code == 400
    assert "Perioden slutar innan den börjar." in response.content.decode()


def test_an_analyst_sees_no_case_and_no_link_to_cases(cases):
    analyst = factories.user(Role.ANALYST)
    body = client_for(analyst).get(f"/kvalitet/?{QUERY}").content.decode()
    assert "/kvalitet/decided_in_time/" not in body
    assert "Kvalitetsson" not in body  # the children's family name


def test_a_supervisor_gets_links_to_own_district_cases_only(cases, supervisor_a):
    body = client_for(supervisor_a).get(f"/kvalitet/?{QUERY}").content.decode()
    assert f"/kvalitet/decided_in_time/{cases.a.pk}/?" in body
    assert f"/kvalitet/decided_in_time/{cases.b.pk}/" not in body


# ------------------------------------------------------------------ small cells


def test_csv_export_for_an_inspector_holds_every_number(cases):
    inspector = factories.user(Role.INSPECTOR)
    rows = csv_rows(client_for(inspector).get(f"/kvalitet/export.csv?{QUERY}"))
    assert rows[0] == [
        "indikator_id",
        "indikator",
        "stadsdelsområde",
        "period",
        "täljare",
        "nämnare",
        "andel_procent",
        "anmärkning",
        "dold",
    ]
    assert whole_period(rows, "decided_in_time", "Södermalm") == ["1", "2", "50,0", "", ""]
    assert whole_period(rows, "decided_in_time", "Järva") == ["3", "4", "75,0", "", ""]
    assert whole_period(rows, "decided_in_time", "Hela kommunen") == ["4", "6", "66,7", "", ""]
    monthly = [r[2:7] for r in rows if r[0] == "decided_in_time" and r[3] == "2026-02"]
    assert monthly == [
        ["Hela kommunen", "2026-02", "3", "3", "100,0"],
        ["Järva", "2026-02", "2", "2", "100,0"],
        ["Södermalm", "2026-02", "1", "1", "100,0"],
    ]
    snapshot = [r for r in rows if r[0] == "reports_past_due"]
    assert {r[3] for r in snapshot} == {f"i dag {today_in_stockholm()}"}
    # one row per indicator and place for the period, and per month for flows
    flows = sum(1 for i in INDICATORS if not i.snapshot)
    assert len(rows) == 1 + len(INDICATORS) * 3 + flows * 2 * 3


def today_in_stockholm():
    return local_date(timezone.now()).isoformat()


SMALL = ["", "", "", "färre än 5 ärenden – visas inte", "primar"]
PROTECTED = ["", "", "", "dold för att skydda enskilda", "sekundar"]


def test_csv_export_for_an_analyst_suppresses_cells_under_five_and_what_would_give_them(cases):
    analyst = factories.user(Role.ANALYST)
    rows = csv_rows(client_for(analyst).get(f"/kvalitet/export.csv?{QUERY}"))
    assert whole_period(rows, "decided_in_time", "Södermalm") == PROTECTED
    assert whole_period(rows, "decided_in_time", "Järva") == PROTECTED
    # February's total (3) is small, so the two months' total would give January's
    # back (and January's total is small too): the period's total is hidden as well.
    assert whole_period(rows, "decided_in_time", "Hela kommunen") == PROTECTED
    (february,) = [
        r[4:] for r in rows if r[:4:2] == ["decided_in_time", "Hela kommunen"] and r[3] == "2026-02"
    ]
    assert february == SMALL
    # Järva's 5 assessments over the period are 2 + 3: hidden, or the months' would show
    assert whole_period(rows, "protection_same_day", "Järva") == PROTECTED
    # an empty cell is not a small one: nothing to hide, nothing to show
    assert whole_period(rows, "rules_overridden", "Södermalm") == ["0", "0", "", "", ""]


def test_csv_export_for_a_supervisor_shows_small_cells_of_the_own_district_only(
    cases, supervisor_a
):
    rows = csv_rows(client_for(supervisor_a).get(f"/kvalitet/export.csv?{QUERY}"))
    assert whole_period(rows, "decided_in_time", "Järva") == ["3", "4", "75,0", "", ""]
    assert whole_period(rows, "decided_in_time", "Södermalm") == PROTECTED
    monthly = [r[4:] for r in rows if r[0] == "decided_in_time" and r[2] == "Södermalm"]
    assert monthly[1:] == [SMALL, SMALL]  # January and February, 1 each


def test_the_analysts_page_marks_hidden_cells_and_explains_them(cases):
    analyst = factories.user(Role.ANALYST)
    response = client_for(analyst).get(f"/kvalitet/?{QUERY}")
    section = next(s for s in response.context["sections"] if s.indicator.id == "decided_in_time")
    cells = {row.district.name: row.cell for row in section.districts}
    assert cells["Södermalm"].suppressed and cells["Södermalm"].text == "skyddad"
    assert cells["Södermalm"].numerator is None
    bars = {bar.label: bar for bar in section.bars.bars}
    assert bars["Södermalm"].value is None and bars["Södermalm"].text == "skyddad"
    feb = next(row for row in section.months if row.month.month == 2)
    assert feb.city.text == "färre än 5" and feb.city.fraction == ""
    body = response.content.decode()
    assert "färre än 5 ärenden – visas inte" in body and "dold för att skydda enskilda" in body
    inspector = factories.user(Role.INSPECTOR)
    response = client_for(inspector).get(f"/kvalitet/?{QUERY}")
    section = next(s for s in response.context["sections"] if s.indicator.id == "decided_in_time")
    assert {row.district.name: row.cell.text for row in section.districts}["Södermalm"] == (
        "50\u00a0%"
    )


def test_small_cell_rule_by_role(cases, supervisor_a):
    analyst, inspector = factories.user(Role.ANALYST), factories.user(Role.INSPECTOR)
    assert access.suppressed(analyst, cases.a.pk, 4)
    assert not access.suppressed(analyst, cases.a.pk, 5)
    assert not access.suppressed(inspector, cases.b.pk, 1)
    assert not access.suppressed(supervisor_a, cases.a.pk, 1)
    assert access.suppressed(supervisor_a, cases.b.pk, 1)
    assert access.suppressed(supervisor_a, None, 1)  # the municipality holds others' cases


# ------------------------------------------------------------------ the cases behind


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].object_list]


def test_a_supervisor_lists_the_cases_behind_a_number_in_the_own_district(cases, supervisor_a):
    web = client_for(supervisor_a)
    url = f"/kvalitet/decided_in_time/{cases.a.pk}/?{QUERY}"
    assert listed(web.get(url + "&del=utanfor")) == [cases.r2.pk]
    assert listed(web.get(url + "&del=taljare")) == [cases.r4.pk, cases.r3.pk, cases.r1.pk]
    response = web.get(url + "&del=namnare")
    assert listed(response) == [cases.r4.pk, cases.r3.pk, cases.r2.pk, cases.r1.pk]
    assert f'href="/anmalan/{cases.r2.pk}/"' in response.content.decode()


def test_behind_known_children_motivated_are_the_decisions_with_the_rules_answer(
    cases, supervisor_a
):
    web = client_for(supervisor_a)
    url = f"/kvalitet/known_not_opened_motivated/{cases.a.pk}/?{QUERY}"
    assert listed(web.get(url + "&del=taljare")) == [cases.r1.pk]
    assert listed(web.get(url + "&del=utanfor")) == [cases.r3.pk]  # went past the rule


def test_a_supervisor_gets_404_for_another_districts_cases(cases, supervisor_a):
    response = client_for(supervisor_a).get(f"/kvalitet/decided_in_time/{cases.b.pk}/?{QUERY}")
    assert response.status_code == 404


def test_another_districts_cases_are_out_of_a_supervisors_scope_in_the_selector(
    cases, supervisor_a
):
    indicator = BY_ID["decided_in_time"]
    rows = cases_behind(supervisor_a, indicator, cases.b.pk, "denominator", PERIOD, builders.TODAY)
    assert list(rows) == []


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SYSTEM_ADMIN])
def test_central_roles_without_case_access_get_no_case_list(cases, role):
    web = client_for(factories.user(role))
    for district in (cases.a, cases.b):
        assert web.get(f"/kvalitet/decided_in_time/{district.pk}/?{QUERY}").status_code == 404


def test_an_inspector_lists_any_districts_cases(cases):
    web = client_for(factories.user(Role.INSPECTOR))
    url = f"/kvalitet/decided_in_time/{cases.b.pk}/?{QUERY}&del=utanfor"
    assert listed(web.get(url)) == [cases.r10.pk]


def test_investigation_indicators_list_investigations(cases, supervisor_a):
    url = f"/kvalitet/investigation_in_time/{cases.a.pk}/?{QUERY}&del=utanfor"
    response = client_for(supervisor_a).get(url)
    assert listed(response) == [cases.i1.pk]
    assert f'href="/utredning/{cases.i1.pk}/"' in response.content.decode()


def test_an_unknown_indicator_or_a_unit_of_another_district_is_404(cases, supervisor_a):
    web = client_for(supervisor_a)
    assert web.get(f"/kvalitet/no_such_thing/{cases.a.pk}/").status_code == 404
    other_unit = cases.worker_b.unit_id
    url = f"/kvalitet/decided_in_time/{cases.a.pk}/?{QUERY}&enhet={other_unit}"
    assert web.get(url).status_code == 404


def test_viewing_a_case_list_is_logged(cases, supervisor_a):
    client_for(supervisor_a).get(f"/kvalitet/child_heard/{cases.a.pk}/?{QUERY}&del=utanfor")
    entry = AuditEntry.objects.filter(verb="view_quality_cases").get()
    assert entry.actor_id == supervisor_a.pk and entry.district_id == cases.a.pk
    assert entry.after == {
        "indicator": "child_heard",
        "part": "outside",
        "unit": None,
        "page": 1,
        "rows": 2,
    }


def test_every_list_has_exactly_the_cases_its_number_counts(cases):
    """The lists and the numbers share their conditions: for every indicator and part."""
    inspector = factories.user(Role.INSPECTOR)
    for indicator_id, per_district in EXPECTED.items():
        indicator = BY_ID[indicator_id]
        for district, (n, d) in zip((cases.a, cases.b), per_district, strict=True):
            want = {"numerator": n, "denominator": d, "outside": d - n}
            for part in PARTS:
                rows = cases_behind(inspector, indicator, district.pk, part, PERIOD, builders.TODAY)
                assert rows.count() == want[part], (indicator_id, district.name, part)


def test_a_unit_list_holds_its_workers_cases_and_at_intake_the_unassigned(cases):
    inspector = factories.user(Role.INSPECTOR)
    past_due = BY_ID["reports_past_due"]
    at_intake = cases_behind(
        inspector,
        past_due,
        cases.a.pk,
        "numerator",
        PERIOD,
        builders.TODAY,
        unit_id=cases.intake_unit_a.pk,
    )
    assert set(at_intake.values_list("pk", flat=True)) == {cases.r5.pk, cases.r6.pk}
    in_investigation = cases_behind(
        inspector,
        BY_ID["decided_in_time"],
        cases.a.pk,
        "denominator",
        PERIOD,
        builders.TODAY,
        unit_id=cases.investigation_unit_a.pk,
    )
    assert list(in_investigation.values_list("pk", flat=True)) == [cases.r4.pk]


@pytest.mark.parametrize("part", ["taljare", "namnare", "utanfor"])
def test_the_case_list_names_the_size_of_each_part(cases, supervisor_a, part):
    url = f"/kvalitet/decided_in_time/{cases.a.pk}/?{QUERY}&del={part}"
    response = client_for(supervisor_a).get(url)
    sizes = {name: count for name, _label, count, _href in response.context["parts"]}
    assert sizes == {"taljare": 3, "namnare": 4, "utanfor": 1}
