"""Sign-in (password, then a code for users with a second factor) and enrolment.

After a right password, a user with a confirmed authenticator app is not signed
in yet: the session holds only a pending sign-in (user id, backend, where to go,
when), and `login()` runs once the code checks, on /logga-in/kod/. A pending
sign-in lasts five minutes.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import lockout, totp
from .forms import CodeForm, PasswordAndCodeForm, SignInForm

PENDING = "likvard_pending_sign_in"
PENDING_SECONDS = 300


class SignInView(LoginView):
    form_class = SignInForm

    def form_valid(self, form):
        user = form.get_user()
        if not totp.is_enabled(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": int(time.time()),
        }
        return redirect("login_code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.LIKVARD_OIDC_ENABLED:
            context["oidc_url"] = reverse("oidc_authentication_init")
            context["oidc_failed"] = self.request.method == "GET" and "oidc" in self.request.GET
        return context


class SignInCodeView(View):
    template_name = "registration/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING)
        if not pending or time.time() - pending["since"] > PENDING_SECONDS:
            request.session.pop(PENDING, None)
            return redirect("login")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        form = CodeForm(request.POST)
        user = get_user_model()._default_manager.filter(pk=self.pending["user"]).first()
        if user is None or not user.is_active:
            request.session.pop(PENDING, None)
            return redirect("login")
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                signed_in = lockout.guarded(
                    request,
                    user.get_username(),
                    lambda: totp.verify_sign_in(user, code),
                    factor=lockout.CODE,
                )
            except lockout.SignInLocked as locked:
                return self.locked_out(locked.until)
            if signed_in is not None:
                request.session.pop(PENDING, None)
                login(request, signed_in, backend=self.pending["backend"])
                return redirect(self.pending["next"])
            until = lockout.locked_until(user.get_username())
            if until is not None:
                return self.locked_out(until)
            form.add_error("code", _("Fel kod. Försök igen med koden som visas nu."))
        return render(request, self.template_name, {"form": form})

    def locked_out(self, until):
        """The pending sign-in ends; the password is asked for again after the lock."""
        self.request.session.pop(PENDING, None)
        context = {"locked": lockout.message(until)}
        return render(self.request, self.template_name, context, status=403)


class TwoFactorView(LoginRequiredMixin, View):
    """/konto/tvastegsverifiering/: turn the authenticator-app code on or off."""

    template_name = "registration/two_factor.html"

    def get(self, request):
        return self.show(PasswordAndCodeForm(request=request))

    def post(self, request):
        if not request.user.has_usable_password():
            return redirect("two_factor")
        form = PasswordAndCodeForm(request.POST, request=request)
        enabled = totp.is_enabled(request.user)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if enabled and self.code_checks(form, code):
                totp.disable(request.user)
                messages.success(request, _("Tvåstegsverifieringen är avstängd."))
                return redirect("two_factor")
            if not enabled and totp.confirm(request.user, code):
                messages.success(request, _("Tvåstegsverifieringen är påslagen."))
                return redirect("two_factor")
            if not form.has_error("code"):
                form.add_error("code", _("Fel kod. Försök igen med koden som visas nu."))
        return self.show(form)

    def code_checks(self, form, code) -> bool:
        """A code for turning the factor off counts towards the lockout, like at sign-in."""
        user = self.request.user
        try:
            return (
                lockout.guarded(
                    self.request,
                    user.get_username(),
                    lambda: totp.verify_sign_in(user, code),
                    factor=lockout.CODE,
                )
                is not None
            )
        except lockout.SignInLocked as locked:
            form.add_error("code", lockout.message(locked.until))
            return False

    def show(self, form):
        user = self.request.user
        context = {"form": form, "local_account": user.has_usable_password()}
        if context["local_account"]:
            device = totp.device_for_enrolment(user)
            context["device"] = device
            if not device.confirmed:
                context["secret"] = " ".join(
                    device.secret[i : i + 4] for i in range(0, len(device.secret), 4)
                )
                context["uri"] = totp.provisioning_uri(device)
        return render(self.request, self.template_name, context)
