import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
django_application = get_wsgi_application()

# Both need Django set up first:
# - portal pages already in the page cache are answered before Django builds a request;
# - the exam autosave (POST /thi/lam-bai/<id>/luu/) likewise, with the view's own service;
# - the exam waiting page (GET /thi/<slug>/hang-doi/) while the candidate's turn has not come.
from congso.exams.fastqueue import FastQueueApp  # noqa: E402
from congso.exams.fastsave import FastSaveApp  # noqa: E402
from congso.portal.fastpath import PageCacheApp  # noqa: E402

application = FastSaveApp(FastQueueApp(PageCacheApp(django_application)))
