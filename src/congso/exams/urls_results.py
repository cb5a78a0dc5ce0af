"""Rankings, leaderboards, certificates and statistics (names in the `exams` namespace)."""

from django.urls import path

from congso.exams import views_results as views

urlpatterns = [
    # Public, once the ranking is published.
    path("thi/<slug:slug>/bang-xep-hang/", views.leaderboard, name="leaderboard"),
    path("thi/<slug:slug>/giai-thuong/", views.prize_list, name="prize-list"),
    path("thi/chung-nhan/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path("thi/chung-nhan/<str:code>.pdf", views.certificate_pdf, name="certificate-pdf"),
    # Organisers.
    path("to-chuc-thi/bai-thi/<int:pk>/ket-qua/", views.org_results, name="org-results"),
    path(
        "to-chuc-thi/bai-thi/<int:pk>/ket-qua.xlsx", views.org_results_xlsx, name="org-results-xlsx"
    ),
    path("to-chuc-thi/bai-thi/<int:pk>/thong-ke/", views.org_stats, name="org-stats"),
]
