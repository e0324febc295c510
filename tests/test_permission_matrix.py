"""Every view and endpoint × every role × own district / other district / protected identity.

The list of views comes from the URL configuration and the list of endpoints from
the OpenAPI schema, so a new view or endpoint that is not in the registries below
fails the suite until someone says what it exposes, and is then checked for leaks.
Every view that changes a case is also sent form data that would succeed (UI_WRITES,
with the case's current version) for another district's case and a protected one:
404, and not one row changed. The API's matrix of the same is tests/api/test_access.py.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from likvard.api.urls import register_router
from likvard.api.urls import router as api_router
from likvard.casework import services as casework
from likvard.core.calendar import local_date
from likvard.core.cases import kind_of
from likvard.inspection.models import Answer, Response, Review, SampledCase
from likvard.organisation.models import Role
from tests import factories
from tests.api.helpers import PDF_BYTES, build_case, snapshot
from tests.bbic import helpers as bbic
from tests.notices import builders as notice_builders
from tests.snapshots import Unchanged

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "Lönnvägen 13, 111 22 Stockholm"

#: Views without a case id that still show case data: checked for leaks too.
UI_LIST_VIEWS = {
    "casework:queue",
    "casework:register_report",
    "casework:distribute",
    "casework:team",
    "search:search",
    "logreview:log",
    "logreview:log_csv",
    "access:requests",
    "quality:dashboard",
    "quality:export_csv",
    # The e-service's submissions waiting for a district (reference, postal code, school);
    # who may route them and a valid POST from another role: tests/intake/test_routing.py.
    "intake_routing:central_queue",
    # The partner registry, the district's collaboration with schools and the
    # committee's follow-up: tests/partners/test_pages.py has their own matrix.
    "partners:registry",
    "partners:add",
    "partners:reverify",
    "partners:import",
    "partners:collaborations",
    "partners:follow_up",
    "inspection:list",
    "inspection:new",
    "inspection:to_answer",
    "oversight:matters",
    "oversight:register",
    "oversight:committee",
    "oversight:committee_csv",
    "notices:queue",
}
#: Views that show no case data (sign-in, the API's own description, the admin).
#: A POST-only answer to a request: its id names a request, not a case; the tests of
#: access grants check it.
UI_NO_CASE_DATA = {
    "access:decide_request",
    # A partner of the city's registry and a district's collaboration with a school:
    # no child's data (tests/partners/test_pages.py: each role, own and other district,
    # valid bodies to another district's collaboration).
    "partners:partner",
    "partners:edit",
    "partners:verify",
    "partners:set_active",
    "partners:add_contact",
    "partners:remove_contact",
    "partners:collaboration",
    "partners:set_contacts",
    "partners:agreement",
    "partners:meeting",
    "partners:referral",
    "partners:joint_case",
    "start",  # a redirect to the role's start page (tests/pages/test_start_pages.py)
    "login",
    "login_code",
    "logout",
    "two_factor",
    "api-schema",
    "api-docs",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    # The public e-service (its form and receipt read no case data) and the language switch.
    "intake:report",
    "intake:receipt",
    "set_language",
    # A POST-only routing of a submission waiting for a district: its id names a
    # submission, not a case (tests/intake/test_routing.py checks who may).
    "intake_routing:route",
}
#: The oversight register's views whose id names a matter or a measure (no child's
#: case): every role × own and other district in tests/oversight/test_matrix.py.
UI_OVERSIGHT_VIEWS = {
    "oversight:matter",
    "oversight:edit",
    "oversight:step",
    "oversight:add_measure",
    "oversight:complete_measure",
}
#: The oversight register's API (likvard/api/urls.py `register_router`), likewise.
API_OVERSIGHT = {f"/api/{prefix}/" for prefix, _viewset, _basename in register_router.registry}
#: API path prefixes whose {id} names a case object, by kind: what each routed view
#: set declares (`case_model`, likvard.core.cases).
API_KINDS = {
    f"/api/{prefix}/": kind_of(viewset.case_model).name
    for prefix, viewset, _basename in api_router.registry
}

READERS_OF_OWN = {
    Role.INTAKE_WORKER,
    Role.INVESTIGATOR,
    Role.INTERVENTION_WORKER,
    Role.SUPERVISOR,
    Role.ADMIN_STAFF,
    Role.INSPECTOR,
}
READERS_OF_ALL = {Role.INSPECTOR}


def _text(response) -> str:
    """The answer's body as text; a download streams its file."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or str(entry.pattern).startswith("api/"):
                continue  # the admin has no case models; the API is checked by its schema
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


