from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("atkomst/", views.access_requests, name="requests"),
    path("atkomst/<int:pk>/", views.decide_access_request, name="decide_request"),
]
