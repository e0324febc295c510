"""The public e-service's URL set (likvard.settings.public): the report form, its
receipt and the language switch. No staff page, no API, no admin, no sign-in."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("likvard.intake.urls")),
    path("sprak/", set_language, name="set_language"),
]