UI_VIEW_CALLBACKS = {
    (name, route): view for name, route, view in _walk(get_resolver().url_patterns)
}
UI_VIEWS = sorted(UI_VIEW_CALLBACKS)
#: Caseworker URL names whose `pk` names a case object, by kind: what each view
#: declares (`@serves(Model)`, likvard.core.cases).
UI_CASE_VIEWS = {
    name: kind_of(view.case_model).name
    for (name, _route), view in UI_VIEW_CALLBACKS.items()
    if kind_of(getattr(view, "case_model", None)) is not None
}


def _api_operations():
    client = APIClient()
    client.force_authenticate(factories.user(Role.INSPECTOR))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return sorted(
        (path, method.upper())
        for path, ops in schema["paths"].items()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    )


@pytest.fixture
def world(district_a, district_b, intake_a, intake_b):
    own = build_case(intake_a, factories.CHILD_NUMBERS[0])
    other = build_case(intake_b, factories.CHILD_NUMBERS[1])
    for case, name in ((own, "Egensson"), (other, "Annansson")):
        case.child.last_name = name
        case.child.save(update_fields=["last_name"])
    protected = build_case(intake_a, factories.CHILD_NUMBERS[2])
    child = protected.child
    child.protected_identity, child.address = True, SECRET_ADDRESS
    child.save(update_fields=["protected_identity", "address"])
    factories.guardian(
        child, first_name="Gun", last_name="Vakt", address=SECRET_ADDRESS, protected_identity=True
    )
    return {"own": own, "other": other, "protected": protected}


def _user(role, district):
    central = role in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN)
    return factories.user(role, None if central else district)


def _secrets(case):
    child = case.child
    return [child.last_name, child.personal_number]


def _object(case, kind):
    return {
        "report": case.report,
        "child": case.child,
        "pre_assessment": case.pre_assessment,
        "decision": case.decision,
        "investigation": case.investigation,
        "cosignature_request": case.cosignature_request,
        "journal_entry": case.journal_entry,
        "document": case.document,
        # tests/interventions/builders.add_interventions (called by build_case)
        "intervention_proposal": case.intervention_proposal,
        "intervention_consent": case.intervention_consent,
        "intervention": case.intervention,
        "intervention_follow_up": case.intervention_follow_up,
        "motivation_work": case.motivation_work,
        "lvu_consideration": case.lvu_consideration,
        "lvu_care": case.lvu_care,
        "reporter_notice": case.notice,
    }[kind]


#: The inspectors' pages whose ids name a review (and a case of its sample), not a case
#: of a district: only a holder of `conduct_inspections` opens them, whatever the
#: district of the cases drawn (test_only_inspectors_open_a_review below). Each with a
#: request that would succeed for an inspector.
UI_INSPECTION_VIEWS = {
    "inspection:review": lambda r, c, q: {"action": "double_review", "count": "1"},
    "inspection:edit": lambda r, c, q: {"title": "Ändrad", "population": r.population},
    "inspection:case": lambda r, c, q: {f"q{q.pk}": "yes", f"c{q.pk}": "Ok."},
    "inspection:import": lambda r, c, q: {},
}

#: Views whose id names a district (the cases behind a quality indicator there).
UI_DISTRICT_VIEWS = {"quality:cases": "/kvalitet/protection_same_day/{district}/"}


#: Views whose id names an inspectors' review: its report and the districts' measures
#: (inspection/report_views.py). They name no child; which role reads which review is
#: checked below.
UI_REVIEW_REPORT_VIEWS = {
    "inspection:report": "/granskning/{review}/rapport/",
    "inspection:report_pdf": "/granskning/{review}/rapport.pdf",
    "inspection:report_csv": "/granskning/{review}/rapport.csv",
    "inspection:responses": "/granskning/{review}/atgarder/",
}


