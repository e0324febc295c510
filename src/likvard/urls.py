"""Top-level URLs: sign-in, the caseworker UI, the API with its schema, the admin."""

from django.contrib import admin
from django.urls import include, path

from likvard.start import start

urlpatterns = [
    path("", start, name="start"),
    path("", include("likvard.access.auth.urls")),
    path("", include("likvard.casework.urls")),
    path("", include("likvard.journal.urls")),
    path("", include("likvard.documents.urls")),
    path("", include("likvard.interventions.urls")),
    path("", include("likvard.notices.urls")),
    path("", include("likvard.bbic.urls")),
    path("", include("likvard.access.urls")),
    path("", include("likvard.logreview.urls")),
    path("", include("likvard.quality.urls")),
    path("", include("likvard.search.urls")),
    path("api/", include("likvard.api.urls")),
    path("admin/", admin.site.urls),
]
