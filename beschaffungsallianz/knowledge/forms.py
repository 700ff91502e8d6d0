"""Forms of the knowledge pages: filters of /laender/, /guetezeichen/, /kriterien/, the label
comparison and the public proposal form for practice examples.

Every query-string parameter goes through a form, so odd input (unknown values, NUL bytes,
overlong strings) becomes a form error and a 400 page, never a database error.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from beschaffungsallianz.core.forms import InlineRadioSelect, PerGenerationModelChoiceField
from beschaffungsallianz.core.spam import HoneypotFormMixin
from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.core.validators import validate_upload
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import CriterionKind, ProductGroup, TenderStage

MAP_ATTRIBUTE_CHOICES = [
    ("tariff_compliance", _("Tariff compliance")),
    ("ilo_core_labour_standards", _("ILO core labour standards")),
    ("ecological_criteria", _("Ecological criteria")),
    ("examples", _("Published practice examples")),
]
DEFAULT_MAP_ATTRIBUTE = "tariff_compliance"

PROPOSAL_EXTENSIONS = ("pdf", "odt", "docx")
MAX_ATTACHMENTS = 3


# --- Filters ------------------------------------------------------------------------------


class StateMapForm(forms.Form):
    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False  # a filter: nothing is required

    merkmal = forms.ChoiceField(
        label=_("Colour the map by"),
        choices=MAP_ATTRIBUTE_CHOICES,
        required=False,
        widget=InlineRadioSelect,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not an attribute of the map. "
                "The map shows tariff compliance instead."
            )
        },
    )

    def attribute(self) -> str:
        if self.is_valid() and self.cleaned_data["merkmal"]:
            return self.cleaned_data["merkmal"]
        return DEFAULT_MAP_ATTRIBUTE


class ProductGroupChoiceField(PerGenerationModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ProductGroup.objects.all())
        kwargs.setdefault("memo_name", "product-groups")
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Product group"))
        kwargs.setdefault("empty_label", _("All product groups"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _(
                    "There is no such product group. All product groups are shown."
                ),
            },
        )
        super().__init__(**kwargs)


class LabelFilterForm(forms.Form):
    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False  # a filter: nothing is required

    produktgruppe = ProductGroupChoiceField()


class FilterForm(forms.Form):
    """A GET filter: nothing is required, invalid values are ignored (and reported)."""

    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False

    def valid_filters(self) -> dict:
        """The filters that passed validation; invalid ones are ignored (and reported)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if data.get(name)}


class CriterionFilterForm(FilterForm):
    produktgruppe = ProductGroupChoiceField()
    stufe = forms.ChoiceField(
        label=_("Tender stage"),
        choices=[("", _("All stages"))] + list(TenderStage.choices),
        required=False,
        error_messages={
            "invalid_choice": _("There is no such tender stage. All stages are shown.")
        },
    )
    art = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Social and ecological"))] + list(CriterionKind.choices),
        required=False,
        error_messages={
            "invalid_choice": _("There is no such kind of criterion. Both kinds are shown.")
        },
    )


class HubFilterForm(FilterForm):
    """The filter of a product-group hub: one state (its examples, and its law beside the
    criteria) and one stage of the examples."""

    land = forms.ChoiceField(
        label=_("Federal state"),
        choices=[("", _("All states"))] + list(STATE_CHOICES),
        required=False,
        error_messages={"invalid_choice": _("There is no such federal state. All are shown.")},
    )
    stufe = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("All stages"))] + list(PracticeExample.Stage.choices),
        required=False,
        error_messages={
            "invalid_choice": _("There is no such tender stage. All stages are shown.")
        },
    )


class LabelCompareForm(forms.Form):
    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False  # a filter: nothing is required
    MIN, MAX = 2, 3

    l = forms.MultipleChoiceField(  # noqa: E741 - short, shareable query parameter ?l=gots&l=...
        label=_("Labels to compare"),
        help_text=_("Choose two or three labels."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("There is no label “%(value)s”. Choose from the list.")
        },
    )

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["l"].choices = [(label.slug, label.name) for label in labels]

    @classmethod
    def from_query(cls, query, *, labels):
        """Bound to ``query`` (blank ``l`` values dropped) when it has ``l``, else unbound."""
        if "l" not in query:
            return cls(labels=labels)
        data = query.copy()
        data.setlist("l", [slug for slug in query.getlist("l") if slug.strip()])
        return cls(data, labels=labels)

    def clean_l(self):
        slugs = list(dict.fromkeys(self.cleaned_data["l"]))  # keep order, drop duplicates
        if not self.MIN <= len(slugs) <= self.MAX:
            raise ValidationError(
                ngettext(
                    "You chose %(count)d label. Choose two or three labels to compare.",
                    "You chose %(count)d labels. Choose two or three labels to compare.",
                    len(slugs),
                )
                % {"count": len(slugs)},
                code="count",
            )
        return slugs


