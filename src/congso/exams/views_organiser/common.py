"""What the organisers' screens share: the category tree of a bank, paging, error rendering."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from congso.core.exceptions import NotAuthenticated, NotPermitted
from congso.exams import permissions
from congso.exams.models import QuestionCategory

PER_PAGE = 30
TEMPLATES = "exams/organiser/"


@dataclass
class CategoryNode:
    category: QuestionCategory
    depth: int
    full_name: str
    descendants: set[int]
    path: list[str]


def category_tree(bank_id: int) -> list[CategoryNode]:
    """A bank's categories in tree order with their full names and subtrees (one query)."""
    categories = list(QuestionCategory.objects.filter(bank_id=bank_id).order_by("position", "name"))
    by_parent: dict[int | None, list[QuestionCategory]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    nodes: list[CategoryNode] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int, ancestors: list[CategoryNode]) -> None:
        for category in by_parent.get(parent_id, []):
            if category.pk in seen:
                continue
            seen.add(category.pk)
            path = [*(ancestors[-1].path if ancestors else []), category.name]
            node = CategoryNode(category, depth, " / ".join(path), {category.pk}, path)
            for ancestor in ancestors:
                ancestor.descendants.add(category.pk)
            nodes.append(node)
            walk(category.pk, depth + 1, [*ancestors, node])

    walk(None, 0, [])
    return nodes


def category_choices(nodes: list[CategoryNode]) -> list[tuple[QuestionCategory, str]]:
    return [(n.category, n.full_name) for n in nodes]


def paginate(request: HttpRequest, queryset, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("trang"))


def render_page(
    request: HttpRequest, template: str, context: dict, status: int = 200
) -> HttpResponse:
    return render(request, TEMPLATES + template, context, status=status)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go back to: the `next` of the form or the address when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/to-chuc-thi/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def organiser_units_checked(user):
    """The agencies `user` organises exams for; refused when there is none (or not signed in)."""
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    units = permissions.organiser_units(user)
    if not units.exists():
        raise NotPermitted(_("Trang này dành cho cán bộ tổ chức thi."))
    return units
