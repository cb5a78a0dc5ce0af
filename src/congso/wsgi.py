import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
django_application = get_wsgi_application()

# Portal pages already in the page cache are answered before Django builds a request.
from congso.portal.fastpath import PageCacheApp  # noqa: E402 - needs Django set up first

application = PageCacheApp(django_application)
