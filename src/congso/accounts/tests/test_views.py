import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congso.accounts.models import LoginAttempt, OrgUnit, Role, User
from congso.accounts.tests.factories import PASSWORD, UserFactory, make_official
from congso.conftest import mail_text
from congso.core.models import AuditLog

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"email": email, "password": password, **extra})


def test_sign_up_creates_citizen_and_signs_in(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "citizen", "full_name": "Phạm Thị Hoa", "email": "hoa@test.vn", "phone": "091 234 5678",
            "citizen_id": "034190001234", "password1": "Hoa-Thai-Binh-2026", "password2": "Hoa-Thai-Binh-2026",
        },
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="hoa@test.vn")
    assert user.phone == "0912345678"
    assert user.citizen_id == "034190001234"
    assert client.get(reverse("accounts:profile")).context["user"] == user


def test_sign_up_with_bad_input_shows_vietnamese_errors_and_saves_nothing(client):
    response = client.post(
        reverse("accounts:signup"),
        {"kind": "business", "full_name": "", "email": "khong-hop-le", "citizen_id": "123",
         "password1": "abc", "password2": "abd"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "Vui lòng nhập họ và tên.", "Thư điện tử không hợp lệ.", "Số căn cước công dân phải gồm đúng 12 chữ số.",
        "Hai mật khẩu không khớp nhau.", "Vui lòng nhập tên doanh nghiệp, tổ chức.",
    ]:  # fmt: skip
        assert message in html
    assert User.objects.count() == 0


def test_sign_in_and_out(client, citizen):
    response = sign_in(client, "DAN@test.vn")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert LoginAttempt.objects.filter(email="dan@test.vn", succeeded=True).count() == 1
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_sign_in_ignores_foreign_next(client, citizen):
    response = sign_in(client, "dan@test.vn", next="https://evil.example/")
    assert response["Location"] == reverse("accounts:profile")


def test_wrong_password_is_refused_in_vietnamese(client, citizen):
    response = sign_in(client, "dan@test.vn", "sai-mat-khau")
    assert response.status_code == 400
    assert "Thư điện tử hoặc mật khẩu không đúng." in response.content.decode()


def test_repeated_failures_lock_the_account_with_retry_time(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert sign_in(client, "dan@test.vn", "sai").status_code == 400
    response = sign_in(client, "dan@test.vn")  # even the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã đăng nhập sai quá nhiều lần" in html
    assert re.search(r"thử lại sau \d+ phút \(từ \d\d:\d\d ngày \d\d/\d\d/\d{4}\)", html)
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    other = UserFactory(email="khac@test.vn")
    assert sign_in(client, other.email, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_failures_from_one_ip_are_throttled_across_accounts(client, settings, db):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 4
    for n in range(4):
        sign_in(client, f"khong-co-{n}@test.vn", "sai")
    victim = UserFactory(email="nan-nhan@test.vn")
    assert sign_in(client, victim.email).status_code == 429
    assert sign_in(client.__class__(REMOTE_ADDR="192.0.2.7"), victim.email).status_code == 302


def test_success_resets_the_account_count(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, "dan@test.vn", "sai")
    sign_in(client, "dan@test.vn", "sai")
    assert sign_in(client, "dan@test.vn").status_code == 302
    client.post(reverse("accounts:logout"))
    sign_in(client, "dan@test.vn", "sai")
    sign_in(client, "dan@test.vn", "sai")
    assert sign_in(client, "dan@test.vn").status_code == 302


def test_administrator_enrols_totp_by_qr_then_signs_in_with_code(client, administrator):
    response = sign_in(client, administrator.email)
    assert response["Location"] == reverse("accounts:two-factor-enrol")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:two-factor-enrol"))
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    assert client.post(reverse("accounts:two-factor-enrol"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure
    response = client.post(reverse("accounts:two-factor-enrol"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditLog.objects.filter(action="user.2fa_enrol", actor=administrator).exists()

    client.post(reverse("accounts:logout"))
    response = sign_in(client, administrator.email)
    assert response["Location"] == reverse("accounts:two-factor")
    bad = client.post(
        reverse("accounts:two-factor"),
        {"token": "123456" if current_code(device) != "123456" else "654321"},
    )
    assert bad.status_code == 400
    assert "Mã xác thực không đúng" in bad.content.decode()
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    assert (
        client.post(reverse("accounts:two-factor"), {"token": current_code(device)}).status_code
        == 302
    )
    assert client.get(reverse("admin:index")).status_code == 200


def test_two_factor_page_needs_a_password_first(client, administrator):
    response = client.get(reverse("accounts:two-factor"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_admin_site_refuses_staff_without_verified_otp(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.templates[0].name == "accounts/sign_in.html"


def test_admin_screens_are_for_administrators_only(client, province, administrator):
    # A staff official who is not an administrator sees none of our models.
    staffer = make_official(
        email="st@test.vn", full_name="Nhân Viên", unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    User.objects.filter(pk=staffer.pk).update(is_staff=True)
    for user, expected in [(staffer, 403), (administrator, 200)]:
        client.force_login(user)
        device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        assert client.get(reverse("admin:accounts_orgunit_changelist")).status_code == expected
        assert client.get(reverse("admin:core_auditlog_changelist")).status_code == expected


def _verified_admin_client(client, user):
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_administrator_edits_org_unit_in_admin_with_audit(client, province, administrator):
    _verified_admin_client(client, administrator)
    url = reverse("admin:accounts_orgunit_change", args=[province.soyte.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Mã định danh điện tử" in page.content.decode()
    form = page.context["adminform"].form
    data = {k: getattr(v, "pk", v) for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(
        {"name": "Sở Y tế tỉnh Thái Bình", "change_reason": "Sửa tên đầy đủ", "is_active": "on"}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert OrgUnit.objects.get(pk=province.soyte.pk).name == "Sở Y tế tỉnh Thái Bình"
    row = AuditLog.objects.get(action="orgunit.admin_update")
    assert row.changes["name"] == ["Sở Y tế", "Sở Y tế tỉnh Thái Bình"]
    assert row.reason == "Sửa tên đầy đủ"
    assert row.ip_address == "127.0.0.1"


def test_audit_log_can_be_filtered_in_admin(client, administrator, province):
    from congso.accounts import services

    services.org_unit_update(
        actor=administrator, unit=province.soyte, phone="02273830000", reason="Đổi số"
    )
    _verified_admin_client(client, administrator)
    page = client.get(reverse("admin:core_auditlog_changelist"), {"action": "org_unit.update"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert "Đổi số" in page.content.decode()


def test_password_reset_by_email(client, citizen, smtp_inbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "dan@test.vn"})
    assert response.status_code == 302
    message = smtp_inbox.wait_for(1)[0]
    assert message["To"] == "dan@test.vn"
    body = mail_text(message)
    assert "Xin chào Nguyễn Thị Dân" in body
    link = re.search(r"http://[^/\s]+(/quen-mat-khau/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    assert sign_in(client, "dan@test.vn", "Mat-khau-moi-2026").status_code == 302
    assert AuditLog.objects.filter(action="user.password_reset", actor=citizen).exists()


def test_password_reset_for_unknown_email_sends_nothing(client, db, smtp_inbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "khong-ai@test.vn"})
    assert response.status_code == 302
    with pytest.raises(AssertionError):
        smtp_inbox.wait_for(1, timeout=0.5)


def test_profile_update_and_validation(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Nguyễn Thị Dân", "phone": "0987654321", "citizen_id": "12"},
    )
    assert response.status_code == 400
    assert "Số căn cước công dân phải gồm đúng 12 chữ số." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.phone == ""
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Nguyễn Thị Dân", "phone": "0987654321", "citizen_id": ""},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.phone == "0987654321"
    assert citizen.citizen_id is None
