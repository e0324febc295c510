"""Top-level URLs: sign-in, the caseworker UI, the e-service, the API with its schema, the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from likvard.start import start

urlpatterns = [
    path("", start, name="start"),
    path("", include("likvard.access.auth.urls")),
    path("", include("likvard.casework.urls")),
    path("", include("likvard.journal.urls")),
    path("", include("likvard.documents.urls")),
    path("", include("likvard.interventions.urls")),
    path("", include("likvard.partners.urls")),
    path("", include("likvard.notices.urls")),
    path("", include("likvard.bbic.urls")),
    path("", include("likvard.access.urls")),
    path("", include("likvard.logreview.urls")),
    path("", include("likvard.quality.urls")),
    path("granskning/", include("likvard.inspection.urls")),
    path("", include("likvard.search.urls")),
    path("", include("likvard.intake.routing_urls")),
    # The public e-service, in the same process in the demo (on its own host:
    # likvard.settings.public with likvard.public_urls).
    path("e-tjanst/", include("likvard.intake.urls")),
    path("sprak/", set_language, name="set_language"),
    path("", include("likvard.oversight.urls")),
    path("api/", include("likvard.api.urls")),
    path("admin/", admin.site.urls),
]
