"""Sign-in, sign-out, the code step, enrolment; OpenID Connect when configured."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("logga-in/", views.SignInView.as_view(), name="login"),
    path("logga-in/kod/", views.SignInCodeView.as_view(), name="login_code"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/tvastegsverifiering/", views.TwoFactorView.as_view(), name="two_factor"),
    # The admin signs in through the same page, so the lockout message and the
    # code step apply there too.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True, permanent=False),
    ),
]

if settings.LIKVARD_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
