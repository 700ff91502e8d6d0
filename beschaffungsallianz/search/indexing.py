"""Keeps ``SearchEntry`` in step with the sources (the write side of the site search).

- A save or delete of a source's model re-reads that one object through the source's
  ``queryset()`` (drafts, private pages and unpublished items drop out) — at once and again
  after the transaction commits (a clusterable model stores its relations after its own row).
- A save or delete of a source's ``refresh_models`` (page view restrictions, collection view
  restrictions) re-indexes the whole kind; so does moving a page.
- A page whose URL changes (a new slug, a move) takes the stored URLs below it along: its
  subpages' and those of the items an index page shows (``/praxisbeispiele/…``), rewritten in
  one statement, as Wagtail rewrites its own ``url_path`` of the subtree.
- Bulk writers that bypass signals (the notice importer's ``fast_insert``, ``bulk_create`` in
  benchmarks) call ``refresh_changed`` / ``rebuild``; ``manage.py rebuild_search_index`` does it
  by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Left, Substr
from wagtail.models import Page

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.search import german
from beschaffungsallianz.search.models import SearchEntry
from beschaffungsallianz.search.sources import Document, Source, all_sources, source_for_kind


def entry_values(source: Source, obj, document: Document) -> dict:
    return {
        "kind": source.kind,
        "object_id": obj.pk,
        "language": document.language,
        "title": document.title[:500],
        "text": document.short_text(),
        "url": document.url[:500],
        "date": document.date,
        "search_text": german.stem_text(document.title, document.title, document.text)
        + " "
        + german.stem_text(document.extra),
    }


def index_object(source: Source, model, pk) -> None:
    """Write or remove the entry of one object, as the public sees it now."""
    obj = source.public_object(model, pk)
    document = source.document(obj) if obj is not None else None
    if document is None:
        SearchEntry.objects.filter(kind=source.kind, object_id=pk).delete()
        return
    values = entry_values(source, obj, document)
    SearchEntry.objects.update_or_create(kind=source.kind, object_id=pk, defaults=values)


def object_changed(sender, instance, **kwargs) -> None:
    """post_save / post_delete of any model: update the entries of the sources that index it
    or re-index the kinds that depend on it."""
    if kwargs.get("raw"):  # fixtures
        return
    for source in all_sources():
        if isinstance(instance, source.refresh_models):
            rebuild([source.kind])
            transaction.on_commit(lambda kind=source.kind: rebuild([kind]))
        elif source.handles(instance):
            model, pk = type(instance), source.indexed_pk(instance)
            index_object(source, model, pk)
            transaction.on_commit(lambda s=source, m=model, p=pk: index_object(s, m, p))


def page_moved(sender, instance, url_path_before="", url_path_after="", **kwargs) -> None:
    """post_page_move: the stored URLs below the page follow it; the page kinds are re-indexed
    (the new place may be private)."""
    if url_path_before != url_path_after:
        move_urls(_url_at(instance, url_path_before), instance.get_url())
    for source in all_sources():
        if source.handles(instance):
            rebuild([source.kind])


def page_slug_changed(sender, instance, instance_before, **kwargs) -> None:
    """page_slug_changed (sent after the commit): the stored URLs below the page follow it."""
    move_urls(instance_before.get_url(), instance.get_url())


def _url_at(page: Page, url_path: str) -> str | None:
    """The URL ``page`` has at ``url_path`` (where it was before a move)."""
    before = type(page)()
    before.__dict__.update(page.__dict__)
    before.url_path = url_path
    return before.get_url()


def move_urls(old: str | None, new: str | None) -> int:
    """Entries whose URL begins with ``old`` (a page's former URL) get ``new`` in its place;
    when the page has no URL any more, the kinds with entries below it are re-indexed.
    Returns how many entries changed."""
    if not old or old == new:
        return 0
    below = SearchEntry.objects.filter(url__startswith=old)
    if not new:
        kinds = set(below.values_list("kind", flat=True).distinct())
        return sum(rebuild(kinds).values()) if kinds else 0
    max_length = SearchEntry._meta.get_field("url").max_length
    changed = below.update(url=Left(Concat(Value(new), Substr("url", len(old) + 1)), max_length))
    if changed:
        pagecache.bump()  # update() sends no signals
    return changed


def _write(source: Source, objects: Iterable) -> int:
    rows = []
    for obj in objects:
        document = source.document(obj)
        if document is not None:
            rows.append(SearchEntry(**entry_values(source, obj, document)))
    SearchEntry.objects.bulk_create(rows, batch_size=source.chunk_size)
    return len(rows)


def _chunks(queryset, size: int):
    """The objects of ``queryset`` in chunks by primary key (constant memory)."""
    last = None
    while True:
        chunk = queryset.order_by("pk")
        if last is not None:
            chunk = chunk.filter(pk__gt=last)
        chunk = list(chunk[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Write the entries of the given kinds (all when None) anew; {kind: entries}."""
    counts = {}
    for source in all_sources():
        if kinds is not None and source.kind not in kinds:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(kind=source.kind).delete()
            counts[source.kind] = sum(
                _write(source, chunk) for chunk in _chunks(source.queryset(), source.chunk_size)
            )
    pagecache.bump()  # bulk_create sends no signals
    return counts


def refresh_changed(kind: str, since) -> int:
    """Re-index the items of ``kind`` whose ``updated_at`` is ``since`` or later (after a bulk
    import); returns how many."""
    source = source_for_kind(kind)
    if source is None:
        return 0
    changed = source.queryset().filter(updated_at__gte=since)
    count = 0
    for chunk in _chunks(changed, source.chunk_size):
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind, object_id__in=[obj.pk for obj in chunk]).delete()
            count += _write(source, chunk)
    if count:
        pagecache.bump()
    return count
