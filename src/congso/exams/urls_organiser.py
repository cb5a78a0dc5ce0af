"""Organisers' screens under /to-chuc-thi/ (banks, questions, import, exams, contests)."""

urlpatterns: list = []
