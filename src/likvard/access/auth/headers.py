"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP of its own. The policy (settings.LIKVARD_CSP) allows
scripts, styles and images from this origin only (images also as data: URIs),
no framing and no form posts elsewhere; so pages must not carry inline scripts,
inline styles or style attributes. A response that sets its own header keeps it.
The other headers come from Django's settings: Referrer-Policy and nosniff from
SecurityMiddleware, X-Frame-Options from XFrameOptionsMiddleware.
"""

from django.conf import settings


def content_security_policy() -> str:
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in settings.LIKVARD_CSP.items()
    )


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in settings.LIKVARD_PERMISSIONS_POLICY_DENY)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        return response
