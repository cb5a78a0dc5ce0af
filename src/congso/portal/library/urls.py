from django.urls import path

from congso.portal.library import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
]
