"""The sign-in, code and second-factor forms."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import lockout


class SignInForm(AuthenticationForm):
    """Username and password; says so when the username is locked out."""

    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord."),
        "inactive": _("Kontot är avstängt."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            # The code page follows for a user with a second factor (views.SignInView).
            self.user_cache = authenticate(
                self.request, username=username, password=password, second_factor_follows=True
            )
            if self.user_cache is None:
                until = lockout.locked_until(username)
                if until is not None:
                    raise ValidationError(lockout.message(until), code="locked")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Kod från autentiseringsappen"),
            max_length=8,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "one-time-code",
                    "pattern": r"[0-9 ]{6,7}",
                    "autofocus": True,
                }
            ),
            **kwargs,
        )


class CodeForm(forms.Form):
    code = CodeField()


class PasswordAndCodeForm(forms.Form):
    """Turning the second factor on or off asks for the password again, so that a
    session left open cannot change it."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = CodeField()

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        user_again = authenticate(
            self.request,
            username=user.get_username(),
            password=password,
            second_factor_follows=True,
        )
        if user_again is None or user_again.pk != user.pk:
            until = lockout.locked_until(user.get_username())
            if until is not None:
                raise ValidationError(lockout.message(until), code="locked")
            raise ValidationError(_("Fel lösenord."), code="invalid_password")
        return password
