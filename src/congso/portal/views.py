from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from congso.core.exceptions import ApplicationError, ValidationFailed
from congso.portal import ratings
from congso.portal.models import ArticlePage
from congso.portal.permissions import current_site
from congso.portal.search import highlight, search_pages

SCOPE_ALL = "tat-ca"


def search(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    query = request.GET.get("q", "").strip()[:200]
    scope_all = request.GET.get("pham-vi") == SCOPE_ALL
    results = search_pages(query=query, site=None if scope_all else site) if query else []
    page_obj = Paginator(results, 10).get_page(request.GET.get("trang"))
    hits = []
    for page in page_obj.object_list:
        specific = page.specific
        text = " ".join(
            str(getattr(specific, name, "") or "")
            for name in ("lead", "intro", "search_description")
        )
        if not text.strip() and getattr(specific, "body", None):
            from django.utils.html import strip_tags

            text = strip_tags(str(specific.body))
        hits.append(
            {
                "page": specific,
                "url": specific.get_url(request=request),
                "title": highlight(specific.title, query, width=200),
                "excerpt": highlight(text, query),
            }
        )
    context = {"query": query, "scope_all": scope_all, "page_obj": page_obj, "hits": hits}
    template = "portal/partials/search_results.html" if request.htmx else "portal/search.html"
    return render(request, template, context)


@csrf_exempt  # the form sits on cached anonymous pages, which cannot carry a per-visitor token;
@require_POST  # a rating is one per reader per article and throttled per IP, so forging one gains nothing
def rate_article(request: HttpRequest, page_id: int) -> HttpResponse:
    site = current_site(request)
    article = get_object_or_404(
        ArticlePage.objects.live().descendant_of(site.root_page), pk=page_id
    )
    status = 200
    message = ""
    cookie = None
    try:
        stars = int(request.POST.get("stars", "0"))
    except ValueError:
        stars = 0
    try:
        if stars not in range(1, 6):
            raise ValidationFailed(_("Hãy chọn từ 1 đến 5 sao."))
        _rating, cookie = ratings.rate_from_request(request=request, article=article, stars=stars)
        message = _("Cảm ơn bạn đã đánh giá bài viết!")
    except ApplicationError as error:
        status, message = error.status, error.message
    if request.htmx:
        summary = ratings.rating_summary(article=article, request=request)
        if cookie is None and stars and status == 200:
            summary = ratings.RatingSummary(summary.average, summary.count, stars)
        response = render(
            request,
            "portal/partials/rating.html",
            {"page": article, "rating": summary, "rating_message": message},
            status=status,
        )
    else:
        from django.contrib import messages

        (messages.success if status == 200 else messages.error)(request, message)
        response = redirect(article.get_url(request=request) + "#danh-gia")
        if status != 200:
            response.status_code = 303
    if cookie:
        response.set_cookie(
            ratings.READER_COOKIE,
            cookie,
            max_age=60 * 60 * 24 * 365 * 2,
            httponly=True,
            samesite="Lax",
        )
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /quan-tri/",
        "Disallow: /api/",
        "Disallow: /tim-kiem/",
        "Disallow: /dang-nhap/",
        "Disallow: /tai-khoan/",
        f"Sitemap: {site.root_url}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