def test_every_view_is_in_a_registry():
    names = {name for name, _ in UI_VIEWS}
    unknown = (
        names
        - set(UI_CASE_VIEWS)
        - UI_LIST_VIEWS
        - UI_NO_CASE_DATA
        - set(UI_DISTRICT_VIEWS)
        - set(UI_INSPECTION_VIEWS)
        - set(UI_REVIEW_REPORT_VIEWS)
        - UI_OVERSIGHT_VIEWS
    )
    assert not unknown, f"views with no entry in the permission matrix: {unknown}"
    with_ids = {name for name, route in UI_VIEWS if "<" in route}
    registered = (
        set(UI_CASE_VIEWS)
        | UI_NO_CASE_DATA
        | set(UI_DISTRICT_VIEWS)
        | set(UI_INSPECTION_VIEWS)
        | set(UI_REVIEW_REPORT_VIEWS)
        | UI_OVERSIGHT_VIEWS
    )
    assert with_ids <= registered, with_ids - registered


@pytest.mark.parametrize("role", list(Role))
def test_district_views_list_cases_only_where_the_role_reads_them(
    world, district_a, district_b, role
):
    web = Client()
    web.force_login(_user(role, district_a))
    for name, template in UI_DISTRICT_VIEWS.items():
        for target, district in (("own", district_a), ("other", district_b)):
            response = web.get(template.format(district=district.pk))
            body = response.content.decode()
            may_list = role in READERS_OF_ALL or (role == Role.SUPERVISOR and target == "own")
            if may_list:
                assert response.status_code == 200, (name, role, target)
            else:
                assert response.status_code in (403, 404), (name, role, target)
            case = world["own"] if target == "own" else world["other"]
            if not may_list:
                for secret in _secrets(case):
                    assert secret not in body, (name, role, target)
            assert SECRET_ADDRESS not in body


def _review(world, district, state, inspector):
    """A review of the district, with one case of `world` in its sample, answered."""
    case = world["own"] if district.name == "Järva" else world["other"]
    review = Review.objects.create(
        title=f"Granskning {district.name} {state}",
        population="pre_assessments_not_opened",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        allocation="all",
        seed=1,
        state=state,
        created_by=inspector,
        frozen_at=timezone.now(),
    )
    review.districts.set([district])
    question = review.questions.create(key="child_heard", text="Har barnet hörts?")
    sampled = SampledCase.objects.create(
        review=review, report=case.report, district=district, rank="0"
    )
    Answer.objects.create(sampled_case=sampled, question=question, inspector=inspector, value="yes")
    return review


@pytest.fixture
def reviews(world, district_a, district_b):
    inspector = factories.user(Role.INSPECTOR)
    return {
        "own_completed": _review(world, district_a, "completed", inspector),
        "other_completed": _review(world, district_b, "completed", inspector),
        "own_draft": _review(world, district_a, "in_review", inspector),
    }


@pytest.mark.parametrize("role", list(Role))
def test_review_reports_are_read_by_inspectors_and_the_districts_answering_them(
    world, reviews, district_a, role
):
    """An inspector reads every review's report and follow-up; a supervisor (who answers
    reviews) only a completed one of the own district; no one else any. None names a child."""
    web = Client()
    web.force_login(_user(role, district_a))
    for target, review in reviews.items():
        for name, template in UI_REVIEW_REPORT_VIEWS.items():
            response = web.get(template.format(review=review.pk))
            may_read = role in READERS_OF_ALL or (
                role == Role.SUPERVISOR and target == "own_completed"
            )
            assert response.status_code == (200 if may_read else 404), (name, role, target)
            body = response.content.decode(errors="replace")
            for case in world.values():
                for secret in _secrets(case):
                    assert secret not in body, (name, role, target)
            assert SECRET_ADDRESS not in body


