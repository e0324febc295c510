from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("arenden/", views.queue, name="queue"),
    path("arenden/fordela/", views.distribute, name="distribute"),
    path("arenden/team/", views.team, name="team"),
    path("anmalan/ny/", views.register_report, name="register_report"),
    path("anmalan/<int:pk>/", views.report_detail, name="report"),
    path(
        "anmalan/<int:pk>/skyddsbedomning/",
        views.protection_assessment,
        name="protection_assessment",
    ),
    path("anmalan/<int:pk>/omedelbart-skydd/", views.immediate_step, name="immediate_step"),
    path("anmalan/<int:pk>/barnsamtal/", views.child_conversation, name="child_conversation"),
    path("anmalan/<int:pk>/polisanmalan/", views.police_consideration, name="police_consideration"),
    path("anmalan/<int:pk>/beslut/", views.decision, name="decision"),
    path("anmalan/<int:pk>/kontrasignering/", views.cosign, name="cosign"),
    path("anmalan/<int:pk>/arkivera/", views.archive, name="archive"),
    path("anmalan/<int:pk>/aterkoppling/", views.feedback, name="feedback"),
    path("barn/<int:pk>/", views.child_detail, name="child"),
    path("barn/<int:pk>/skyddade-uppgifter/", views.reveal_contact, name="reveal_contact"),
    path("barn/<int:pk>/begar-atkomst/", views.request_case_access, name="request_access"),
    path("utredning/<int:pk>/", views.investigation_detail, name="investigation"),
    path("utredning/<int:pk>/forlang/", views.extend_investigation, name="extend_investigation"),
    path(
        "utredning/<int:pk>/avsluta/", views.complete_investigation, name="complete_investigation"
    ),
]
