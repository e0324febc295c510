"""The API under /api/: every app's resources by one router, the OpenAPI schema and its docs.

Each app owns its API (`casework/api/`); this module only routes them. It is the one
module of `likvard.api` that imports the apps (an exception written into the layer
contract in pyproject.toml); the rest of the package is the plumbing they share.
"""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from likvard.bbic.api import views as bbic
from likvard.casework.api import assignment, views
from likvard.documents.api.views import DocumentViewSet
from likvard.intake.api.views import IntakeReports
from likvard.interventions.api import views as interventions
from likvard.journal.api.views import JournalEntryViewSet
from likvard.oversight.api import views as oversight
from likvard.people.api import views as people
from likvard.search.api import views as search

from . import docs
from .viewsets import unknown_path

router = SimpleRouter(use_regex_path=False)
router.register("reports", views.ReportViewSet, basename="api-report")
router.register("children", views.ChildViewSet, basename="api-child")
router.register("pre-assessments", views.PreAssessmentViewSet, basename="api-pre-assessment")
router.register("decisions", views.DecisionViewSet, basename="api-decision")
router.register("investigations", views.InvestigationViewSet, basename="api-investigation")
router.register(
    "cosignature-requests", views.CoSignatureRequestViewSet, basename="api-cosignature-request"
)
# The assign action of each (casework/api/assignment.py), beside the resource's own routes.
router.register("reports", assignment.ReportAssignmentViewSet, basename="api-report-assignment")
router.register(
    "investigations",
    assignment.InvestigationAssignmentViewSet,
    basename="api-investigation-assignment",
)
# The BBIC investigation (bbic/api/), each part under its investigation's id.
for viewset, basename in (
    (bbic.PlanViewSet, "api-bbic-plan"),
    (bbic.AreaViewSet, "api-bbic-areas"),
    (bbic.MeetingViewSet, "api-bbic-meetings"),
    (bbic.InterpreterNeedViewSet, "api-bbic-interpreter-needs"),
    (bbic.NetworkContactViewSet, "api-bbic-network-contacts"),
    (bbic.CommunicationViewSet, "api-bbic-communications"),
    (bbic.ConclusionViewSet, "api-bbic-conclusion"),
):
    router.register("investigations", viewset, basename=basename)
router.register("journal-entries", JournalEntryViewSet, basename="api-journal-entry")
router.register("documents", DocumentViewSet, basename="api-document")

# The child's family (people/api/): guardians, household, siblings, identification.
router.register("children", people.FamilyViewSet, basename="api-child-family")

router.register("search", search.SearchViewSet, basename="api-search")

# Interventions (interventions/api/): proposals with consent and decision, follow-ups,
# motivation work, LVU considerations and care.
for prefix, viewset, basename in (
    ("intervention-proposals", interventions.ProposalViewSet, "api-intervention-proposal"),
    ("intervention-consents", interventions.ConsentViewSet, "api-intervention-consent"),
    ("interventions", interventions.InterventionViewSet, "api-intervention"),
    ("intervention-follow-ups", interventions.FollowUpViewSet, "api-intervention-follow-up"),
    ("motivation-work", interventions.MotivationWorkViewSet, "api-motivation-work"),
    ("lvu-considerations", interventions.LvuConsiderationViewSet, "api-lvu-consideration"),
    ("lvu-care", interventions.LvuCareViewSet, "api-lvu-care"),
):
    router.register(prefix, viewset, basename=basename)

# The oversight register (oversight/api.py): its matters name no child, so they are no
# case kind and are routed apart from `router`, whose every view set names one.
register_router = SimpleRouter(use_regex_path=False)
register_router.register(
    "oversight-matters", oversight.MatterViewSet, basename="api-oversight-matter"
)
register_router.register(
    "oversight-measures", oversight.MeasureViewSet, basename="api-oversight-measure"
)

urlpatterns = [
    path("schema/", docs.schema, name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
    # The e-service's door into intake: new reports only, its own credential.
    path("intake/reports/", IntakeReports.as_view(), name="api-intake-reports"),
    *router.urls,
    *register_router.urls,
    re_path(r"^", unknown_path),
]
