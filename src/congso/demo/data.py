"""The demo province: Thái Bình before the 1 July 2025 merger, plus one two-level example.

Names of the agencies, districts and communes are real (as they stood in early 2025), but the
electronic identifier codes, street addresses, phone numbers, e-mail addresses and websites are
illustrative: they follow the right formats and must not be presented as official.

Code scheme (format of Decision 20/2020/QĐ-TTg, province letter-digits H56):
- 000.00.00.H56  Ủy ban nhân dân tỉnh (the root);
- 000.00.NN.H56  level-2 agencies: departments NN = 01–20, the Public Administration Service
  Centre 21, Thái Bình city 27 and the seven districts 28–34;
- 000.MM.NN.H56  commune-level units under the city or district NN, MM = 01, 02, ...;
- 000.90.00.H56  a post-2025 commune-level unit directly under the province (NN = 00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from congso.core.text import strip_accents

PROVINCE_CODE = "000.00.00.H56"
PROVINCE_SUFFIX = ", thành phố Thái Bình, tỉnh Thái Bình"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    short_name: str = ""
    name_en: str = ""
    slug: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    children: tuple[UnitSpec, ...] = field(default=(), compare=False)

    def fields(self) -> dict:
        """The values `org_unit_create` / `org_unit_update` take (all but code and parent)."""
        return {
            "name": self.name,
            "short_name": self.short_name,
            "name_en": self.name_en,
            "kind": self.kind,
            "slug": self.slug,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "effective_from": self.effective_from,
            "effective_until": self.effective_until,
        }


PROVINCE = UnitSpec(
    code=PROVINCE_CODE,
    name="Ủy ban nhân dân tỉnh Thái Bình",
    kind="province",
    parent_code=None,
    short_name="UBND tỉnh",
    name_en="Thai Binh Provincial People's Committee",
    slug="thaibinh",
    address="Số 76 phố Lê Lợi, phường Lê Hồng Phong" + PROVINCE_SUFFIX,
    phone="02273731234",
    email="ubnd@thaibinh.gov.vn",
    website="https://thaibinh.gov.vn",
)


def _agency(
    nn: str,
    name: str,
    short_name: str,
    name_en: str,
    slug: str,
    street: str,
    phone: str,
    kind: str = "department",
) -> UnitSpec:
    return UnitSpec(
        code=f"000.00.{nn}.H56", name=name, kind=kind, parent_code=PROVINCE_CODE,
        short_name=short_name, name_en=name_en, slug=slug, address=street + PROVINCE_SUFFIX,
        phone=phone, email=f"{slug}@thaibinh.gov.vn", website=f"https://{slug}.thaibinh.gov.vn",
    )  # fmt: skip


# Departments and other provincial agencies (Thái Bình had no Ban Dân tộc).
DEPARTMENTS = [
    _agency("01", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh",
            "Office of the Provincial People's Committee", "vpubnd",
            "Số 76 phố Lê Lợi, phường Lê Hồng Phong", "02273731567"),
    _agency("02", "Sở Nội vụ", "Sở Nội vụ", "Department of Home Affairs", "sonoivu",
            "Số 16 phố Lê Lợi, phường Lê Hồng Phong", "02273831450"),
    _agency("03", "Sở Tư pháp", "Sở Tư pháp", "Department of Justice", "sotuphap",
            "Số 9 phố Lý Thường Kiệt, phường Lê Hồng Phong", "02273834386"),
    _agency("04", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Department of Planning and Investment",
            "sokhdt", "Số 8 phố Lý Thường Kiệt, phường Lê Hồng Phong", "02273831710"),
    _agency("05", "Sở Tài chính", "Sở Tài chính", "Department of Finance", "sotaichinh",
            "Số 102 phố Hai Bà Trưng, phường Lê Hồng Phong", "02273831552"),
    _agency("06", "Sở Công Thương", "Sở Công Thương", "Department of Industry and Trade",
            "socongthuong", "Số 336 đường Lý Bôn, phường Tiền Phong", "02273832345"),
    _agency("07", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT",
            "Department of Agriculture and Rural Development", "sonnptnt",
            "Số 79 đường Lý Bôn, phường Đề Thám", "02273831626"),
    _agency("08", "Sở Giao thông vận tải", "Sở GTVT", "Department of Transport", "sogtvt",
            "Số 40 đường Trần Hưng Đạo, phường Trần Hưng Đạo", "02273831893"),
    _agency("09", "Sở Xây dựng", "Sở Xây dựng", "Department of Construction", "soxaydung",
            "Số 1 phố Hai Bà Trưng, phường Lê Hồng Phong", "02273831467"),
    _agency("10", "Sở Tài nguyên và Môi trường", "Sở TN&MT",
            "Department of Natural Resources and Environment", "sotnmt",
            "Số 26 phố Trần Thủ Độ, phường Tiền Phong", "02273837221"),
    _agency("11", "Sở Thông tin và Truyền thông", "Sở TT&TT",
            "Department of Information and Communications", "sotttt",
            "Số 4 phố Lê Quý Đôn, phường Đề Thám", "02273646555"),
    _agency("12", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH",
            "Department of Labour, Invalids and Social Affairs", "soldtbxh",
            "Số 19 phố Lê Quý Đôn, phường Đề Thám", "02273831564"),
    _agency("13", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH,TT&DL",
            "Department of Culture, Sports and Tourism", "sovhttdl",
            "Số 10 phố Lê Lợi, phường Lê Hồng Phong", "02273831372"),
    _agency("14", "Sở Khoa học và Công nghệ", "Sở KH&CN", "Department of Science and Technology",
            "sokhcn", "Số 55 phố Ngô Quyền, phường Quang Trung", "02273831633"),
    _agency("15", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Department of Education and Training",
            "sogddt", "Số 141 phố Quang Trung, phường Quang Trung", "02273831545"),
    _agency("16", "Sở Y tế", "Sở Y tế", "Department of Health", "soyte",
            "Số 239 phố Hai Bà Trưng, phường Đề Thám", "02273831725"),
    _agency("17", "Thanh tra tỉnh", "Thanh tra tỉnh", "Provincial Inspectorate", "thanhtra",
            "Số 6 phố Lê Lợi, phường Lê Hồng Phong", "02273831866"),
    _agency("18", "Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh", "Ban QL KKT và các KCN",
            "Management Board of the Economic Zone and Industrial Parks", "bqlkkt",
            "Số 158 đường Trần Thái Tông, phường Tiền Phong", "02273839189"),
    _agency("19", "Sở Ngoại vụ", "Sở Ngoại vụ", "Department of Foreign Affairs", "songoaivu",
            "Số 33 phố Lý Thường Kiệt, phường Lê Hồng Phong", "02273642886"),
    _agency("20", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
            "VP Đoàn ĐBQH và HĐND tỉnh",
            "Office of the National Assembly Delegation and Provincial People's Council", "hdnd",
            "Số 3 phố Lê Lợi, phường Lê Hồng Phong", "02273831292"),
]  # fmt: skip

CENTER = _agency(
    "21", "Trung tâm Phục vụ hành chính công tỉnh Thái Bình", "Trung tâm PVHCC tỉnh",
    "Thai Binh Public Administration Service Centre", "pvhcc",
    "Số 2 phố Lý Thường Kiệt, phường Lê Hồng Phong", "02273646868", kind="center",
)  # fmt: skip


_COMMUNE_WORD = {"commune": "xã", "ward": "phường", "township": "thị trấn"}
_COMMUNE_EN = {"commune": "Commune", "ward": "Ward", "township": "Township"}


def _commune(mm: str, district: UnitSpec, kind: str, name: str, slug: str) -> UnitSpec:
    word = _COMMUNE_WORD[kind]
    district_nn = district.code.split(".")[2]
    return UnitSpec(
        code=f"000.{mm}.{district_nn}.H56",
        name=f"Ủy ban nhân dân {word} {name}",
        kind=kind,
        parent_code=district.code,
        short_name=f"UBND {word} {name}",
        name_en=f"{strip_accents(name)} {_COMMUNE_EN[kind]} People's Committee",
        slug=slug,
        address=f"{word.capitalize()} {name}, {district.short_name.removeprefix('UBND ')}, "
        "tỉnh Thái Bình",
        email=f"{slug}.{district.slug}@thaibinh.gov.vn",
        website=f"https://{slug}.{district.slug}.thaibinh.gov.vn",
    )


def _district(
    nn: str,
    kind: str,
    name: str,
    slug: str,
    address: str,
    phone: str,
    communes: list[tuple[str, str, str]],
) -> UnitSpec:
    word = "thành phố" if kind == "city" else "huyện"
    word_en = "City" if kind == "city" else "District"
    district = UnitSpec(
        code=f"000.00.{nn}.H56", name=f"Ủy ban nhân dân {word} {name}", kind=kind,
        parent_code=PROVINCE_CODE, short_name=f"UBND {word} {name}",
        name_en=f"{strip_accents(name)} {word_en} People's Committee", slug=slug,
        address=address, phone=phone, email=f"ubnd@{slug}.thaibinh.gov.vn",
        website=f"https://{slug}.thaibinh.gov.vn",
    )  # fmt: skip
    children = tuple(
        _commune(f"{i:02d}", district, c_kind, c_name, c_slug)
        for i, (c_kind, c_name, c_slug) in enumerate(communes, start=1)
    )
    return replace(district, children=children)


# Thái Bình city and the seven districts, each with a few of its communes, wards and townships.
# Kiến Xương's seat, once thị trấn Thanh Nê, is called thị trấn Kiến Xương.
DISTRICTS = [
    _district("27", "city", "Thái Bình", "tpthaibinh",
              "Số 148 đường Lý Bôn, phường Đề Thám" + PROVINCE_SUFFIX, "02273831456",
              [("ward", "Lê Hồng Phong", "lehongphong"), ("ward", "Trần Hưng Đạo", "tranhungdao"),
               ("commune", "Vũ Chính", "vuchinh")]),
    _district("28", "district", "Đông Hưng", "donghung",
              "Thị trấn Đông Hưng, huyện Đông Hưng, tỉnh Thái Bình", "02273851234",
              [("township", "Đông Hưng", "ttdonghung"), ("commune", "Đông La", "dongla"),
               ("commune", "Mê Linh", "melinh")]),
    _district("29", "district", "Hưng Hà", "hungha",
              "Khu Nhân Cầu 1, thị trấn Hưng Hà, huyện Hưng Hà, tỉnh Thái Bình", "02273861234",
              [("township", "Hưng Hà", "tthungha"), ("township", "Hưng Nhân", "hungnhan"),
               ("commune", "Tiến Đức", "tienduc")]),
    _district("30", "district", "Kiến Xương", "kienxuong",
              "Thị trấn Kiến Xương, huyện Kiến Xương, tỉnh Thái Bình", "02273821234",
              [("township", "Kiến Xương", "ttkienxuong"), ("commune", "Bình Minh", "binhminh"),
               ("commune", "Quang Trung", "quangtrung")]),
    _district("31", "district", "Quỳnh Phụ", "quynhphu",
              "Số 215 đường Trần Hưng Đạo, thị trấn Quỳnh Côi, huyện Quỳnh Phụ, tỉnh Thái Bình",
              "02273863234",
              [("township", "Quỳnh Côi", "quynhcoi"), ("township", "An Bài", "anbai"),
               ("commune", "Quỳnh Hoa", "quynhhoa")]),
    _district("32", "district", "Thái Thụy", "thaithuy",
              "Thị trấn Diêm Điền, huyện Thái Thụy, tỉnh Thái Bình", "02273853234",
              [("township", "Diêm Điền", "diemdien"), ("commune", "Thụy Hải", "thuyhai"),
               ("commune", "Thụy Trình", "thuytrinh")]),
    _district("33", "district", "Tiền Hải", "tienhai",
              "Thị trấn Tiền Hải, huyện Tiền Hải, tỉnh Thái Bình", "02273823234",
              [("township", "Tiền Hải", "tttienhai"), ("commune", "Tây Ninh", "tayninh"),
               ("commune", "Vũ Lăng", "vulang")]),
    _district("34", "district", "Vũ Thư", "vuthu",
              "Khu Cầu Thẫm, thị trấn Vũ Thư, huyện Vũ Thư, tỉnh Thái Bình", "02273826234",
              [("township", "Vũ Thư", "ttvuthu"), ("commune", "Minh Lãng", "minhlang"),
               ("commune", "Hồng Lý", "hongly")]),
]  # fmt: skip

# The two-level structure in force since 1 July 2025: communes and wards sit directly under the
# province. This one ward is illustrative only: it shows that the tree holds both levels. (In
# reality Thái Bình merged into Hưng Yên that day, and the new phường Trần Lãm, formed from
# Trần Lãm, Kỳ Bá, Vũ Chính and neighbouring units, belongs to Hưng Yên.)
POST_MERGER = [
    UnitSpec(
        code="000.90.00.H56",
        name="Ủy ban nhân dân phường Trần Lãm",
        kind="ward",
        parent_code=PROVINCE_CODE,
        short_name="UBND phường Trần Lãm",
        name_en="Tran Lam Ward People's Committee",
        slug="tranlam",
        address="Phường Trần Lãm, tỉnh Hưng Yên",
        effective_from=dt.date(2025, 7, 1),
    ),
]


def all_units() -> list[UnitSpec]:
    """Every unit, each parent before its children."""
    units = [PROVINCE, *DEPARTMENTS, CENTER]
    for district in DISTRICTS:
        units.append(district)
        units.extend(district.children)
    units.extend(POST_MERGER)
    return units
