"""Candidates: one account per person, proved by a one-time code sent to their email or phone.

A candidate registers once (name, email or phone, workplace, optional citizen ID) and signs in on
any device by asking for a new code; the session then carries their id. Codes are six digits,
valid for ten minutes, five wrong tries at most; how many can be asked for is limited per contact
and per network address.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.models import OrgUnit
from congso.accounts.validators import normalize_phone, validate_citizen_id, validate_phone
from congso.core.audit import audit_log
from congso.core.exceptions import Conflict, RateLimited, ValidationFailed
from congso.exams.models import Candidate, Contest, OneTimeCode, Registration

logger = logging.getLogger(__name__)

SESSION_KEY = "exams_candidate_id"
CODE_VALIDITY = timedelta(minutes=10)
CODE_MAX_TRIES = 5
CODES_PER_CONTACT = 3  # within CODE_WINDOW
CODES_PER_IP = 30  # within CODE_WINDOW
CODE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Contact:
    kind: str  # "email" or "phone"
    value: str

    @property
    def masked(self) -> str:
        if self.kind == "email":
            name, _at, domain = self.value.partition("@")
            return f"{name[:2]}***@{domain}"
        return f"{self.value[:3]}****{self.value[-3:]}"


def parse_contact(raw: str) -> Contact:
    """An email (lower-cased) or a Vietnamese phone number (as 0xxxxxxxxx), else ValidationFailed."""
    text = (raw or "").strip()
    if not text:
        raise ValidationFailed(_("Hãy nhập thư điện tử hoặc số điện thoại."))
    if "@" in text:
        if len(text) > 254:
            raise ValidationFailed(_("Địa chỉ thư điện tử không hợp lệ."))
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationFailed(_("Địa chỉ thư điện tử không hợp lệ.")) from None
        return Contact("email", text.lower())
    phone = normalize_phone(text)
    try:
        validate_phone(phone)
    except ValidationError:
        raise ValidationFailed(_("Số điện thoại không hợp lệ (ví dụ: 0912345678).")) from None
    if not re.fullmatch(r"(\+84|0)\d{9,10}", phone):
        raise ValidationFailed(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    return Contact("phone", phone)


def _hash(contact: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{contact}:{code}".encode(), hashlib.sha256).hexdigest()


def code_request(*, contact: Contact, ip_address: str | None) -> str:
    """Make a code for `contact` and send it; returns the code (for the SMS fallback in DEBUG)."""
    now = timezone.now()
    since = now - CODE_WINDOW
    recent = OneTimeCode.objects.filter(contact=contact.value, created_at__gte=since).count()
    if recent >= CODES_PER_CONTACT:
        raise RateLimited(_("Bạn đã yêu cầu quá nhiều mã xác thực. Vui lòng thử lại sau 15 phút."))
    if ip_address and (
        OneTimeCode.objects.filter(ip_address=ip_address, created_at__gte=since).count()
        >= CODES_PER_IP
    ):
        raise RateLimited(
            _("Có quá nhiều yêu cầu mã xác thực từ địa chỉ mạng của bạn. Vui lòng thử lại sau.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(
        contact=contact.value,
        code_hash=_hash(contact.value, code),
        expires_at=now + CODE_VALIDITY,
        ip_address=ip_address,
    )
    from congso.exams.notify import send_code

    transaction.on_commit(
        lambda: send_code.enqueue(contact_kind=contact.kind, contact=contact.value, code=code)
    )
    return code


def code_verify(*, contact: Contact, code: str) -> None:
    """Accept the latest unexpired code for `contact`, once; raise ValidationFailed otherwise.

    A wrong try is counted (and committed) before the error is raised.
    """
    now = timezone.now()
    given = re.sub(r"\D", "", code or "")
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(contact=contact.value, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if otp is None:
            message = _("Mã xác thực đã hết hạn. Hãy yêu cầu mã mới.")
        elif otp.failed_tries >= CODE_MAX_TRIES:
            message = _("Bạn đã nhập sai quá nhiều lần. Hãy yêu cầu mã mới.")
        elif not hmac.compare_digest(otp.code_hash, _hash(contact.value, given)):
            OneTimeCode.objects.filter(pk=otp.pk).update(failed_tries=otp.failed_tries + 1)
            message = _("Mã xác thực không đúng.")
        else:
            otp.used_at = now
            otp.save(update_fields=["used_at"])
            return
    raise ValidationFailed(message)


def find_candidate(contact: Contact) -> Candidate | None:
    return Candidate.objects.filter(**{contact.kind: contact.value}).first()


@dataclass
class Profile:
    full_name: str
    workplace: str = ""
    org_unit_id: int | None = None
    citizen_id: str = ""


def clean_profile(profile: Profile, *, require_citizen_id: bool = False) -> Profile:
    name = " ".join((profile.full_name or "").split())
    if len(name) < 2:
        raise ValidationFailed(_("Hãy nhập họ và tên."), extra={"fields": {"full_name": [""]}})
    if len(name) > 150:
        raise ValidationFailed(_("Họ và tên dài quá 150 ký tự."))
    cid = (profile.citizen_id or "").strip()
    if cid:
        try:
            validate_citizen_id(cid)
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from None
    elif require_citizen_id:
        raise ValidationFailed(_("Cuộc thi yêu cầu số căn cước công dân."))
    org_unit_id = profile.org_unit_id
    if org_unit_id and not OrgUnit.objects.filter(pk=org_unit_id, is_active=True).exists():
        raise ValidationFailed(_("Cơ quan, đơn vị đã chọn không tồn tại."))
    return Profile(
        full_name=name,
        workplace=" ".join((profile.workplace or "").split())[:255],
        org_unit_id=org_unit_id or None,
        citizen_id=cid,
    )


@transaction.atomic
def candidate_register(*, contact: Contact, profile: Profile) -> Candidate:
    """The person's candidate account, created on first registration (verified contact)."""
    existing = find_candidate(contact)
    if existing is not None:
        return existing
    if profile.citizen_id and Candidate.objects.filter(citizen_id=profile.citizen_id).exists():
        raise Conflict(
            _(
                "Số căn cước công dân này đã đăng ký với một thư điện tử hoặc số điện thoại khác. "
                "Mỗi người chỉ có một tài khoản dự thi: hãy đăng nhập bằng thông tin đã đăng ký."
            )
        )
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                full_name=profile.full_name,
                workplace=profile.workplace,
                org_unit_id=profile.org_unit_id,
                citizen_id=profile.citizen_id or None,
                verified_at=timezone.now(),
                **{contact.kind: contact.value},
            )
    except IntegrityError:
        raise Conflict(_("Thông tin này vừa được đăng ký. Hãy đăng nhập để dự thi.")) from None
    audit_log(
        actor=f"thí sinh {contact.masked}",
        action="exams.candidate_register",
        obj=candidate,
        changes={"contact": contact.kind},
    )
    return candidate


