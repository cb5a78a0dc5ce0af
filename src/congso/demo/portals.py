"""The demo e-portal: the province's main portal and a component portal per agency and district.

`seed_portals` fills in what is missing and touches nothing that exists: portals are matched by
agency, articles by (news index, slug), an agency page is filled only while it is still empty and
portal settings only field by field while blank. A second run therefore creates no page, site or
audit row. The news is fictional: agency and place names are real, people and figures made up.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Page, ReferenceIndex, Site
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from congso.accounts.models import OrgUnit, RoleAssignment, User
from congso.core.text import slugify_vi, strip_accents
from congso.demo.data import PROVINCE_CODE
from congso.portal import cache as portal_cache
from congso.portal.models import (
    ArticlePage,
    Category,
    Leader,
    NewsIndexPage,
    OrganisationPage,
    PortalSettings,
)
from congso.portal.services import portal_create

ACTOR = "congso demo"
PORT = 8000
MAIN_HOSTNAME = "localhost"
MAIN_TITLE = "Cổng thông tin điện tử tỉnh Thái Bình"
COMPONENT_KINDS = ("department", "center", "city", "district", "town")
LOCAL_KINDS = ("city", "district", "town")
WELCOME_TITLE = "Welcome to your new Wagtail site"
COVER_SIZE = (1200, 675)
COVER_DIR = "original_images/congso-demo"


# ---------------------------------------------------------------------------------------------
# Content. Every article is fictional; agency names are real, people and figures are made up.
# ---------------------------------------------------------------------------------------------

TT, CDS, CCHC, KTXH, VHXH, PBPL = (
    "tin-tuc-su-kien", "chuyen-doi-so", "cai-cach-hanh-chinh", "kinh-te-xa-hoi",
    "van-hoa-xa-hoi", "pho-bien-phap-luat",
)  # fmt: skip

CATEGORIES = [
    ("Tin tức - Sự kiện", TT),
    ("Chuyển đổi số", CDS),
    ("Cải cách hành chính", CCHC),
    ("Kinh tế - Xã hội", KTXH),
    ("Văn hóa - Xã hội", VHXH),
    ("Phổ biến pháp luật", PBPL),
]


@dataclass(frozen=True)
class Topic:
    title: str
    lead: str
    detail: str
    category: str
    tags: tuple[str, ...]


def _t(title: str, lead: str, detail: str, category: str, *tags: str) -> Topic:
    return Topic(title, lead, detail, category, tags)


@dataclass(frozen=True)
class Profile:
    field: str  # the agency's field, after "quản lý nhà nước về"
    field_en: str
    topics: tuple[Topic, ...]
    table: tuple[tuple[str, str], ...]
    mission: str = ""  # overrides "tham mưu ... quản lý nhà nước về {field}"
    mission_en: str = ""
    divisions: tuple[tuple[str, str], ...] = ()


PROFILES: dict[str, Profile] = {
    "thaibinh": Profile(
        "phát triển kinh tế - xã hội", "socio-economic development",
        (
            _t("Tỉnh Thái Bình công bố Chỉ số cải cách hành chính của các sở, ngành, địa phương",
               "Ủy ban nhân dân tỉnh công bố kết quả xếp hạng Chỉ số cải cách hành chính của các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố; nhiều đơn vị có bước tiến rõ rệt.",
               "Chỉ số được đánh giá trên bảy lĩnh vực: chỉ đạo điều hành, thể chế, thủ tục hành chính, tổ chức bộ máy, chế độ công vụ, tài chính công và xây dựng chính quyền số. Kết quả là căn cứ để bình xét thi đua, đánh giá mức độ hoàn thành nhiệm vụ của người đứng đầu.",
               CCHC, "chỉ số cải cách hành chính", "PAR Index"),
            _t("Chủ tịch UBND tỉnh đối thoại với doanh nghiệp, tháo gỡ khó khăn cho sản xuất",
               "Tại hội nghị đối thoại, hơn 200 doanh nghiệp, hợp tác xã đã nêu các kiến nghị về đất đai, thủ tục đầu tư, tín dụng và hạ tầng khu, cụm công nghiệp.",
               "Lãnh đạo các sở, ngành trả lời trực tiếp từng nhóm kiến nghị; những nội dung vượt thẩm quyền được tổng hợp, báo cáo các bộ, ngành trung ương. Ủy ban nhân dân tỉnh cam kết đồng hành, tạo môi trường đầu tư kinh doanh thông thoáng, minh bạch.",
               KTXH, "đối thoại doanh nghiệp", "môi trường đầu tư"),
            _t("Thái Bình ban hành kế hoạch phát triển dữ liệu số và chính quyền số",
               "Kế hoạch đặt mục tiêu hoàn thành các cơ sở dữ liệu dùng chung của tỉnh, bảo đảm dữ liệu được kết nối, chia sẻ, phục vụ chỉ đạo điều hành và người dân.",
               "Các sở, ngành được giao làm giàu cơ sở dữ liệu chuyên ngành, tái sử dụng dữ liệu đã số hóa để người dân không phải cung cấp lại giấy tờ khi làm thủ tục hành chính; Trung tâm giám sát, điều hành thông minh của tỉnh được nâng cấp.",
               CDS, "chuyển đổi số", "dữ liệu số"),
            _t("Chủ động phòng, chống thiên tai và tìm kiếm cứu nạn trước mùa mưa bão",
               "Ủy ban nhân dân tỉnh yêu cầu các địa phương kiểm tra toàn bộ hệ thống đê điều, cống qua đê, chuẩn bị vật tư, phương tiện theo phương châm “bốn tại chỗ”.",
               "Các huyện ven biển Thái Thụy và Tiền Hải rà soát phương án sơ tán dân ở vùng trũng thấp, ngoài đê; hướng dẫn tàu thuyền neo đậu an toàn. Lực lượng quân sự, công an, biên phòng sẵn sàng tham gia ứng cứu khi có tình huống.",
               TT, "phòng chống thiên tai", "đê điều"),
        ),
        (("Tốc độ tăng trưởng GRDP", "8,2%"), ("Thu ngân sách nhà nước (tỷ đồng)", "6.215"),
         ("Tỷ lệ hồ sơ trực tuyến toàn trình", "78,4%"), ("Xã đạt chuẩn nông thôn mới nâng cao", "118")),
        mission="là cơ quan hành chính nhà nước ở địa phương, do Hội đồng nhân dân tỉnh bầu ra, chịu trách nhiệm trước Hội đồng nhân dân tỉnh và cơ quan hành chính nhà nước cấp trên",
        mission_en="is the local state administrative body elected by the Provincial People's Council, accountable to the Council and to the higher state administrative bodies",
    ),
    "vpubnd": Profile(
        "công tác văn phòng và kiểm soát thủ tục hành chính", "office affairs and administrative procedure control",
        (
            _t("Nâng cao chất lượng tham mưu, tổng hợp phục vụ chỉ đạo, điều hành của tỉnh",
               "Văn phòng UBND tỉnh đã tham mưu ban hành hàng nghìn văn bản chỉ đạo, điều hành, bảo đảm đúng thời hạn và chất lượng.",
               "Toàn bộ văn bản đi, đến được xử lý trên hệ thống quản lý văn bản và điều hành; hồ sơ trình lãnh đạo tỉnh được luân chuyển điện tử, rút ngắn thời gian xử lý trung bình xuống dưới hai ngày làm việc.",
               TT, "chỉ đạo điều hành", "văn bản điện tử"),
            _t("Vận hành Hệ thống thông tin báo cáo của tỉnh kết nối với Chính phủ",
               "Hệ thống thông tin báo cáo của tỉnh đã kết nối với Hệ thống thông tin báo cáo Chính phủ, cung cấp số liệu kinh tế - xã hội theo thời gian thực.",
               "Hơn 40 chỉ tiêu được các sở, ngành cập nhật định kỳ; lãnh đạo tỉnh theo dõi trực quan trên bảng điều khiển, giảm đáng kể báo cáo giấy và thời gian tổng hợp.",
               CDS, "hệ thống báo cáo", "chuyển đổi số"),
            _t("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
               "Qua rà soát, Văn phòng UBND tỉnh đề xuất đơn giản hóa hàng chục thủ tục hành chính, cắt giảm thành phần hồ sơ và thời gian giải quyết.",
               "Các phương án đơn giản hóa tập trung vào lĩnh vực đất đai, xây dựng, đầu tư và lao động; nhiều giấy tờ được thay bằng việc khai thác dữ liệu dân cư và dữ liệu đăng ký doanh nghiệp.",
               CCHC, "thủ tục hành chính", "kiểm soát thủ tục hành chính"),
        ),
        (("Văn bản chỉ đạo, điều hành được tham mưu ban hành", "1.245"), ("Tỷ lệ văn bản được ký số", "98,6%"),
         ("Thủ tục hành chính được rà soát, đơn giản hóa", "62")),
        mission="là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, có chức năng tham mưu tổng hợp, giúp Ủy ban nhân dân tỉnh tổ chức các hoạt động chung, kiểm soát thủ tục hành chính và bảo đảm các điều kiện vật chất, kỹ thuật cho hoạt động của Ủy ban nhân dân tỉnh",
        mission_en="is a specialised agency of the Provincial People's Committee that provides general advice, organises the Committee's common activities, controls administrative procedures and ensures the Committee's material and technical conditions",
    ),
    "sonoivu": Profile(
        "tổ chức bộ máy, công chức, viên chức, thi đua - khen thưởng", "organisation, civil servants, public employees and emulation and commendation",
        (
            _t("Sở Nội vụ triển khai sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
               "Sở Nội vụ tham mưu phương án sắp xếp các phòng chuyên môn và đơn vị sự nghiệp công lập, giảm đầu mối, gắn với tinh giản biên chế.",
               "Phương án được xây dựng trên cơ sở rà soát chức năng, nhiệm vụ, vị trí việc làm của từng đơn vị; chế độ, chính sách cho cán bộ, công chức chịu tác động được giải quyết kịp thời, đúng quy định.",
               TT, "tổ chức bộ máy", "tinh giản biên chế"),
            _t("Tổ chức thi tuyển công chức hành chính trên máy tính",
               "Kỳ thi tuyển công chức của tỉnh được tổ chức trên máy tính, bảo đảm công khai, minh bạch; kết quả được công bố ngay sau mỗi ca thi.",
               "Hơn 1.000 thí sinh dự thi vòng một; đề thi được lấy ngẫu nhiên từ ngân hàng câu hỏi. Hội đồng thi bố trí camera giám sát tại các phòng thi và công khai danh sách trúng tuyển trên cổng thông tin.",
               CCHC, "thi tuyển công chức", "tuyển dụng"),
            _t("Số hóa hồ sơ cán bộ, công chức, viên chức trên cơ sở dữ liệu quốc gia",
               "Toàn bộ hồ sơ cán bộ, công chức, viên chức của tỉnh đang được số hóa, cập nhật lên Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức.",
               "Việc số hóa giúp quản lý biên chế, tiền lương, đánh giá, xếp loại cán bộ thống nhất trên môi trường số; các cơ quan, đơn vị được hướng dẫn rà soát, chuẩn hóa dữ liệu trước khi đồng bộ.",
               CDS, "cơ sở dữ liệu", "hồ sơ công chức"),
        ),
        (("Hồ sơ cán bộ, công chức được số hóa", "18.420"), ("Chỉ tiêu thi tuyển công chức", "86"),
         ("Đơn vị sự nghiệp được sắp xếp, kiện toàn", "14")),
    ),
    "sotuphap": Profile(
        "công tác tư pháp", "justice",
        (
            _t("Đẩy mạnh cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID",
               "Người dân Thái Bình có thể đề nghị cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID mà không phải khai lại thông tin hay đến trụ sở cơ quan nhà nước.",
               "Thông tin nhân thân được lấy tự động từ Cơ sở dữ liệu quốc gia về dân cư; người dân thanh toán lệ phí trực tuyến và nhận phiếu bản điện tử hoặc qua bưu chính công ích.",
               CCHC, "lý lịch tư pháp", "VNeID"),
            _t("Tăng cường trợ giúp pháp lý cho người có hoàn cảnh khó khăn",
               "Trung tâm Trợ giúp pháp lý nhà nước tỉnh tổ chức nhiều đợt trợ giúp pháp lý lưu động tại các xã có đông người cao tuổi, người khuyết tật, hộ nghèo.",
               "Các trợ giúp viên pháp lý tư vấn về đất đai, hôn nhân gia đình, chế độ chính sách; tham gia tố tụng bảo vệ quyền lợi hợp pháp của người được trợ giúp pháp lý hoàn toàn miễn phí.",
               PBPL, "trợ giúp pháp lý"),
            _t("Hưởng ứng Ngày Pháp luật Việt Nam với nhiều hình thức phong phú",
               "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh triển khai các hoạt động hưởng ứng Ngày Pháp luật, hướng về cơ sở.",
               "Cuộc thi tìm hiểu pháp luật trực tuyến thu hút hàng chục nghìn lượt người tham gia; các xã tổ chức sân khấu hóa, phát thanh pháp luật trên loa truyền thanh cơ sở, lồng ghép trong sinh hoạt khu dân cư.",
               PBPL, "Ngày Pháp luật", "phổ biến pháp luật"),
        ),
        (("Phiếu lý lịch tư pháp được cấp", "9.870"), ("Tỷ lệ hồ sơ nộp trực tuyến", "76,4%"),
         ("Vụ việc trợ giúp pháp lý", "312")),
    ),
    "sokhdt": Profile(
        "kế hoạch và đầu tư", "planning and investment",
        (
            _t("Thu hút đầu tư vào tỉnh tiếp tục khởi sắc",
               "Từ đầu năm, tỉnh đã chấp thuận chủ trương đầu tư nhiều dự án mới, tập trung vào công nghiệp chế biến, chế tạo, năng lượng và logistics.",
               "Sở Kế hoạch và Đầu tư chủ động gặp gỡ, hỗ trợ nhà đầu tư từ khâu nghiên cứu, khảo sát địa điểm đến hoàn thiện hồ sơ; các dự án được theo dõi tiến độ trên hệ thống giám sát đầu tư của tỉnh.",
               KTXH, "thu hút đầu tư", "FDI"),
            _t("Hỗ trợ doanh nghiệp đăng ký thành lập mới qua mạng",
               "Gần như toàn bộ hồ sơ đăng ký doanh nghiệp tại Thái Bình được nộp qua mạng, thời gian giải quyết rút ngắn còn hai ngày làm việc.",
               "Phòng Đăng ký kinh doanh bố trí cán bộ hướng dẫn qua điện thoại, thư điện tử; doanh nghiệp nhận kết quả bản điện tử có giá trị pháp lý như bản giấy.",
               CCHC, "đăng ký doanh nghiệp"),
            _t("Đẩy nhanh giải ngân vốn đầu tư công",
               "Ủy ban nhân dân tỉnh thành lập các tổ công tác đôn đốc giải ngân, yêu cầu chủ đầu tư cam kết tiến độ theo từng tháng.",
               "Những dự án chậm giải ngân được điều chuyển vốn sang dự án có khối lượng hoàn thành; vướng mắc về giải phóng mặt bằng được các địa phương tập trung xử lý dứt điểm.",
               KTXH, "đầu tư công", "giải ngân"),
        ),
        (("Dự án đầu tư mới được chấp thuận", "37"), ("Doanh nghiệp thành lập mới", "684"),
         ("Tỷ lệ giải ngân vốn đầu tư công", "71,2%")),
    ),
    "sotaichinh": Profile(
        "tài chính, ngân sách, giá", "finance, budget and prices",
        (
            _t("Thu ngân sách nhà nước trên địa bàn đạt khá so với dự toán",
               "Thu ngân sách nhà nước trên địa bàn tỉnh tăng so với cùng kỳ, trong đó thu nội địa chiếm tỷ trọng lớn.",
               "Sở Tài chính phối hợp với cơ quan thuế, hải quan rà soát nguồn thu, chống thất thu; đồng thời điều hành chi ngân sách chặt chẽ, tiết kiệm, ưu tiên chi cho an sinh xã hội và đầu tư phát triển.",
               KTXH, "thu ngân sách"),
            _t("Triển khai thanh toán không dùng tiền mặt tại các đơn vị sự nghiệp công lập",
               "Các trường học, bệnh viện công lập trên địa bàn tỉnh đã triển khai thu học phí, viện phí qua tài khoản ngân hàng và mã QR.",
               "Việc thanh toán không dùng tiền mặt giúp minh bạch nguồn thu, giảm thời gian chờ đợi của người dân; Sở Tài chính hướng dẫn các đơn vị đối soát, hạch toán trên phần mềm kế toán.",
               CDS, "thanh toán không dùng tiền mặt"),
            _t("Hướng dẫn công khai ngân sách tại các đơn vị dự toán",
               "Sở Tài chính ban hành hướng dẫn thực hiện công khai dự toán, quyết toán ngân sách theo quy định của Luật Ngân sách nhà nước.",
               "Các đơn vị dự toán phải công khai trên cổng thông tin điện tử và niêm yết tại trụ sở; Sở Tài chính sẽ kiểm tra việc chấp hành và công bố kết quả định kỳ.",
               PBPL, "công khai ngân sách"),
        ),
        (("Thu ngân sách nhà nước (tỷ đồng)", "6.215"), ("Tỷ lệ so với dự toán năm", "58,3%"),
         ("Đơn vị thực hiện công khai ngân sách đúng hạn", "100%")),
    ),
    "socongthuong": Profile(
        "công nghiệp và thương mại", "industry and trade",
        (
            _t("Bình ổn thị trường, bảo đảm nguồn cung hàng hóa thiết yếu",
               "Sở Công Thương phối hợp với các doanh nghiệp phân phối triển khai chương trình bình ổn thị trường, bảo đảm đủ hàng hóa thiết yếu với giá hợp lý.",
               "Các điểm bán hàng bình ổn được bố trí tại trung tâm các huyện; lực lượng quản lý thị trường tăng cường kiểm tra, xử lý hàng giả, hàng kém chất lượng, hàng không rõ nguồn gốc.",
               KTXH, "bình ổn giá", "thị trường"),
            _t("Đưa nông sản Thái Bình lên sàn thương mại điện tử",
               "Hàng trăm sản phẩm OCOP và nông sản đặc trưng của tỉnh đã có mặt trên các sàn thương mại điện tử, mở rộng thị trường tiêu thụ.",
               "Sở Công Thương tổ chức tập huấn kỹ năng bán hàng trực tuyến, chụp ảnh, livestream cho các hợp tác xã; hỗ trợ đăng ký gian hàng, kết nối dịch vụ giao hàng và thanh toán.",
               CDS, "thương mại điện tử", "OCOP"),
            _t("Tăng cường kiểm tra an toàn điện mùa mưa bão",
               "Sở Công Thương đề nghị các đơn vị điện lực kiểm tra hành lang an toàn lưới điện, xử lý cây cối vi phạm trước mùa mưa bão.",
               "Người dân được khuyến cáo không đến gần dây điện bị đứt, cột điện bị đổ; khi phát hiện sự cố cần báo ngay cho đơn vị điện lực qua tổng đài chăm sóc khách hàng.",
               TT, "an toàn điện"),
        ),
        (("Giá trị sản xuất công nghiệp (tỷ đồng)", "48.760"), ("Kim ngạch xuất khẩu (triệu USD)", "1.024"),
         ("Sản phẩm OCOP lên sàn thương mại điện tử", "215")),
    ),
    "sonnptnt": Profile(
        "nông nghiệp và phát triển nông thôn", "agriculture and rural development",
        (
            _t("Ra quân tiêm phòng cho đàn gia súc, gia cầm",
               "Đợt tiêm phòng được triển khai đồng loạt tại các xã, phường, thị trấn nhằm chủ động phòng, chống dịch bệnh nguy hiểm trên đàn vật nuôi.",
               "Chi cục Chăn nuôi và Thú y cung ứng đủ vắc-xin cúm gia cầm, lở mồm long móng, dịch tả lợn; các thú y viên cơ sở hướng dẫn người chăn nuôi vệ sinh, tiêu độc khử trùng chuồng trại.",
               KTXH, "tiêm phòng", "chăn nuôi"),
            _t("Chủ động phương án phòng, chống thiên tai, bảo vệ đê điều",
               "Sở Nông nghiệp và Phát triển nông thôn kiểm tra các trọng điểm xung yếu trên hệ thống đê biển, đê sông trước mùa mưa bão.",
               "Vật tư dự trữ được tập kết tại các điểm canh đê; lực lượng quản lý đê nhân dân được tập huấn kỹ năng phát hiện, xử lý sự cố ngay từ giờ đầu.",
               TT, "phòng chống thiên tai", "đê điều"),
            _t("Mở rộng cánh đồng lớn, liên kết sản xuất lúa chất lượng cao",
               "Nhiều hợp tác xã liên kết với doanh nghiệp bao tiêu sản phẩm lúa chất lượng cao, giúp nông dân yên tâm sản xuất.",
               "Các cánh đồng lớn áp dụng đồng bộ cơ giới hóa từ làm đất, gieo cấy đến thu hoạch; sản phẩm gạo được truy xuất nguồn gốc bằng mã QR, nâng cao giá trị trên thị trường.",
               KTXH, "lúa chất lượng cao", "liên kết sản xuất"),
        ),
        (("Diện tích lúa chất lượng cao (ha)", "41.300"), ("Xã đạt chuẩn nông thôn mới nâng cao", "118"),
         ("Đàn gia súc được tiêm phòng", "96%")),
    ),
    "sogtvt": Profile(
        "giao thông vận tải", "transport",
        (
            _t("Bảo đảm trật tự, an toàn giao thông dịp cao điểm",
               "Sở Giao thông vận tải yêu cầu các doanh nghiệp vận tải tăng cường phương tiện, niêm yết giá vé, không để hành khách bị ép giá.",
               "Thanh tra giao thông phối hợp với cảnh sát giao thông kiểm soát tải trọng xe, xử lý nghiêm các hành vi vi phạm nồng độ cồn, chở quá số người quy định.",
               TT, "an toàn giao thông"),
            _t("Đẩy nhanh tiến độ dự án tuyến đường bộ ven biển",
               "Nhà thầu huy động tối đa máy móc, nhân lực thi công trên tuyến đường bộ ven biển đoạn qua các huyện Thái Thụy, Tiền Hải.",
               "Tuyến đường khi hoàn thành sẽ kết nối Khu kinh tế Thái Bình với các tỉnh lân cận, tạo động lực phát triển kinh tế biển; địa phương tập trung bàn giao mặt bằng sạch cho nhà thầu.",
               KTXH, "đường bộ ven biển", "hạ tầng"),
            _t("Cấp đổi giấy phép lái xe trên dịch vụ công trực tuyến",
               "Người dân có thể đề nghị cấp đổi giấy phép lái xe trực tuyến, sử dụng dữ liệu sức khỏe điện tử mà không cần nộp bản giấy.",
               "Kết quả được trả qua dịch vụ bưu chính công ích tận nhà; thời gian giải quyết rút ngắn đáng kể so với nộp trực tiếp.",
               CCHC, "giấy phép lái xe", "dịch vụ công trực tuyến"),
        ),
        (("Số vụ tai nạn giao thông", "giảm 12,5%"), ("Giấy phép lái xe cấp đổi trực tuyến", "7.830"),
         ("Đường được bảo trì (km)", "326")),
    ),
    "soxaydung": Profile(
        "xây dựng, quy hoạch, phát triển đô thị và nhà ở", "construction, planning, urban development and housing",
        (
            _t("Kiểm tra chất lượng các công trình xây dựng trọng điểm",
               "Đoàn kiểm tra của Sở Xây dựng kiểm tra công tác quản lý chất lượng, nghiệm thu tại nhiều công trình sử dụng vốn ngân sách.",
               "Đoàn đề nghị chủ đầu tư, nhà thầu hoàn thiện hồ sơ quản lý chất lượng, khắc phục ngay những tồn tại được chỉ ra, không nghiệm thu khi công trình chưa bảo đảm yêu cầu.",
               TT, "chất lượng công trình"),
            _t("Phát triển nhà ở xã hội cho công nhân khu công nghiệp",
               "Tỉnh đã bố trí quỹ đất và khởi công thêm dự án nhà ở xã hội gần các khu công nghiệp, đáp ứng nhu cầu của người lao động.",
               "Người lao động đủ điều kiện được vay vốn ưu đãi để mua, thuê mua nhà ở xã hội; Sở Xây dựng công khai danh sách dự án, giá bán và hồ sơ đăng ký trên cổng thông tin.",
               KTXH, "nhà ở xã hội"),
            _t("Cấp giấy phép xây dựng trực tuyến toàn trình",
               "Thủ tục cấp giấy phép xây dựng thuộc thẩm quyền của Sở đã được cung cấp trực tuyến toàn trình.",
               "Chủ đầu tư nộp bản vẽ thiết kế dạng số, theo dõi tiến độ giải quyết và nhận giấy phép điện tử; thời gian giải quyết giảm từ 20 ngày xuống còn 15 ngày.",
               CCHC, "giấy phép xây dựng"),
        ),
        (("Công trình được kiểm tra công tác nghiệm thu", "54"), ("Căn hộ nhà ở xã hội khởi công", "1.200"),
         ("Hồ sơ cấp phép xây dựng trực tuyến", "88%")),
    ),
    "sotnmt": Profile(
        "tài nguyên và môi trường", "natural resources and environment",
        (
            _t("Phân loại rác thải tại nguồn: nhiều mô hình hiệu quả",
               "Mô hình phân loại rác thải sinh hoạt tại hộ gia đình được nhân rộng ở nhiều xã, góp phần giảm lượng rác phải chôn lấp.",
               "Rác hữu cơ được người dân ủ làm phân bón cho cây trồng; rác tái chế được thu gom riêng. Sở Tài nguyên và Môi trường hỗ trợ thùng chứa và tài liệu hướng dẫn cho các khu dân cư.",
               VHXH, "rác thải", "bảo vệ môi trường"),
            _t("Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất lần đầu",
               "Sở Tài nguyên và Môi trường phối hợp với các huyện tháo gỡ vướng mắc, đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất lần đầu cho người dân.",
               "Các hồ sơ tồn đọng được phân loại theo nguyên nhân; Văn phòng Đăng ký đất đai bố trí cán bộ xuống từng xã hướng dẫn người dân hoàn thiện hồ sơ.",
               CCHC, "đất đai", "giấy chứng nhận"),
            _t("Xây dựng cơ sở dữ liệu đất đai kết nối liên thông",
               "Cơ sở dữ liệu đất đai của tỉnh đang được hoàn thiện, kết nối với Cơ sở dữ liệu quốc gia về dân cư và hệ thống giải quyết thủ tục hành chính.",
               "Khi hoàn thành, người dân làm thủ tục đất đai không phải nộp bản sao giấy tờ đã có trong cơ sở dữ liệu; cơ quan thuế xác định nghĩa vụ tài chính nhanh hơn.",
               CDS, "cơ sở dữ liệu đất đai"),
        ),
        (("Giấy chứng nhận quyền sử dụng đất được cấp", "5.640"), ("Xã hoàn thành cơ sở dữ liệu đất đai", "142"),
         ("Tỷ lệ rác thải sinh hoạt được thu gom", "94%")),
    ),
    "sotttt": Profile(
        "báo chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số",
        "the press, publishing, postal services, telecommunications, information technology and digital transformation",
        (
            _t("Thái Bình đẩy mạnh chuyển đổi số, hướng tới chính quyền số",
               "Sở Thông tin và Truyền thông tham mưu triển khai đồng bộ các nhiệm vụ chuyển đổi số trên cả ba trụ cột chính quyền số, kinh tế số và xã hội số.",
               "Hạ tầng số được nâng cấp với mạng truyền số liệu chuyên dùng đến 100% xã, phường, thị trấn; Trung tâm dữ liệu của tỉnh vận hành ổn định; các nền tảng dùng chung như quản lý văn bản, một cửa điện tử, họp trực tuyến được sử dụng thường xuyên.",
               CDS, "chuyển đổi số", "chính quyền số"),
            _t("Diễn tập thực chiến bảo đảm an toàn thông tin mạng",
               "Sở Thông tin và Truyền thông tổ chức diễn tập thực chiến an toàn thông tin trên các hệ thống thông tin quan trọng của tỉnh.",
               "Các đội ứng cứu sự cố phát hiện và khắc phục nhiều lỗ hổng bảo mật; sau diễn tập, các cơ quan được yêu cầu cập nhật bản vá, rà soát tài khoản quản trị và sao lưu dữ liệu định kỳ.",
               CDS, "an toàn thông tin", "diễn tập"),
            _t("Nâng cao chất lượng dịch vụ bưu chính công ích",
               "Mạng lưới bưu điện văn hóa xã được tổ chức lại, vừa chuyển phát vừa hỗ trợ người dân nộp hồ sơ, nhận kết quả thủ tục hành chính.",
               "Nhân viên bưu điện được tập huấn nghiệp vụ tiếp nhận hồ sơ thay cho người dân ở vùng xa; kết quả giải quyết được chuyển phát tận nhà với cước phí hợp lý.",
               KTXH, "bưu chính", "dịch vụ công ích"),
            _t("Tổ công nghệ số cộng đồng hướng dẫn người dân kỹ năng số",
               "Hơn 1.700 tổ công nghệ số cộng đồng đã được thành lập đến từng thôn, tổ dân phố, trở thành cánh tay nối dài của chính quyền trong chuyển đổi số.",
               "Các thành viên tổ hướng dẫn người dân cài đặt ứng dụng, nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt và nhận diện lừa đảo trên không gian mạng.",
               CDS, "tổ công nghệ số cộng đồng", "kỹ năng số"),
        ),
        (("Hồ sơ trực tuyến toàn trình", "82,5%"), ("Hệ thống thông tin được phê duyệt cấp độ", "46"),
         ("Tổ công nghệ số cộng đồng", "1.732"), ("Tỷ lệ văn bản điện tử có ký số", "99,1%")),
        divisions=(
            ("Văn phòng Sở", "Office of the Department"),
            ("Thanh tra Sở", "Department Inspectorate"),
            ("Phòng Bưu chính, Viễn thông", "Division of Post and Telecommunications"),
            ("Phòng Thông tin - Báo chí - Xuất bản", "Division of Information, Press and Publishing"),
            ("Phòng Công nghệ thông tin", "Division of Information Technology"),
            ("Trung tâm Công nghệ thông tin và Truyền thông", "Information and Communications Technology Centre"),
        ),
    ),
    "soldtbxh": Profile(
        "lao động, người có công và xã hội", "labour, people with meritorious services and social affairs",
        (
            _t("Chăm lo cho người có công, gia đình chính sách",
               "Các cấp, các ngành trong tỉnh tổ chức thăm hỏi, tặng quà người có công với cách mạng, thân nhân liệt sĩ nhân dịp kỷ niệm Ngày Thương binh - Liệt sĩ.",
               "Cùng với quà của Chủ tịch nước và của tỉnh, nhiều doanh nghiệp, nhà hảo tâm đã hỗ trợ xây mới, sửa chữa nhà ở cho người có công còn khó khăn về nhà ở.",
               VHXH, "người có công", "an sinh xã hội"),
            _t("Phiên giao dịch việc làm thu hút hàng nghìn lao động",
               "Phiên giao dịch việc làm do Trung tâm Dịch vụ việc làm tỉnh tổ chức có hàng chục doanh nghiệp tham gia tuyển dụng.",
               "Người lao động được tư vấn nghề nghiệp, chính sách bảo hiểm thất nghiệp và phỏng vấn trực tiếp; nhiều người nhận được việc làm ngay tại phiên.",
               KTXH, "việc làm", "giao dịch việc làm"),
            _t("Chi trả trợ cấp xã hội qua tài khoản ngân hàng",
               "Phần lớn đối tượng bảo trợ xã hội trên địa bàn tỉnh đã nhận trợ cấp hằng tháng qua tài khoản ngân hàng.",
               "Cách làm mới giúp tiền đến tay người thụ hưởng nhanh, đủ, đúng hạn; với người cao tuổi không thể tự giao dịch, cán bộ bưu điện vẫn chi trả tận nhà.",
               CDS, "trợ cấp xã hội", "thanh toán không dùng tiền mặt"),
        ),
        (("Lao động được giải quyết việc làm", "17.650"), ("Đối tượng nhận trợ cấp qua tài khoản", "81%"),
         ("Hộ nghèo giảm", "1.020 hộ")),
    ),
    "sovhttdl": Profile(
        "văn hóa, gia đình, thể dục, thể thao và du lịch", "culture, family, physical training, sports and tourism",
        (
            _t("Chuẩn bị chu đáo cho mùa lễ hội truyền thống",
               "Sở Văn hóa, Thể thao và Du lịch hướng dẫn các địa phương tổ chức lễ hội trang trọng, an toàn, tiết kiệm, giữ gìn giá trị văn hóa truyền thống.",
               "Ban tổ chức các lễ hội lớn như Đền Trần, Chùa Keo được yêu cầu bảo đảm an ninh trật tự, vệ sinh môi trường, niêm yết giá dịch vụ và không để xảy ra tình trạng chèo kéo khách.",
               VHXH, "lễ hội", "di sản"),
            _t("Phát triển du lịch biển Cồn Vành, Cồn Đen",
               "Tỉnh định hướng phát triển khu du lịch biển Cồn Vành, Cồn Đen gắn với bảo tồn rừng ngập mặn và hệ sinh thái ven biển.",
               "Các tour trải nghiệm nghề biển, thưởng thức hải sản, ngắm chim ở rừng ngập mặn được giới thiệu tới du khách; người dân được tập huấn làm du lịch cộng đồng.",
               VHXH, "du lịch", "du lịch biển"),
            _t("Đại hội Thể dục thể thao các cấp sôi nổi khắp các địa phương",
               "Phong trào thể dục thể thao quần chúng phát triển mạnh với nhiều giải thi đấu ở các xã, huyện trước thềm Đại hội Thể dục thể thao tỉnh.",
               "Các môn thi đấu truyền thống như bóng chuyền hơi, kéo co, đẩy gậy, cờ tướng thu hút đông đảo vận động viên ở mọi lứa tuổi tham gia.",
               VHXH, "thể thao quần chúng"),
        ),
        (("Lượt khách du lịch", "1,2 triệu"), ("Di tích được tu bổ, tôn tạo", "23"),
         ("Giải thể thao cấp tỉnh đã tổ chức", "15")),
    ),
    "sokhcn": Profile(
        "khoa học và công nghệ", "science and technology",
        (
            _t("Hỗ trợ doanh nghiệp đổi mới công nghệ, nâng cao năng suất",
               "Nhiều doanh nghiệp nhỏ và vừa được hỗ trợ kinh phí đổi mới thiết bị, áp dụng hệ thống quản lý chất lượng tiên tiến.",
               "Chương trình ưu tiên các dự án ứng dụng tự động hóa, tiết kiệm năng lượng trong chế biến nông sản, dệt may và cơ khí; doanh nghiệp được tư vấn miễn phí về lộ trình đổi mới công nghệ.",
               KTXH, "đổi mới công nghệ", "năng suất chất lượng"),
            _t("Bảo hộ nhãn hiệu tập thể cho đặc sản địa phương",
               "Sở Khoa học và Công nghệ hỗ trợ các hội sản xuất đăng ký bảo hộ nhãn hiệu tập thể cho nhiều đặc sản của tỉnh.",
               "Sau khi được bảo hộ, các sản phẩm có quy chế quản lý, tem nhãn thống nhất, giúp người tiêu dùng nhận biết và nâng cao giá trị thương mại.",
               KTXH, "sở hữu trí tuệ", "nhãn hiệu"),
            _t("Kiểm tra đo lường, chất lượng xăng dầu",
               "Đoàn kiểm tra liên ngành đã kiểm tra đo lường, chất lượng tại các cửa hàng kinh doanh xăng dầu trên địa bàn tỉnh.",
               "Các cột đo nhiên liệu được kiểm tra sai số, niêm phong kiểm định; mẫu xăng dầu được lấy để thử nghiệm chất lượng. Vi phạm sẽ được xử lý nghiêm theo quy định.",
               TT, "đo lường", "chất lượng"),
        ),
        (("Nhiệm vụ khoa học và công nghệ được nghiệm thu", "21"), ("Nhãn hiệu được bảo hộ", "9"),
         ("Cửa hàng xăng dầu được kiểm tra", "64")),
    ),
    "sogddt": Profile(
        "giáo dục và đào tạo", "education and training",
        (
            _t("Chuẩn bị chu đáo cho kỳ thi tốt nghiệp trung học phổ thông",
               "Sở Giáo dục và Đào tạo triển khai các phương án bảo đảm kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn, nghiêm túc, đúng quy chế.",
               "Các điểm thi được kiểm tra cơ sở vật chất, camera giám sát; lực lượng công an, y tế, điện lực phối hợp bảo đảm an ninh, sức khỏe thí sinh và nguồn điện trong suốt kỳ thi.",
               VHXH, "thi tốt nghiệp", "giáo dục"),
            _t("Chuyển đổi số trong dạy và học: học bạ số, sổ điểm điện tử",
               "Toàn bộ trường tiểu học của tỉnh đã sử dụng học bạ số; sổ điểm điện tử được triển khai ở các cấp học.",
               "Giáo viên cập nhật điểm, nhận xét trên hệ thống; phụ huynh theo dõi kết quả học tập của con qua ứng dụng. Ngành giáo dục đồng thời xây dựng kho học liệu số dùng chung.",
               CDS, "học bạ số", "chuyển đổi số giáo dục"),
            _t("Tuyển sinh đầu cấp trực tuyến thuận lợi cho phụ huynh",
               "Phụ huynh đăng ký tuyển sinh vào lớp 1 và lớp 6 hoàn toàn trực tuyến, thông tin học sinh được xác thực qua dữ liệu dân cư.",
               "Hệ thống tự động đối chiếu địa chỉ cư trú với tuyến tuyển sinh; phụ huynh nhận kết quả qua tin nhắn mà không phải đến trường nộp hồ sơ giấy.",
               CCHC, "tuyển sinh trực tuyến"),
        ),
        (("Trường đạt chuẩn quốc gia", "86%"), ("Học sinh tiểu học sử dụng học bạ số", "100%"),
         ("Hồ sơ tuyển sinh đầu cấp nộp trực tuyến", "92%")),
    ),
    "soyte": Profile(
        "y tế", "health",
        (
            _t("Triển khai tiêm chủng mở rộng, bảo đảm an toàn cho trẻ em",
               "Ngành y tế tổ chức tiêm chủng mở rộng định kỳ tại tất cả trạm y tế xã, phường, thị trấn, không để trẻ bị bỏ sót mũi tiêm.",
               "Trước mỗi buổi tiêm, trẻ được khám sàng lọc; sau tiêm được theo dõi 30 phút tại trạm. Sổ tiêm chủng điện tử giúp phụ huynh tra cứu lịch tiêm và nhận nhắc lịch qua tin nhắn.",
               VHXH, "tiêm chủng", "trẻ em"),
            _t("Khám chữa bệnh bảo hiểm y tế bằng căn cước công dân",
               "Các cơ sở khám bệnh, chữa bệnh trên địa bàn tỉnh đã tiếp nhận người bệnh bằng căn cước công dân gắn chíp và ứng dụng VNeID.",
               "Người bệnh không cần mang thẻ bảo hiểm y tế giấy; thời gian làm thủ tục đón tiếp rút ngắn. Bệnh viện tỉnh triển khai bệnh án điện tử, thanh toán viện phí qua mã QR.",
               CDS, "khám chữa bệnh", "bảo hiểm y tế"),
            _t("Tăng cường kiểm tra an toàn thực phẩm",
               "Các đoàn kiểm tra liên ngành về an toàn thực phẩm được thành lập, tập trung vào bếp ăn tập thể, cơ sở sản xuất và kinh doanh thực phẩm.",
               "Đoàn hướng dẫn các cơ sở lưu mẫu thức ăn, kiểm soát nguồn gốc nguyên liệu; xử lý nghiêm các cơ sở vi phạm điều kiện vệ sinh an toàn thực phẩm.",
               VHXH, "an toàn thực phẩm"),
        ),
        (("Trẻ dưới 1 tuổi được tiêm chủng đầy đủ", "97,8%"), ("Lượt khám chữa bệnh bằng căn cước", "1,35 triệu"),
         ("Cơ sở thực phẩm được kiểm tra", "1.146")),
    ),
    "thanhtra": Profile(
        "thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng",
        "inspection, citizen reception, complaints and denunciations, and anti-corruption",
        (
            _t("Tiếp công dân, giải quyết khiếu nại, tố cáo ngay từ cơ sở",
               "Thanh tra tỉnh hướng dẫn các địa phương nâng cao chất lượng tiếp công dân, giải quyết dứt điểm khiếu nại, tố cáo ngay từ khi mới phát sinh.",
               "Người đứng đầu cấp ủy, chính quyền trực tiếp tiếp công dân định kỳ; các vụ việc phức tạp, kéo dài được rà soát, tổ chức đối thoại và giải quyết theo đúng quy định.",
               PBPL, "tiếp công dân", "khiếu nại tố cáo"),
            _t("Thanh tra công tác quản lý đầu tư xây dựng tại các địa phương",
               "Thanh tra tỉnh công bố kết luận thanh tra việc quản lý, sử dụng vốn đầu tư xây dựng cơ bản tại một số huyện.",
               "Kết luận chỉ ra một số hạn chế trong lập, thẩm định dự toán và nghiệm thu khối lượng; kiến nghị thu hồi số tiền sai phạm về ngân sách và kiểm điểm trách nhiệm các tổ chức, cá nhân liên quan.",
               TT, "thanh tra", "đầu tư xây dựng"),
            _t("Nâng cao hiệu quả phòng, chống tham nhũng, tiêu cực",
               "Thanh tra tỉnh tham mưu kế hoạch phòng, chống tham nhũng, tiêu cực, tập trung vào công khai, minh bạch và kiểm soát tài sản, thu nhập.",
               "Việc kê khai tài sản, thu nhập được thực hiện đúng thời hạn; các cơ quan, đơn vị tăng cường chuyển đổi vị trí công tác và thanh toán không dùng tiền mặt để phòng ngừa tiêu cực.",
               PBPL, "phòng chống tham nhũng"),
        ),
        (("Cuộc thanh tra hành chính", "28"), ("Lượt công dân được tiếp", "1.432"),
         ("Kiến nghị thu hồi (tỷ đồng)", "12,6")),
        mission="là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng; thực hiện nhiệm vụ thanh tra, giải quyết khiếu nại, tố cáo theo quy định của pháp luật",
        mission_en="is a specialised agency of the Provincial People's Committee that assists the Committee in the state management of inspection, citizen reception, complaints, denunciations and anti-corruption, and carries out inspections as provided by law",
    ),
    "bqlkkt": Profile(
        "khu kinh tế và các khu công nghiệp", "the economic zone and industrial parks",
        (
            _t("Khu kinh tế Thái Bình thu hút thêm dự án năng lượng, công nghiệp chế biến",
               "Khu kinh tế Thái Bình tiếp tục là điểm đến của nhiều nhà đầu tư lớn trong lĩnh vực năng lượng, công nghiệp chế biến, chế tạo.",
               "Ban Quản lý đẩy nhanh hoàn thiện hạ tầng kỹ thuật, giải phóng mặt bằng các khu công nghiệp trong Khu kinh tế; hỗ trợ nhà đầu tư tuyển dụng lao động tại chỗ.",
               KTXH, "khu kinh tế", "thu hút đầu tư"),
            _t("Rút ngắn thời gian giải quyết thủ tục đầu tư trong khu công nghiệp",
               "Ban Quản lý áp dụng cơ chế một cửa tại chỗ, rút ngắn thời gian cấp, điều chỉnh giấy chứng nhận đăng ký đầu tư.",
               "Nhà đầu tư được hướng dẫn hồ sơ ngay từ đầu, theo dõi tiến độ trên hệ thống một cửa điện tử; các thủ tục về môi trường, xây dựng, lao động được giải quyết song song.",
               CCHC, "thủ tục đầu tư"),
            _t("Bảo đảm an toàn lao động, phòng cháy chữa cháy tại khu công nghiệp",
               "Ban Quản lý phối hợp với cơ quan công an, lao động kiểm tra công tác an toàn lao động, phòng cháy chữa cháy tại các doanh nghiệp.",
               "Các doanh nghiệp được yêu cầu diễn tập phương án chữa cháy, huấn luyện an toàn cho người lao động và bảo đảm lối thoát nạn thông thoáng.",
               TT, "an toàn lao động", "phòng cháy chữa cháy"),
        ),
        (("Dự án được cấp mới, điều chỉnh", "26"), ("Vốn đăng ký (tỷ đồng)", "14.300"),
         ("Lao động trong các khu công nghiệp", "71.500")),
        mission="là cơ quan trực thuộc Ủy ban nhân dân tỉnh, thực hiện chức năng quản lý nhà nước trực tiếp đối với Khu kinh tế Thái Bình và các khu công nghiệp trên địa bàn tỉnh; quản lý và tổ chức thực hiện chức năng cung ứng dịch vụ hành chính công và hỗ trợ nhà đầu tư",
        mission_en="is an agency under the Provincial People's Committee that directly manages the Thai Binh Economic Zone and the province's industrial parks, providing public administrative services and support to investors",
    ),
    "songoaivu": Profile(
        "công tác đối ngoại", "foreign affairs",
        (
            _t("Tăng cường hợp tác với các địa phương Nhật Bản, Hàn Quốc",
               "Tỉnh Thái Bình đón nhiều đoàn doanh nghiệp, chính quyền địa phương Nhật Bản, Hàn Quốc đến tìm hiểu cơ hội hợp tác.",
               "Hai bên trao đổi về hợp tác đào tạo nguồn nhân lực, phát triển nông nghiệp công nghệ cao và thu hút đầu tư vào Khu kinh tế Thái Bình.",
               KTXH, "hợp tác quốc tế", "đối ngoại"),
            _t("Hỗ trợ công dân Thái Bình ở nước ngoài",
               "Sở Ngoại vụ phối hợp với các cơ quan đại diện Việt Nam ở nước ngoài hỗ trợ kịp thời công dân gặp khó khăn.",
               "Gia đình có người thân gặp sự cố ở nước ngoài được hướng dẫn thủ tục liên hệ, hồ sơ cần chuẩn bị; Sở khuyến cáo người lao động chỉ đi làm việc qua doanh nghiệp được cấp phép.",
               TT, "bảo hộ công dân"),
            _t("Quảng bá hình ảnh Thái Bình tới bạn bè quốc tế",
               "Ấn phẩm giới thiệu tiềm năng, cơ hội đầu tư của tỉnh được phát hành bằng nhiều thứ tiếng, đăng tải trên cổng thông tin và mạng xã hội.",
               "Sở Ngoại vụ phối hợp với các sở, ngành giới thiệu văn hóa, ẩm thực, di tích của Thái Bình tại các hội chợ, diễn đàn quốc tế.",
               VHXH, "thông tin đối ngoại"),
        ),
        (("Đoàn khách quốc tế đến làm việc", "34"), ("Thỏa thuận hợp tác được ký kết", "6"),
         ("Đoàn ra được thẩm định", "19")),
    ),
    "hdnd": Profile(
        "hoạt động của Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "the activities of the National Assembly Delegation and the Provincial People's Council",
        (
            _t("Chuẩn bị chu đáo kỳ họp Hội đồng nhân dân tỉnh",
               "Thường trực Hội đồng nhân dân tỉnh họp thống nhất nội dung, chương trình kỳ họp thường lệ; nhiều nghị quyết quan trọng sẽ được xem xét, thông qua.",
               "Các ban của Hội đồng nhân dân tỉnh tổ chức thẩm tra kỹ lưỡng các tờ trình, dự thảo nghị quyết; tài liệu kỳ họp được gửi đại biểu qua ứng dụng họp không giấy.",
               TT, "kỳ họp HĐND", "nghị quyết"),
            _t("Đại biểu Quốc hội tiếp xúc cử tri trước kỳ họp",
               "Đoàn đại biểu Quốc hội tỉnh tiếp xúc cử tri tại các huyện, thành phố, lắng nghe ý kiến, kiến nghị của Nhân dân.",
               "Cử tri quan tâm đến chính sách tiền lương, bảo hiểm xã hội, giá vật tư nông nghiệp và công tác quản lý đất đai; các kiến nghị được tổng hợp gửi cơ quan có thẩm quyền.",
               TT, "tiếp xúc cử tri", "đại biểu Quốc hội"),
            _t("Giám sát chuyên đề việc thực hiện chính sách hỗ trợ nông nghiệp",
               "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh giám sát việc thực hiện các chính sách hỗ trợ sản xuất nông nghiệp tại một số địa phương.",
               "Qua giám sát, đoàn ghi nhận hiệu quả của chính sách hỗ trợ cơ giới hóa, tích tụ ruộng đất; đồng thời kiến nghị đơn giản hóa hồ sơ để người dân dễ tiếp cận.",
               KTXH, "giám sát chuyên đề"),
        ),
        (("Nghị quyết được HĐND tỉnh thông qua", "42"), ("Ý kiến, kiến nghị cử tri được tổng hợp", "386"),
         ("Cuộc giám sát chuyên đề", "7")),
        mission="là cơ quan tham mưu, giúp việc và phục vụ hoạt động của Đoàn đại biểu Quốc hội, Hội đồng nhân dân, Thường trực Hội đồng nhân dân, các ban của Hội đồng nhân dân và đại biểu Hội đồng nhân dân tỉnh",
        mission_en="advises, assists and serves the National Assembly Delegation, the Provincial People's Council, its Standing Committee, its committees and its deputies",
    ),
    "pvhcc": Profile(
        "cung cấp dịch vụ hành chính công", "public administrative services",
        (
            _t("Trung tâm Phục vụ hành chính công nhận nhiều phản hồi tích cực",
               "Khảo sát cho thấy phần lớn người dân, doanh nghiệp hài lòng với thái độ phục vụ và thời gian giải quyết hồ sơ tại Trung tâm.",
               "Người dân đánh giá mức độ hài lòng ngay tại quầy bằng thiết bị điện tử hoặc qua mã QR; các ý kiến chưa hài lòng được Trung tâm liên hệ lại, giải thích và khắc phục.",
               CCHC, "một cửa", "sự hài lòng"),
            _t("Tiếp nhận hồ sơ không phụ thuộc địa giới hành chính",
               "Trung tâm triển khai tiếp nhận hồ sơ một số thủ tục không phụ thuộc nơi cư trú, người dân có thể nộp tại bất kỳ điểm tiếp nhận nào trong tỉnh.",
               "Hồ sơ được số hóa ngay khi tiếp nhận và chuyển điện tử đến cơ quan có thẩm quyền; kết quả trả tại nơi người dân lựa chọn hoặc qua bưu chính công ích.",
               CCHC, "phi địa giới", "một cửa"),
            _t("Hướng dẫn người dân nộp hồ sơ trực tuyến ngay tại Trung tâm",
               "Khu vực hỗ trợ dịch vụ công trực tuyến tại Trung tâm có đoàn viên thanh niên và nhân viên bưu điện hướng dẫn người dân thao tác.",
               "Người dân được hỗ trợ tạo tài khoản, xác thực bằng VNeID, nộp hồ sơ và thanh toán phí trực tuyến; lần sau có thể tự thực hiện tại nhà.",
               CDS, "dịch vụ công trực tuyến", "hướng dẫn"),
        ),
        (("Hồ sơ tiếp nhận", "58.920"), ("Tỷ lệ hồ sơ giải quyết đúng hạn", "99,2%"),
         ("Mức độ hài lòng của người dân", "97,5%")),
        mission="là đơn vị hành chính đặc thù thuộc Văn phòng Ủy ban nhân dân tỉnh, thực hiện hướng dẫn, tiếp nhận, số hóa hồ sơ, giải quyết hoặc chuyển hồ sơ giải quyết, trả kết quả thủ tục hành chính cho tổ chức, cá nhân theo cơ chế một cửa, một cửa liên thông",
        mission_en="is a special administrative unit under the Office of the Provincial People's Committee that guides, receives and digitises applications, and returns the results of administrative procedures under the one-stop-shop mechanism",
    ),
}  # fmt: skip


# The city and districts: what each is known for (fictional news, real places).
LOCAL_TOPICS: dict[str, tuple[Topic, ...]] = {
    "tpthaibinh": (
        _t("Thành phố Thái Bình chỉnh trang đô thị, xây dựng tuyến phố văn minh",
           "Thành phố ra mắt thêm các tuyến phố văn minh, vỉa hè thông thoáng, cây xanh và chiếu sáng được chỉnh trang đồng bộ.",
           "Các hộ kinh doanh ký cam kết không lấn chiếm vỉa hè, giữ gìn vệ sinh; lực lượng trật tự đô thị tăng cường kiểm tra, nhắc nhở. Nhiều khu dân cư tự nguyện trồng hoa, cây xanh dọc các tuyến phố.",
           VHXH, "đô thị văn minh", "trật tự đô thị"),
        _t("Sôi nổi Hội thi văn nghệ quần chúng các phường, xã",
           "Hội thi quy tụ hàng trăm diễn viên không chuyên đến từ các phường, xã, biểu diễn các tiết mục ca ngợi quê hương Thái Bình.",
           "Nhiều tiết mục hát chèo, múa dân gian được dàn dựng công phu, góp phần gìn giữ vốn văn hóa truyền thống và cổ vũ phong trào văn hóa, văn nghệ ở cơ sở.",
           VHXH, "văn nghệ quần chúng", "chèo"),
    ),
    "donghung": (
        _t("Bánh cáy làng Nguyễn được công nhận sản phẩm OCOP",
           "Sản phẩm bánh cáy truyền thống của huyện Đông Hưng được công nhận đạt chuẩn OCOP, mở ra cơ hội mở rộng thị trường.",
           "Các cơ sở sản xuất đầu tư bao bì, tem truy xuất nguồn gốc, tham gia hội chợ và bán hàng trên sàn thương mại điện tử; huyện hỗ trợ quảng bá thương hiệu gắn với làng nghề.",
           KTXH, "OCOP", "làng nghề"),
        _t("Đông Hưng tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
           "Ngày hội được tổ chức đồng loạt ở các thôn, tổ dân phố với nhiều hoạt động văn hóa, thể thao và trao quà cho hộ khó khăn.",
           "Các khu dân cư biểu dương gia đình văn hóa tiêu biểu, người tốt việc tốt; Nhân dân góp công, góp của xây dựng đường làng, nhà văn hóa thôn.",
           VHXH, "đại đoàn kết", "khu dân cư"),
    ),
    "hungha": (
        _t("Hưng Hà phát triển nghề dệt truyền thống gắn với cụm công nghiệp",
           "Các làng nghề dệt của huyện Hưng Hà được quy hoạch vào cụm công nghiệp, giảm ô nhiễm khu dân cư và mở rộng quy mô sản xuất.",
           "Nhiều cơ sở đầu tư máy dệt hiện đại, sản phẩm khăn, vải đạt chất lượng cao; huyện hỗ trợ hạ tầng điện, nước, xử lý nước thải tập trung cho cụm công nghiệp.",
           KTXH, "làng nghề dệt", "cụm công nghiệp"),
        _t("Chuẩn bị chu đáo Lễ hội Đền Trần",
           "Huyện Hưng Hà triển khai công tác chuẩn bị Lễ hội Đền Trần, bảo đảm trang trọng, an toàn, văn minh.",
           "Ban tổ chức bố trí bãi đỗ xe, lực lượng giữ gìn trật tự, niêm yết giá dịch vụ; phần hội có nhiều trò chơi dân gian, giới thiệu sản vật địa phương tới du khách.",
           VHXH, "lễ hội", "Đền Trần"),
    ),
    "kienxuong": (
        _t("Kiến Xương gìn giữ nghề chạm bạc Đồng Xâm",
           "Làng nghề chạm bạc Đồng Xâm tiếp tục được huyện Kiến Xương hỗ trợ đào tạo thợ trẻ và quảng bá sản phẩm.",
           "Các nghệ nhân truyền dạy kỹ thuật chạm, đấu, đậu bạc cho thế hệ sau; sản phẩm mỹ nghệ của làng được giới thiệu tại các hội chợ và điểm du lịch trong tỉnh.",
           VHXH, "làng nghề", "chạm bạc"),
        _t("Kiến Xương nhân rộng mô hình sản xuất lúa hữu cơ",
           "Diện tích lúa hữu cơ tại huyện Kiến Xương tăng lên, sản phẩm được doanh nghiệp bao tiêu với giá cao hơn lúa thường.",
           "Nông dân được tập huấn quy trình canh tác không dùng phân bón hóa học, thuốc bảo vệ thực vật; ruộng lúa được cấp mã vùng trồng, truy xuất nguồn gốc.",
           KTXH, "lúa hữu cơ", "nông nghiệp sạch"),
    ),
    "quynhphu": (
        _t("Quỳnh Phụ phát triển chăn nuôi an toàn sinh học",
           "Huyện Quỳnh Phụ khuyến khích các trang trại chăn nuôi áp dụng quy trình an toàn sinh học, đưa chăn nuôi ra xa khu dân cư.",
           "Các trang trại sử dụng đệm lót sinh học, hệ thống xử lý chất thải, giảm ô nhiễm môi trường; sản phẩm có liên kết tiêu thụ ổn định với doanh nghiệp chế biến.",
           KTXH, "chăn nuôi", "an toàn sinh học"),
        _t("Khai mạc Lễ hội Đền A Sào",
           "Lễ hội Đền A Sào thu hút đông đảo Nhân dân và du khách về dâng hương tưởng nhớ Hưng Đạo Đại Vương Trần Quốc Tuấn.",
           "Phần hội có thi đấu vật, cờ người, văn nghệ quần chúng; Ban tổ chức bảo đảm an ninh trật tự, vệ sinh môi trường, phòng cháy chữa cháy trong suốt thời gian diễn ra lễ hội.",
           VHXH, "lễ hội", "di tích"),
    ),
    "thaithuy": (
        _t("Ngư dân Thái Thụy vươn khơi bám biển",
           "Hàng trăm tàu cá của huyện Thái Thụy ra khơi khai thác hải sản, lắp đặt đầy đủ thiết bị giám sát hành trình.",
           "Huyện tuyên truyền ngư dân chấp hành quy định về khai thác hải sản, không vi phạm vùng biển nước ngoài; cảng cá Diêm Điền được nâng cấp phục vụ neo đậu, tiêu thụ sản phẩm.",
           KTXH, "nghề biển", "khai thác hải sản"),
        _t("Thái Thụy bảo vệ, phát triển rừng ngập mặn ven biển",
           "Huyện Thái Thụy phát động trồng mới rừng ngập mặn, góp phần chắn sóng, bảo vệ đê biển và sinh kế của người dân.",
           "Đoàn viên thanh niên, lực lượng vũ trang và người dân các xã ven biển tham gia trồng cây; diện tích rừng được giao cho cộng đồng quản lý, bảo vệ.",
           VHXH, "rừng ngập mặn", "bảo vệ môi trường"),
    ),
    "tienhai": (
        _t("Tiền Hải phát triển du lịch sinh thái Cồn Vành",
           "Huyện Tiền Hải đầu tư hạ tầng, quảng bá khu du lịch sinh thái biển Cồn Vành, thu hút du khách dịp hè.",
           "Các hộ dân mở dịch vụ lưu trú, ẩm thực hải sản; huyện quy hoạch khu vực tắm biển an toàn, bố trí lực lượng cứu hộ và niêm yết giá dịch vụ.",
           VHXH, "du lịch", "Cồn Vành"),
        _t("Tưởng niệm Doanh điền sứ Nguyễn Công Trứ, người có công khai hoang lập huyện",
           "Huyện Tiền Hải tổ chức lễ tưởng niệm Doanh điền sứ Nguyễn Công Trứ, ôn lại công lao khai hoang, lập ấp của các thế hệ cha ông.",
           "Buổi lễ là dịp giáo dục truyền thống cho thế hệ trẻ; huyện phát động phong trào thi đua xây dựng quê hương Tiền Hải giàu đẹp, văn minh.",
           VHXH, "truyền thống", "Nguyễn Công Trứ"),
    ),
    "vuthu": (
        _t("Vũ Thư phát triển làng nghề chiếu cói, mây tre đan",
           "Các làng nghề chiếu cói, mây tre đan của huyện Vũ Thư duy trì sản xuất ổn định, nhiều sản phẩm xuất khẩu.",
           "Huyện hỗ trợ người dân mở lớp truyền nghề, cải tiến mẫu mã; các hợp tác xã liên kết với doanh nghiệp xuất khẩu để bảo đảm đầu ra cho sản phẩm.",
           KTXH, "làng nghề", "chiếu cói"),
        _t("Chuẩn bị Lễ hội Chùa Keo mùa thu",
           "Huyện Vũ Thư triển khai kế hoạch tổ chức Lễ hội Chùa Keo, di tích kiến trúc nghệ thuật đặc biệt cấp quốc gia.",
           "Phần hội có thi bơi chải, thổi cơm, hát chèo; các lực lượng chức năng bảo đảm an ninh trật tự, an toàn giao thông và vệ sinh môi trường khu di tích.",
           VHXH, "lễ hội", "Chùa Keo"),
    ),
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Leaders (made-up people; the Deputy Director of Sở TT&TT is the demo "lãnh đạo" account).
# ---------------------------------------------------------------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh",
            "Phan", "Mai", "Lương", "Tạ", "Đào"]  # fmt: skip
MEN = (["Văn", "Đức", "Quang", "Minh", "Hữu", "Mạnh", "Xuân", "Công", "Tiến", "Ngọc"],
       ["Hùng", "Dũng", "Tuấn", "Long", "Thắng", "Hải", "Sơn", "Cường", "Khải", "Bình", "Nam",
        "Phong", "Hiếu", "Trung", "Tâm", "Thành"])  # fmt: skip
WOMEN = (["Thị", "Thu", "Thanh", "Hồng", "Minh", "Bích"],
         ["Hương", "Lan", "Hạnh", "Hằng", "Thủy", "Nga", "Phương", "Yến", "Huyền", "Loan"])  # fmt: skip
KNOWN_LEADERS = {"sotttt": {1: "Phạm Quang Đạo"}}

# (head, head in English, deputy, deputy in English, what follows the title in running text)
_DEPARTMENT_TITLES = ("Giám đốc", "Director", "Phó Giám đốc", "Deputy Director")
_OFFICE_TITLES = (
    "Chánh Văn phòng",
    "Chief of Office",
    "Phó Chánh Văn phòng",
    "Deputy Chief of Office",
)
SPECIAL_TITLES = {
    "thanhtra": ("Chánh Thanh tra tỉnh", "Chief Inspector", "Phó Chánh Thanh tra tỉnh",
                 "Deputy Chief Inspector", ""),
    "vpubnd": (*_OFFICE_TITLES, "UBND tỉnh"),
    "hdnd": (*_OFFICE_TITLES, "Đoàn ĐBQH và HĐND tỉnh"),
    "bqlkkt": ("Trưởng ban", "Head of the Board", "Phó Trưởng ban", "Deputy Head of the Board",
               "Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh"),
}  # fmt: skip


@dataclass(frozen=True)
class LeaderSpec:
    full_name: str
    position: str
    position_en: str
    duties: str
    phone: str
    email: str
    in_text: str  # "Giám đốc Sở TT&TT", "Chủ tịch UBND huyện Đông Hưng"


def _place(unit: OrgUnit) -> str:
    """'huyện Đông Hưng', 'thành phố Thái Bình', 'tỉnh Thái Bình'; else the unit's name."""
    return unit.name.removeprefix("Ủy ban nhân dân ")


