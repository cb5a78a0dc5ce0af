"""Public Q&A pages of the current portal: list and search, detail, sending, status look-up."""

from __future__ import annotations

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.context import client_ip
from congso.core.exceptions import NotFound, RateLimited
from congso.portal.permissions import current_site
from congso.portal.qa import selectors, services
from congso.portal.qa.forms import LookupForm, QuestionForm, started_token
from congso.portal.qa.models import Question

PER_PAGE = 10
THANKS_SALT = "congso.portal.qa.thanks"
THANKS_MAX_AGE = 3600
LOOKUPS_PER_IP = (20, 600)  # look-ups per IP within seconds


@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    query = request.GET.get("q", "").strip()[:100]
    questions = selectors.published_questions(site=site, query=query)
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal_qa/list.html", {"page": page, "query": query})


@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.published_question(site=current_site(request), question_id=pk)
    return render(request, "portal_qa/detail.html", {"question": question})


def _ask_page(request, form, status=200, error=""):
    return render(request, "portal_qa/ask.html", {"form": form, "error": error}, status=status)


@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    initial = {"started": started_token()}
    if request.user.is_authenticated:
        initial |= {
            "asker_name": request.user.full_name,
            "asker_email": request.user.email,
            "asker_phone": request.user.phone,
        }
    if request.method == "GET":
        return _ask_page(request, QuestionForm(initial=initial))
    form = QuestionForm(request.POST)
    valid = form.is_valid()
    if form.spam:
        # Said the same way whichever check caught it; nothing is saved.
        return _ask_page(
            request,
            QuestionForm(initial=initial),
            status=400,
            error=_("Không gửi được câu hỏi. Vui lòng kiểm tra lại và gửi lại sau ít phút."),
        )
    if not valid:
        if form.has_error(NON_FIELD_ERRORS, "expired"):
            form.data = form.data.copy()
            form.data["started"] = initial["started"]
        return _ask_page(request, form, status=400)
    data = form.cleaned_data
    try:
        question = services.question_submit(
            site=site,
            asker_name=data["asker_name"],
            asker_email=data["asker_email"],
            asker_phone=data["asker_phone"],
            title=data["title"],
            body=data["body"],
            field=data["field"],
            asker=request.user,
            ip_address=client_ip(request),
        )
    except RateLimited as error:
        response = _ask_page(request, form, status=error.status, error=error.message)
        response["Retry-After"] = str(error.extra.get("retry_after", 3600))
        return response
    token = signing.dumps(question.pk, salt=THANKS_SALT)
    return redirect("portal_qa:thanks", token=token)


@require_GET
def question_thanks(request: HttpRequest, token: str) -> HttpResponse:
    site = current_site(request)
    try:
        pk = int(signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        raise NotFound(_("Liên kết đã hết hạn hoặc không hợp lệ.")) from None
    question = Question.objects.filter(pk=pk, site=site).first()
    if question is None:
        raise NotFound(_("Liên kết đã hết hạn hoặc không hợp lệ."))
    return render(request, "portal_qa/thanks.html", {"question": question})


def _lookup_allowed(request: HttpRequest) -> bool:
    limit, seconds = LOOKUPS_PER_IP
    key = f"congso:qa:lookup:{client_ip(request)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


@require_http_methods(["GET", "POST"])
def question_lookup(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    form = LookupForm(request.POST or None)
    context: dict = {"form": form, "searched": False, "found": None}
    status = 200
    if request.method == "POST":
        if not _lookup_allowed(request):
            raise RateLimited(_("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."))
        if not form.is_valid():
            return render(request, "portal_qa/lookup.html", context, status=400)
        context["searched"] = True
        context["found"] = selectors.lookup_question(
            site=site, code=form.cleaned_data["code"], email=form.cleaned_data["email"]
        )
        if context["found"] is None:
            status = 404
    return render(request, "portal_qa/lookup.html", context, status=status)