def test_a_valid_answer_to_another_districts_review_changes_nothing(
    reviews, district_a, district_b
):
    """A supervisor of district A sends the measure that succeeds for district B's supervisor
    (the control, after): 404, nothing written."""
    url = f"/granskning/{reviews['other_completed'].pk}/atgarder/"
    body = {
        "action": "respond",
        "measure": "Barnsamtal i varje förhandsbedömning.",
        "due_on": str(local_date(timezone.now()) + datetime.timedelta(days=30)),
    }
    web = Client()
    web.force_login(factories.user(Role.SUPERVISOR, district_a))
    unchanged = Unchanged()
    assert web.post(url, body).status_code == 404
    unchanged.check("respond")
    assert not Response.objects.exists()
    web.force_login(factories.user(Role.SUPERVISOR, district_b))
    assert web.post(url, body).status_code == 302
    assert Response.objects.get().district == district_b


@pytest.fixture
def inspected(district_a, district_b):
    """A review drawn (all cases) over a closed case in each district, as an inspector
    draws it."""
    from likvard.inspection import services as inspection
    from tests.inspection.builders import closed_pre_assessment
    from tests.inspection.conftest import setup

    for district in (district_a, district_b):
        worker = factories.user(Role.INTAKE_WORKER, district)
        closed_pre_assessment(district, worker, datetime.date(2025, 3, 3))
    inspector = factories.user(Role.INSPECTOR)
    review = inspection.create_review(inspector, setup(allocation="all", sample_size=None))
    inspection.draw_sample(inspector, review.pk)
    return review


@pytest.mark.parametrize("role", list(Role))
def test_only_inspectors_open_a_review(inspected, district_a, role):
    """Every role, the case of the own district and of another one: GET and a valid POST."""
    from likvard.inspection.models import Answer

    web = Client()
    web.force_login(_user(role, district_a))
    question = inspected.questions.get(key="child_heard")
    for sampled in inspected.cases.select_related("report__child"):
        for name, body in UI_INSPECTION_VIEWS.items():
            kwargs = {"pk": inspected.pk}
            if name == "inspection:case":
                kwargs["case_pk"] = sampled.pk
            url = reverse(name, kwargs=kwargs)
            before = snapshot()
            answers = Answer.objects.count()
            got = web.get(url)
            posted = web.post(url, body(inspected, sampled, question))
            text = _text(got) + _text(posted)
            if role == Role.INSPECTOR:
                assert got.status_code == 200, (name, role)
                continue
            assert (got.status_code, posted.status_code) == (403, 403), (name, role)
            assert snapshot() == before and Answer.objects.count() == answers, (name, role)
            assert sampled.report.child.last_name not in text, (name, role)


def test_every_api_endpoint_is_in_a_registry(db):
    for path, _method in _api_operations():
        if path in ("/api/schema/", "/api/docs/"):
            continue
        assert any(path.startswith(prefix) for prefix in {*API_KINDS, *API_OVERSIGHT}), path


@pytest.mark.parametrize("role", list(Role))
def test_caseworker_views_leak_nothing(world, district_a, role):
    user = _user(role, district_a)
    web = Client()
    web.force_login(user)
    for name, route in UI_VIEWS:
        if name in UI_CASE_VIEWS:
            kind = UI_CASE_VIEWS[name]
            for target, case in world.items():
                url = "/" + route.replace("<int:pk>", str(_object(case, kind).pk))
                before = snapshot()
                got = web.get(url)
                posted = web.post(url, {})
                body = _text(got) + _text(posted)
                assert snapshot() == before, (name, target)  # an empty POST changes nothing
                may_read = role in READERS_OF_ALL or (role in READERS_OF_OWN and target != "other")
                if may_read:
                    assert got.status_code in (200, 405), (name, role, target, got.status_code)
                else:
                    # A POST-only view answers GET with 405 whatever the id: no leak.
                    status = posted.status_code if got.status_code == 405 else got.status_code
                    assert status in (403, 404), (name, role, target, status)
                    for secret in _secrets(case):
                        assert secret not in body, (name, role, target)
                assert SECRET_ADDRESS not in body, (name, role, target)
        elif name in UI_LIST_VIEWS:
            body = web.get("/" + route).content.decode()
            assert SECRET_ADDRESS not in body, (name, role)
            if role not in READERS_OF_ALL:
                for secret in _secrets(world["other"]):
                    assert secret not in body, (name, role)


