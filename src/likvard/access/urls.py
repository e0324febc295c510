from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("logg/", views.access_log, name="log"),
    path("logg/export.csv", views.access_log_csv, name="log_csv"),
    path("atkomst/", views.access_requests, name="requests"),
    path("barn/<int:pk>/begar-atkomst/", views.request_case_access, name="request_access"),
    path("atkomst/<int:pk>/", views.decide_access_request, name="decide_request"),
]
