"""Admin: the menu group "Publikationen" with publications and the rules of procedure."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from beschaffungsallianz.core.admin_ui import FileSizeColumn, ShortDateColumn, YesNoColumn
from beschaffungsallianz.publications.forms import (
    PublicationAdminForm,
    RulesOfProcedureVersionAdminForm,
)
from beschaffungsallianz.publications.models import (
    Publication,
    RulesOfProcedure,
    RulesOfProcedureVersion,
)


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "doc-full"
    menu_label = _("Publications")
    url_prefix = "publications/publication"
    list_display = [
        "title",
        "kind",
        "year",
        "page_count",
        FileSizeColumn("file_size", label=_("file size"), sort_key="file_size"),
        YesNoColumn("is_sample", label=_("sample entry"), sort_key="is_sample"),
        LiveStatusTagColumn(),
    ]
    list_filter = ["kind", "year", "language", "is_sample", "live"]
    search_fields = ["title", "description"]
    ordering = ["sort_order", "-year", "title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("language")]),
            FieldPanel("description"),
            FieldPanel("document"),
            FieldPanel("cover_image"),
            FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_sample")]),
            FieldRowPanel(
                [
                    FieldPanel("page_count", read_only=True),
                    FieldPanel("file_size", read_only=True),
                    FieldPanel("pdf_error", read_only=True),
                ],
                heading=_("Read from the PDF"),
            ),
        ],
        base_form_class=PublicationAdminForm,
    )


class RulesOfProcedureViewSet(SnippetViewSet):
    model = RulesOfProcedure
    icon = "clipboard-list"
    menu_label = _("Rules of procedure")
    url_prefix = "publications/rules-of-procedure"
    list_display = ["title", "body_of"]
    panels = [FieldPanel("title"), FieldPanel("body_of")]


class RulesOfProcedureVersionCreateView(CreateView):
    """A new version starts as a copy of the current text (and its rules of procedure), so the
    editor changes what changed instead of typing everything again."""

    def get_initial_form_instance(self):
        instance = self.model()
        rules_id = self.request.GET.get("rules", "")
        rules = (
            RulesOfProcedure.objects.filter(pk=int(rules_id)).first()
            if rules_id.isdigit()
            else None
        )
        rules = rules or RulesOfProcedure.objects.order_by("pk").first()
        if rules is not None:
            instance.rules = rules
            current = rules.current_version
            if current is not None:
                instance.body = current.body
        return instance


class RulesOfProcedureVersionViewSet(SnippetViewSet):
    model = RulesOfProcedureVersion
    icon = "history"
    menu_label = _("Versions of the rules of procedure")
    url_prefix = "publications/rules-of-procedure-version"
    add_view_class = RulesOfProcedureVersionCreateView
    list_display = [
        "label",
        "rules",
        ShortDateColumn("adopted_on", label=_("adopted on"), sort_key="adopted_on"),
        "adopted_by",
        LiveStatusTagColumn(),
    ]
    list_filter = ["rules", "live", "is_sample"]
    search_fields = ["label", "body", "change_summary"]
    ordering = ["-adopted_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("rules", widget=forms.Select),
            FieldPanel("label"),
            FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("adopted_by")]),
            FieldPanel("change_summary"),
            FieldPanel("body"),
            FieldPanel("document"),
            FieldPanel("is_sample"),
        ],
        base_form_class=RulesOfProcedureVersionAdminForm,
    )


class PublicationsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Publications")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (PublicationViewSet, RulesOfProcedureViewSet, RulesOfProcedureVersionViewSet)


register_snippet(PublicationsViewSetGroup)
