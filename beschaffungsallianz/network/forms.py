from django import forms
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.spam import HoneypotFormMixin
from beschaffungsallianz.network.models.join_requests import JoinRequest
from beschaffungsallianz.network.models.organisations import Sector

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{4,30}$",
    message=_("Enter a phone number with digits only, e.g. 0361 123456 or +49 361 123456."),
)


class JoinRequestForm(HoneypotFormMixin, forms.ModelForm):
    """The public join form on /mitmachen/. Stores nothing unless valid."""

    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("Please choose"))]
        + [(value, capfirst(label)) for value, label in Sector.choices],
        error_messages={"required": _("Choose the sector your organisation belongs to.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are processed to handle my request."),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )

    class Meta:
        model = JoinRequest
        fields = ["name", "organisation_name", "sector", "email", "phone", "message", "consent"]
        labels = {
            "name": _("Your name"),
            "organisation_name": _("Organisation"),
            "email": _("E-mail address"),
            "phone": _("Phone"),
            "message": _("Message"),
        }
        help_texts = {
            "organisation_name": _("E.g. the name of your town, association or company."),
            "email": _("We only use it to answer your request."),
            "message": _("Why would you like to take part? (at most 3000 characters)"),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "organisation_name": {"required": _("Enter the name of your organisation.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    autocomplete = {
        "name": "name",
        "organisation_name": "organization",
        "email": "email",
        "phone": "tel",
    }

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a class="kern-link" href="{}">{}</a>', privacy_url, _("Read our privacy notice")
            )
        self.fields["phone"].validators.append(phone_validator)
        self.fields["message"].required = False
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"
        for name, token in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())
