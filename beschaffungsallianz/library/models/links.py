"""The result of the last check of one external link (``manage.py check_links``).

One row per URL, whichever entries or examples use it; written only by the link check
(services.check_links), shown to editors in the admin (report "Dead or moved links"). No
public page reads it, so its writes leave the page cache alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheck(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", _("works")
        MOVED = "moved", _("moved (permanent redirect)")
        BROKEN = "broken", _("broken (error status)")
        UNREACHABLE = "unreachable", _("unreachable (timeout, TLS, connection)")

    shown_on_public_pages = False  # core/pagecache.py

    url = models.URLField(_("link"), max_length=500, unique=True)
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.URLField(
        _("final address"), max_length=2000, blank=True, help_text=_("After redirects.")
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)

    class Meta:
        ordering = ["url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self):
        return self.url

    @property
    def needs_attention(self) -> bool:
        return self.outcome != self.Outcome.OK
