"""Query forms of the monitor pages: the period/state/kind form of /monitor/ and the filters of
the notice list. Both read GET parameters; an invalid value never raises, the view falls back to
the defaults and shows the errors."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.knowledge.models.reference import ProductGroup
from beschaffungsallianz.monitor import codes, stats
from beschaffungsallianz.monitor.models.notices import GERMANY
from beschaffungsallianz.monitor.periods import Period, add_months, months_between

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CPV_RE = re.compile(r"^\d{2,8}$")
CODE_FIELDS_RE = "|".join(codes.CODE_FIELDS)
CODE_RE = re.compile(rf"^({CODE_FIELDS_RE}):([a-z0-9][a-z0-9._-]{{0,39}})$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
# The same rules as patterns of the API's OpenAPI schema (api.py), so that a request the schema
# accepts is never rejected by these forms.
MONTH_PATTERN = r"^(199[0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])$"
CPV_PATTERN = r"^[0-9]{2,8}(-[0-9])?$"
CODE_PATTERN = rf"^({CODE_FIELDS_RE}):[a-z0-9][a-z0-9._-]{{0,39}}$"
MAX_MONTHS = 240


class MonthField(forms.CharField):
    """A month as YYYY-MM, cleaned to the first day of that month."""

    default_error_messages = {
        "invalid": _("Enter a month as YYYY-MM, for example 2025-01."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_RE.match(value[:8])
        if not match or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(match.group(1)), int(match.group(2)), 1)


def kind_choices(blank=None):
    choices = [(key, label) for key, label in stats.KINDS.items()]
    return [("", blank)] + choices if blank else choices


class PeriodMixin:
    """Checks the order and length of the period; with ``strict_period=False`` (the API, whose
    schema cannot relate two parameters) a reversed period is an empty one and any length of
    whole months between the first and last year is allowed."""

    mark_optional = False  # query forms: every field may be left out

    def __init__(self, *args, strict_period: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.strict_period = strict_period

    def offer_months(self, month_choices: list[tuple[str, str]]) -> None:
        """Offer the months as a select list (every month with data) instead of a text field."""
        for field in self.fields.values():
            if isinstance(field, MonthField):
                field.widget = forms.Select(choices=[("", "–")] + month_choices)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and self.strict_period:
            if start > end:
                self.add_error("end", _("The end month must not be before the start month."))
            elif len(months_between(start, end)) > MAX_MONTHS:
                self.add_error("end", _("Choose a period of at most 20 years."))
        return cleaned


class StatsForm(PeriodMixin, forms.Form):
    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"))
    state = forms.ChoiceField(
        label=_("Compare federal state"), choices=STATE_CHOICES, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of strategic procurement"), choices=kind_choices, required=False
    )

    def resolve(
        self, default_state: str, data_range: tuple[date, date] | None
    ) -> tuple[Period, str, str]:
        """(period, state, kind): the valid values, the defaults for everything else.
        ``data_range``: ``stats.data_range()`` (the default period ends with the data)."""
        default = stats.default_period(data_range)
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            period = Period(start, end)
        elif end:
            period = Period(add_months(end, -(stats.DEFAULT_MONTHS - 1)), end)
        elif start:
            period = Period(start, max(start, default.end))
        else:
            period = default
        state = data.get("state") or default_state
        return period, state, data.get("kind") or stats.DEFAULT_KIND


class NoticeFilterForm(PeriodMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Federal state"),
        required=False,
        choices=[("", _("All notices")), (GERMANY, _("Germany (all states)"))] + STATE_CHOICES,
    )
    place = forms.ChoiceField(
        label=_("Place of performance"),
        required=False,
        choices=[("", _("Any place")), (GERMANY, _("Germany (all states)"))] + STATE_CHOICES,
        help_text=_("Federal state where the work is done, wherever the buyer is."),
    )
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"))
    kind = forms.ChoiceField(
        label=_("Kind of strategic procurement"),
        required=False,
        choices=kind_choices(_("any or none")),
    )
    cpv = forms.CharField(
        label=_("CPV code or beginning of one"),
        required=False,
        max_length=10,
        help_text=_("2 to 8 digits, e.g. 45 (construction work) or 3019."),
    )
    group = forms.ChoiceField(label=_("Product group"), required=False, choices=())
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=60,
        help_text=_("A published code with its field, e.g. green:clim-mitig."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.slug: group for group in ProductGroup.objects.all()}
        self.fields["group"].choices = [("", _("All product groups"))] + [
            (slug, group.name) for slug, group in self.groups.items()
        ]

    def clean_cpv(self):
        value = self.cleaned_data["cpv"].strip().split("-")[0]
        if value and not CPV_RE.match(value):
            raise forms.ValidationError(_("Enter 2 to 8 digits of a CPV code."))
        return value

    def clean_code(self):
        value = self.cleaned_data["code"].strip()
        if value and not CODE_RE.match(value):
            raise forms.ValidationError(
                _("Enter a field and a code, e.g. green:clim-mitig or social:work-cond.")
            )
        return value

    def filters(self) -> dict:
        """The valid filters (invalid ones dropped), for ``Notice.objects.drill_down``."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        result = {
            name: data.get(name)
            for name in ("state", "place", "start", "end", "kind", "cpv", "code")
        }
        result["group"] = self.groups.get(data.get("group") or "")
        return result


def month_choices(data_range, period: Period | None) -> list[tuple[str, str]]:
    """Months offered in the forms: every month with data, plus the chosen ones."""
    months = set(period.months[:1] + period.months[-1:]) if period else set()
    if data_range:
        months.update(months_between(*data_range))
    return [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in sorted(months, reverse=True)]
