"""The listing's filter form (German parameter names). The admin form of an entry is in
wagtail_hooks.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.library import listing

MAX_QUERY_LENGTH = 200

# form field -> (facet key, "all" option, message for an unknown value)
FACET_FIELDS = {
    "art": ("kind", _("All kinds"), _("There is no such kind. All entries are shown.")),
    "produktgruppe": (
        "product_group",
        _("All product groups"),
        _("There is no such product group. All entries are shown."),
    ),
    "stufe": (
        "stage",
        _("All tender stages"),
        _("There is no such tender stage. All entries are shown."),
    ),
    "jahr": ("year", _("All years"), _("There is no entry of that year. All entries are shown.")),
    "herausgeber": (
        "publisher",
        _("All publishers"),
        _("There is no such publisher. All entries are shown."),
    ),
}
LABELS = {
    "art": _("Kind"),
    "produktgruppe": _("Product group"),
    "stufe": _("Tender stage"),
    "jahr": _("Year"),
    "herausgeber": _("Publisher"),
}


class LibraryFilterForm(forms.Form):
    """/informationsangebote/?q=&art=&produktgruppe=&stufe=&jahr=&herausgeber=&sortierung=
    (an unknown value: 400, the error summary, and no filter applied)."""

    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False  # a filter: nothing is required

    q = forms.CharField(
        label=_("Search text"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Words are found in every grammatical form, e.g. “Leitfäden” finds “Leitfaden”."
        ),
        error_messages={"max_length": _("The search text is too long (at most 200 characters).")},
    )
    sortierung = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(listing.SORTS.items()),
        error_messages={"invalid_choice": _("Unknown sort order. The newest are shown first.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        choices = listing.facet_choices()
        for name, (key, any_label, message) in FACET_FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=LABELS[name],
                required=False,
                choices=[("", any_label)] + [(str(v), label) for v, label in choices[key]],
                error_messages={"invalid_choice": message},
            )
        self.order_fields(["q", *FACET_FIELDS, "sortierung"])

    def filters(self) -> listing.Filters:
        """The filters of a valid form; none (all entries, newest first) otherwise."""
        if not self.is_bound or not self.is_valid():
            return listing.Filters()
        data = self.cleaned_data
        values = {key: data.get(name) or None for name, (key, *_rest) in FACET_FIELDS.items()}
        if values["year"]:
            values["year"] = int(values["year"])
        return listing.Filters(
            q=data.get("q", ""), sort=data.get("sortierung") or listing.DEFAULT_SORT, **values
        )

    def show_counts(self, counts) -> None:
        """Put the number of entries behind each value ("Leitfaden (3)")."""
        for name, (key, any_label, _message) in FACET_FIELDS.items():
            field = self.fields[name]
            field.choices = [("", any_label)] + [
                (value, f"{label} ({counts[key].get(_typed(key, value), 0)})")
                for value, label in field.choices
                if value != ""
            ]


def _typed(key: str, value: str):
    return int(value) if key == "year" else value
