"""Keep publications' page count, size and cover in step when a document's file is replaced
(connected to the document model's ``post_save`` in ``PublicationsConfig.ready``)."""

from beschaffungsallianz.publications.models import Publication


def refresh_publications_of_document(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for publication in Publication.objects.filter(document=instance):
        if publication.refresh_from_document():
            publication.save()
