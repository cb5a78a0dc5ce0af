from django.urls import path

from congso.dossiers import desk, slip_views, stats_views, views, work_views

app_name = "dossiers"

urlpatterns = [
    path("dich-vu-cong/nop-ho-so/<str:code>/", views.dossier_start, name="start"),
    path("dich-vu-cong/ho-so-cua-toi/", views.my_dossiers, name="list"),
    path("dich-vu-cong/ho-so/<int:pk>/", views.dossier_detail, name="detail"),
    path("dich-vu-cong/ho-so/<int:pk>/tep/<int:file_id>/", views.dossier_file, name="file"),
    path("mot-cua/", desk.desk_queue, name="desk-queue"),
    path("mot-cua/ho-so/<int:pk>/", desk.desk_dossier, name="desk-dossier"),
    path("mot-cua/ho-so/<int:pk>/phieu/<slug:kind>.pdf", slip_views.desk_slip, name="desk-slip"),
    path(
        "dich-vu-cong/ho-so/<int:pk>/phieu-tiep-nhan.pdf",
        slip_views.applicant_receipt,
        name="receipt",
    ),
    path("mot-cua/so-theo-doi/", desk.log_book, name="log-book"),
    path("mot-cua/tiep-nhan/", desk.counter_choose, name="counter-choose"),
    path("mot-cua/tiep-nhan/<str:code>/", desk.counter_register, name="counter-register"),
    path("xu-ly/", work_views.work_inbox, name="work-inbox"),
    path("xu-ly/ho-so/<int:pk>/", work_views.work_dossier, name="work-dossier"),
    path("thong-ke/", stats_views.stats_dashboard, name="stats"),
    path("thong-ke/cong-khai/", stats_views.stats_public, name="stats-public"),
    path("thong-ke/co-quan/<str:code>/", stats_views.stats_agency, name="stats-agency"),
    path("tra-cuu-ho-so/", views.dossier_lookup, name="lookup"),
]
