"""The site search's index (one row per public item) and the editors' synonym list."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

TERM_SEPARATOR = re.compile(r"[,;~\n]+")


class SearchEntry(models.Model):
    """One public item as the site search (/suche/) finds it: written only by
    ``search.indexing`` from the registered sources (``settings.SEARCH_SOURCES``), read by
    ``search.query``. ``search_text`` holds stems and compound parts
    (``search.german.stem_text``) and is indexed by ``ENTRIES`` (FTS5 / GIN, like the practice
    examples)."""

    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("Empty: shown in every language.")
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("URL"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    search_text = models.TextField(_("search text"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["kind", "language"], name="search_entry_kind"),
            # SQLite: what the search reads of each match (search.query._from), from a small
            # index instead of the wide rows (the counts of a broad term: 64,000 look-ups)
            models.Index(fields=["id", "kind", "language", "date"], name="search_entry_match"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchSynonym(models.Model):
    """A group of words that mean the same for search ("Arbeitskleidung, Dienstkleidung,
    Berufskleidung"): a query for one finds items with any of them. Applied at query time."""

    terms = models.TextField(
        _("words"),
        help_text=_(
            "Words that mean the same, separated by commas, e.g. "
            "“Arbeitskleidung, Dienstkleidung, Berufskleidung”."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return " ~ ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [t.strip() for t in TERM_SEPARATOR.split(self.terms) if t.strip()]
