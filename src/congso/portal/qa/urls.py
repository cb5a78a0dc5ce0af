from django.urls import path

from congso.portal.qa import views

app_name = "portal_qa"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("<int:pk>/", views.question_detail, name="detail"),
    path("gui-cau-hoi/", views.question_ask, name="ask"),
    path("gui-cau-hoi/da-gui/<str:token>/", views.question_thanks, name="thanks"),
    path("tra-cuu/", views.question_lookup, name="lookup"),
]
