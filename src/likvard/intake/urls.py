"""The e-service's public URLs: the form and its receipt, nothing else."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.report, name="report"),
    path("kvitto/", views.receipt, name="receipt"),
]
