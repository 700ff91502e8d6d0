"""Admin hooks of the site foundation."""

from wagtail import hooks

from beschaffungsallianz.core.personal_data import PersonalDataDeleteBulkAction

# After wagtail.snippets' own DeleteBulkAction (order 0), so it replaces it for personal data.
hooks.register("register_bulk_action", PersonalDataDeleteBulkAction, order=100)
