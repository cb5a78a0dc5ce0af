"""The demo accounts, one per role, shown on the sign-in page when demo mode is on.

`DEMO_PEOPLE` is the single source: `congso demo` creates these accounts and roles, and
`DEMO_ACCOUNTS` (email, full name, role label) is what the sign-in page lists.
The phone numbers and the citizen ID are made up.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "Congso@2026"

# Agency codes used below; they are defined in congso.demo.data.
ROOT = "000.00.00.H56"  # Ủy ban nhân dân tỉnh Thái Bình
SO_TU_PHAP = "000.00.03.H56"
SO_TTTT = "000.00.11.H56"
TRUNG_TAM_PVHCC = "000.00.21.H56"


@dataclass(frozen=True)
class DemoRole:
    role: str  # a congso.accounts.models.Role value
    org_unit_code: str
    title: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    label: str
    phone: str
    kind: str = "official"  # "official" or "citizen"
    citizen_id: str = ""
    roles: tuple[DemoRole, ...] = ()


DEMO_PEOPLE = [
    DemoPerson(
        email="quantri@demo.congso.vn",
        full_name="Nguyễn Văn Quản",
        label="Quản trị hệ thống (cần mã TOTP)",
        phone="0912345601",
        roles=(DemoRole("administrator", ROOT, "Quản trị hệ thống"),),
    ),
    DemoPerson(
        email="motcua@demo.congso.vn",
        full_name="Trần Thị Một",
        label="Cán bộ một cửa",
        phone="0912345602",
        roles=(DemoRole("one_stop_clerk", TRUNG_TAM_PVHCC, "Công chức tiếp nhận và trả kết quả"),),
    ),
    DemoPerson(
        email="chuyenvien@demo.congso.vn",
        full_name="Lê Văn Xử",
        label="Chuyên viên xử lý",
        phone="0912345603",
        roles=(DemoRole("handler", SO_TTTT, "Chuyên viên Phòng Bưu chính, Viễn thông"),),
    ),
    DemoPerson(
        email="lanhdao@demo.congso.vn",
        full_name="Phạm Quang Đạo",
        label="Lãnh đạo",
        phone="0912345604",
        roles=(DemoRole("leader", SO_TTTT, "Phó Giám đốc Sở"),),
    ),
    DemoPerson(
        email="bientap@demo.congso.vn",
        full_name="Hoàng Thị Biên",
        label="Biên tập viên cổng thông tin",
        phone="0912345605",
        roles=(
            DemoRole("portal_editor", SO_TTTT, "Chuyên viên Phòng Thông tin - Báo chí - Xuất bản"),
        ),
    ),
    DemoPerson(
        email="duyetbai@demo.congso.vn",
        full_name="Ngô Thị Duyệt",
        label="Người duyệt bài cổng thông tin",
        phone="0912345609",
        roles=(
            DemoRole("portal_reviewer", SO_TTTT, "Trưởng phòng Thông tin - Báo chí - Xuất bản"),
        ),
    ),
    DemoPerson(
        email="tochucthi@demo.congso.vn",
        full_name="Vũ Minh Thi",
        label="Cán bộ tổ chức thi",
        phone="0912345606",
        roles=(
            DemoRole(
                "exam_organiser", SO_TU_PHAP, "Chuyên viên Phòng Phổ biến, giáo dục pháp luật"
            ),
        ),
    ),
    DemoPerson(
        email="ungcuu@demo.congso.vn",
        full_name="Đỗ Văn Cứu",
        label="Cán bộ ứng cứu sự cố",
        phone="0912345607",
        roles=(
            DemoRole(
                "incident_responder", SO_TTTT, "Kỹ sư Trung tâm Công nghệ thông tin và Truyền thông"
            ),
        ),
    ),
    DemoPerson(
        email="congdan@demo.congso.vn",
        full_name="Bùi Thị Dân",
        label="Công dân",
        phone="0912345608",
        kind="citizen",
        # 034 = Thái Bình, 1 = female born 1900–1999, 90 = 1990, then six digits.
        citizen_id="034190001234",
    ),
]

# (email, full name, role label), for the sign-in page.
DEMO_ACCOUNTS = [(p.email, p.full_name, p.label) for p in DEMO_PEOPLE]
