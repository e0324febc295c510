from django.urls import path

from . import views

app_name = "logreview"

urlpatterns = [
    path("logg/", views.access_log, name="log"),
    path("logg/export.csv", views.access_log_csv, name="log_csv"),
]
