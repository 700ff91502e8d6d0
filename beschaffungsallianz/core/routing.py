"""Wagtail's routing from a memo of the page tree, exact per page-cache generation (issue 12).

Wagtail finds the page for a URL by walking the tree from the site's root: per path segment
one query for the child and one for its specific row, after a query for the site and the
localised root — five to seven queries before a page renders anything. ``route(request,
path)`` walks the same way through ``tree()``, the tree's URL paths, classes and live flags,
read **once per worker process and generation** (one query), and loads only the page found
(one query). It is exact because every change of a page, a site or a locale bumps the
generation (``core.pagecache``).

The walk is Wagtail's: a live ``RoutablePageMixin`` page first tries its own sub-routes for
the rest of the path, then the child whose slug is the next segment (live or not: Wagtail
descends through drafts too), and the last page must be live. A page class that overrides
``route()`` in any other way is handed to Wagtail (``NotHandled``), so a new page type cannot
be routed wrongly. ``serve`` (core/views.py) stores the result where Wagtail's own
``Page.route_for_request`` and ``Site.find_for_request`` look first, and calls Wagtail's view.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.url_routing import RouteResult

from beschaffungsallianz.core.pagecache import locales, per_generation


class NotHandled(Exception):
    """The walk met a page class with its own ``route()``: Wagtail routes this request."""


@dataclass(frozen=True)
class Node:
    pk: int
    model: type[Page]
    live: bool
    translation_key: str
    locale_id: int


def tree() -> dict[str, Node]:
    """{url_path: Node} of every page, once per process and generation."""

    def read():
        rows = Page.objects.values_list(
            "url_path", "pk", "content_type", "live", "translation_key", "locale_id"
        )
        nodes = {}
        for url_path, pk, content_type, live, key, locale_id in rows:
            model = ContentType.objects.get_for_id(content_type).model_class() or Page
            nodes[url_path] = Node(pk, model, live, key, locale_id)
        return nodes

    return per_generation("routing.tree", read)


def site_for(request: HttpRequest) -> Site | None:
    """``Site.find_for_request`` from a memo per host and port (hosts are ALLOWED_HOSTS)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return per_generation(f"routing.site:{hostname}:{port}", find)


def request_site(request: HttpRequest) -> Site | None:
    """The request's site from the memo (``site_for``), kept where Wagtail's
    ``Site.find_for_request`` looks first: views that are not Wagtail pages (the site search)
    asked Wagtail, whose query for it is compiled anew on every request (about 2 ms)."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site_for(request)
    return request._wagtail_site


def _root_path(site: Site, nodes: dict[str, Node]) -> str:
    """The URL path of the site's root in the active language (``root_page.localized``)."""
    root_path = next((path for path, node in nodes.items() if node.pk == site.root_page_id), None)
    if root_path is None:
        raise Http404
    root = nodes[root_path]
    locale = locales().get(translation.get_language())
    if locale is None or locale.pk == root.locale_id:
        return root_path
    for path, node in nodes.items():
        if node.translation_key == root.translation_key and node.locale_id == locale.pk:
            return path
    return root_path


def _own_route(model: type[Page]) -> bool:
    return model.route not in (Page.route, RoutablePageMixin.route)


def _load(node: Node) -> Page:
    """The page found, from its row read once per worker process and generation: building the
    query of a page model (thirty-odd columns over two or three tables) cost four fifths of a
    millisecond per request, ten times running it. Every request gets its own copy
    (``copy.copy``, Django's pickling of a model instance: its own ``__dict__`` and ``_state``),
    so what a request sets on its page never reaches another; the row itself is never handed
    out. Field values are shared and must not be changed in place, as for every
    ``per_generation`` value (a StreamField's blocks, parsed once, are then parsed once per
    generation instead of once per request)."""
    row = per_generation(f"routing.page:{node.pk}", lambda: node.model.objects.get(pk=node.pk))
    return copy.copy(row)


def _walk(request: HttpRequest, site: Site, path: str) -> RouteResult:
    nodes = tree()
    components = [component for component in path.split("/") if component]
    url_path = per_generation(
        f"routing.root:{site.pk}:{translation.get_language()}", lambda: _root_path(site, nodes)
    )
    for index in range(len(components) + 1):
        node = nodes.get(url_path)
        if node is None:
            raise Http404
        if _own_route(node.model):
            raise NotHandled
        rest = components[index:]
        if node.live and issubclass(node.model, RoutablePageMixin):
            sub_path = "/" + "".join(f"{c}/" for c in rest)
            try:
                node.model.get_resolver().resolve(sub_path)
            except Resolver404:
                pass
            else:
                page = _load(node)
                match = page.resolve_subpage(sub_path)
                request.routable_resolver_match = match
                view, args, kwargs = match
                return RouteResult(page, args=(view, args, kwargs))
        if not rest:
            if not node.live:
                raise Http404
            return RouteResult(_load(node))
        url_path = f"{url_path}{rest[0]}/"
    raise Http404  # not reached: the loop returns or raises on its last segment


def route(request: HttpRequest, path: str) -> None:
    """Find the site and page for ``request`` as Wagtail would, and leave them where Wagtail
    looks first (``request._wagtail_site``, ``request._wagtail_route_for_request``)."""
    site = request_site(request)
    if site is None:
        request._wagtail_route_for_request = None
        return
    try:
        request._wagtail_route_for_request = _walk(request, site, path)
    except Http404:
        request._wagtail_route_for_request = None
    except NotHandled:
        pass  # Wagtail's Page.route_for_request walks the tree itself
