"""The oversight register's pages, under /tillsyn/."""

from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("tillsyn/", views.matters, name="matters"),
    path("tillsyn/nytt/", views.register, name="register"),
    path("tillsyn/namnden/", views.committee_view, name="committee"),
    path("tillsyn/namnden.csv", views.committee_csv, name="committee_csv"),
    path("tillsyn/<int:pk>/", views.matter, name="matter"),
    path("tillsyn/<int:pk>/andra/", views.edit, name="edit"),
    path("tillsyn/<int:pk>/steg/<slug:verb>/", views.step, name="step"),
    path("tillsyn/<int:pk>/atgard/", views.add_measure, name="add_measure"),
    path("tillsyn/atgard/<int:pk>/genomford/", views.complete_measure, name="complete_measure"),
]
