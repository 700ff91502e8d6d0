"""Tender monitor data: eForms notices and their lots, as imported from TED and the national
publication service (Bekanntmachungsservice), the statistics roll-ups and the import runs.

One row per notice (latest version wins, keyed on BT-701 notice id) and one row per lot. Code
lists of strategic procurement are stored exactly as published (JSON lists, sorted, unique,
unknown codes kept); the boolean ``uses_*`` flags on Lot are derived at import time for fast
aggregation (``strategic_flags``), as are the denormalised ``state`` and ``issue_date``.
``Notice.objects.drill_down(...)`` selects the notices behind a number of the statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATE_CHOICES, STATES

STATE_CODES = tuple(s.code for s in STATES)
GERMANY = "DE"  # in filters: any German state
KINDS = ("any", "green", "social", "innovative")
# The ten counters of a roll-up row; roll-up rows with state GERMANY_ROW hold the 16 states' sum.
COUNT_FIELDS = tuple(
    f"{unit}{suffix}"
    for unit in ("lots", "notices")
    for suffix in ("", "_green", "_social", "_innovative", "_any")
)
GERMANY_ROW = GERMANY


# The code lists strategic_flags() reads (its keyword arguments, named as the Lot fields).
FLAG_CODE_LISTS = ("strategic", "green", "social", "innovative", "gpp", "reserved")


def strategic_flags(
    *, strategic=(), green=(), social=(), innovative=(), gpp=(), reserved=()
) -> dict[str, bool]:
    """The ``uses_*`` flags of a lot from its published code lists.

    A lot counts as green when BT-06 has env-imp, BT-774 has any code, or BT-805 names
    EU/national/other GPP criteria; social when BT-06 has soc-obj, BT-775 has any code or
    participation is reserved (BT-71, other than 'none'); innovative when BT-06 has inn-pur or
    BT-776 has any code. 'none' never counts: it only means 'not declared'.
    """

    def real(codes) -> bool:
        return any(code and code != "none" for code in codes or ())

    strategic = strategic or ()
    green_ = "env-imp" in strategic or real(green) or real(gpp)
    social_ = "soc-obj" in strategic or real(social) or real(reserved)
    innovative_ = "inn-pur" in strategic or real(innovative)
    return {
        "uses_green": green_,
        "uses_social": social_,
        "uses_innovative": innovative_,
        "uses_any": green_ or social_ or innovative_,
    }


def json_list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list ``field`` holds ``value`` exactly, on SQLite and PostgreSQL."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    # SQLite keeps the list as JSON text: ["clim-mitig", "other"]; codes hold no quotes.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def cpv_prefixes_q(prefixes: Iterable[str]) -> Q | None:
    """Lots whose main CPV code starts with one of ``prefixes``; None without any prefix."""
    query = None
    for prefix in prefixes:
        if prefix:
            condition = Q(main_cpv__startswith=prefix)
            query = condition if query is None else (query | condition)
    return query


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


class NoticeQuerySet(models.QuerySet):
    def drill_down(
        self,
        *,
        state=None,
        place=None,
        start=None,
        end=None,
        kind=None,
        cpv=None,
        group=None,
        code=None,
    ) -> NoticeQuerySet:
        """The notices behind a number: those with at least one lot that meets every lot
        filter (kind, CPV prefix, product group, code), as the roll-ups count them. ``state``
        (the buyer's) and ``place`` (of performance) are a state code, "DE" for any German
        state, or empty for all notices; ``start``/``end`` are months (any day of them)."""
        notices = self
        if state == GERMANY:
            notices = notices.filter(state__in=STATE_CODES)
        elif state:
            notices = notices.filter(state=state)
        if place == GERMANY:
            notices = notices.exclude(performance_states=[])
        elif place:
            notices = notices.filter(json_list_contains("performance_states", place))
        if start:
            notices = notices.filter(issue_date__gte=_month_start(start))
        if end:
            notices = notices.filter(issue_date__lte=_month_end(end))
        lot_filters = Q()
        if kind in KINDS:
            lot_filters &= Q(**{f"uses_{kind}": True})
        if cpv:
            lot_filters &= Q(main_cpv__startswith=cpv)
        if group is not None:
            lot_filters &= cpv_prefixes_q(group.significant_prefixes) or Q(pk__in=[])
        if code:
            code_field, _sep, value = code.partition(":")
            lot_filters &= json_list_contains(code_field, value)
        if lot_filters:
            lots = Lot.objects.filter(notice=OuterRef("pk"))
            notices = notices.filter(Exists(lots.filter(lot_filters)))
        return notices


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

    objects = NoticeQuerySet.as_manager()

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
        """Set ``cpv_division`` and the ``uses_*`` flags from the lot's code lists."""
        self.cpv_division = (self.main_cpv or "")[:2]
        flags = strategic_flags(**{name: getattr(self, name) for name in FLAG_CODE_LISTS})
        for name, value in flags.items():
            setattr(self, name, value)


def lot_summaries(notice_pks: Iterable[int]) -> dict[int, dict]:
    """Per notice pk: number of lots and of green/social/innovative/any lots."""
    annotations = {"lots": Count("id")}
    for kind in KINDS:
        annotations[kind] = Count("id", filter=Q(**{f"uses_{kind}": True}))
    return {
        row["notice_id"]: row
        for row in Lot.objects.filter(notice_id__in=list(notice_pks))
        .values("notice_id")
        .annotate(**annotations)
        .order_by()
    }


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
        started = formats.date_format(timezone.localtime(self.started_at), "SHORT_DATETIME_FORMAT")
        return f"{started} ({self.sources or '-'})"


class MonitorRollup(models.Model):
    """Pre-aggregated lot and notice counts per month and federal state, for fast statistics.

    One row per (dimension, month, state, key): ``total`` (key empty), ``cpv`` (key = CPV
    division, "" for lots without CPV), ``group`` (key = knowledge.ProductGroup pk) and ``code``
    (key = "field:code", e.g. "green:clim-mitig"). ``state`` is "" for lots without a German
    federal state. Notice counts are "notices with at least one such lot", so they add up over
    months and states but not over CPV divisions, product groups or codes.

    Maintained by ``rollups.refresh_rollups_for(months)``, which the importer calls for the
    months it touched, and rebuilt from scratch by ``manage.py rebuild_rollups``.
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