@pytest.mark.parametrize("role", list(Role))
def test_api_endpoints_leak_nothing(world, district_a, role):
    user = _user(role, district_a)
    api = APIClient()
    api.force_authenticate(user)
    for path, method in _api_operations():
        if path in ("/api/schema/", "/api/docs/") or path.startswith(tuple(API_OVERSIGHT)):
            continue
        kind = next(k for prefix, k in API_KINDS.items() if path.startswith(prefix))
        targets = world.items() if "{id}" in path else [("list", None)]
        for target, case in targets:
            url = path.replace("{id}", str(_object(case, kind).pk)) if case else path
            before = snapshot()
            response = api.generic(method, url, "{}", content_type="application/json")
            body = _text(response)
            assert snapshot() == before or (method == "POST" and response.status_code < 300), (
                path,
                role,
                target,
            )
            assert SECRET_ADDRESS not in body or path.endswith("protected-contact/"), (path, role)
            if target == "list":
                if role not in READERS_OF_ALL:
                    for secret in _secrets(world["other"]):
                        assert secret not in body, (path, role)
                continue
            may_read = role in READERS_OF_ALL or (role in READERS_OF_OWN and target != "other")
            if not may_read:
                assert response.status_code in (403, 404), (path, method, role, target)
                for secret in _secrets(case):
                    assert secret not in body, (path, role, target)
            elif method == "GET":
                assert response.status_code == 200, (path, role, target, body[:200])


# ---------------------------------------------------------------- valid bodies
#
# An empty POST is refused by the form before scope is ever asked: it proves
# nothing about scoping. Below, every view that changes a case gets form data that
# succeeds on the case (the control test shows it does), sent by the same role of
# another district: it must answer 404 and change nothing.

#: Caseworker views that only show a case; every other view in UI_CASE_VIEWS changes one.
UI_READ_ONLY = {
    "bbic:areas",
    "casework:report",
    "casework:child",
    "casework:investigation",
    "journal:entry",
    "documents:download",
    "notices:preview",
}

WORKER, SUPERVISOR, INVESTIGATOR = Role.INTAKE_WORKER, Role.SUPERVISOR, Role.INVESTIGATOR
ADMIN = Role.ADMIN_STAFF


def _version(obj) -> int:
    """The version as stored now: what the page the user read carried."""
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


def _today() -> str:
    return str(local_date(timezone.now()))


