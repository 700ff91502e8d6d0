"""Tender notices in the site search (settings.SEARCH_SOURCES): found by title, description,
buyer, lot titles and the labels of their CPV codes; linked to our monitor's notice page.

The importer writes notices in bulk (no signals), so ``monitor.importer.import_sources`` calls
``search.indexing.refresh_changed("notice", since)`` at its end.
"""

from django.utils.translation import pgettext_lazy

from beschaffungsallianz.core import pagecache
from beschaffungsallianz.monitor.codes import cpv_label
from beschaffungsallianz.monitor.models import Lot, MonitorPage, Notice
from beschaffungsallianz.search.sources import Document, Source


def _monitor_url() -> str:
    page = MonitorPage.objects.live().filter(locale__language_code="de").first()
    page = page or MonitorPage.objects.live().first()
    return (page.get_url() or "") if page else ""


class NoticeSource(Source):
    kind = "notice"
    label = pgettext_lazy("search kind", "Tender notices")
    models = (Notice, Lot)  # a lot's title and CPV code are found with its notice
    chunk_size = 1000

    def indexed_pk(self, obj):
        return obj.notice_id if isinstance(obj, Lot) else obj.pk

    def queryset(self):
        return Notice.objects.prefetch_related("lots")

    def document(self, notice):
        base = pagecache.per_generation("search-monitor-url", _monitor_url)
        if not base:
            return None
        lots = list(notice.lots.all())
        cpv = {cpv_label(lot.main_cpv) for lot in lots if lot.main_cpv}
        return Document(
            title=notice.title or notice.buyer_name or notice.notice_id,
            url=f"{base}bekanntmachungen/{notice.notice_id}/",
            text=notice.description,
            extra=" ".join(
                [notice.buyer_name, notice.buyer_city, *cpv, *(lot.title for lot in lots)]
            ),
            date=notice.publication_date or notice.issue_date,
        )


notices = NoticeSource()
