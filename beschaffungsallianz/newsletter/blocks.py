"""The body of a newsletter issue: headings and rich text written for the issue, and news,
events and practice examples chosen from the site (their title, short text, date and link are
taken from the chosen item when the issue is rendered, in the mail and in the archive)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class IssueBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", max_length=200)
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    news = blocks.PageChooserBlock(label=_("News item"), page_type="core.NewsPage", icon="doc-full")
    event = blocks.PageChooserBlock(label=_("Event"), page_type="events.EventPage", icon="date")
    practice_example = SnippetChooserBlock(
        "knowledge.PracticeExample", label=_("Practice example"), icon="pick"
    )
