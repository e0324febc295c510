from django.urls import path

from . import views

app_name = "bbic"

urlpatterns = [
    path("utredning/<int:pk>/bbic/plan/", views.plan, name="plan"),
    path("utredning/<int:pk>/bbic/omraden/", views.areas, name="areas"),
    path("utredning/<int:pk>/bbic/omraden/spara/", views.save_area, name="save_area"),
    path("utredning/<int:pk>/bbic/samtal/", views.meeting, name="meeting"),
    path("utredning/<int:pk>/bbic/tolkbehov/", views.interpreter_need, name="interpreter_need"),
    path("utredning/<int:pk>/bbic/natverk/", views.network_contact, name="network_contact"),
    path("utredning/<int:pk>/bbic/kommunicering/", views.communication, name="communication"),
    path(
        "utredning/<int:pk>/bbic/kommunicering/synpunkter/",
        views.communication_response,
        name="communication_response",
    ),
    path("utredning/<int:pk>/bbic/slutsats/", views.conclusion, name="conclusion"),
    path("utredning/<int:pk>/bbic/beslut/", views.decision_letter, name="decision_letter"),
]
