from ninja import NinjaAPI

api = NinjaAPI(
    title="Congso API",
    version="1",
    description="API trao đổi dữ liệu của Congso.",
    urls_namespace="api",
)
