"""Keep publications' page count, size and cover in step when a document's file is replaced."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(
    post_save,
    sender=settings.WAGTAILDOCS_DOCUMENT_MODEL,
    dispatch_uid="publications.refresh_on_document_save",
)
def refresh_publications_of_document(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from beschaffungsallianz.publications.models import Publication

    for publication in Publication.objects.filter(document=instance):
        if publication.refresh_from_document():
            publication.save()
