"""Admin for the knowledge base: one menu group "Wissen" with all its snippets."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from beschaffungsallianz.core.admin_ui import (
    ShortDateColumn,
    SlugFromTitleForm,
    YesNoColumn,
    title_and_slug_panels,
)
from beschaffungsallianz.knowledge.models import (
    Criterion,
    Label,
    PracticeExample,
    ProductGroup,
    StateLaw,
)

CHECKBOXES = forms.CheckboxSelectMultiple


class ProductGroupViewSet(SnippetViewSet):
    model = ProductGroup
    icon = "folder-open-inverse"
    menu_order = 100
    list_display = ["name", "cpv_prefixes", "focus", "sort_order"]
    list_filter = ["focus"]
    search_fields = ["name", "name_en", "cpv_prefixes"]
    ordering = ["sort_order", "name"]
    edit_handler = ObjectList(
        [
            *title_and_slug_panels("name"),
            FieldPanel("name_en"),
            FieldPanel("cpv_prefixes"),
            FieldPanel("focus"),
            FieldPanel("notes"),
            FieldPanel("sort_order"),
        ],
        base_form_class=SlugFromTitleForm,
    )


class LabelViewSet(SnippetViewSet):
    model = Label
    icon = "tick-inverse"
    menu_order = 200
    list_display = ["name", "covers", LiveStatusTagColumn()]
    list_filter = ["covers", "product_groups", "live"]
    search_fields = ["name", "notes"]
    edit_handler = ObjectList(
        [
            *title_and_slug_panels("name"),
            FieldPanel("covers"),
            FieldPanel("product_groups", widget=CHECKBOXES),
            FieldPanel("description"),
            FieldPanel("notes"),
            FieldPanel("website"),
            FieldPanel("owner"),
            FieldPanel("verification"),
            FieldPanel("standard_published"),
            FieldPanel("sources"),
            PublishingPanel(),
        ],
        base_form_class=SlugFromTitleForm,
    )


class CriterionViewSet(SnippetViewSet):
    model = Criterion
    icon = "list-ul"
    menu_order = 300
    list_display = [
        "title",
        "kind",
        "stage",
        YesNoColumn("is_sample", label=_("sample entry"), sort_key="is_sample"),
        LiveStatusTagColumn(),
    ]
    list_filter = ["kind", "stage", "product_groups", "is_sample", "live"]
    search_fields = ["title", "wording"]
    edit_handler = ObjectList(
        [
            *title_and_slug_panels("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("stage")]),
            FieldPanel("legal_basis"),
            FieldPanel("wording"),
            FieldPanel("explanation"),
            FieldPanel("product_groups", widget=CHECKBOXES),
            FieldPanel("accepted_labels", widget=CHECKBOXES),
            FieldPanel("other_proofs"),
            FieldPanel("state_law_topic"),
            FieldPanel("is_sample"),
            PublishingPanel(),
        ],
        base_form_class=SlugFromTitleForm,
    )


class StateLawViewSet(SnippetViewSet):
    model = StateLaw
    icon = "doc-full"
    menu_order = 400
    list_display = [
        "name",
        "law",
        "tariff_compliance",
        "ilo_core_labour_standards",
        "ecological_criteria",
        ShortDateColumn("as_of", label=_("as of"), sort_key="as_of"),
    ]
    list_filter = ["tariff_compliance", "ilo_core_labour_standards", "ecological_criteria"]
    search_fields = ["name", "law", "notes"]
    ordering = ["name"]
    panels = [
        FieldRowPanel([FieldPanel("state"), FieldPanel("nuts1")]),
        FieldPanel("name"),
        FieldPanel("law"),
        FieldRowPanel(
            [
                FieldPanel("tariff_compliance"),
                FieldPanel("ilo_core_labour_standards"),
                FieldPanel("ecological_criteria"),
            ]
        ),
        FieldPanel("sections"),
        FieldPanel("primary_source"),
        FieldPanel("notes"),
        FieldPanel("sources"),
        FieldPanel("as_of"),
        PublishingPanel(),
    ]


class PracticeExampleViewSet(SnippetViewSet):
    model = PracticeExample
    icon = "pick"
    menu_order = 50
    list_display = [
        "title",
        "buyer_name",
        "state",
        "year",
        YesNoColumn("is_demo", label=_("demo content"), sort_key="is_demo"),
        LiveStatusTagColumn(),
    ]
    list_filter = [
        "state",
        "year",
        "product_groups",
        "procedure_type",
        "is_demo",
        "submitted_by_public",
        "live",
    ]
    search_fields = ["title", "summary", "buyer_name"]
    list_per_page = 50
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    *title_and_slug_panels("title"),
                    FieldPanel("summary"),
                    MultiFieldPanel(
                        [
                            FieldPanel("buyer_name"),
                            FieldPanel("buyer_kind"),
                            FieldRowPanel([FieldPanel("state"), FieldPanel("size_class")]),
                        ],
                        heading=_("Buyer"),
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("year"),
                            FieldPanel("volume_class"),
                            FieldPanel("procedure_type"),
                        ]
                    ),
                    FieldPanel("product_groups", widget=CHECKBOXES),
                    FieldPanel("is_demo"),
                ],
                heading=_("Tender"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "criteria_used",
                        label=_("Criteria used"),
                        panels=[
                            FieldPanel("criterion"),
                            FieldPanel("stage"),
                            FieldPanel("note"),
                        ],
                    ),
                    FieldPanel("stages"),
                    FieldPanel("criteria_text"),
                    FieldPanel("labels", widget=CHECKBOXES),
                    FieldPanel("labels_text"),
                ],
                heading=_("Criteria and labels"),
            ),
            ObjectList(
                [
                    FieldPanel("outcome"),
                    FieldPanel("what_worked"),
                    FieldPanel("what_did_not"),
                    FieldPanel("market_response"),
                ],
                heading=_("Experience"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "documents",
                        label=_("Documents"),
                        panels=[
                            FieldPanel("document"),
                            FieldPanel("title"),
                        ],
                    ),
                    FieldPanel("source_url"),
                    FieldPanel("source_date"),
                    FieldPanel("notice_number"),
                    MultiFieldPanel(
                        [
                            FieldPanel("contact_name"),
                            FieldPanel("contact_email"),
                            FieldPanel("contact_consent"),
                        ],
                        heading=_("Contact person"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("submitted_by_public", read_only=True),
                            FieldPanel("submitter_email", read_only=True),
                        ],
                        heading=_("Proposal"),
                    ),
                    PublishingPanel(),
                ],
                heading=_("Documents and sources"),
            ),
        ],
        base_form_class=SlugFromTitleForm,
    )


class KnowledgeViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Wissen")
    menu_icon = "pick"
    menu_order = 250
    items = (
        PracticeExampleViewSet,
        ProductGroupViewSet,
        LabelViewSet,
        CriterionViewSet,
        StateLawViewSet,
    )


register_snippet(KnowledgeViewSetGroup)