#: url name → (role that may post it, the case attribute its id names or None when
#: the body names the case, form data valid for the case).
UI_WRITES = {
    "casework:protection_assessment": (
        WORKER,
        "new_report",
        lambda c: {
            "version": _version(c.new_report),
            "immediate_protection_needed": "False",
            "assessment": "Inget akut skyddsbehov.",
        },
    ),
    "casework:immediate_step": (
        WORKER,
        "alert_report",
        lambda c: {"kind": "lvu_6", "outcome": "not_needed", "motivation": "Placerad hos mormor."},
    ),
    "casework:child_conversation": (
        WORKER,
        "report",
        lambda c: {"held": "True", "held_on": _today()},
    ),
    "casework:police_consideration": (
        WORKER,
        "report",
        lambda c: {"considered_on": _today(), "outcome": "reported", "motivation": "Våld."},
    ),
    "casework:decision": (
        WORKER,
        "report",
        lambda c: {"version": _version(c.report), "kind": "open_investigation"},
    ),
    "casework:cosign": (
        SUPERVISOR,
        "awaiting_report",
        lambda c: {"request_id": c.cosignature_request.pk, "reason": "Rimligt beslut."},
    ),
    "casework:archive": (
        WORKER,
        "decided_report",
        lambda c: {
            "version": _version(c.decided_report),
            "reason_no_feedback": "Anmälaren har slutat på skolan.",
        },
    ),
    "casework:feedback": (
        WORKER,
        "decided_report",
        lambda c: {"given_on": _today(), "method": "letter"},
    ),
    "casework:reveal_contact": (
        INVESTIGATOR,
        "child",
        lambda c: {"reason": "Kallelse till samtal med vårdnadshavare."},
    ),
    "casework:request_access": (
        WORKER,
        "child",
        lambda c: {"district": c.known_elsewhere.pk, "reason": "Tidigare utredning behövs."},
    ),
    "casework:add_relation": (
        WORKER,
        "child",
        lambda c: {
            "person_role": "guardian",
            "person_custody": "sole",
            "person_first_name": "Eva",
            "person_last_name": "Ek",
        },
    ),
    "casework:end_relation": (WORKER, "child", lambda c: {"relation": c.relation.pk}),
    "casework:link_sibling": (
        WORKER,
        "child",
        lambda c: {"sibling_personal_number": c.sibling.personal_number},
    ),
    "casework:end_sibling": (WORKER, "sibling", lambda c: {"sibling": c.unidentified.pk}),
    "casework:identify_child": (
        WORKER,
        "unidentified",
        lambda c: {"personal_number": factories.SPARE_NUMBERS[0]},
    ),
    # A decision under delegation: the supervisor's by default (organisation.roles).
    "casework:extend_investigation": (
        SUPERVISOR,
        "investigation",
        lambda c: {
            "version": _version(c.investigation),
            "new_due": str(local_date(timezone.now()) + datetime.timedelta(days=150)),
            "reason": "Väntar på utlåtande från BUP.",
        },
    ),
    "casework:complete_investigation": (
        WORKER,
        "investigation",
        lambda c: {
            "version": _version(c.investigation),
            "completed_on": _today(),
            "outcome": "no_intervention",
        },
    ),
    "journal:write": (
        WORKER,
        "report",
        lambda c: {"kind": "meeting", "event_date": _today(), "text": "Möte på skolan."},
    ),
    "journal:correct": (
        WORKER,
        "journal_entry",
        lambda c: {"kind": "phone_call", "event_date": _today(), "text": "Rätt: pappa ringde."},
    ),
    "documents:upload": (
        WORKER,
        "report",
        lambda c: {
            "title": "Polisens blankett",
            "file": SimpleUploadedFile("pm.pdf", PDF_BYTES, "application/pdf"),
        },
    ),
    # Interventions (the sections of the investigation page post here).
    "interventions:propose": (
        WORKER,
        "investigation",
        lambda c: {
            "kind": "contact_person",
            "basis": "voluntary",
            "goal": "En vuxen att prata med.",
            "proposed_on": _today(),
        },
    ),
    "interventions:consent": (
        WORKER,
        "intervention_proposal",
        lambda c: {
            "person": c.guardian.pk,
            "status": "declined",
            "answered_on": _today(),
            "how": "phone",
        },
    ),
    # A decision under delegation (decide_interventions): the supervisor's by default.
    "interventions:decide": (
        SUPERVISOR,
        "intervention_proposal",
        lambda c: {
            "granted": "False",
            "decided_on": _today(),
            "motivation": "Föräldrarna har avböjt insatsen.",
        },
    ),
    "interventions:plan_follow_up": (
        WORKER,
        "intervention",
        lambda c: {"due_on": str(local_date(timezone.now()) + datetime.timedelta(days=31))},
    ),
    "interventions:record_follow_up": (
        WORKER,
        "intervention_follow_up",
        lambda c: {"done_on": _today(), "text": "Insatsen fungerar väl."},
    ),
    "interventions:motivation_work": (
        WORKER,
        "investigation",
        lambda c: {
            "kind": "home_visit",
            "interpreter": "interpreter",
            "worked_on": _today(),
            "outcome": "still_declined",
        },
    ),
    "interventions:lvu": (
        WORKER,
        "investigation",
        lambda c: {
            "home_environment": "on",
            "outcome": "not_applicable",
            "reason": "Föräldrarna tar emot stöd i hemmet.",
            "considered_on": _today(),
        },
    ),
    "interventions:lvu_care": (
        WORKER,
        "investigation",
        lambda c: {"ground": "home_environment", "started_on": _today()},
    ),
    "interventions:reconsider_lvu_care": (
        WORKER,
        "lvu_care",
        lambda c: {"version": _version(c.lvu_care), "reconsidered_on": _today()},
    ),
    "interventions:end_lvu_care": (
        WORKER,
        "lvu_care",
        lambda c: {"version": _version(c.lvu_care), "ended_on": _today(), "reason": "not_needed"},
    ),
    # The BBIC investigation (tests/bbic/helpers.py holds the valid bodies).
    "bbic:plan": (WORKER, "investigation", bbic.plan_body),
    "bbic:save_area": (WORKER, "investigation", bbic.area_body),
    "bbic:meeting": (WORKER, "investigation", bbic.meeting_body),
    "bbic:interpreter_need": (WORKER, "investigation", bbic.interpreter_body),
    "bbic:network_contact": (WORKER, "investigation", bbic.network_body),
    "bbic:communication": (WORKER, "investigation", bbic.communication_body),
    "bbic:communication_response": (
        WORKER,
        "investigation",
        lambda c: {"communication": bbic.shared_material(c), "received": "False"},
    ),
    "bbic:conclusion": (WORKER, "investigation", bbic.conclusion_body),
    "bbic:decision_letter": (WORKER, "investigation", bbic.ready_for_letter),
    # Feedback to reporters (the administrators' queue, likvard.notices).
    "notices:queue": (ADMIN, None, lambda c: {"notice": [c.prepared_notice.pk]}),
    "notices:resend": (ADMIN, "notice", lambda c: {"address": "rektor@ekskolan.example.se"}),
    "notices:undeliverable": (
        ADMIN,
        "sent_notice",
        lambda c: {"undelivered_on": _today(), "bounce": "returned"},
    ),
    "casework:distribute": (
        SUPERVISOR,
        None,
        lambda c: {
            "kind": "report",
            "case": c.report.pk,
            "version": _version(c.report),
            "assigned_to": factories.user(WORKER, c.report.district).pk,
        },
    ),
}


