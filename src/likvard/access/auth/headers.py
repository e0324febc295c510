"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP of its own. The policy (settings.LIKVARD_CSP) allows
scripts, styles and images from this origin only (images also as data: URIs),
no framing and no form posts elsewhere; so pages must not carry inline scripts,
inline styles or style attributes. A response that sets its own header keeps it.
The other headers come from Django's settings: Referrer-Policy and nosniff from
SecurityMiddleware, X-Frame-Options from XFrameOptionsMiddleware.

Every answer to a signed-in user says `Cache-Control: no-store` (and the HTTP/1.0
`Pragma: no-cache`): case pages, API answers and CSV exports hold secret data
(OSL 26:1), which must not stay in the browser's cache on a shared computer or in
a proxy. Deciding by the user, not by a list of views, means a new view cannot be
forgotten. Static files are served before sign-in is looked at and stay cacheable.
"""

from django.conf import settings


def content_security_policy() -> str:
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in settings.LIKVARD_CSP.items()
    )


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in settings.LIKVARD_PERMISSIONS_POLICY_DENY)


def forbid_storing(response) -> None:
    """Tell browsers and proxies to keep no copy; a stricter header already set stays."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        # request.user is set by the authentication middleware (or DRF's
        # authentication) further in; static files never get that far.
        if getattr(getattr(request, "user", None), "is_authenticated", False):
            forbid_storing(response)
        return response
