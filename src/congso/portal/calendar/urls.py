from django.urls import path

from congso.portal.calendar import views

app_name = "calendar"

urlpatterns = [
    path("", views.week_view, name="week"),
    path("in/", views.print_view, name="print"),
]
