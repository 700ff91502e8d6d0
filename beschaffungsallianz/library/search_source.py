"""Library entries in the site search (settings.SEARCH_SOURCES): the published ones, found by
title, publisher, comment, kind and product groups, linked to their page in the library."""

from django.utils.translation import pgettext_lazy

from beschaffungsallianz.library.models import LibraryEntry
from beschaffungsallianz.search.sources import Document, Source


class LibraryEntrySource(Source):
    kind = "library"
    label = pgettext_lazy("search kind", "Library")
    models = (LibraryEntry,)

    def queryset(self):
        return LibraryEntry.objects.public().prefetch_related("product_groups")

    def document(self, entry):
        url = entry.get_absolute_url()
        if url is None:  # no live library page to show it on
            return None
        published = entry.first_published_at
        return Document(
            title=entry.title,
            url=url,
            text=entry.comment,
            extra=" ".join(
                [entry.publisher, str(entry.get_kind_display())]
                + [group.name for group in entry.product_groups.all()]
            ),
            date=published.date() if published else None,
        )


entries = LibraryEntrySource()
