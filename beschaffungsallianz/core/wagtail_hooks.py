"""Admin hooks of the site foundation."""

from wagtail import hooks

from beschaffungsallianz.core.personal_data import PersonalDataDeleteBulkAction
from beschaffungsallianz.core.richtext import MemoisedPageLinkHandler

# After wagtail.snippets' own DeleteBulkAction (order 0), so it replaces it for personal data.
hooks.register("register_bulk_action", PersonalDataDeleteBulkAction, order=100)


@hooks.register("register_rich_text_features", order=100)
def memoised_page_links(features):
    """Page links in rich text from a per-generation memo (core/richtext.py); after Wagtail's
    own registration of the "page" link type (order 0), so it replaces it."""
    features.register_link_type(MemoisedPageLinkHandler)
