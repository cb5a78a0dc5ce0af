"""Agencies of the province: public contact data, readable without a key."""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from congso.accounts.models import OrgUnit
from congso.api import selectors
from congso.api.auth import OPTIONAL_API_KEY, OPTIONAL_API_KEY_OPENAPI
from congso.api.errors import ErrorOut
from congso.core.exceptions import NotFound

router = Router(tags=["Cơ quan, đơn vị"])

# Same rule as accounts.validators.ORG_CODE_RE, spelled with ASCII digits for pydantic.
ORG_CODE_PATTERN = r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class OrgUnitOut(Schema):
    code: str = Field(description="Mã định danh điện tử (Quyết định 20/2020/QĐ-TTg).")
    name: str
    short_name: str
    name_en: str
    kind: str = Field(description="Loại cơ quan: " + ", ".join(OrgUnit.Kind.values) + ".")
    kind_label: str
    parent_code: str | None = Field(description="Mã của cơ quan cấp trên trực tiếp.")
    successor_code: str | None = Field(
        description="Mã của đơn vị kế thừa khi cơ quan đã sáp nhập hoặc giải thể."
    )
    address: str
    phone: str
    email: str
    website: str
    is_active: bool
    effective_from: date | None
    effective_until: date | None

    @staticmethod
    def resolve_kind_label(obj: OrgUnit) -> str:
        return str(obj.get_kind_display())


class OrgUnitDetailOut(OrgUnitOut):
    children: list[str] = Field(description="Mã các cơ quan, đơn vị trực thuộc trực tiếp.")


class OrgUnitFilters(Schema):
    kind: OrgUnit.Kind | None = Field(None, description="Chỉ lấy cơ quan thuộc loại này.")
    parent: str | None = Field(
        None,
        pattern=ORG_CODE_PATTERN,
        description="Chỉ lấy các đơn vị trực thuộc trực tiếp cơ quan có mã này.",
    )
    q: str = Field(
        "",
        max_length=100,
        description="Tìm theo tên, tên viết tắt hoặc mã; không phân biệt dấu "
        "(“so y te” tìm thấy “Sở Y tế”).",
    )
    active: bool = Field(True, description="true: đang hoạt động; false: đã ngừng hoạt động.")

    @field_validator("kind", "parent", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("q", mode="after")
    @classmethod
    def _printable(cls, value: str) -> str:
        return "".join(ch for ch in value if ch.isprintable()).strip()


@router.get(
    "/org-units",
    response={200: list[OrgUnitOut], 401: ErrorOut, 422: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Danh sách cơ quan, đơn vị",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_org_units(request: HttpRequest, filters: Query[OrgUnitFilters]):
    """Các cơ quan, đơn vị của tỉnh theo thứ tự cây tổ chức, chia trang (`page`, `page_size`)."""
    return selectors.org_unit_api_list(
        kind=filters.kind, parent_code=filters.parent, query=filters.q, active=filters.active
    )


@router.get(
    "/org-units/{code}",
    response={200: OrgUnitDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Thông tin một cơ quan, đơn vị",
)
def get_org_unit(request: HttpRequest, code: str):
    """Một cơ quan, đơn vị theo mã định danh điện tử, kèm mã các đơn vị trực thuộc."""
    unit = selectors.org_unit_api_get(code=code)
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị có mã định danh này.")
    unit.children = selectors.org_unit_child_codes(unit)
    return unit
