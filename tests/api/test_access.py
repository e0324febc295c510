"""Who reaches what: one table of every endpoint, checked for every role.

Every endpoint of the API is in READS or WRITES below, and a test here fails
when the router has an endpoint the table lacks, so no endpoint ships without
its cross-district and role checks.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from likvard.access.models import AuditEntry
from likvard.api.urls import router
from likvard.organisation.models import Role
from tests import factories
from tests.bbic import helpers as bbic
from tests.snapshots import Unchanged

from .helpers import PDF_BYTES, build_case, cosign_proposal, error_code, report_payload

pytestmark = pytest.mark.django_db

#: GET endpoints: (name, path with {placeholders} naming attributes of a case).
READS = [
    ("report list", "/api/reports/"),
    ("report", "/api/reports/{report}/"),
    ("child list", "/api/children/"),
    ("child", "/api/children/{child}/"),
    ("pre-assessment", "/api/pre-assessments/{pre_assessment}/"),
    ("decision list", "/api/decisions/"),
    ("decision", "/api/decisions/{decision}/"),
    ("investigation list", "/api/investigations/"),
    ("investigation", "/api/investigations/{investigation}/"),
    ("rule evaluations", "/api/reports/{decided_report}/rule-evaluations/"),
    ("closing rule evaluations", "/api/investigations/{investigation}/rule-evaluations/"),
    ("family", "/api/children/{child}/family/"),
    ("co-signature request list", "/api/cosignature-requests/"),
    ("journal", "/api/journal-entries/"),
    ("journal entry", "/api/journal-entries/{journal_entry}/"),
    ("document list", "/api/documents/"),
    ("document", "/api/documents/{document}/"),
    ("document download", "/api/documents/{document}/content/"),
    ("intervention proposal list", "/api/intervention-proposals/"),
    ("intervention proposal", "/api/intervention-proposals/{intervention_proposal}/"),
    ("consent list", "/api/intervention-consents/"),
    ("consent", "/api/intervention-consents/{intervention_consent}/"),
    ("intervention list", "/api/interventions/"),
    ("intervention", "/api/interventions/{intervention}/"),
    ("follow-up list", "/api/intervention-follow-ups/"),
    ("follow-up", "/api/intervention-follow-ups/{intervention_follow_up}/"),
    ("motivation work list", "/api/motivation-work/"),
    ("motivation work", "/api/motivation-work/{motivation_work}/"),
    ("LVU consideration list", "/api/lvu-considerations/"),
    ("LVU consideration", "/api/lvu-considerations/{lvu_consideration}/"),
    ("LVU care list", "/api/lvu-care/"),
    ("LVU care", "/api/lvu-care/{lvu_care}/"),
    # The BBIC investigation (bbic/api/), every part under the investigation's id.
    ("bbic plan", "/api/investigations/{investigation}/plan/"),
    ("bbic areas", "/api/investigations/{investigation}/bbic-areas/"),
    ("bbic meetings", "/api/investigations/{investigation}/meetings/"),
    ("bbic interpreter needs", "/api/investigations/{investigation}/interpreter-needs/"),
    ("bbic network contacts", "/api/investigations/{investigation}/network-contacts/"),
    ("bbic communications", "/api/investigations/{investigation}/communications/"),
    ("bbic conclusion", "/api/investigations/{investigation}/conclusion/"),
]
PLACEHOLDER = re.compile(r"\{\w+\}")
DETAIL_READS = [(name, path) for name, path in READS if "{" in path]

WORKER, SUPERVISOR, INVESTIGATOR = Role.INTAKE_WORKER, Role.SUPERVISOR, Role.INVESTIGATOR


def _version(obj) -> int:
    """The object's version as stored now (the body a client would send after reading it)."""
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


def _handler(case, role) -> int:
    """A worker of the case's district whose role handles it: a valid `assigned_to`."""
    return factories.user(role, case.report.district).pk


