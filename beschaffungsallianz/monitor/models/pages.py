"""The tender monitor's page. Its route methods are the public views: short, each renders what
``statistics`` (the /monitor/ statistics page and its CSV) or ``notices`` (list, notice, CSV)
builds. The tables (``…/csv/``, ``…/xlsx/``) come from ``core.downloads``."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.monitor import notices, statistics


class MonitorPage(RoutablePageMixin, BasePage):
    """/monitor/: strategic procurement statistics, drill-down lists, notice pages, CSV."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("tender monitor page")

    def render_route(self, request, template: str, context: dict) -> TemplateResponse:
        return TemplateResponse(request, template, {**self.get_context(request), **context})

    @path("")
    def index_route(self, request):
        context = statistics.page_context(request, self)
        return self.render_route(request, "monitor/monitor_page.html", context)

    # Not "statistik.csv": Wagtail's serve pattern only passes path segments of \w and "-".
    @re_path(r"^statistik/(?P<fmt>csv|xlsx)/$")
    def stats_download_route(self, request, fmt):
        return statistics.statistics_download(request, fmt)

    @path("bekanntmachungen/")
    def notice_list_route(self, request):
        context = notices.list_context(request)
        return self.render_route(request, "monitor/notice_list.html", context)

    @re_path(r"^bekanntmachungen/(?P<fmt>csv|xlsx)/$")
    def notice_download_route(self, request, fmt):
        return notices.notices_download(request, self, fmt)

    @re_path(r"^bekanntmachungen/(?P<notice_id>[-\w]+)/$")
    def notice_detail_route(self, request, notice_id):
        context = notices.detail_context(request, self, notice_id)
        return self.render_route(request, "monitor/notice_detail.html", context)
