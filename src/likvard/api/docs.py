"""The OpenAPI schema and its Swagger UI: for signed-in users only.

The schema is not case data, but it maps every endpoint and refusal of a system
holding secret data (OSL 26:1): there is no reason to show it to the internet.
An anonymous request for the docs page is sent to sign in like any page; the
schema answers 403 with the API's error body.
"""

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class SchemaView(SpectacularAPIView):
    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from this origin (the CSP forbids inline scripts: the split view).

    The page is our own template: `<html lang="sv">` and a style sheet that gives
    Swagger UI's labels enough contrast (WCAG 2.1 AA, checked with axe). OPTIONS
    answers 405: the page has no metadata to describe, and its HTML renderer has
    none to render.
    """

    permission_classes = [IsAuthenticated]
    template_name = "api/docs.html"
    metadata_class = None


schema = SchemaView.as_view()
docs = login_required(DocsView.as_view(url_name="api-schema"))