def _writes(today: datetime.date):
    """Every POST endpoint: (name, path, role that may call it, body(case)).

    The body is valid for `case`: sent by `role` of the case's district it succeeds
    (test_the_same_write_succeeds_in_the_own_district). It carries the version of
    the object as stored now, so a refusal elsewhere comes from scope, not from a
    missing or stale version.
    """
    return [
        ("register", "/api/reports/", WORKER, lambda c: report_payload()),
        (
            "protection assessment",
            "/api/reports/{new_report}/protection-assessment/",
            WORKER,
            lambda c: {
                "version": _version(c.new_report),
                "immediate_protection_needed": False,
                "assessment": "Inget akut skyddsbehov.",
            },
        ),
        (
            "child conversation",
            "/api/reports/{report}/child-conversations/",
            WORKER,
            lambda c: {"held": True, "held_on": str(today)},
        ),
        (
            "police consideration",
            "/api/reports/{report}/police-report-considerations/",
            WORKER,
            lambda c: {"considered_on": str(today), "outcome": "reported", "motivation": "Våld."},
        ),
        (
            "feedback",
            "/api/reports/{decided_report}/feedback/",
            WORKER,
            lambda c: {"given_on": str(today), "method": "letter"},
        ),
        (
            "decision",
            "/api/pre-assessments/{pre_assessment}/decision/",
            WORKER,
            lambda c: {"version": _version(c.report), "kind": "open_investigation"},
        ),
        (
            "co-signature request",
            "/api/pre-assessments/{awaiting_pre_assessment}/cosignature-request/",
            WORKER,
            lambda c: {"version": _version(c.awaiting_report), **cosign_proposal()},
        ),
        (
            "archive",
            "/api/reports/{decided_report}/archive/",
            WORKER,
            lambda c: {
                "version": _version(c.decided_report),
                "reason_no_feedback": "Anmälaren har slutat på skolan.",
            },
        ),
        (
            "extension",
            "/api/investigations/{investigation}/extend/",
            SUPERVISOR,
            lambda c: {
                "version": _version(c.investigation),
                "new_due": str(today + datetime.timedelta(days=150)),
                "reason": "Väntar på utlåtande från BUP.",
            },
        ),
        (
            "completion",
            "/api/investigations/{investigation}/complete/",
            WORKER,
            lambda c: {
                "version": _version(c.investigation),
                "completed_on": str(today),
                "outcome": "no_intervention",
            },
        ),
        (
            "co-sign",
            "/api/reports/{awaiting_report}/cosign/",
            SUPERVISOR,
            lambda c: {"request_id": c.cosignature_request.pk, "reason": "Rimligt beslut."},
        ),
        (
            "return to the worker",
            "/api/reports/{awaiting_report}/return-decision/",
            SUPERVISOR,
            lambda c: {"request_id": c.cosignature_request.pk, "reason": "Hör barnet först."},
        ),
        (
            "protected contact",
            "/api/children/{child}/protected-contact/",
            INVESTIGATOR,
            lambda c: {"reason": "Kallelse till samtal med vårdnadshavare."},
        ),
        (
            "add a guardian",
            "/api/children/{child}/relations/",
            WORKER,
            lambda c: {"first_name": "Eva", "last_name": "Ek", "custody": "sole"},
        ),
        (
            "end a relation",
            "/api/children/{child}/end-relation/",
            WORKER,
            lambda c: {"relation": c.relation.pk},
        ),
        (
            "link a sibling",
            "/api/children/{child}/siblings/",
            WORKER,
            lambda c: {"sibling": c.sibling.pk},
        ),
        (
            "end a sibling link",
            "/api/children/{sibling}/end-sibling/",
            WORKER,
            lambda c: {"sibling": c.unidentified.pk},
        ),
        (
            "identify a child",
            "/api/children/{unidentified}/identify/",
            WORKER,
            lambda c: {"personal_number": factories.SPARE_NUMBERS[0]},
        ),
        (
            "journal entry",
            "/api/journal-entries/",
            WORKER,
            lambda c: {
                "report": c.report.pk,
                "kind": "home_visit",
                "event_date": str(today),
                "text": "Hembesök, familjen hemma.",
            },
        ),
        (
            "journal correction",
            "/api/journal-entries/{journal_entry}/correct/",
            WORKER,
            lambda c: {"kind": "note", "event_date": str(today), "text": "Rättelse: fel datum."},
        ),
        (
            "document upload",
            "/api/documents/",
            WORKER,
            lambda c: {
                "report": c.report.pk,
                "title": "Polisens blankett",
                "file": SimpleUploadedFile("pm.pdf", PDF_BYTES, "application/pdf"),
            },
        ),
        (
            "assign a report",
            "/api/reports/{report}/assign/",
            SUPERVISOR,
            lambda c: {"version": _version(c.report), "assigned_to": _handler(c, WORKER)},
        ),
        (
            "assign an investigation",
            "/api/investigations/{investigation}/assign/",
            SUPERVISOR,
            lambda c: {
                "version": _version(c.investigation),
                "assigned_to": _handler(c, INVESTIGATOR),
            },
        ),
        *_intervention_writes(today),
        *_bbic_writes(),
    ]


