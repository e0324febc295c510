from django.urls import path

from . import views

app_name = "journal"

urlpatterns = [
    path("anmalan/<int:pk>/journal/", views.write, name="write"),
    path("journal/<int:pk>/", views.entry, name="entry"),
    path("journal/<int:pk>/rattelse/", views.correct, name="correct"),
]
