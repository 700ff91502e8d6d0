"""Forms of the members' area: new thread, reply, edit, report, moderation's move, and the
filters of the thread list and the member directory. They store nothing themselves
(``services.py`` does)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.core.validators import validate_upload
from beschaffungsallianz.exchange.models import Post
from beschaffungsallianz.knowledge.forms import ProductGroupChoiceField
from beschaffungsallianz.knowledge.models import ProductGroup, StateLaw, TenderStage
from beschaffungsallianz.network.models.organisations import Sector

ATTACHMENT_EXTENSIONS = ("pdf", "odt", "ods", "docx", "xlsx", "csv", "txt")
MAX_BODY = 10_000


def _validated_attachment(upload):
    if upload:
        validate_upload(upload, allowed=ATTACHMENT_EXTENSIONS)
    return upload


class PostFieldsMixin(forms.Form):
    """Text, one optional attachment and the consent to be named, for threads and replies."""

    body = forms.CharField(
        label=_("Your text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text. Start a line with “> ” to quote. Please name no personal data of others."
        ),
        error_messages={
            "required": _("Enter a text."),
            "max_length": _("Please write at most %(limit_value)d characters."),
        },
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("One file: PDF, ODT, ODS, DOCX, XLSX, CSV or TXT. Only members can open it."),
    )
    credit_consent = forms.BooleanField(
        label=Post._meta.get_field("credit_consent").verbose_name.capitalize(),
        help_text=Post._meta.get_field("credit_consent").help_text,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in ATTACHMENT_EXTENSIONS
        )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Enter a text."), code="required")
        return body

    def clean_attachment(self):
        return _validated_attachment(self.cleaned_data.get("attachment"))

    def uploads(self) -> list:
        upload = self.cleaned_data.get("attachment")
        return [upload] if upload else []


class TopicFieldsMixin(forms.Form):
    product_group = ProductGroupChoiceField(label=_("Product group"), empty_label=_("None"))
    tender_stage = forms.ChoiceField(
        label=_("Tender stage"),
        choices=[("", _("None"))] + list(TenderStage.choices),
        required=False,
    )
    state = forms.ChoiceField(
        label=_("Federal state"), choices=[("", _("None"))] + list(STATE_CHOICES), required=False
    )
    law = forms.ModelChoiceField(
        label=_("Procurement law"),
        queryset=StateLaw.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["law"].queryset = StateLaw.objects.order_by("state")

    def topics(self) -> dict:
        return {name: self.cleaned_data.get(name) or None for name in ("product_group", "law")} | {
            name: self.cleaned_data.get(name) or "" for name in ("tender_stage", "state")
        }


class ThreadForm(TopicFieldsMixin, PostFieldsMixin):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Your question or topic in one line."),
        error_messages={"required": _("Enter a title.")},
    )
    field_order = ["title", "body", "product_group", "tender_stage", "state", "law"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Enter a title."), code="required")
        return title


class ReplyForm(PostFieldsMixin):
    pass


class EditForm(forms.Form):
    body = PostFieldsMixin.base_fields["body"]

    clean_body = PostFieldsMixin.clean_body


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the coordinators look at this post?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter a reason.")},
    )


class MoveForm(TopicFieldsMixin):
    """The admin's "move" action: the thread's new topics."""

    note = forms.CharField(label=_("Note for the log"), required=False)


class ThreadFilterForm(TopicFieldsMixin):
    """/mitgliederbereich/austausch/?q=&product_group=&… (an unknown value: 400)."""

    mark_optional = False
    q = forms.CharField(label=_("Search the exchange"), max_length=200, required=False)
    field_order = ["q", "product_group", "tender_stage", "state", "law"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("product_group", "tender_stage", "state", "law"):
            self.fields[name].error_messages["invalid_choice"] = _("There is no such topic.")
        self.fields["product_group"].empty_label = _("All product groups")
        self.fields["law"].empty_label = _("All laws")
        self.fields["tender_stage"].choices = [("", _("All stages"))] + list(TenderStage.choices)
        self.fields["state"].choices = [("", _("All states"))] + list(STATE_CHOICES)

    def filtered(self, threads):
        """``threads`` narrowed by the valid topic fields (the text search is separate)."""
        if not self.is_valid():
            return threads
        return threads.filter(**{k: v for k, v in self.topics().items() if v})


class DirectoryFilterForm(forms.Form):
    """/mitgliederbereich/mitglieder/?organisation=&sector=&state=&product_group="""

    mark_optional = False
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors"))] + list(Sector.choices), required=False
    )
    state = forms.ChoiceField(
        label=_("Federal state"),
        choices=[("", _("All states"))] + list(STATE_CHOICES),
        required=False,
    )
    product_group = forms.ModelChoiceField(
        label=_("Interest"),
        queryset=ProductGroup.objects.order_by("name"),
        required=False,
        empty_label=_("All interests"),
    )
