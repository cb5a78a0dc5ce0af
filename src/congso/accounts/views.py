from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from congso.accounts import selectors, services, throttle, twofactor
from congso.accounts.forms import ProfileForm, SignInForm, SignUpForm, TokenForm
from congso.accounts.models import User
from congso.accounts.permissions import requires_two_factor
from congso.core.audit import audit_log
from congso.core.context import client_ip
from congso.core.exceptions import ApplicationError, RateLimited

PENDING_KEY = "congso_2fa_pending"
PENDING_TTL_SECONDS = 300


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_TTL_SECONDS:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def _complete_login(request: HttpRequest, user: User, device=None) -> HttpResponse:
    next_url = request.session.get(PENDING_KEY, {}).get("next") or _safe_next(
        request, reverse(settings.LOGIN_REDIRECT_URL)
    )
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            ip = client_ip(request)
            try:
                throttle.check_allowed(email=email, ip_address=ip)
            except RateLimited as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                user = authenticate(request, username=email, password=form.cleaned_data["password"])
                throttle.record(email=email, ip_address=ip, succeeded=user is not None)
                if user is None:
                    form.add_error(None, _("Thư điện tử hoặc mật khẩu không đúng."))
                elif requires_two_factor(user):
                    request.session[PENDING_KEY] = {
                        "user_id": user.pk,
                        "at": time.time(),
                        "next": _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)),
                    }
                    if twofactor.confirmed_device(user):
                        return redirect("accounts:two-factor")
                    return redirect("accounts:two-factor-enrol")
                else:
                    return _complete_login(request, user)
    context = {"form": form, "next": _safe_next(request, "")}
    if settings.DEMO_MODE:
        from congso.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

        context |= {"demo_accounts": DEMO_ACCOUNTS, "demo_password": DEMO_PASSWORD}
    return render(request, "accounts/sign_in.html", context, status=status)


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.warning(request, _("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."))
        return redirect("accounts:login")
    device = twofactor.confirmed_device(user)
    if device is None:
        return redirect("accounts:two-factor-enrol")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            ip = client_ip(request)
            try:
                throttle.check_allowed(email=user.email, ip_address=ip)
            except RateLimited as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                ok = twofactor.verify(device, form.cleaned_data["token"])
                throttle.record(email=user.email, ip_address=ip, succeeded=ok)
                if ok:
                    return _complete_login(request, user, device)
                form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(
        request, "accounts/two_factor.html", {"form": form, "pending_user": user}, status=status
    )


@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.warning(request, _("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."))
        return redirect("accounts:login")
    if twofactor.confirmed_device(user):
        return redirect("accounts:two-factor")
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                twofactor.enrol_confirm(user=user, device=device, token=form.cleaned_data["token"])
            except ApplicationError as error:
                form.add_error("token", error.message)
            else:
                messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản của bạn."))
                return _complete_login(request, user, device)
    context = {
        "form": form,
        "pending_user": user,
        "qr": twofactor.qr_svg_data_uri(device),
        "secret": twofactor.secret_base32(device),
    }
    return render(request, "accounts/two_factor_enrol.html", context, status=status)


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.user_register(
                    email=data["email"],
                    password=data["password1"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    citizen_id=data["citizen_id"] or None,
                    kind=data["kind"],
                    organization_name=data.get("organization_name", ""),
                    tax_code=data.get("tax_code", ""),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Chào mừng %(name)s! Tài khoản của bạn đã được tạo.")
                    % {"name": user.full_name},
                )
                return redirect(_safe_next(request, reverse("accounts:profile")))
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_update_profile(
                    actor=request.user,
                    user=request.user,
                    **{k: form.cleaned_data[k] for k in form.fields},
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu thông tin tài khoản."))
                return redirect("accounts:profile")
    context = {
        "form": form,
        "roles": selectors.user_roles(request.user),
        "has_2fa": twofactor.confirmed_device(request.user) is not None,
    }
    return render(request, "accounts/profile.html", context, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log(actor=self.request.user, action="user.password_change", obj=self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log(actor=form.user, action="user.password_reset", obj=form.user)
        return response
