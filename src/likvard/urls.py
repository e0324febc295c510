"""Top-level URLs: the caseworker UI, the API with its schema, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="casework:queue", permanent=False)),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("likvard.casework.urls")),
    path("api/", include("likvard.api.urls")),
    path("admin/", admin.site.urls),
]
