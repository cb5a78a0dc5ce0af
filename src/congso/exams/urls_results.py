"""Rankings, leaderboards, certificates and statistics."""

urlpatterns: list = []
