"""The API under /api/: resources by router, the OpenAPI schema and its docs."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import assignment, docs, views

router = SimpleRouter(use_regex_path=False)
router.register("reports", views.ReportViewSet, basename="api-report")
router.register("children", views.ChildViewSet, basename="api-child")
router.register("pre-assessments", views.PreAssessmentViewSet, basename="api-pre-assessment")
router.register("decisions", views.DecisionViewSet, basename="api-decision")
router.register("investigations", views.InvestigationViewSet, basename="api-investigation")
router.register(
    "cosignature-requests", views.CoSignatureRequestViewSet, basename="api-cosignature-request"
)
# The assign action of each (api/assignment.py), beside the resource's own routes.
router.register("reports", assignment.ReportAssignmentViewSet, basename="api-report-assignment")
router.register(
    "investigations",
    assignment.InvestigationAssignmentViewSet,
    basename="api-investigation-assignment",
)

urlpatterns = [
    path("schema/", docs.schema, name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
    *router.urls,
    re_path(r"^", views.unknown_path),
]
