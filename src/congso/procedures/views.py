"""Public catalogue pages (being written)."""

from django.http import Http404


def procedure_list(request):
    raise Http404


def procedure_detail(request, code):
    raise Http404
