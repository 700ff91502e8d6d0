"""Template helpers of the exchange: a post's stored HTML, and whether a person may still
edit a post."""

from django import template
from django.utils.safestring import mark_safe

from beschaffungsallianz.exchange import access
from beschaffungsallianz.exchange.markup import render_body

register = template.Library()


@register.filter
def post_body(post):
    """The post's HTML (``markup.render_body``, stored when written; rendered here for a post
    written before the column existed)."""
    return mark_safe(post.body_html or render_body(post.body))  # noqa: S308 - escaped there


@register.simple_tag
def may_edit(user, post) -> bool:
    return access.can_edit(user, post)
