"""Admin of the library: menu group "Informationsangebote" with the entries and the results
of the link check, and a dashboard panel counting dead or moved links."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from beschaffungsallianz.core.admin_ui import (
    FileSizeColumn,
    ShortDateColumn,
    SlugFromTitleForm,
    YesNoColumn,
    title_and_slug_panels,
)
from beschaffungsallianz.core.personal_data import user_can_view
from beschaffungsallianz.knowledge.models import TenderStage
from beschaffungsallianz.library import links
from beschaffungsallianz.library.models import LibraryEntry, LinkCheck
from beschaffungsallianz.publications.forms import validate_pdf_document


class LibraryEntryAdminForm(SlugFromTitleForm):
    stages = forms.MultipleChoiceField(
        label=_("tender stages"),
        choices=TenderStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The stages of a tender the entry helps with."),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        validate_pdf_document(document)
        return document


class LibraryEntryViewSet(SnippetViewSet):
    model = LibraryEntry
    icon = "doc-full"
    menu_label = _("Library entries")
    url_prefix = "library/entry"
    list_display = [
        "title",
        "kind",
        "publisher",
        "year",
        FileSizeColumn("file_size", label=_("file size"), sort_key="file_size"),
        YesNoColumn("is_sample", label=_("sample entry"), sort_key="is_sample"),
        LiveStatusTagColumn(),
    ]
    list_filter = ["kind", "year", "language", "product_groups", "is_sample", "live"]
    search_fields = ["title", "publisher", "comment"]
    ordering = ["title"]
    edit_handler = ObjectList(
        [
            *title_and_slug_panels("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("language")]),
            FieldPanel("publisher"),
            FieldPanel("comment"),
            FieldPanel("document"),
            FieldPanel("url"),
            FieldPanel("source_url"),
            FieldPanel("product_groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("stages"),
            FieldPanel("practice_example"),
            FieldPanel("is_sample"),
            FieldRowPanel(
                [
                    FieldPanel("page_count", read_only=True),
                    FieldPanel("file_size", read_only=True),
                    FieldPanel("pdf_error", read_only=True),
                ],
                heading=_("Read from the PDF"),
            ),
            PublishingPanel(),
        ],
        base_form_class=LibraryEntryAdminForm,
    )


class UsedByColumn(Column):
    """Where a checked link is used, each with a link to correct it."""

    cell_template_name = "library/admin/used_by_cell.html"

    def get_value(self, instance):
        return links.usages(instance.url)


class LinkCheckFilterSet(WagtailFilterSet):
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=[("1", _("dead or moved"))],
        empty_label=_("all links"),
        method="filter_attention",
    )

    class Meta:
        model = LinkCheck
        fields = ["outcome"]

    def filter_attention(self, queryset, name, value):
        return queryset.exclude(outcome=LinkCheck.Outcome.OK) if value == "1" else queryset


class LinkCheckViewSet(SnippetViewSet):
    """Read-only for editors (they may only view): the link check writes these rows."""

    model = LinkCheck
    icon = "warning"
    menu_label = _("Link check")
    url_prefix = "library/link-check"
    inspect_view_enabled = True
    list_display = [
        "url",
        StatusTagColumn(
            "outcome",
            accessor="get_outcome_display",
            label=_("result"),
            sort_key="outcome",
            primary=lambda obj: obj.needs_attention,
        ),
        "status_code",
        "final_url",
        "error",
        UsedByColumn("used_by", label=_("used by")),
        ShortDateColumn("checked_at", label=_("checked at"), sort_key="checked_at"),
    ]
    filterset_class = LinkCheckFilterSet
    search_fields = ["url", "final_url", "error"]
    ordering = ["outcome", "url"]


class LibraryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Information library")
    menu_icon = "doc-full-inverse"
    menu_order = 320
    items = (LibraryEntryViewSet, LinkCheckViewSet)


register_snippet(LibraryViewSetGroup)


class LinkProblemsPanel(Component):
    """Dashboard panel "Tote oder umgezogene Links": the last link check's findings."""

    name = "library_link_problems"
    template_name = "library/admin/link_problems_panel.html"
    order = 95
    shown = 5

    def get_context_data(self, parent_context):
        checks = links.needing_attention()
        viewset = LinkCheck.snippet_viewset
        list_url = reverse(viewset.get_url_name("list"))
        inspect = viewset.get_url_name("inspect")
        return {
            "checks": [
                (check, reverse(inspect, args=[check.pk])) for check in checks[: self.shown]
            ],
            "total": len(checks),
            "list_url": list_url,
            "problems_url": f"{list_url}?attention=1",
        }


@hooks.register("construct_homepage_panels")
def add_link_problems_panel(request, panels):
    if user_can_view(request.user, LinkCheck) and LinkCheck.objects.exists():
        panels.append(LinkProblemsPanel())
