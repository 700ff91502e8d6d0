"""Model fields the apps declare alike."""

from django.db import models


def optional_link(to, verbose_name, **kwargs) -> models.ForeignKey:
    """An optional link to ``to`` (a page, image, document, user or snippet) that is emptied, not
    cascaded, when its target is deleted, and adds no reverse accessor unless ``related_name``
    is given. The field deconstructs exactly like the spelled-out ``ForeignKey``, so using it
    changes no migration."""
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=models.SET_NULL, **kwargs
    )