@transaction.atomic
def contest_register(
    *, contest: Contest, candidate: Candidate, ip_address: str | None = None
) -> Registration:
    now = timezone.now()
    if contest.status != Contest.Status.PUBLISHED:
        raise ValidationFailed(_("Cuộc thi chưa mở hoặc đã kết thúc."))
    if contest.registration_opens_at and now < contest.registration_opens_at:
        raise ValidationFailed(
            _("Cuộc thi mở đăng ký từ %(time)s.")
            % {"time": f"{timezone.localtime(contest.registration_opens_at):%H:%M %d/%m/%Y}"}
        )
    if contest.registration_closes_at and now > contest.registration_closes_at:
        raise ValidationFailed(_("Cuộc thi đã hết hạn đăng ký."))
    if contest.require_citizen_id and not candidate.citizen_id:
        raise ValidationFailed(_("Cuộc thi yêu cầu số căn cước công dân."))
    registration, created = Registration.objects.get_or_create(
        contest=contest, candidate=candidate, defaults={"ip_address": ip_address}
    )
    if created:
        audit_log(
            actor=f"thí sinh #{candidate.pk}", action="exams.contest_register", obj=registration
        )
    return registration


@transaction.atomic
def candidate_update(*, candidate: Candidate, profile: Profile) -> Candidate:
    if (
        profile.citizen_id
        and Candidate.objects.filter(citizen_id=profile.citizen_id)
        .exclude(pk=candidate.pk)
        .exists()
    ):
        raise Conflict(_("Số căn cước công dân này đã thuộc một tài khoản dự thi khác."))
    before = {
        "full_name": candidate.full_name,
        "workplace": candidate.workplace,
        "org_unit_id": candidate.org_unit_id,
        "citizen_id": candidate.citizen_id,
    }
    candidate.full_name = profile.full_name
    candidate.workplace = profile.workplace
    candidate.org_unit_id = profile.org_unit_id
    candidate.citizen_id = profile.citizen_id or None
    candidate.save()
    after = {k: getattr(candidate, k) for k in before}
    audit_log(
        actor=f"thí sinh #{candidate.pk}",
        action="exams.candidate_update",
        obj=candidate,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return candidate


def sign_in(request: HttpRequest, candidate: Candidate) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = candidate.pk


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def current_candidate(request: HttpRequest) -> Candidate | None:
    """The candidate signed in on this browser (or linked to the signed-in user), if any."""
    pk = request.session.get(SESSION_KEY)
    if pk:
        candidate = Candidate.objects.filter(pk=pk).first()
        if candidate is not None:
            return candidate
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Candidate.objects.filter(user=user).first()
    return None