def _bare(unit: OrgUnit) -> str:
    place = _place(unit)
    for word in ("thành phố ", "thị xã ", "huyện ", "tỉnh "):
        place = place.removeprefix(word)
    return place


def _titles(unit: OrgUnit) -> tuple[str, str, str, str, str]:
    if unit.slug in SPECIAL_TITLES:
        return SPECIAL_TITLES[unit.slug]
    if unit.kind == "province":
        return ("Chủ tịch UBND tỉnh", "Chairman of the Provincial People's Committee",
                "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "")  # fmt: skip
    if unit.kind in LOCAL_KINDS:
        word, en = {"city": ("thành phố", "City"), "town": ("thị xã", "Town")}.get(
            unit.kind, ("huyện", "District")
        )
        return (f"Chủ tịch UBND {word}", f"Chairman of the {en} People's Committee",
                f"Phó Chủ tịch UBND {word}", f"Vice Chairman of the {en} People's Committee",
                _bare(unit))  # fmt: skip
    return (*_DEPARTMENT_TITLES, unit.short_name or unit.name)


def _person(rng: random.Random) -> str:
    middles, givens = MEN if rng.random() < 0.75 else WOMEN
    return f"{rng.choice(SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"


def leader_specs(unit: OrgUnit, profile: Profile) -> list[LeaderSpec]:
    rng = random.Random(f"leaders:{unit.slug}")
    head, head_en, deputy, deputy_en, suffix = _titles(unit)
    count = 3 if unit.kind in ("province", *LOCAL_KINDS) or rng.random() < 0.5 else 2
    duties = [
        "Phụ trách chung; trực tiếp chỉ đạo công tác tổ chức cán bộ, tài chính, thi đua - khen thưởng.",
        f"Phụ trách lĩnh vực {profile.field}; theo dõi công tác thanh tra, pháp chế.",
        "Phụ trách công tác cải cách hành chính, chuyển đổi số, văn phòng và quản trị.",
    ]
    if unit.kind in ("province", *LOCAL_KINDS):
        duties[1] = (
            "Phụ trách khối kinh tế: nông nghiệp, công nghiệp, xây dựng, tài nguyên và môi trường."
        )
        duties[2] = "Phụ trách khối văn hóa - xã hội: giáo dục, y tế, lao động, văn hóa, thể thao."
    names: list[str] = []
    specs = []
    for i in range(count):
        name = KNOWN_LEADERS.get(unit.slug, {}).get(i) or _person(rng)
        while name in names:
            name = _person(rng)
        names.append(name)
        parts = strip_accents(name).lower().split()
        local = "".join(p[0] for p in parts[:-1]) + parts[-1]
        position, position_en = (head, head_en) if i == 0 else (deputy, deputy_en)
        specs.append(
            LeaderSpec(
                full_name=name, position=position, position_en=position_en, duties=duties[i],
                phone=f"0227{rng.randint(3600000, 3899999)}",
                email=f"{local}.{unit.slug}@thaibinh.gov.vn",
                in_text=f"{position} {suffix}".strip(),
            )
        )  # fmt: skip
    return specs


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------


@dataclass
class ArticleSpec:
    title: str
    lead: str
    paragraphs: list[str]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    table: tuple[str, list[list[str]]] | None = None  # (caption, rows with the header row)
    table_after: int = 1  # the table goes after this many paragraphs


@dataclass
class Context:
    unit: OrgUnit
    profile: Profile
    leaders: list[LeaderSpec]
    index: int  # the portal's position, to vary templates between portals
    rng: random.Random = field(default_factory=random.Random)

    @property
    def short(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def level(self) -> str:
        if self.unit.kind == "province":
            return "province"
        return "local" if self.unit.kind in LOCAL_KINDS else "agency"

    @property
    def subject(self) -> str:
        """Who acts, at the start of a sentence."""
        if self.level == "province":
            return "Ủy ban nhân dân tỉnh"
        if self.level == "local":
            return f"Ủy ban nhân dân {_place(self.unit)}"
        return self.unit.name

    @property
    def units_below(self) -> str:
        return {
            "province": "các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố",
            "local": "các phòng, ban chuyên môn và Ủy ban nhân dân các xã, phường, thị trấn",
        }.get(self.level, "các phòng, đơn vị trực thuộc")

    @property
    def partners(self) -> str:
        return {
            "province": "các bộ, ngành trung ương",
            "local": "các sở, ngành của tỉnh",
        }.get(self.level, "Ủy ban nhân dân các huyện, thành phố và các cơ quan liên quan")

    def leader(self, i: int) -> LeaderSpec:
        return self.leaders[i % len(self.leaders)]

    def says(self, i: int) -> str:
        who = self.leader(i)
        return f"đồng chí {who.full_name}, {who.in_text}"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _num(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: 12.345 and 12,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _topic_article(ctx: Context, topic: Topic, i: int) -> ArticleSpec:
    variants = [
        f"Phát biểu chỉ đạo, {ctx.says(0)}, đề nghị {ctx.units_below} bám sát kế hoạch, phân công rõ người, rõ việc, rõ thời hạn; định kỳ hằng tháng báo cáo tiến độ để kịp thời tháo gỡ khó khăn, vướng mắc.",
        f"Theo {ctx.says(1)}, quá trình triển khai có sự phối hợp chặt chẽ với {ctx.partners}; nhiều phản ánh, kiến nghị của người dân, doanh nghiệp được tiếp nhận và giải quyết ngay từ cơ sở.",
        f"Bên cạnh kết quả đạt được, vẫn còn một số khó khăn như nguồn lực ở cơ sở còn hạn chế, việc phối hợp giữa các ngành có lúc chưa đồng bộ. {ctx.subject} đã đề ra giải pháp khắc phục cụ thể, gắn với trách nhiệm của người đứng đầu.",
    ]
    paragraphs = [topic.detail, variants[(ctx.index + i) % 3]]
    if (ctx.index + i) % 2 == 0:
        paragraphs.append(
            f"Thời gian tới, {ctx.subject} tiếp tục triển khai đồng bộ các giải pháp, phấn đấu hoàn thành toàn diện các chỉ tiêu về {ctx.profile.field} năm nay."
        )
    return ArticleSpec(topic.title, topic.lead, paragraphs, (topic.category,), topic.tags)


def _results(ctx: Context) -> ArticleSpec:
    rows = [["Chỉ tiêu", "Kết quả"], *([a, b] for a, b in ctx.profile.table)]
    return ArticleSpec(
        title=f"{ctx.short} sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ trọng tâm",
        lead=f"{ctx.subject} tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ về {ctx.profile.field} 6 tháng đầu năm và triển khai nhiệm vụ trọng tâm 6 tháng cuối năm.",
        paragraphs=[
            f"Báo cáo tại hội nghị cho thấy, 6 tháng đầu năm, {ctx.subject} đã bám sát chương trình công tác, hoàn thành đúng hạn các nhiệm vụ được giao; nhiều chỉ tiêu đạt và vượt kế hoạch. Một số kết quả chủ yếu được tổng hợp tại bảng dưới đây.",
            f"Kết luận hội nghị, {ctx.says(0)}, yêu cầu {ctx.units_below} tập trung khắc phục hạn chế, đẩy nhanh tiến độ các nhiệm vụ còn chậm; tăng cường kỷ luật, kỷ cương hành chính, nâng cao chất lượng phục vụ người dân, doanh nghiệp.",
        ],
        categories=(TT,),
        tags=("sơ kết", "nhiệm vụ trọng tâm"),
        table=(f"Một số kết quả chủ yếu 6 tháng đầu năm của {ctx.short}", rows),
    )


def _reform(ctx: Context) -> ArticleSpec:
    on_time = _num(ctx.rng.uniform(97.5, 99.8), 1)
    return ArticleSpec(
        title=f"{ctx.short} đẩy mạnh cải cách hành chính, nâng cao sự hài lòng của người dân",
        lead=f"Năm nay, {ctx.unit.name} xác định cải cách hành chính là nhiệm vụ trọng tâm, gắn với chuyển đổi số và nâng cao trách nhiệm của cán bộ, công chức.",
        paragraphs=[
            f"Toàn bộ thủ tục hành chính thuộc thẩm quyền của {ctx.short} đã được công khai trên Cổng Dịch vụ công quốc gia; hồ sơ được tiếp nhận, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh. Tỷ lệ hồ sơ giải quyết đúng hạn đạt {on_time}%.",
            "Đơn vị duy trì công khai đường dây nóng, hộp thư góp ý; chủ động xin lỗi người dân đối với hồ sơ giải quyết quá hạn và làm rõ trách nhiệm của cá nhân liên quan.",
            f"{ctx.says(1)[0].upper()}{ctx.says(1)[1:]}, cho biết đơn vị sẽ tiếp tục rà soát, cắt giảm thành phần hồ sơ, tăng cường tái sử dụng dữ liệu đã số hóa để người dân không phải nộp lại giấy tờ.",
        ],
        categories=(CCHC,),
        tags=("cải cách hành chính", "một cửa"),
    )


def _law(ctx: Context) -> ArticleSpec:
    return ArticleSpec(
        title=f"{ctx.short} phổ biến, quán triệt các văn bản pháp luật mới",
        lead=f"Hội nghị giúp cán bộ, công chức, viên chức của {ctx.unit.name} nắm vững những điểm mới của các luật, nghị định vừa có hiệu lực liên quan đến lĩnh vực {ctx.profile.field}.",
        paragraphs=[
            "Báo cáo viên pháp luật đã giới thiệu nội dung cơ bản của các văn bản mới, phân tích những quy định tác động trực tiếp đến công tác chuyên môn và quyền, nghĩa vụ của người dân, doanh nghiệp.",
            f"Phát biểu tại hội nghị, {ctx.says(0)}, đề nghị các phòng, đơn vị tiếp tục tuyên truyền bằng nhiều hình thức phù hợp, rà soát văn bản do tỉnh ban hành để kịp thời sửa đổi, bổ sung cho thống nhất với quy định mới.",
        ],
        categories=(PBPL,),
        tags=("phổ biến pháp luật", "văn bản mới"),
    )


def _paperless(ctx: Context) -> ArticleSpec:
    signed = _num(ctx.rng.uniform(96, 99.6), 1)
    return ArticleSpec(
        title=f"{ctx.short} xử lý văn bản, hồ sơ công việc trên môi trường mạng",
        lead=f"Văn bản đi, đến của {ctx.unit.name} được xử lý hoàn toàn trên hệ thống quản lý văn bản và điều hành, có ký số theo quy định.",
        paragraphs=[
            f"Tỷ lệ văn bản điện tử có ký số của đơn vị đạt {signed}%; hồ sơ công việc được lập và lưu trữ điện tử, giúp lãnh đạo theo dõi tiến độ giải quyết mọi lúc, mọi nơi.",
            "Cán bộ, công chức được cấp chữ ký số cá nhân, sử dụng thư điện tử công vụ và tham gia các cuộc họp trực tuyến; chi phí in ấn, gửi văn bản giấy giảm rõ rệt.",
        ],
        categories=(CDS,),
        tags=("chữ ký số", "văn bản điện tử"),
    )


GENERIC: list[Callable[[Context], ArticleSpec]] = [_reform, _law, _paperless]


def _communes(unit: OrgUnit) -> list[tuple[str, str]]:
    """(place name such as 'xã Đông La', kind) of the unit's communes, wards and townships."""
    return [(_place(c), c.kind) for c in unit.get_children().order_by("code")]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _new_countryside(ctx: Context) -> ArticleSpec:
    communes = _communes(ctx.unit)
    commune = next((n for n, k in communes if k == "commune"), communes[0][0] if communes else "xã")
    km, canals = ctx.rng.randint(6, 15), ctx.rng.randint(4, 12)
    income, poor = ctx.rng.randint(68, 82), _num(ctx.rng.uniform(0.6, 1.8), 1)
    return ArticleSpec(
        title=f"{_cap(commune)} đạt chuẩn nông thôn mới nâng cao",
        lead=f"Sau hơn hai năm nỗ lực, {commune} đã hoàn thành các tiêu chí xã nông thôn mới nâng cao, trở thành điểm sáng trong phong trào xây dựng nông thôn mới của {_place(ctx.unit)}.",
        paragraphs=[
            f"Từ nguồn vốn ngân sách kết hợp huy động xã hội hóa, {commune} đã cứng hóa {km} km đường giao thông nông thôn, cải tạo {canals} km kênh mương nội đồng, xây mới nhà văn hóa và chỉnh trang khu trung tâm xã. Thu nhập bình quân đầu người đạt {income} triệu đồng/năm; tỷ lệ hộ nghèo còn {poor}%.",
            f"Đánh giá kết quả, {ctx.says(1)}, ghi nhận sự đồng thuận của Nhân dân, nhiều hộ gia đình tự nguyện hiến đất, góp ngày công mở rộng đường làng, ngõ xóm; đề nghị xã tiếp tục nâng cao chất lượng các tiêu chí, hướng tới xây dựng xã nông thôn mới kiểu mẫu.",
        ],
        categories=(KTXH,),
        tags=("nông thôn mới", "nông thôn mới nâng cao"),
    )


def _season(ctx: Context) -> ArticleSpec:
    city = ctx.unit.kind == "city"
    area = ctx.rng.randint(1800, 2600) if city else ctx.rng.randint(9000, 16000)
    done, quality = ctx.rng.randint(92, 99), ctx.rng.randint(55, 78)
    machine, large = ctx.rng.randint(45, 80), ctx.rng.randint(8, 30) * (20 if city else 100)
    office = "Phòng Kinh tế" if city else "Phòng Nông nghiệp và Phát triển nông thôn"
    word = "thành phố" if city else "huyện"
    rows = [
        ["Chỉ tiêu", "Kết quả"],
        ["Diện tích gieo cấy (ha)", _num(area)],
        ["Tiến độ so với kế hoạch", f"{done}%"],
        ["Tỷ lệ giống lúa chất lượng cao", f"{quality}%"],
        ["Diện tích cấy bằng máy", f"{machine}%"],
        ["Diện tích cánh đồng lớn (ha)", _num(large)],
    ]
    return ArticleSpec(
        title=f"{_cap(_place(ctx.unit))} cơ bản hoàn thành gieo cấy lúa xuân",
        lead=f"Đến nay, toàn {word} đã gieo cấy được {done}% diện tích lúa xuân theo kế hoạch, bảo đảm trong khung thời vụ tốt nhất.",
        paragraphs=[
            f"Ngay từ đầu vụ, Ủy ban nhân dân {_place(ctx.unit)} đã chỉ đạo các xã chuẩn bị đầy đủ giống, vật tư, nước tưới; khuyến khích nông dân sử dụng giống lúa chất lượng cao, đưa máy cấy vào sản xuất.",
            f"{office} khuyến cáo bà con theo dõi chặt chẽ diễn biến thời tiết, chăm sóc lúa sau cấy, chủ động phòng trừ chuột và ốc bươu vàng; các hợp tác xã dịch vụ nông nghiệp bảo đảm điều tiết nước hợp lý.",
        ],
        categories=(KTXH,),
        tags=("mùa vụ", "lúa xuân"),
        table=(f"Tiến độ sản xuất vụ xuân của {_place(ctx.unit)}", rows),
    )


def _road(ctx: Context) -> ArticleSpec:
    communes = _communes(ctx.unit)
    rural = [n for n, k in communes if k == "commune"]
    # Not the commune of the new-countryside story (the first one), where there is another.
    commune = (
        rural[-1]
        if len(rural) > 1
        else next((n for n, _k in communes if n not in rural[:1]), _place(ctx.unit))
    )
    km, money = _num(ctx.rng.uniform(2.5, 7.5), 1), ctx.rng.randint(45, 160)
    return ArticleSpec(
        title=f"Khởi công nâng cấp tuyến đường trục qua {commune}",
        lead=f"Ủy ban nhân dân {_place(ctx.unit)} vừa khởi công dự án nâng cấp, mở rộng tuyến đường trục dài {km} km qua {commune}, tổng mức đầu tư {money} tỷ đồng.",
        paragraphs=[
            f"Tuyến đường được mở rộng mặt đường lên 7,5 m, kết cấu bê tông nhựa, xây dựng hệ thống thoát nước và chiếu sáng hai bên. Khi hoàn thành, dự án giúp kết nối thuận lợi {commune} với trung tâm {_place(ctx.unit)} và các tuyến đường tỉnh.",
            f"Phát biểu tại lễ khởi công, {ctx.says(0)}, yêu cầu chủ đầu tư và nhà thầu bảo đảm chất lượng, an toàn lao động, vệ sinh môi trường; các địa phương có tuyến đường đi qua phối hợp tốt công tác giải phóng mặt bằng.",
            "Người tham gia giao thông được khuyến cáo chú ý biển báo, giảm tốc độ khi đi qua khu vực thi công.",
        ],
        categories=(KTXH,),
        tags=("giao thông", "hạ tầng"),
    )


def _one_stop(ctx: Context) -> ArticleSpec:
    communes = _communes(ctx.unit)
    commune = next(
        (n for n, k in communes if k in ("township", "ward")), communes[-1][0] if communes else ""
    ) or _place(ctx.unit)
    online = ctx.rng.randint(72, 93)
    return ArticleSpec(
        title=f"{_cap(commune)} đẩy mạnh dịch vụ công trực tuyến, thanh toán không dùng tiền mặt",
        lead=f"Bộ phận Một cửa {commune} hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán phí, lệ phí qua ứng dụng ngân hàng, tiết kiệm thời gian đi lại.",
        paragraphs=[
            f"Tổ công nghệ số cộng đồng của {commune} đến từng thôn, tổ dân phố hướng dẫn người dân kích hoạt tài khoản định danh điện tử, sử dụng dịch vụ công trực tuyến. Tỷ lệ hồ sơ trực tuyến đạt {online}%.",
            f"Theo {ctx.says(2)}, thời gian tới {_place(ctx.unit)} sẽ nhân rộng cách làm này ra tất cả các xã, gắn chuyển đổi số với cải cách hành chính ở cơ sở.",
        ],
        categories=(CCHC, CDS),
        tags=("dịch vụ công trực tuyến", "chuyển đổi số"),
    )


LOCAL_GENERIC: list[Callable[[Context], ArticleSpec]] = [_new_countryside, _road, _one_stop]

GENERIC_PROFILE = Profile("lĩnh vực được giao", "its assigned fields", (), ())


def local_profile(unit: OrgUnit) -> Profile:
    return Profile(
        "phát triển kinh tế - xã hội", "socio-economic development", LOCAL_TOPICS.get(unit.slug, ()), (),
        mission=f"là cơ quan hành chính nhà nước ở địa phương, do Hội đồng nhân dân {_place(unit)} bầu ra, chịu trách nhiệm trước Hội đồng nhân dân cùng cấp và Ủy ban nhân dân tỉnh",
        mission_en="is the local state administrative body elected by the People's Council at the same level, accountable to that Council and to the Provincial People's Committee",
    )  # fmt: skip


def profile_for(unit: OrgUnit) -> Profile:
    if unit.kind in LOCAL_KINDS:
        return local_profile(unit)
    return PROFILES.get(unit.slug, GENERIC_PROFILE)


def article_specs(ctx: Context) -> list[ArticleSpec]:
    """Four to six articles: the agency's own topics, a results report with a table, fillers."""
    topics = [_topic_article(ctx, t, i) for i, t in enumerate(ctx.profile.topics)]
    if ctx.level == "local":
        fillers = LOCAL_GENERIC[:]
        del fillers[ctx.index % len(fillers)]  # two of three, differing between districts
        return [*topics[:1], _season(ctx), *topics[1:], *(f(ctx) for f in fillers)]
    specs = [*topics, _results(ctx)]
    n = 0
    while len(specs) < 5:
        specs.append(GENERIC[(ctx.index + n) % len(GENERIC)](ctx))
        n += 1
    return specs


def _body(spec: ArticleSpec) -> list[dict]:
    blocks: list[dict] = [{"type": "paragraph", "value": _p(text)} for text in spec.paragraphs]
    if spec.table:
        caption, rows = spec.table
        blocks.insert(
            spec.table_after,
            {"type": "table", "value": {
                "data": rows, "first_row_is_table_header": True, "first_col_is_header": False,
                "table_caption": caption,
            }},
        )  # fmt: skip
    return blocks


# ---------------------------------------------------------------------------------------------
# The agency page (Decree 42/2022 Art. 4 and its English version, Art. 7)
# ---------------------------------------------------------------------------------------------

LOCAL_DIVISIONS = [
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Office of the People's Council and People's Committee"),
    ("Phòng Nội vụ", "Division of Home Affairs"),
    ("Phòng Tư pháp", "Division of Justice"),
    ("Phòng Tài chính - Kế hoạch", "Division of Finance and Planning"),
    ("Phòng Tài nguyên và Môi trường", "Division of Natural Resources and Environment"),
    ("Phòng Văn hóa và Thông tin", "Division of Culture and Information"),
    ("Phòng Giáo dục và Đào tạo", "Division of Education and Training"),
    ("Phòng Y tế", "Division of Health"),
    ("Thanh tra", "Inspectorate"),
]  # fmt: skip
AGENCY_DIVISIONS = [
    ("Văn phòng", "Office"),
    ("Thanh tra", "Inspectorate"),
    ("Phòng Kế hoạch - Tài chính", "Division of Planning and Finance"),
    ("Các phòng chuyên môn, nghiệp vụ", "Specialised divisions"),
    ("Các đơn vị sự nghiệp trực thuộc", "Affiliated public service units"),
]  # fmt: skip


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def organisation_content(unit: OrgUnit, profile: Profile, leaders: list[LeaderSpec]) -> dict:
    name_en = unit.name_en or unit.name
    if profile.mission:
        mission, mission_en = profile.mission, profile.mission_en
    else:
        mission = f"là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Thái Bình, có chức năng tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về {profile.field}; thực hiện các dịch vụ công theo quy định của pháp luật"
        mission_en = f"is a specialised agency of the Thai Binh Provincial People's Committee that advises and assists the Committee in the state management of {profile.field_en}, and provides public services as provided by law"
    intro = f"{unit.name} {mission}. Trụ sở: {unit.address}."
    intro_en = f"The {name_en} {mission_en}. Address: {strip_accents(unit.address)}."
    if unit.kind == "province" or unit.kind in LOCAL_KINDS:
        functions = [
            f"Ban hành văn bản, tổ chức thực hiện nghị quyết của Hội đồng nhân dân {_place(unit)} và các quyết định của cơ quan nhà nước cấp trên.",
            f"Quản lý nhà nước về kinh tế - xã hội, quốc phòng, an ninh trên địa bàn {_place(unit)}.",
            "Chỉ đạo cải cách hành chính, chuyển đổi số, bảo đảm quyền và lợi ích hợp pháp của người dân, doanh nghiệp.",
            "Lập và tổ chức thực hiện dự toán ngân sách, quy hoạch, kế hoạch phát triển của địa phương.",
        ]
        functions_en = [
            "Issues documents and implements the resolutions of the People's Council and the decisions of higher state bodies.",
            "Manages economic and social affairs, defence and security in its territory.",
            "Directs administrative reform and digital transformation and protects the lawful rights of citizens and businesses.",
            "Prepares and implements the local budget, plans and development programmes.",
        ]
    else:
        functions = [
            f"Trình Ủy ban nhân dân tỉnh dự thảo quyết định, kế hoạch dài hạn, 5 năm và hằng năm về {profile.field}.",
            "Hướng dẫn, kiểm tra và tổ chức thực hiện các văn bản quy phạm pháp luật, quy hoạch, kế hoạch sau khi được phê duyệt; thông tin, tuyên truyền, phổ biến, giáo dục pháp luật.",
            "Giải quyết thủ tục hành chính thuộc thẩm quyền; thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo theo quy định.",
            "Quản lý tổ chức bộ máy, vị trí việc làm, công chức, viên chức, tài chính và tài sản được giao.",
        ]
        functions_en = [
            f"Submits to the Provincial People's Committee draft decisions and long-term, five-year and annual plans on {profile.field_en}.",
            "Guides, inspects and implements legal documents, plans and programmes once approved; disseminates the law.",
            "Handles the administrative procedures within its competence; inspects and settles complaints and denunciations.",
            "Manages its organisation, staff, finances and assets.",
        ]
    divisions = list(profile.divisions) or (
        LOCAL_DIVISIONS if unit.kind in LOCAL_KINDS else AGENCY_DIVISIONS
    )
    if unit.kind == "province":
        children = unit.get_children().filter(kind__in=("department", "center")).order_by("code")
        divisions = [(c.name, c.name_en or c.name) for c in children]
    lead_vi = ", ".join(f"{s.position} {s.full_name}" for s in leaders)
    lead_en = ", ".join(f"{s.position_en} {strip_accents(s.full_name)}" for s in leaders)
    structure = f"<p>Lãnh đạo: {escape(lead_vi)}.</p>" + _ul([d for d, _e in divisions])
    structure_en = f"<p>Leadership: {escape(lead_en)}.</p>" + _ul([e for _d, e in divisions])
    communes = _communes(unit) if unit.kind in LOCAL_KINDS else []
    if communes:
        structure += _p("Đơn vị hành chính cấp xã: " + ", ".join(n for n, _k in communes) + ".")
        structure_en += _p(
            "Commune-level units: " + ", ".join(strip_accents(n) for n, _k in communes) + "."
        )
    return {
        "intro": intro,
        "functions": _ul(functions),
        "structure": structure,
        "title_en": f"About the {name_en}",
        "intro_en": intro_en,
        "functions_en": _ul(functions_en),
        "structure_en": structure_en,
    }


# ---------------------------------------------------------------------------------------------
# Cover images: a solid colour with the agency's short name and the category, drawn by Pillow.
# ---------------------------------------------------------------------------------------------

CATEGORY_COLOURS = {
    TT: (176, 32, 38), CDS: (21, 94, 160), CCHC: (14, 116, 104), KTXH: (161, 98, 7),
    VHXH: (126, 34, 128), PBPL: (55, 65, 81),
}  # fmt: skip


def _font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _cover_jpeg(lines: list[str], colour: tuple[int, int, int]) -> bytes:
    from PIL import Image as PILImage
    from PIL import ImageDraw

    img = PILImage.new("RGB", COVER_SIZE, colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, COVER_SIZE[1] - 90, COVER_SIZE[0], COVER_SIZE[1]), fill=(255, 255, 255))
    big, unicode_ok = _font(72)
    small, _ok = _font(40)
    if not unicode_ok:
        lines = [strip_accents(line) for line in lines]
    draw.text((80, 230), lines[0], fill=(255, 255, 255), font=big)
    draw.text((80, 340), lines[1], fill=(255, 255, 255), font=small)
    draw.text((80, COVER_SIZE[1] - 68), lines[2], fill=colour, font=small)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _cover(*, unit: OrgUnit, n: int, spec: ArticleSpec, collection: Collection, categories):
    """A wagtail Image for the article; the file is reused if an earlier run left it behind."""
    image_model = get_image_model()
    category = categories[spec.categories[0]]
    name = f"{COVER_DIR}/{unit.slug}-{n}.jpg"
    if default_storage.exists(name):
        size = default_storage.size(name)
    else:
        data = _cover_jpeg(
            [unit.short_name or unit.name, category.name, "Ảnh minh họa - Cổng thông tin điện tử"],
            CATEGORY_COLOURS.get(category.slug, (176, 32, 38)),
        )
        name = default_storage.save(name, ContentFile(data))
        size = len(data)
    return image_model.objects.create(
        title=f"Ảnh minh họa: {spec.title}"[:255], file=name, width=COVER_SIZE[0],
        height=COVER_SIZE[1], file_size=size, collection=collection,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------------------------


@dataclass
class PortalResult:
    portals: int = 0
    portals_created: int = 0
    articles: int = 0
    articles_created: int = 0
    pages: list[Page] = field(default_factory=list)  # created or filled, to index at the end
    sites: list[Site] = field(default_factory=list)  # created


def seed_categories() -> dict[str, Category]:
    found = {c.slug: c for c in Category.objects.filter(slug__in=[s for _n, s in CATEGORIES])}
    for name, slug in CATEGORIES:
        if slug not in found:
            found[slug] = Category.objects.create(name=name, slug=slug)
    return found


def remove_wagtail_welcome_site() -> None:
    """Delete the site and page Wagtail's migration made, if nobody has touched them."""
    for site in Site.objects.select_related("root_page").filter(
        root_page__title__startswith=WELCOME_TITLE
    ):
        page = site.root_page
        if (
            page.specific_class is not Page
            or page.numchild
            or page.has_unpublished_changes
            or PortalSettings.objects.filter(site=site).exists()
        ):
            continue
        site.delete()
        Page.objects.get(pk=page.pk).delete()


def _portal_units() -> list[tuple[OrgUnit, str, str, bool]]:
    """(unit, hostname, title, is_main) for the province and every component portal."""
    out = []
    root = OrgUnit.objects.filter(code=PROVINCE_CODE).first()
    if root is not None:
        out.append((root, MAIN_HOSTNAME, MAIN_TITLE, True))
        components = root.get_children().filter(kind__in=COMPONENT_KINDS).order_by("code")
        for unit in components:
            out.append(
                (unit, f"{unit.slug}.{MAIN_HOSTNAME}", f"Cổng thông tin điện tử {unit.name}", False)
            )
    return out


def _ensure_default(site: Site) -> None:
    if not site.is_default_site:
        Site.objects.exclude(pk=site.pk).filter(is_default_site=True).update(is_default_site=False)
        Site.objects.filter(pk=site.pk).update(is_default_site=True)


def _portal(
    unit: OrgUnit, hostname: str, title: str, is_main: bool, result: PortalResult
) -> Site | None:
    row = PortalSettings.objects.filter(org_unit=unit).select_related("site").first()
    if row is not None:
        return row.site
    if Site.objects.filter(hostname=hostname, port=PORT).exists():
        return None  # someone else uses the host name: leave it alone
    if is_main:
        if PortalSettings.objects.filter(is_main=True).exists():
            return None
        remove_wagtail_welcome_site()
    site = portal_create(
        actor=ACTOR, org_unit=unit, hostname=hostname, port=PORT, is_main=is_main, title=title,
        reason="Dữ liệu trình diễn",
    )  # fmt: skip
    result.portals_created += 1
    result.sites.append(site)
    return site


def _collection(row: PortalSettings) -> Collection:
    perm = (
        GroupCollectionPermission.objects.filter(group=row.editors_group)
        .select_related("collection")
        .first()
        if row.editors_group_id
        else None
    )
    return perm.collection if perm else Collection.get_first_root_node()


def _fill_settings(row: PortalSettings, unit: OrgUnit, leaders: list[LeaderSpec]) -> None:
    name = unit.name if unit.kind != "province" else "Ủy ban nhân dân tỉnh Thái Bình"
    values = {
        "tagline": (
            "Thông tin chính thống của chính quyền tỉnh Thái Bình"
            if row.is_main
            else f"Kênh thông tin chính thống của {unit.name}"
        ),
        "contact_block": (
            f"<p><b>{escape(name)}</b><br/>Địa chỉ: {escape(unit.address)}<br/>"
            f"Điện thoại: {escape(unit.phone)}<br/>"
            f'Thư điện tử: <a href="mailto:{escape(unit.email)}">{escape(unit.email)}</a></p>'
        ),
        "footer_text": (
            f"<p>Cơ quan chủ quản: {escape(name)}. Chịu trách nhiệm chính: "
            f"{escape(leaders[0].full_name)}, {escape(leaders[0].in_text)}.</p>"
        ),
    }
    changed = [k for k, v in values.items() if not getattr(row, k) and v]
    for k in changed:
        setattr(row, k, values[k])
    if changed:
        row.save(update_fields=changed)


def _fill_organisation(
    result: PortalResult, home: Page, unit: OrgUnit, profile: Profile, leaders: list[LeaderSpec]
) -> OrganisationPage | None:
    page = OrganisationPage.objects.child_of(home).filter(slug="gioi-thieu").first()
    if page is None:
        return None
    if page.intro or page.leaders.exists():
        return page
    result.pages.append(page)
    for key, value in organisation_content(unit, profile, leaders).items():
        setattr(page, key, value)
    page.leaders = [
        Leader(full_name=s.full_name, position=s.position, position_en=s.position_en, duties=s.duties,
               phone=s.phone, email=s.email, sort_order=i)
        for i, s in enumerate(leaders)
    ]  # fmt: skip
    page.save()  # the live page as portal_create made it, now filled in
    return page


def _seed_articles(
    *, site: Site, row: PortalSettings, ctx: Context, categories: dict[str, Category],
    base: dt.datetime, result: PortalResult,
) -> None:  # fmt: skip
    news = NewsIndexPage.objects.child_of(site.root_page).filter(slug="tin-tuc").first()
    if news is None:
        return
    existing = set(ArticlePage.objects.child_of(news).values_list("slug", flat=True))
    collection = None
    specs = article_specs(ctx)
    source = f"{ctx.short} Thái Bình" if "tỉnh" not in ctx.short else ctx.short
    if ctx.level == "province":
        source = "Văn phòng UBND tỉnh Thái Bình"
    elif ctx.level == "local":
        source = f"Trung tâm Văn hóa, Thông tin và Thể thao {_place(ctx.unit)}"
    for i, spec in enumerate(specs):
        result.articles += 1
        slug = slugify_vi(spec.title)
        if slug in existing:
            continue
        if collection is None:
            collection = _collection(row)
        published = base - dt.timedelta(
            days=(i * 6 + ctx.index % 5) % 30,
            hours=(ctx.index * 7 + i * 3) % 9,
            minutes=(ctx.index * 13) % 60,
        )
        page = ArticlePage(
            title=spec.title, slug=slug, lead=spec.lead, body=_body(spec), author=AUTHORS[(ctx.index + i) % len(AUTHORS)],
            source=source, published_on=published, live=True, first_published_at=published,
            last_published_at=published,
            show_on_main_portal=ctx.level != "province" and (ctx.index + i) % 4 == 0,
            cover_image=_cover(unit=ctx.unit, n=i + 1, spec=spec, collection=collection, categories=categories),
            cover_caption="Ảnh minh họa",
            search_description=spec.lead[:255],
        )  # fmt: skip
        page.categories = [categories[c] for c in spec.categories]
        page.tags.add(*spec.tags)
        news = NewsIndexPage.objects.get(pk=news.pk)  # fresh numchild for treebeard
        news.add_child(instance=page)  # live, with its publication dates: one save
        result.pages.append(page)
        existing.add(slug)
        result.articles_created += 1


AUTHORS = [
    "Minh Anh",
    "Thu Hà",
    "Quang Huy",
    "Hồng Nhung",
    "Văn Toàn",
    "Thanh Tâm",
    "Ngọc Lan",
    "Đức Mạnh",
]


def _index(pages: list[Page], sites: list[Site]) -> None:
    """Update the reference index once per page (it was off while seeding) and, when the
    search index is updated through a queue rather than at once, the search index too."""
    for site in sites:
        pages.extend(site.root_page.get_descendants(inclusive=True).specific())
    seen: set[int] = set()
    unique = [p for p in pages if not (p.pk in seen or seen.add(p.pk))]
    for page in unique:
        ReferenceIndex.create_or_update_for_object(page)
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if unique and not backend.endswith("ImmediateBackend"):
        search_backend = get_search_backend()
        for page in unique:
            search_backend.add(page)


def _answerer(unit: OrgUnit) -> User | None:
    assignment = (
        RoleAssignment.objects.filter(
            org_unit=unit, user__kind=User.Kind.OFFICIAL, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _feature_seeders(
    site: Site, unit: OrgUnit, org_page: OrganisationPage | None, leaders: list[LeaderSpec]
) -> None:
    """Documents, the week's calendar and Q&A, from the feature apps that provide them."""
    if org_page is not None and org_page.leaders.exists():
        names = [f"Đồng chí {ld.full_name} - {ld.position}" for ld in org_page.leaders.all()]
    else:
        names = [f"Đồng chí {s.full_name} - {s.in_text}" for s in leaders]
    try:
        from congso.portal.library.demo import seed_demo_documents
    except ImportError:
        pass
    else:
        seed_demo_documents(site, unit)
    try:
        from congso.portal.calendar.demo import seed_demo_calendar
    except ImportError:
        pass
    else:
        seed_demo_calendar(site, unit, leaders=names)
    try:
        from congso.portal.qa.demo import seed_demo_questions
    except ImportError:
        pass
    else:
        seed_demo_questions(site, unit, answerer=_answerer(unit))


def seed_portals() -> PortalResult:
    """The main portal, a portal per department, the centre, the city and each district."""
    result = PortalResult()
    with disable_reference_index_auto_update():
        _seed_portals(result)
    _index(result.pages, result.sites)
    if result.pages or result.sites:
        transaction.on_commit(portal_cache.bump)
    return result


def _seed_portals(result: PortalResult) -> None:
    categories = seed_categories()
    base = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for index, (unit, hostname, title, is_main) in enumerate(_portal_units()):
        site = _portal(unit, hostname, title, is_main, result)
        if site is None:
            continue
        result.portals += 1
        row = PortalSettings.objects.get(site=site)
        if is_main:
            _ensure_default(site)
        profile = profile_for(unit)
        leaders = leader_specs(unit, profile)
        ctx = Context(unit=unit, profile=profile, leaders=leaders, index=index,
                      rng=random.Random(f"articles:{unit.slug}"))  # fmt: skip
        _fill_settings(row, unit, leaders)
        org_page = _fill_organisation(result, site.root_page, unit, profile, leaders)
        _seed_articles(site=site, row=row, ctx=ctx, categories=categories, base=base, result=result)
        _feature_seeders(site, unit, org_page, leaders)
