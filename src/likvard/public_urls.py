"""The public e-service's URL set (likvard.settings.public): the report form, its
receipt and the language switch. No staff page, no API, no admin, no sign-in."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("likvard.intake.urls")),
    path("sprak/", set_language, name="set_language"),
]

# Error pages of the public host's own (the staff ones link to staff pages).
handler400 = "likvard.intake.views.bad_request"
handler403 = "likvard.intake.views.forbidden"
handler404 = "likvard.intake.views.not_found"
handler500 = "likvard.intake.views.server_error"
