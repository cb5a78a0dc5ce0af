"""Portal page types: home, news, articles, sections required by Decree 42/2022, organisation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from congso.core.text import fold, slugify_vi
from congso.portal import cache as portal_cache
from congso.portal.models.blocks import BodyBlock


class CacheablePageMixin:
    """Marks a page's response for the anonymous whole-page cache (portal.middleware), and
    gives pages ASCII slugs from Vietnamese titles ("Đông Hưng" → "dong-hung", not "ong-hung")."""

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = slugify_vi(self.title)
        return super().full_clean(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            response.congso_cacheable = True
        return response

    def get_view_restrictions(self):
        """Wagtail's privacy check before serving: no query while no page has a restriction."""
        from wagtail.models import PageViewRestriction

        from congso.portal import routing

        if not routing.any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class FoldedSearchMixin:
    """Index accent-folded text so that "so y te" finds "Sở Y tế" on SQLite and PostgreSQL."""

    def folded_title(self) -> str:
        return fold(self.title)

    def folded_text(self) -> str:
        parts = [getattr(self, name, "") for name in ("lead", "intro", "search_description")]
        body = getattr(self, "body", None)
        if body:
            parts.append(strip_tags(str(body)))
        return fold(" ".join(str(p) for p in parts if p))

    folded_search_fields = [
        index.SearchField("folded_title", boost=3),
        index.SearchField("folded_text"),
        index.FilterField("live"),
        index.FilterField("path"),
    ]


@register_snippet
class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=100)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class HomePage(CacheablePageMixin, FoldedSearchMixin, Page):
    """A portal's home page: the root of one Wagtail Site."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    featured_count = models.PositiveSmallIntegerField(_("số tin nổi bật"), default=5)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("featured_count")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.NewsIndexPage", "portal.SectionPage", "portal.OrganisationPage"]
    search_fields = [*Page.search_fields, *FoldedSearchMixin.folded_search_fields]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang chủ cổng")
        verbose_name_plural = _("trang chủ cổng")

    def get_context(self, request, *args, **kwargs):
        from congso.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["latest"] = selectors.home_articles(site=site, limit=12)
        context["news_indexes"] = selectors.news_indexes(home=self)
        context["sections"] = self.get_children().live().specific().not_type(NewsIndexPage)
        return context


class NewsIndexPage(CacheablePageMixin, RoutablePageMixin, FoldedSearchMixin, Page):
    """A news section (Tin tức, Phổ biến pháp luật, ...) listing the articles under it."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "portal.NewsIndexPage", "portal.SectionPage"]
    subpage_types = ["portal.ArticlePage", "portal.NewsIndexPage"]
    search_fields = [*Page.search_fields, *FoldedSearchMixin.folded_search_fields]

    class Meta:
        verbose_name = _("chuyên trang tin tức")
        verbose_name_plural = _("chuyên trang tin tức")

    @path("")
    def index(self, request):
        from congso.portal import selectors

        articles = selectors.articles_under(page=self)
        return self._listing(request, articles, category=None)

    @path("chuyen-muc/<slug:slug>/")
    def by_category(self, request, slug):
        from congso.portal import selectors

        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise Http404
        articles = selectors.articles_under(page=self, category=category)
        return self._listing(request, articles, category=category)

    def _listing(self, request, articles, *, category):
        page_obj = Paginator(articles, 12).get_page(request.GET.get("trang"))
        context = self.get_context(request)
        context |= {
            "page_obj": page_obj,
            "category": category,
            "categories": Category.objects.all(),
        }
        return render(request, "portal/news_index_page.html", context)


