"""The sign-up form (/newsletter/): address, topics, consent. Stores nothing itself
(``services.subscribe``)."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.spam import HoneypotFormMixin
from beschaffungsallianz.knowledge.models import ProductGroup
from beschaffungsallianz.newsletter.models.subscribers import PENDING_DAYS, Topic

CONSENT_TEXT = _(
    "I would like to receive the newsletter of the alliance by e-mail and agree that my address "
    "and topics are stored for this purpose. I can unsubscribe at any time with the link in "
    "every newsletter."
)


class SubscribeForm(HoneypotFormMixin, forms.Form):
    memo_unbound = True  # unbound, the same for every visitor: core.forms.KernBoundField
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose nothing to receive every issue."),
    )
    product_groups = forms.ModelMultipleChoiceField(
        label=_("Product groups"),
        queryset=ProductGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Issues about these product groups."),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Please agree so that we may send you the newsletter.")},
    )

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.memo_vary = privacy_url  # the consent's help text links it
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a class="kern-link" href="{}">{}</a>', privacy_url, _("Read our privacy notice")
            )
        self.fields["email"].help_text = _(
            "We send you a link to confirm. Without confirmation within %(days)d days the "
            "address is deleted."
        ) % {"days": PENDING_DAYS}
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def consent_text(self) -> str:
        """The consent as the person read it (stored as proof), with the privacy notice."""
        return str(CONSENT_TEXT)
