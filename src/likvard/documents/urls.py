from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("anmalan/<int:pk>/dokument/", views.upload, name="upload"),
    path("dokument/<int:pk>/", views.download, name="download"),
]