class ArticlePage(CacheablePageMixin, FoldedSearchMixin, Page):
    lead = models.TextField(_("sapo (tóm tắt)"), help_text=_("Một đến ba câu tóm tắt bài viết."))
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh đại diện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    cover_caption = models.CharField(_("chú thích ảnh đại diện"), max_length=255, blank=True)
    categories = ParentalManyToManyField(Category, verbose_name=_("chuyên mục"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, verbose_name=_("từ khoá"), blank=True)
    author = models.CharField(_("tác giả"), max_length=150, blank=True)
    source = models.CharField(
        _("nguồn tin"), max_length=150, blank=True, help_text=_("Ví dụ: Sở TT&TT Thái Bình")
    )
    published_on = models.DateTimeField(_("ngày đăng"), default=timezone.now, db_index=True)
    show_on_main_portal = models.BooleanField(
        _("hiển thị trên cổng chính"), default=False,
        help_text=_("Tin bài vẫn thuộc cổng này; cổng chính hiển thị kèm liên kết tới đây, không sao chép."),
    )  # fmt: skip
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_caption")], heading=_("Ảnh đại diện")
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories"),
                FieldPanel("tags"),
                FieldPanel("author"),
                FieldPanel("source"),
                FieldPanel("published_on"),
                FieldPanel("show_on_main_portal"),
            ],
            heading=_("Thông tin bài viết"),
        ),
        InlinePanel("related_links", label=_("Bài viết liên quan (chọn thêm)")),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        *FoldedSearchMixin.folded_search_fields,
        index.FilterField("show_on_main_portal"),
        index.FilterField("published_on"),
    ]

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["show_on_main_portal", "published_on"])]

    def serve(self, request, *args, **kwargs):
        if request.method == "GET" and not getattr(request, "is_preview", False):
            from congso.portal import viewcounts

            # Counted in the cache like the page cache's hits (added to the row every minute);
            # the page shows the row's count plus the views still pending.
            request.congso_views_pending = viewcounts.count_view(self.pk)
        if request.GET.get("ban-in") is not None:
            response = render(request, "portal/article_print.html", self.get_context(request))
            response.congso_cacheable = True
        else:
            response = super().serve(request, *args, **kwargs)
        response.congso_article_id = self.pk
        return response

    def get_context(self, request, *args, **kwargs):
        from congso.portal import selectors
        from congso.portal.fragments import Fragments
        from congso.portal.ratings import rating_summary, totals_key
        from congso.portal.viewcounts import flushed_key

        context = super().get_context(request, *args, **kwargs)
        generation = getattr(request, "_congso_generation", None) or portal_cache.generation()
        og_key = portal_cache.key("og-image", self.pk, current=generation)
        # The template's cached parts, the link preview and the rating totals: one round trip.
        fragments = Fragments(
            page_id=self.pk,
            generation=generation,
            names=("head", "body", "related"),
            also=(og_key, totals_key(self.pk), flushed_key(self.pk)),
        )
        context["fragments"] = fragments
        # Lazy: only a miss of the template's fragments reads them.
        context["related"] = SimpleLazyObject(
            lambda: selectors.related_articles(article=self, limit=5)
        )
        context["absolute_url"] = SimpleLazyObject(lambda: self.get_full_url(request))
        context["rating"] = rating_summary(article=self, request=request, found=fragments.found)
        pending = getattr(request, "congso_views_pending", None)
        if pending is not None:
            # A page object kept since an earlier request (portal.routing) adds the views moved
            # into the row since it was read.
            flushed = fragments.found.get(flushed_key(self.pk)) or 0
            moved = max(0, flushed - getattr(self, "_congso_flushed_at", flushed))
            context["view_count"] = self.view_count + moved + pending
        context["og_image"] = self.og_image_url(og_key, fragments.found)
        return context

    def remember_for_generation(self) -> None:
        """Before portal.routing keeps this object: how many views the row held when read."""
        from django.core.cache import cache

        from congso.portal.viewcounts import flushed_key

        self._congso_flushed_at = cache.get(flushed_key(self.pk)) or 0

    def og_image_url(self, key: str, found: dict) -> str:
        """The cover image cropped for link previews (Facebook, Zalo), kept under `key`."""
        if not self.cover_image_id:
            return ""
        url = found.get(key)
        if url is None:
            from django.core.cache import cache

            url = self.cover_image.get_rendition("fill-1200x630").full_url
            cache.set(key, url, 600)
        return url


