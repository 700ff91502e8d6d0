"""allauth's adapter, where this site differs from allauth's defaults."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def get_logout_redirect_url(self, request):
        """The start page in the language the person was using (/ or /en/)."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