# --- Public proposal of a practice example ----------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _this_year() -> int:
    return datetime.date.today().year


class PracticeExampleProposalForm(HoneypotFormMixin, forms.Form):
    """/praxisbeispiele/vorschlagen/: anyone may propose an example; editors review it."""

    title = forms.CharField(
        label=_("Title of the example"),
        max_length=200,
        help_text=_("E.g. “Workwear with fair-trade cotton for the fire brigade”."),
        error_messages={"required": _("Enter a title.")},
    )
    buyer_name = forms.CharField(
        label=_("Public buyer"),
        max_length=200,
        help_text=_("Which authority or municipality tendered?"),
        error_messages={"required": _("Enter the public buyer.")},
    )
    buyer_kind = forms.ChoiceField(
        label=_("Kind of buyer"),
        choices=[("", _("Please choose"))] + list(PracticeExample.BuyerKind.choices),
        error_messages={
            "required": _("Choose the kind of buyer."),
            "invalid_choice": _("Choose the kind of buyer from the list."),
        },
    )
    state = forms.ChoiceField(
        label=_("Federal state"),
        choices=[("", _("Please choose"))] + list(STATE_CHOICES),
        error_messages={
            "required": _("Choose the federal state."),
            "invalid_choice": _("Choose the federal state from the list."),
        },
    )
    year = forms.IntegerField(
        label=_("Year of the tender"),
        min_value=1990,
        error_messages={
            "required": _("Enter the year of the tender, e.g. 2024."),
            "invalid": _("Enter the year as four digits, e.g. 2024."),
            "min_value": _("Enter a year from 1990 on."),
        },
    )
    product_groups = forms.ModelMultipleChoiceField(
        label=_("Product groups"),
        queryset=ProductGroup.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose product groups from the list.")},
    )
    summary = forms.CharField(
        label=_("What was procured?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short description of the tender (at most 3000 characters)."),
        error_messages={"required": _("Describe briefly what was procured.")},
    )
    criteria = forms.CharField(
        label=_("Social and ecological criteria used"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Which criteria, at which stage (specification, suitability, award, "
            "performance conditions), which labels were accepted as proof?"
        ),
        error_messages={"required": _("Describe the criteria that were used.")},
    )
    experience = forms.CharField(
        label=_("Outcome and experience"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What worked, what did not, how did the market respond?"),
    )
    source_url = forms.URLField(
        label=_("Link to a source"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("E.g. the notice on TED or the national publication service."),
        error_messages={"invalid": _("Enter a web address like https://www.example.org/.")},
    )
    attachments = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("Up to three files (PDF, ODT or DOCX), e.g. the tender documents."),
    )
    submitter_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
    )
    submitter_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Only for questions about your proposal; it is not published."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
    )
    show_contact = forms.BooleanField(
        label=_("You may name me as contact person for this example."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are processed to review and publish the proposal."),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )

    autocomplete = {
        "submitter_name": "name",
        "submitter_email": "email",
        "buyer_name": "organization",
        "source_url": "url",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = _this_year() + 1
        self.fields["year"].widget.attrs.update(
            {"inputmode": "numeric", "min": 1990, "max": _this_year() + 1}
        )
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in PROPOSAL_EXTENSIONS
        )
        for name, token in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > _this_year() + 1:
            raise ValidationError(_("Enter a year up to %(year)d.") % {"year": _this_year() + 1})
        return year

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(max)d files; you chose %(count)d.")
                % {"max": MAX_ATTACHMENTS, "count": len(files)},
                code="too_many",
            )
        errors = []
        for upload in files:
            try:
                validate_upload(upload, allowed=PROPOSAL_EXTENSIONS)
            except ValidationError as exc:
                errors.extend(f"{upload.name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_buyer_name(self):
        return " ".join(self.cleaned_data["buyer_name"].split())

    def clean_submitter_name(self):
        return " ".join(self.cleaned_data["submitter_name"].split())
