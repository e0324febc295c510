"""The password backend: Django's ModelBackend under the lockout rule.

Every password check goes through here: the sign-in page, the admin and the API's
basic authentication alike, so the lockout holds on each of them. A user with a
second factor gets past the password only where the caller asks for the code next
(the sign-in page); basic authentication, which cannot, is refused for them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import lockout, totp


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self, request, username=None, password=None, second_factor_follows=False, **kwargs
    ):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None

        def check():
            return super(LockoutModelBackend, self).authenticate(
                request, username=username, password=password
            )

        # Raises SignInLocked (a PermissionDenied) while the username is locked.
        user = lockout.guarded(
            request,
            username,
            check,
            factor=lockout.PASSWORD,
            completes=lambda user: not totp.is_enabled(user),
        )
        if user is not None and not second_factor_follows and totp.is_enabled(user):
            lockout.audit_refusal(
                request, username, factor=lockout.PASSWORD, reason="second_factor_required"
            )
            return None
        return user

    def get_user(self, user_id):
        """The signed-in user with their unit and district, which every page shows and
        every scope reads: one query per request instead of three."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit__district").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
