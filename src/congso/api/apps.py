from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "congso.api"
    label = "api"
    verbose_name = "Trục tích hợp dữ liệu (API)"
