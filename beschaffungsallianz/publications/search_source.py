"""Publications in the site search (settings.SEARCH_SOURCES): published ones whose PDF is not
in a private collection (a collection with a view restriction, or below one)."""

from django.utils.translation import pgettext_lazy
from wagtail.models import Collection, CollectionViewRestriction

from beschaffungsallianz.core.models import CustomDocument
from beschaffungsallianz.publications.models import Publication
from beschaffungsallianz.search.sources import Document, Source


def private_collections() -> list[int]:
    restricted = Collection.objects.filter(view_restrictions__isnull=False)
    ids = set()
    for collection in restricted:
        ids |= set(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return sorted(ids)


class PublicationSource(Source):
    kind = "publication"
    label = pgettext_lazy("search kind", "Publications")
    models = (Publication,)
    refresh_models = (CollectionViewRestriction, CustomDocument)

    def queryset(self):
        return (
            Publication.objects.live()
            .exclude(document__collection__in=private_collections())
            .select_related("document")
        )

    def document(self, publication):
        if publication.document_id is None:
            return None
        return Document(
            title=publication.title,
            url=publication.document.url,
            text=publication.description,
            extra=publication.get_kind_display(),
            date=publication.last_published_at.date() if publication.last_published_at else None,
        )


publications = PublicationSource()
