"""Home and standard pages, news, site settings, custom image and document models."""

import copy

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from beschaffungsallianz.core.fields import optional_link
from beschaffungsallianz.core.pagecache import active_locale, per_generation, public


class CustomImage(AbstractImage):
    """Image with a mandatory-in-practice alternative text and a credit line."""

    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describes the image for screen readers. Leave empty only for decoration."),
    )
    credit = models.CharField(_("credit / licence"), max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("alt_text", "credit")

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """Document served through Django; page count and size are read from the file itself."""

    description = models.TextField(_("description"), blank=True)

    admin_form_fields = Document.admin_form_fields + ("description",)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
    )
    image = blocks.StructBlock(
        [("image", ImageChooserBlock()), ("caption", blocks.CharBlock(required=False))],
        label=_("Image"),
        icon="image",
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    document = DocumentChooserBlock(label=_("Document"))
    links = blocks.ListBlock(
        blocks.StructBlock([("title", blocks.CharBlock()), ("url", blocks.URLBlock())]),
        label=_("Link list"),
        icon="link",
    )
    table = blocks.StructBlock(
        [
            ("caption", blocks.CharBlock(required=False)),
            ("rows", blocks.ListBlock(blocks.ListBlock(blocks.CharBlock(required=False)))),
        ],
        label=_("Simple table (first row is the header)"),
        icon="table",
    )

    class Meta:
        template = "core/blocks/content_block.html"


class BasePage(Page):
    """Common fields of the editorial pages: an intro and a stream body."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        abstract = True

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail's site roots (for every page URL), read once per process and generation
        instead of from the shared cache once per request and once per page object whose URL
        is built without a request (cards, lists: a Redis round trip each). Sites, locales and
        pages bump the generation. Kept on ``cache_object`` as Wagtail does (its redirects on
        a page move read them from there)."""
        holder = cache_object or kwargs.get("request") or self
        try:
            return holder._wagtail_cached_site_root_paths
        except AttributeError:
            paths = per_generation("site_root_paths", Site.get_site_root_paths)
            holder._wagtail_cached_site_root_paths = paths
            return paths

    @property
    def url(self):
        """Wagtail's ``url``, worked out once per page object and URL path: list templates ask
        a page for it once per card and link (30 times on /praxisbeispiele/), and each time
        Wagtail searched the site roots and reversed its URL pattern."""
        memo = self.__dict__.get("_url_memo")
        if memo is None or memo[0] != self.url_path:
            memo = self.__dict__["_url_memo"] = (self.url_path, Page.url.fget(self))
        return memo[1]

    def get_view_restrictions(self):
        """Wagtail's, without its two queries for the many pages that no restriction covers:
        which sections are restricted (and whether any page is an alias, whose restrictions
        are its source's) is read once per process and generation; a change to a restriction
        bumps the generation like every other write."""
        restricted_paths, any_alias = per_generation("view_restriction_paths", _restricted_paths)
        if not any_alias and not any(self.path.startswith(p) for p in restricted_paths):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _restricted_paths() -> tuple[tuple[str, ...], bool]:
    paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    return paths, Page.objects.filter(alias_of__isnull=False).exists()


class EntryPointBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    text = blocks.CharBlock(
        label=_("Short description"),
        required=False,
        max_length=200,
        help_text=_("Empty: the page's introduction is shown."),
    )

    class Meta:
        icon = "link"
        label = _("Entry point")


class HomePage(BasePage):
    """Start page: who we are, latest news, next dates (events app's template tags), entry
    points."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    entry_points = StreamField(
        [("entry_point", EntryPointBlock())],
        blank=True,
        verbose_name=_("entry points"),
        help_text=_("Cards below the introduction. Empty: the pages shown in the main menu."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("entry_points")]

    class Meta:
        verbose_name = _("home page")

    def get_entry_points(self):
        """(page, text) pairs for the cards: the chosen live pages (in the active language
        where translated), else the menu pages. One query for all chosen pages."""
        chosen = [
            (block.value["page"], block.value["text"])
            for block in self.entry_points
            if block.value["page"] is not None and block.value["page"].live
        ]
        if not chosen:
            return [(page, "") for page in public(self.get_children().live()).in_menu().specific()]
        locale = active_locale()
        found = {
            (page.translation_key, page.locale_id): page
            for page in Page.objects.live()
            .filter(translation_key__in=[page.translation_key for page, _text in chosen])
            .filter(locale_id__in={locale.pk, *(page.locale_id for page, _text in chosen)})
            .specific()
        }
        return [
            (found.get((page.translation_key, locale.pk)) or found[key], text)
            for page, text in chosen
            if (key := (page.translation_key, page.locale_id)) in found
        ]

    def _sections(self) -> dict:
        """The cards, the news index and the latest news: once per worker process and
        generation."""
        latest = public(NewsPage.objects.live()).filter(locale=self.locale).defer_streamfields()
        return {
            "entry_points": self.get_entry_points(),
            "news_index": public(NewsIndexPage.objects.live()).descendant_of(self).first(),
            "latest_news": list(latest.order_by("-date")[:3]),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(per_generation(f"home:{self.pk}:{active_locale().pk}", self._sections))
        return context


class StandardPage(BasePage):
    """Any editorial page: project, working group, legal pages, contact."""

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(BasePage):
    subpage_types = ["core.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = request.GET.get("seite")
        if number is None:  # the first page, read once per worker process and generation
            context["news"] = per_generation(f"news-list:{self.pk}", lambda: self._news(None))
        else:
            context["news"] = self._news(number)
        return context

    def _news(self, number):
        news = public(NewsPage.objects.live()).descendant_of(self).defer_streamfields()
        page = Paginator(news.order_by("-date"), 10).get_page(number)  # malformed: page 1
        page.object_list = list(page.object_list)  # read now: the memo keeps the rows
        return page


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Shown with a 'Beispiel' badge: demo content that is not a real statement."),
    )

    parent_page_types = ["core.NewsIndexPage"]
    subpage_types = []
    content_panels = (
        BasePage.content_panels[:1]
        + [
            FieldPanel("date"),
            FieldPanel("is_sample"),
        ]
        + BasePage.content_panels[1:]
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What makes one alliance's site its own: names, sponsor, contact, data licence."""

    @classmethod
    def for_request(cls, request):
        """Wagtail's, read once per process, site and generation instead of once per request
        (every page shows the settings; saving them bumps the generation). Each request gets
        its own shallow copy, so Wagtail's ``_request`` stays with its request; the admin edits
        through ``for_site``, never through this copy."""
        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        shared = per_generation(f"site_settings:{site.pk}", lambda: cls._with_pages(site))
        found = copy.copy(shared)
        found._request = request
        setattr(request, attr, found)
        return found

    @classmethod
    def _with_pages(cls, site):
        """The settings of ``site`` with their linked pages read (the copies keep them)."""
        found = cls.for_site(site)
        for name in ("contact_page", "imprint_page", "privacy_page", "accessibility_page"):
            getattr(found, name)
        return found

    alliance_name = models.CharField(
        _("alliance name"),
        max_length=255,
        default="Thüringer Beschaffungsallianz – fair und nachhaltig",
    )
    state_code = models.CharField(
        _("federal state (code)"),
        max_length=2,
        default="TH",
        help_text=_(
            "Two-letter code of the alliance's federal state, e.g. TH; used by the monitor."
        ),
    )
    sponsor_name = models.CharField(
        _("sponsor"), max_length=255, blank=True, default="Zukunftsfähiges Thüringen e.V."
    )
    sponsor_url = models.URLField(_("sponsor website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=64, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    data_licence = models.CharField(_("licence of open data"), max_length=100, default="CC BY 4.0")
    data_licence_url = models.URLField(
        _("licence URL"), blank=True, default="https://creativecommons.org/licenses/by/4.0/"
    )
    contact_page = optional_link("wagtailcore.Page", _("contact page"))
    imprint_page = optional_link("wagtailcore.Page", _("imprint page"))
    privacy_page = optional_link("wagtailcore.Page", _("privacy page"))
    accessibility_page = optional_link("wagtailcore.Page", _("accessibility statement page"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("alliance_name"), FieldPanel("state_code")], heading=_("Alliance")
        ),
        MultiFieldPanel(
            [FieldPanel("sponsor_name"), FieldPanel("sponsor_url")], heading=_("Sponsor")
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("data_licence"), FieldPanel("data_licence_url")],
            heading=_("Open data"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("contact_page"),
                PageChooserPanel("imprint_page"),
                PageChooserPanel("privacy_page"),
                PageChooserPanel("accessibility_page"),
            ],
            heading=_("Footer links"),
            help_text=_("Choose the German pages; the English site links their translations."),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def footer_links(self):
        """(label, page) for the footer, each page in the active language where translated;
        read once per worker process and generation of the page cache."""
        locale = active_locale()
        return per_generation(f"footer:{self.pk}:{locale.pk}", lambda: self._footer(locale))

    def _footer(self, locale) -> list:
        links = [
            (_("Contact"), self.contact_page),
            (_("Imprint"), self.imprint_page),
            (_("Privacy"), self.privacy_page),
            (_("Accessibility"), self.accessibility_page),
        ]
        return [(label, localized(page, locale)) for label, page in links if page and page.live]


def localized(page, locale):
    """``page.localized`` for a given locale: its live translation, else the page itself."""
    if page.locale_id == locale.pk:
        return page
    translation = page.get_translation_or_none(locale)
    return translation if translation is not None and translation.live else page