class ArticleRelatedLink(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        "portal.ArticlePage", verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("related")]


class SectionPage(CacheablePageMixin, FoldedSearchMixin, Page):
    """A content section every agency portal must have (Decree 42/2022 Art. 4)."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("Giới thiệu")
        STRATEGY = "strategy", _("Chiến lược, định hướng, quy hoạch, kế hoạch")
        LEGAL_DOCUMENTS = (
            "legal_documents",
            _("Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành"),
        )
        PROCEDURES = "procedures", _("Thủ tục hành chính, dịch vụ công trực tuyến")
        LAW_DISSEMINATION = "law_dissemination", _("Phổ biến, giáo dục pháp luật")
        STATISTICS = "statistics", _("Thông tin thống kê")
        CONTACTS = "contacts", _("Thông tin liên hệ")
        OTHER = "other", _("Khác")

    kind = models.CharField(
        _("loại chuyên mục"), max_length=30, choices=Kind.choices, default=Kind.OTHER
    )
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)
    link_url = models.CharField(
        _("liên kết tới chức năng"), max_length=255, blank=True,
        help_text=_("Ví dụ /van-ban/ cho thư viện văn bản, /hoi-dap/ cho hỏi đáp."),
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("link_url"),
    ]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.SectionPage", "portal.NewsIndexPage"]
    search_fields = [*Page.search_fields, *FoldedSearchMixin.folded_search_fields]

    class Meta:
        verbose_name = _("chuyên mục nội dung")
        verbose_name_plural = _("chuyên mục nội dung")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().specific()
        return context


class OrganisationPage(CacheablePageMixin, RoutablePageMixin, FoldedSearchMixin, Page):
    """Organisation and contacts, with the English version required by Decree 42/2022 Art. 7."""

    intro = models.TextField(_("giới thiệu chung"), blank=True)
    functions = RichTextField(_("chức năng, nhiệm vụ"), blank=True)
    structure = RichTextField(_("cơ cấu tổ chức"), blank=True)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    intro_en = models.TextField(_("giới thiệu chung (tiếng Anh)"), blank=True)
    functions_en = RichTextField(_("chức năng, nhiệm vụ (tiếng Anh)"), blank=True)
    structure_en = RichTextField(_("cơ cấu tổ chức (tiếng Anh)"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("functions"),
        FieldPanel("structure"),
        InlinePanel("leaders", label=_("Lãnh đạo")),
        MultiFieldPanel(
            [
                FieldPanel("title_en"),
                FieldPanel("intro_en"),
                FieldPanel("functions_en"),
                FieldPanel("structure_en"),
            ],
            heading=_("Phiên bản tiếng Anh"),
        ),
    ]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, *FoldedSearchMixin.folded_search_fields]

    class Meta:
        verbose_name = _("trang tổ chức bộ máy, liên hệ")
        verbose_name_plural = _("trang tổ chức bộ máy, liên hệ")

    @path("")
    def vietnamese(self, request):
        return self.render(request, context_overrides={"english": False, "agency": self._agency()})

    @path("en/")
    def english(self, request):
        return self.render(
            request,
            context_overrides={"english": True, "agency": self._agency()},
            template="portal/organisation_page_en.html",
        )

    def _agency(self):
        from congso.portal.models.settings import PortalSettings

        settings_row = (
            PortalSettings.objects.filter(site=self.get_site()).select_related("org_unit").first()
        )
        return settings_row.org_unit if settings_row else None


class Leader(Orderable):
    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="leaders")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150)
    position_en = models.CharField(_("chức vụ (tiếng Anh)"), max_length=150, blank=True)
    duties = models.TextField(_("nhiệm vụ phụ trách"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("full_name"), FieldPanel("position"), FieldPanel("position_en"), FieldPanel("duties"),
              FieldPanel("phone"), FieldPanel("email"), FieldPanel("photo")]  # fmt: skip
