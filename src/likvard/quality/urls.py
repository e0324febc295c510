from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("kvalitet/", views.dashboard, name="dashboard"),
    path("kvalitet/export.csv", views.export_csv, name="export_csv"),
    path("kvalitet/<slug:indicator>/<int:district_id>/", views.cases, name="cases"),
]