def _intervention_writes(today: datetime.date):
    """The interventions endpoints (tests/interventions/builders.add_interventions made
    the rows): the decision under the supervisor's delegation, the rest by a worker."""
    later = today + datetime.timedelta(days=31)
    return [
        (
            "propose an intervention",
            "/api/intervention-proposals/",
            WORKER,
            lambda c: {
                "investigation": c.investigation.pk,
                "kind": "contact_person",
                "basis": "voluntary",
                "goal": "En vuxen att prata med.",
                "proposed_on": str(today),
            },
        ),
        (
            "record a consent",
            "/api/intervention-proposals/{intervention_proposal}/consents/",
            WORKER,
            lambda c: {
                "person": c.guardian.pk,
                "status": "declined",
                "answered_on": str(today),
                "how": "phone",
            },
        ),
        (
            "decide an intervention",
            "/api/intervention-proposals/{intervention_proposal}/decide/",
            SUPERVISOR,
            lambda c: {
                "granted": False,
                "decided_on": str(today),
                "motivation": "Föräldrarna har avböjt insatsen.",
            },
        ),
        (
            "plan a follow-up",
            "/api/interventions/{intervention}/follow-ups/",
            WORKER,
            lambda c: {"due_on": str(later)},
        ),
        (
            "record a follow-up",
            "/api/intervention-follow-ups/{intervention_follow_up}/record/",
            WORKER,
            lambda c: {"done_on": str(today), "text": "Insatsen fungerar väl."},
        ),
        (
            "record motivation work",
            "/api/motivation-work/",
            WORKER,
            lambda c: {
                "investigation": c.investigation.pk,
                "kind": "meeting",
                "interpreter": "cultural_interpreter",
                "worked_on": str(today),
                "outcome": "partly",
            },
        ),
        (
            "record an LVU consideration",
            "/api/lvu-considerations/",
            WORKER,
            lambda c: {
                "investigation": c.investigation.pk,
                "own_behaviour": True,
                "outcome": "court_application",
                "considered_on": str(today),
            },
        ),
        (
            "register LVU care",
            "/api/lvu-care/",
            WORKER,
            lambda c: {
                "investigation": c.investigation.pk,
                "ground": "own_behaviour",
                "started_on": str(today),
            },
        ),
        (
            "reconsider LVU care",
            "/api/lvu-care/{lvu_care}/reconsider/",
            WORKER,
            lambda c: {"version": _version(c.lvu_care), "reconsidered_on": str(today)},
        ),
        (
            "end LVU care",
            "/api/lvu-care/{lvu_care}/end/",
            WORKER,
            lambda c: {
                "version": _version(c.lvu_care),
                "ended_on": str(today),
                "reason": "not_needed",
            },
        ),
    ]


def _bbic_writes():
    """The BBIC investigation's writes (tests/bbic/helpers.py holds the valid bodies)."""
    base = "/api/investigations/{investigation}"
    return [
        ("bbic plan", f"{base}/plan/", WORKER, bbic.plan_body),
        ("bbic area", f"{base}/bbic-areas/", WORKER, bbic.area_body),
        ("bbic meeting", f"{base}/meetings/", WORKER, bbic.meeting_body),
        ("bbic interpreter need", f"{base}/interpreter-needs/", WORKER, bbic.interpreter_body),
        ("bbic network contact", f"{base}/network-contacts/", WORKER, bbic.network_body),
        ("bbic communication", f"{base}/communications/", WORKER, bbic.communication_body),
        (
            "bbic communication response",
            f"{base}/communication-responses/",
            WORKER,
            lambda c: {"communication": bbic.shared_material(c), "received": False},
        ),
        ("bbic conclusion", f"{base}/conclusion/", WORKER, bbic.conclusion_body),
        ("bbic decision letter", f"{base}/decision-letter/", WORKER, bbic.ready_for_letter),
    ]


WRITE_NAMES = [name for name, *_ in _writes(datetime.date(2026, 1, 1))]
DETAIL_WRITE_NAMES = [n for n in WRITE_NAMES if n != "register"]


def _write(name: str, today):
    return next((path, role, body) for n, path, role, body in _writes(today) if n == name)


def _format(payload: dict) -> str:
    """A body with a file goes as multipart (an upload), every other as JSON."""
    return "multipart" if any(hasattr(v, "read") for v in payload.values()) else "json"


def _url(path: str, case) -> str:
    return path.format(**{key: getattr(case, key).pk for key in vars(case)})


def test_the_table_covers_every_endpoint_of_the_router():
    routed = {"/api/" + str(url.pattern).replace("<int:pk>", "{}") for url in router.urls}
    # The search asks for a text, not an id: every role × own, other district and
    # protected case is tested by tests/test_permission_matrix.py (search section).
    routed.discard("/api/search/")
    writes = _writes(datetime.date(2026, 1, 1))
    tabled = [path for _, path in READS] + [path for _, path, *_ in writes]
    assert routed == {PLACEHOLDER.sub("{}", p) for p in tabled}


@pytest.mark.parametrize(("name", "path"), DETAIL_READS)
def test_another_districts_id_reads_as_not_found(client_for, intake_a, case_a, case_b, name, path):
    reads_before = AuditEntry.objects.filter(action=AuditEntry.Action.READ).count()
    response = client_for(intake_a).get(_url(path, case_b))
    assert response.status_code == 404, name
    assert error_code(response) == "not_found"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ).count() == reads_before
    # The attempt is logged for the other district's log review, naming their child.
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (denied.actor_id, denied.child_id) == (intake_a.pk, case_b.report.child_id)


