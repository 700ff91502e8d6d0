"""Tender monitor: eForms notices and their lots, as imported from TED and the national
publication service (Bekanntmachungsservice).

One row per notice (latest version wins, keyed on BT-701 notice id) and one row per lot. Code
lists of strategic procurement are stored exactly as published (JSON lists, sorted, unique,
unknown codes kept); the boolean ``uses_*`` flags on Lot are derived at import time for fast
aggregation (see ``Lot.derive_flags``), as are the denormalised ``state`` and ``issue_date``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.states import STATE_CHOICES


class Notice(models.Model):
    class Source(models.TextChoices):
        TED = "ted", _("TED (Tenders Electronic Daily)")
        NATIONAL = "bkms", _("Bekanntmachungsservice (oeffentlichevergabe.de)")
        FILE = "file", _("file import")

    class StateRule(models.TextChoices):
        BUYER_NUTS = "buyer-nuts", _("buyer's NUTS code")
        PLACE_OF_PERFORMANCE = "place-of-performance", _("place of performance")

    notice_id = models.CharField(_("notice id (BT-701)"), max_length=64, unique=True)
    # The nullable strings (noqa: DJ001) keep NULL for "not in the notice", as the parser
    # returns None; an empty string would be a published value.
    version = models.CharField(_("version (BT-757)"), max_length=16, blank=True, null=True)  # noqa: DJ001
    publication_number = models.CharField(  # noqa: DJ001
        _("publication number (OPP-010)"), max_length=32, blank=True, null=True, db_index=True
    )
    publication_date = models.DateField(_("publication date (OPP-012)"), null=True, blank=True)
    sdk_version = models.CharField(_("SDK / profile"), max_length=32, blank=True)
    procedure_id = models.CharField(_("procedure id (BT-04)"), max_length=64, blank=True)
    subtype = models.CharField(_("subtype (OPP-070)"), max_length=8, blank=True)
    notice_type = models.CharField(_("notice type (BT-02)"), max_length=32, blank=True)
    form_type = models.CharField(_("form type (BT-03)"), max_length=32, blank=True)
    issue_date = models.DateField(_("issue date (BT-05)"), db_index=True)
    # Date and time of publication; orders versions whose numbers cannot be compared.
    issued_at = models.DateTimeField(_("issued (BT-05 date and time)"), null=True, blank=True)
    procedure_type = models.CharField(_("procedure type (BT-105)"), max_length=32, blank=True)
    legal_basis = models.CharField(_("legal basis (BT-01)"), max_length=64, blank=True)
    title = models.TextField(_("title"), blank=True)
    description = models.TextField(_("description"), blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=500, blank=True)
    buyer_country = models.CharField(_("buyer country"), max_length=3, blank=True, null=True)  # noqa: DJ001
    buyer_nuts = models.CharField(_("buyer NUTS"), max_length=8, blank=True, null=True)  # noqa: DJ001
    buyer_city = models.CharField(_("buyer city"), max_length=255, blank=True)
    buyer_legal_type = models.CharField(_("buyer legal type (BT-11)"), max_length=64, blank=True)
    state = models.CharField(  # noqa: DJ001
        _("federal state"),
        max_length=2,
        choices=STATE_CHOICES,
        blank=True,
        null=True,
        db_index=True,
    )
    state_rule = models.CharField(  # noqa: DJ001
        _("state derived from"), max_length=24, choices=StateRule.choices, blank=True, null=True
    )
    # Where the work is done, apart from where the buyer is: a buyer abroad gets no state, and
    # its notices stay findable by these (codes of STATES, sorted; empty: none in Germany).
    performance_states = models.JSONField(
        _("federal states of the places of performance (BT-5071)"), default=list, blank=True
    )
    result_value = models.DecimalField(
        _("notice value (BT-161)"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    detected_labels = models.JSONField(_("labels detected in the text"), default=list, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.FILE
    )
    source_name = models.CharField(_("imported from"), max_length=500, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-issue_date", "notice_id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.publication_number or self.notice_id}: {self.title[:80]}"


class Lot(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="lots")
    lot_id = models.CharField(_("lot id (BT-137)"), max_length=32)
    title = models.TextField(_("title"), blank=True)
    description = models.TextField(_("description"), blank=True)
    main_cpv = models.CharField(_("main CPV (BT-262)"), max_length=16, blank=True, db_index=True)
    cpv_division = models.CharField(_("CPV division"), max_length=2, blank=True)
    additional_cpv = models.JSONField(_("additional CPV (BT-263)"), default=list, blank=True)
    contract_nature = models.CharField(_("contract nature (BT-23)"), max_length=16, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (BT-27)"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    awarded_value = models.DecimalField(
        _("awarded value (BT-720)"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    place_nuts = models.JSONField(_("place of performance (BT-5071)"), default=list, blank=True)
    strategic = models.JSONField(_("strategic procurement (BT-06)"), default=list, blank=True)
    green = models.JSONField(_("green procurement (BT-774)"), default=list, blank=True)
    social = models.JSONField(_("social procurement (BT-775)"), default=list, blank=True)
    innovative = models.JSONField(_("innovative procurement (BT-776)"), default=list, blank=True)
    gpp = models.JSONField(_("GPP criteria (BT-805)"), default=list, blank=True)
    accessibility = models.JSONField(_("accessibility (BT-754)"), default=list, blank=True)
    reserved = models.JSONField(_("reserved participation (BT-71)"), default=list, blank=True)
    award_criteria = models.JSONField(
        _("award criteria (BT-539, BT-734, BT-541)"),
        default=list,
        blank=True,
        help_text=_("List of {type, name, weight, weight_kind}."),
    )
    award_criterion_types = models.JSONField(_("award criterion types"), default=list, blank=True)
    clean_vehicles = models.BooleanField(_("clean vehicles directive (BT-717)"), null=True)
    cvd_contract_type = models.CharField(_("CVD contract type (BT-735)"), max_length=32, blank=True)
    # Denormalised from the notice and derived from the code lists, for fast aggregation.
    state = models.CharField(_("federal state"), max_length=2, blank=True, null=True)  # noqa: DJ001
    issue_date = models.DateField(_("issue date"))
    uses_green = models.BooleanField(_("green"), default=False)
    uses_social = models.BooleanField(_("social"), default=False)
    uses_innovative = models.BooleanField(_("innovative"), default=False)
    uses_any = models.BooleanField(_("any strategic"), default=False)

    class Meta:
        ordering = ["notice", "lot_id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "lot_id"], name="monitor_lot_unique_id")
        ]
        indexes = [
            models.Index(fields=["issue_date", "state"], name="monitor_lot_date_state"),
            models.Index(fields=["state", "issue_date"], name="monitor_lot_state_date"),
            models.Index(fields=["cpv_division", "issue_date"], name="monitor_lot_cpv_date"),
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self):
        return f"{self.notice_id}/{self.lot_id}"

    def derive_flags(self) -> None:
        """Set the uses_* flags from the published code lists.

        A lot counts as green when BT-06 has env-imp, BT-774 has any code, or BT-805 names
        EU/national/other GPP criteria; social when BT-06 has soc-obj, BT-775 has any code or
        participation is reserved (BT-71, other than 'none'); innovative when BT-06 has inn-pur or
        BT-776 has any code. 'none' never counts: it only means 'not declared'.
        """

        def real(codes):
            return [c for c in codes or [] if c and c != "none"]

        self.cpv_division = (self.main_cpv or "")[:2]
        self.uses_green = (
            "env-imp" in (self.strategic or []) or bool(real(self.green)) or bool(real(self.gpp))
        )
        self.uses_social = (
            "soc-obj" in (self.strategic or [])
            or bool(real(self.social))
            or bool(real(self.reserved))
        )
        self.uses_innovative = "inn-pur" in (self.strategic or []) or bool(real(self.innovative))
        self.uses_any = self.uses_green or self.uses_social or self.uses_innovative


class ImportRun(models.Model):
    """One run of import_notices / fetch_notices, with its summary, for the admin."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    sources = models.TextField(_("sources"), blank=True)
    read = models.PositiveIntegerField(_("read"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.TextField(_("errors"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.sources or '-'})"


class MonitorPage(RoutablePageMixin, BasePage):
    """/monitor/: strategic procurement statistics, drill-down lists, notice pages, CSV.

    The route methods delegate to views.py, so this class needs no migration when a view changes.
    """

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("tender monitor page")

    @path("")
    def index_route(self, request):
        from beschaffungsallianz.monitor import views

        return views.monitor_index(request, self)

    @path("bekanntmachungen/")
    def notice_list_route(self, request):
        from beschaffungsallianz.monitor import views

        return views.notice_list(request, self)

    @path("bekanntmachungen/csv/")
    def notice_csv_route(self, request):
        from beschaffungsallianz.monitor import views

        return views.notice_csv(request, self)

    # Not "statistik.csv": Wagtail's serve pattern only passes path segments of \w and "-".
    @path("statistik/csv/")
    def stats_csv_route(self, request):
        from beschaffungsallianz.monitor import views

        return views.stats_csv(request, self)

    @re_path(r"^bekanntmachungen/(?P<notice_id>[-\w]+)/$")
    def notice_detail_route(self, request, notice_id):
        from beschaffungsallianz.monitor import views

        return views.notice_detail(request, self, notice_id)


class MonitorRollup(models.Model):
    """Pre-aggregated lot and notice counts per month and federal state, for fast statistics.

    One row per (dimension, month, state, key): ``total`` (key empty), ``cpv`` (key = CPV
    division, "" for lots without CPV), ``group`` (key = knowledge.ProductGroup pk) and ``code``
    (key = "field:code", e.g. "green:clim-mitig"). ``state`` is "" for lots without a German
    federal state. Notice counts are "notices with at least one such lot", so they add up over
    months and states but not over CPV divisions, product groups or codes.

    Maintained by ``stats.refresh_rollups_for(months)``, which the importer calls for the months
    it touched, and rebuilt from scratch by ``manage.py rebuild_rollups``.
    """

    class Dimension(models.TextChoices):
        TOTAL = "total", _("all lots")
        CPV = "cpv", _("CPV division")
        GROUP = "group", _("product group")
        CODE = "code", _("code")

    dimension = models.CharField(_("dimension"), max_length=8, choices=Dimension.choices)
    month = models.DateField(_("month"))
    state = models.CharField(_("federal state"), max_length=2, blank=True)
    key = models.CharField(_("key"), max_length=64, blank=True)
    lots = models.PositiveIntegerField(_("lots"), default=0)
    lots_green = models.PositiveIntegerField(_("green lots"), default=0)
    lots_social = models.PositiveIntegerField(_("social lots"), default=0)
    lots_innovative = models.PositiveIntegerField(_("innovative lots"), default=0)
    lots_any = models.PositiveIntegerField(_("strategic lots"), default=0)
    notices = models.PositiveIntegerField(_("notices"), default=0)
    notices_green = models.PositiveIntegerField(_("green notices"), default=0)
    notices_social = models.PositiveIntegerField(_("social notices"), default=0)
    notices_innovative = models.PositiveIntegerField(_("innovative notices"), default=0)
    notices_any = models.PositiveIntegerField(_("strategic notices"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "month", "state", "key"], name="monitor_rollup_unique"
            )
        ]
        verbose_name = _("statistics roll-up")
        verbose_name_plural = _("statistics roll-ups")

    def __str__(self):
        return f"{self.dimension} {self.month:%Y-%m} {self.state or '-'} {self.key}"