def test_every_view_that_changes_a_case_has_a_valid_body():
    writing = set(UI_CASE_VIEWS) - UI_READ_ONLY
    assert writing <= set(UI_WRITES), writing - set(UI_WRITES)
    assert set(UI_CASE_VIEWS) >= UI_READ_ONLY
    body_addressed = {name for name, (_, attribute, _) in UI_WRITES.items() if attribute is None}
    assert body_addressed <= UI_LIST_VIEWS


def _case_in_b(intake_b, elsewhere_worker, number, protected=False):
    """A case of district B whose child is also known in a third district (so that a
    request for access from B has somewhere to go)."""
    case = build_case(intake_b, number, family=True)
    alerted = factories.report(intake_b, personal_number=number)
    case.alert_report = casework.assess_protection(
        intake_b,
        alerted.pk,
        version=alerted.version,
        immediate_protection_needed=True,
        assessment="Barnet vågar inte gå hem.",
    )
    factories.report(elsewhere_worker, personal_number=number)
    case.known_elsewhere = elsewhere_worker.unit.district
    # Feedback notices to send and to mark as returned (the reporter gave an e-mail).
    admin = factories.user(ADMIN, intake_b.unit.district)
    case.prepared_notice = notice_builders.notice(intake_b, personal_number=number)
    case.sent_notice = notice_builders.sent(admin, intake_b, personal_number=number)
    if protected:
        case.child.protected_identity, case.child.address = True, SECRET_ADDRESS
        case.child.save(update_fields=["protected_identity", "address"])
    return case


@pytest.fixture
def targets(intake_b):
    elsewhere = factories.user(WORKER, factories.district("Norrmalm"))
    return {
        "other": _case_in_b(intake_b, elsewhere, factories.CHILD_NUMBERS[1]),
        "protected": _case_in_b(intake_b, elsewhere, factories.CHILD_NUMBERS[3], protected=True),
    }


