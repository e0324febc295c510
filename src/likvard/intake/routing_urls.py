"""The staff side of the e-service: the central routing queue (main URL set only)."""

from django.urls import path

from . import routing_views

app_name = "intake_routing"

urlpatterns = [
    path("arenden/e-tjanst/", routing_views.central_queue, name="central_queue"),
    path("arenden/e-tjanst/<int:pk>/", routing_views.route, name="route"),
]
