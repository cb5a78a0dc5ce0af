from django.urls import path

from congso.portal.qa import admin_views

app_name = "portal_qa_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/giao/", admin_views.assign, name="assign"),
    path("<int:pk>/tra-loi/", admin_views.answer, name="answer"),
    path("<int:pk>/cong-khai/", admin_views.publish, name="publish"),
    path("<int:pk>/tu-choi/", admin_views.reject, name="reject"),
]
