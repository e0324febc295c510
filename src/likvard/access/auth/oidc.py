"""OpenID Connect sign-in (the municipality's identity provider) for existing staff.

Roles and districts decide what a person may read, and only an administrator
assigns them; so the provider's sign-in is matched to an existing, active account
and never creates one. Which claim identifies the person is configured
(LIKVARD_OIDC_MATCH_CLAIM: `email`, the default, matches the e-mail address; any
other claim, e.g. `preferred_username` or `upn`, matches the username).
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import lockout


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the provider's callback signs in here; never a password form that
        # happens to carry `code` and `state` in its query string.
        if request is None or request.path != reverse("oidc_authentication_callback"):
            return None
        return super().authenticate(request, **kwargs)

    @staticmethod
    def match_claim() -> str:
        return settings.LIKVARD_OIDC_MATCH_CLAIM

    def verify_claims(self, claims) -> bool:
        value = claims.get(self.match_claim())
        if not isinstance(value, str) or not value.strip():
            return False
        # A provider that says the address is unverified does not identify anyone by it.
        return not (self.match_claim() == "email" and claims.get("email_verified") is False)

    def filter_users_by_claims(self, claims):
        value = claims.get(self.match_claim())
        staff = self.UserModel.objects.filter(is_active=True).exclude(role="")
        if not isinstance(value, str) or not value.strip():
            return staff.none()
        if self.match_claim() == "email":
            return staff.filter(email__iexact=value.strip())
        return staff.filter(username=value.strip())

    def create_user(self, claims):
        raise SuspiciousOperation("Likvärd never creates accounts from OpenID Connect")

    def get_or_create_user(self, access_token, id_token, payload):
        """The one active staff account the provider's claims name, or None (logged)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        identity = claims.get(self.match_claim())
        identity = identity.strip() if isinstance(identity, str) else ""
        if not self.verify_claims(claims):
            return self._refuse(identity, "claims_not_verified")
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            return self._refuse(identity, "no_account" if not users else "several_accounts")
        return self.update_user(users[0], claims)

    def _refuse(self, identity: str, reason: str) -> None:
        # An identity that matches no username is logged as a keyed hash (lockout._audit).
        lockout.audit_refusal(self.request, identity or "-", factor="oidc", reason=reason)
        return None