def _post(name, case, user):
    """A signed-in client, the view's URL for `case` and the valid form data for it."""
    _role, attribute, body = UI_WRITES[name]
    web = Client()
    web.force_login(user)
    url = reverse(name, kwargs={"pk": getattr(case, attribute).pk}) if attribute else reverse(name)
    return web, url, body(case)


@pytest.mark.parametrize("target", ["other", "protected"])
@pytest.mark.parametrize("name", sorted(UI_WRITES))
def test_a_valid_post_to_another_districts_case_changes_nothing(targets, district_a, name, target):
    """The same role of district A sends what would succeed in district B: 404, not one
    row changed, nothing logged but the denial."""
    role = UI_WRITES[name][0]
    web, url, data = _post(name, targets[target], factories.user(role, district_a))
    unchanged = Unchanged()
    response = web.post(url, data)
    assert response.status_code == 404, (name, target, response.status_code)
    unchanged.check((name, target))
    assert SECRET_ADDRESS not in response.content.decode()


@pytest.mark.parametrize("name", sorted(UI_WRITES))
def test_the_same_post_succeeds_in_the_own_district(targets, district_b, name):
    """The control for the test above: the body is valid, so the 404 came from scope."""
    role = UI_WRITES[name][0]
    web, url, data = _post(name, targets["other"], factories.user(role, district_b))
    unchanged = Unchanged()
    response = web.post(url, data)
    assert response.status_code in (200, 302), (name, response.status_code)
    wrote = unchanged.changed() or set(unchanged.new_entries()) - {"denied"}
    assert wrote, f"{name}: answered {response.status_code} but wrote nothing"


# ---------------------------------------------------------------- search
#
# The list views above are opened without a search text; the search itself is asked
# for every secret of the other district's and the protected case, in the UI and the
# API: a role sees a child it may not read only as a count in another district.


@pytest.mark.parametrize("role", list(Role))
def test_a_search_finds_only_what_the_role_reads(world, district_a, role):
    web = Client()
    web.force_login(_user(role, district_a))
    api = APIClient()
    api.force_authenticate(_user(role, district_a))
    may_search = role in READERS_OF_OWN
    for target, case in world.items():
        for text in (case.child.personal_number, case.child.last_name, str(case.report.pk)):
            page = web.get("/sok/", {"q": text})
            answer = api.get("/api/search/", {"q": text})
            # The page shows the text searched for in its box; nothing else may name it.
            body = page.content.decode().replace(f'value="{text}"', "") + answer.content.decode()
            assert SECRET_ADDRESS not in body, (role, target, text)
            if not may_search:
                assert page.status_code == 403 and answer.status_code == 403, (role, target)
                continue
            assert page.status_code == answer.status_code == 200, (role, target, text)
            found = f'href="/barn/{case.child.pk}/"' in page.content.decode()
            may_read = role in READERS_OF_ALL or target != "other"
            assert found == may_read or text == str(case.report.pk), (role, target, text)
            if not may_read:
                for secret in _secrets(case):
                    assert secret not in body, (role, target, text)


#: Who may decide an extension of an investigation in the own district: the roles whose
#: group holds the delegation `extend_investigations` by default.
EXTENSION_DELEGATION = {Role.SUPERVISOR}


@pytest.mark.parametrize("role", list(Role))
def test_only_the_delegation_extends_an_investigation_in_the_own_district(
    targets, district_b, role
):
    """The valid extension of `UI_WRITES`, posted in district B by each role of district B:
    only a holder of the delegation changes anything; a caseworker without it gets 403,
    anyone who may not change the case 404, and nothing is written but the denial."""
    web, url, data = _post(
        "casework:extend_investigation", targets["other"], factories.user(role, district_b)
    )
    unchanged = Unchanged()
    response = web.post(url, data)
    if role in EXTENSION_DELEGATION:
        assert response.status_code == 302, (role, response.status_code)
        return
    writes_cases = role in {
        Role.INTAKE_WORKER,
        Role.INVESTIGATOR,
        Role.INTERVENTION_WORKER,
        Role.ADMIN_STAFF,
    }
    assert response.status_code == (403 if writes_cases else 404), (role, response.status_code)
    unchanged.check(role)