@pytest.mark.parametrize(("name", "path"), DETAIL_READS)
def test_a_nonexistent_id_reads_as_not_found(client_for, intake_a, case_a, name, path):
    response = client_for(intake_a).get(PLACEHOLDER.sub("987654", path))
    assert response.status_code == 404, name
    assert error_code(response) == "not_found"


@pytest.fixture
def case_a(intake_a):
    """conftest's case, with the family the family endpoints' bodies name."""
    return build_case(intake_a, factories.CHILD_NUMBERS[0], family=True)


@pytest.fixture
def case_b(intake_b):
    return build_case(intake_b, factories.CHILD_NUMBERS[1], family=True)


@pytest.fixture
def protected_b(intake_b):
    """Another case in district B whose child has protected identity."""
    case = build_case(intake_b, factories.CHILD_NUMBERS[3], family=True)
    case.child.protected_identity, case.child.address = True, "Lönnvägen 13, 111 22 Stockholm"
    case.child.save(update_fields=["protected_identity", "address"])
    return case


@pytest.mark.parametrize("target", ["case_b", "protected_b"])
@pytest.mark.parametrize("name", DETAIL_WRITE_NAMES)
def test_another_districts_id_cannot_be_written(
    request, client_for, district_a, case_a, today, name, target
):
    """A body that would succeed on the case, sent by the same role of another district:
    404, and not one row changed, nothing logged but the denial."""
    case = request.getfixturevalue(target)
    path, role, body = _write(name, today)
    api, payload = client_for(factories.user(role, district_a)), body(case)
    unchanged = Unchanged()
    response = api.post(_url(path, case), payload, format=_format(payload))
    assert response.status_code == 404, (name, response.content)
    assert error_code(response) == "not_found"
    unchanged.check(name)


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_the_same_write_succeeds_in_the_own_district(client_for, district_b, case_b, today, name):
    """The control for the test above: the 404 comes from scope, not from the body."""
    path, role, body = _write(name, today)
    payload = body(case_b)
    response = client_for(factories.user(role, district_b)).post(
        _url(path, case_b), payload, format=_format(payload)
    )
    assert response.status_code in (200, 201), (name, response.content)


@pytest.mark.parametrize(("name", "path"), READS)
def test_an_inspector_reads_every_district(client_for, inspector, case_a, case_b, name, path):
    api = client_for(inspector)
    for case in (case_a, case_b):
        response = api.get(_url(path, case))
        assert response.status_code == 200, name


def test_an_inspector_sees_each_district_in_full(client_for, inspector, case_a, case_b):
    listed = client_for(inspector).get("/api/reports/").json()
    districts = {row["district"]["id"] for row in listed["results"]}
    assert districts == {case_a.report.district_id, case_b.report.district_id}


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_an_inspector_writes_nothing(client_for, inspector, case_a, today, name):
    path, _role, body = _write(name, today)
    payload = body(case_a)
    unchanged = Unchanged()
    response = client_for(inspector).post(_url(path, case_a), payload, format=_format(payload))
    assert response.status_code == 403, name
    assert error_code(response) == "forbidden"
    unchanged.check(name)


@pytest.mark.parametrize(("name", "path"), READS)
def test_an_analyst_reads_no_case(client_for, analyst, case_a, name, path):
    response = client_for(analyst).get(_url(path, case_a))
    assert response.status_code == 403, name
    assert error_code(response) == "forbidden"


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_an_analyst_writes_nothing(client_for, analyst, case_a, today, name):
    path, _role, body = _write(name, today)
    payload = body(case_a)
    unchanged = Unchanged()
    response = client_for(analyst).post(_url(path, case_a), payload, format=_format(payload))
    assert response.status_code == 403, name
    unchanged.check(name)


@pytest.mark.parametrize(("name", "path"), READS)
def test_no_case_without_signing_in(client_for, case_a, name, path):
    response = client_for(None).get(_url(path, case_a))
    assert response.status_code in (401, 403), name
    assert error_code(response) == "not_authenticated"


@pytest.mark.parametrize(("name", "path"), [r for r in READS if "{" not in r[1]])
def test_lists_hold_nothing_from_another_district(client_for, intake_a, case_a, case_b, name, path):
    body = client_for(intake_a).get(path).json()
    assert len(body["results"]) >= 1, name
    foreign_children = {case_b.child.pk}
    for row in body["results"]:
        if "child" not in row and not path.startswith("/api/children/"):
            continue  # a row without its child (a consent): its id is no child's
        child_id = row["child"]["id"] if "child" in row else row["id"]
        assert child_id not in foreign_children, name
