"""``{% hub_url group %}``: the address of a product group's hub (empty without a hub page), for
every page that names a product group (examples, criteria, labels, the monitor)."""

from django import template

from beschaffungsallianz.knowledge import links

register = template.Library()


@register.simple_tag
def hub_url(group) -> str:
    return links.hub_url(group) or ""
