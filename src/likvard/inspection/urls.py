from django.urls import path

from . import report_views, views

app_name = "inspection"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("ny/", views.review_new, name="new"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/installningar/", views.review_edit, name="edit"),
    path("<int:pk>/arende/<int:case_pk>/", views.case_detail, name="case"),
    path("<int:pk>/import/", views.import_answers, name="import"),
    # The report and its follow-up (report_views.py)
    path("<int:pk>/rapport/", report_views.report, name="report"),
    path("<int:pk>/rapport.pdf", report_views.report_pdf, name="report_pdf"),
    path("<int:pk>/rapport.csv", report_views.report_csv, name="report_csv"),
    path("<int:pk>/atgarder/", report_views.responses, name="responses"),
    path("att-besvara/", report_views.to_answer, name="to_answer"),
]
