"""Only the reporter's pages speak the reporter's language; staff pages are Swedish.

Django's LocaleMiddleware picks the language from the browser (Accept-Language) or the
language switch's cookie for every page. The e-service has an English catalog, and its
strings ("Ja", "Annat", "Vårdnadshavare", "Det finns problem att rätta" …) are also
staff pages' strings: a caseworker whose browser asks for English got a page half in
English. Staff pages have no English catalog and are written in Swedish (ADR 0001), so
they are drawn in the project's language whatever the browser asks.
"""

from functools import cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import get_urlconf, reverse
from django.utils import translation


@cache
def _reporter_paths(urlconf) -> tuple[str, ...]:
    """Where the reporter's pages start in this URL set: the form and the language switch
    (everything on the public host, whose form is at its root)."""
    return (
        reverse("intake:report", urlconf=urlconf),
        reverse("set_language", urlconf=urlconf),
    )


class ReporterLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        urlconf = getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF
        if request.path_info.startswith(_reporter_paths(urlconf)):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None
