"""Forms of the events app: the listing's filters and the registration form."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.forms import PerGenerationModelChoiceField
from beschaffungsallianz.core.spam import HoneypotFormMixin
from beschaffungsallianz.events.models.choices import EventFormat
from beschaffungsallianz.events.models.registrations import Registration
from beschaffungsallianz.knowledge.forms import ProductGroupChoiceField
from beschaffungsallianz.network.models.organisations import Organisation


class EventFilterForm(forms.Form):
    """/termine/?format=&thema=&veranstalter= (an unknown value: 400 and all events)."""

    memo_unbound = True  # unbound, the same for every request: core.forms.KernBoundField
    mark_optional = False  # a filter: nothing is required

    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("All formats"))] + list(EventFormat.choices),
        required=False,
        error_messages={"invalid_choice": _("There is no such format. All formats are shown.")},
    )
    thema = ProductGroupChoiceField(
        label=_("Topic"),
        empty_label=_("All topics"),
        error_messages={"invalid_choice": _("There is no such topic. All topics are shown.")},
    )
    veranstalter = PerGenerationModelChoiceField(
        memo_name="event-organisers",
        label=_("Organiser"),
        queryset=Organisation.objects.none(),  # set in __init__: organisers of live events
        required=False,
        empty_label=_("All organisers"),
        error_messages={
            "invalid_choice": _("There is no such organiser. All organisers are shown.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["veranstalter"].queryset = (
            Organisation.objects.filter(organised_events__live=True).distinct().order_by("name")
        )


class RegistrationForm(HoneypotFormMixin, forms.ModelForm):
    """The registration form of an event. Stores nothing itself (see services.register)."""

    consent = forms.BooleanField(
        label=_(
            "I agree that my details are processed to organise this event and are deleted after it."
        ),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )

    class Meta:
        model = Registration
        fields = ["name", "organisation", "email", "needs"]
        labels = {
            "name": _("Your name"),
            "organisation": _("Organisation"),
            "email": _("E-mail address"),
            "needs": _("Dietary or accessibility needs"),
        }
        help_texts = {
            "email": _("Your confirmation and your personal link come to this address."),
            "needs": _(
                "E.g. vegetarian food, step-free seat, sign language (at most 2000 characters)."
            ),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "needs": {"max_length": _("Please write at most 2000 characters.")},
        }
        widgets = {"needs": forms.Textarea(attrs={"rows": 4})}

    autocomplete = {"name": "name", "organisation": "organization", "email": "email"}

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a class="kern-link" href="{}">{}</a>', privacy_url, _("Read our privacy notice")
            )
        self.fields["email"].widget.input_type = "email"
        for name, token in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_organisation(self):
        return " ".join(self.cleaned_data["organisation"].split())
