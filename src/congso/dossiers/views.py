"""Citizen pages of the online public service (being written)."""

from django.http import Http404


def dossier_start(request, code):
    raise Http404


def my_dossiers(request):
    raise Http404


def dossier_detail(request, pk):
    raise Http404


def dossier_lookup(request):
    raise Http404
