"""Routes of the exams module. Candidates: /thi/ and /cuoc-thi/<slug>/; organisers: /to-chuc-thi/."""

from django.urls import include, path

from congso.exams import views

app_name = "exams"

urlpatterns = [
    path("", include("congso.exams.urls_organiser")),
    path("", include("congso.exams.urls_results")),
    path("thi/", views.exam_list, name="list"),
]
