from django.urls import path

from . import family, views

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
    path("barn/<int:pk>/familj/", family.add_relation, name="add_relation"),
    path("barn/<int:pk>/familj/avsluta/", family.end_relation, name="end_relation"),
    path("barn/<int:pk>/syskon/", family.link_sibling, name="link_sibling"),
    path("barn/<int:pk>/syskon/avsluta/", family.end_sibling, name="end_sibling"),
    path("barn/<int:pk>/identifiera/", family.identify, name="identify_child"),
    path("barn/<int:pk>/begar-atkomst/", views.request_case_access, name="request_access"),
    path("utredning/<int:pk>/", views.investigation_detail, name="investigation"),
    path("utredning/<int:pk>/forlang/", views.extend_investigation, name="extend_investigation"),
    path(
        "utredning/<int:pk>/avsluta/", views.complete_investigation, name="complete_investigation"
    ),
]
