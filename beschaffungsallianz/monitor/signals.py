"""Keep the product-group roll-ups in step with the knowledge base's product groups."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from beschaffungsallianz.knowledge.models.reference import ProductGroup
from beschaffungsallianz.monitor import rollups


@receiver(post_save, sender=ProductGroup, dispatch_uid="monitor_productgroup_saved")
def product_group_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    transaction.on_commit(lambda: rollups.refresh_group_rollups(instance))


@receiver(post_delete, sender=ProductGroup, dispatch_uid="monitor_productgroup_deleted")
def product_group_deleted(sender, instance, **kwargs):
    rollups.delete_group_rollups(instance.pk)
