from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("aterkoppling/", views.queue, name="queue"),
    path("aterkoppling/<int:pk>/forhandsvisning/", views.preview, name="preview"),
    path("aterkoppling/<int:pk>/kom-inte-fram/", views.undeliverable, name="undeliverable"),
    path("aterkoppling/<int:pk>/skicka-igen/", views.resend, name="resend"),
]
