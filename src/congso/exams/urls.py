"""Routes of the exams module. Candidates: /thi/ and /cuoc-thi/<slug>/; organisers: /to-chuc-thi/.

Fixed paths under /thi/ come before /thi/<slug>/: an exam cannot take the slug of one of them
(see RESERVED_SLUGS).
"""

from django.urls import include, path

from congso.exams import views

app_name = "exams"

RESERVED_SLUGS = frozenset({"dang-nhap", "xac-thuc", "dang-xuat", "lam-bai", "chung-nhan"})

urlpatterns = [
    path("", include("congso.exams.urls_organiser")),
    path("", include("congso.exams.urls_results")),
    path("thi/", views.exam_list, name="list"),
    path("thi/dang-nhap/", views.sign_in, name="sign-in"),
    path("thi/xac-thuc/", views.verify, name="verify"),
    path("thi/dang-xuat/", views.sign_out, name="sign-out"),
    path("thi/lam-bai/<int:pk>/", views.attempt_page, name="attempt"),
    path("thi/lam-bai/<int:pk>/luu/", views.attempt_save, name="attempt-save"),
    path("thi/lam-bai/<int:pk>/nop-bai/", views.attempt_submit, name="attempt-submit"),
    path("thi/lam-bai/<int:pk>/ket-qua/", views.attempt_result, name="attempt-result"),
    path("thi/<slug:slug>/", views.exam_detail, name="exam"),
    path("thi/<slug:slug>/bat-dau/", views.exam_start, name="start"),
    path("thi/<slug:slug>/hang-doi/", views.exam_queue, name="queue"),
    path("cuoc-thi/<slug:slug>/", views.contest_detail, name="contest"),
    path("cuoc-thi/<slug:slug>/the-le/", views.contest_rules, name="contest-rules"),
    path("cuoc-thi/<slug:slug>/co-cau-giai/", views.contest_prizes, name="contest-prizes"),
    path("cuoc-thi/<slug:slug>/dang-ky/", views.contest_register, name="contest-register"),
]
