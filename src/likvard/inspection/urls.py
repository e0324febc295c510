from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("ny/", views.review_new, name="new"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/installningar/", views.review_edit, name="edit"),
    path("<int:pk>/arende/<int:case_pk>/", views.case_detail, name="case"),
    path("<int:pk>/import/", views.import_answers, name="import"),
]
