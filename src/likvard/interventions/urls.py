"""The interventions forms, under the investigation they belong to (`/utredning/...`)."""

from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("utredning/<int:pk>/insatser/forslag/", views.propose, name="propose"),
    path(
        "utredning/<int:pk>/insatser/motivationsarbete/",
        views.record_motivation_work,
        name="motivation_work",
    ),
    path("utredning/<int:pk>/insatser/lvu/", views.record_lvu_consideration, name="lvu"),
    path("utredning/<int:pk>/insatser/lvu-vard/", views.start_lvu_care, name="lvu_care"),
    path("utredning/insatser/forslag/<int:pk>/samtycke/", views.record_consent, name="consent"),
    path("utredning/insatser/forslag/<int:pk>/beslut/", views.decide, name="decide"),
    path(
        "utredning/insatser/beslut/<int:pk>/uppfoljning/",
        views.plan_follow_up,
        name="plan_follow_up",
    ),
    path(
        "utredning/insatser/uppfoljning/<int:pk>/",
        views.record_follow_up,
        name="record_follow_up",
    ),
    path(
        "utredning/insatser/lvu-vard/<int:pk>/overvagande/",
        views.reconsider_lvu_care,
        name="reconsider_lvu_care",
    ),
    path(
        "utredning/insatser/lvu-vard/<int:pk>/upphor/",
        views.end_lvu_care,
        name="end_lvu_care",
    ),
]
