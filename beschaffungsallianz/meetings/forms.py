"""Forms of the meetings app: the answer to an invitation, the decisions register's filters,
and the admin's form for minutes (a change to an approved version needs a change note)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from beschaffungsallianz.meetings.models.meetings import Rsvp
from beschaffungsallianz.meetings.models.records import Decision


class RsvpForm(forms.ModelForm):
    """Yes, maybe or no, with an optional note (stores nothing itself: services.answer)."""

    class Meta:
        model = Rsvp
        fields = ["answer", "note"]
        labels = {"answer": _("Will you attend?"), "note": _("Note for the coordinators")}
        help_texts = {"note": _("E.g. that you arrive later. At most 500 characters.")}
        widgets = {"answer": forms.RadioSelect}
        error_messages = {"answer": {"required": _("Please choose an answer.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = Rsvp.Answer.choices  # no empty "---------" radio


class DecisionFilterForm(forms.Form):
    """/arbeitskreis/sitzungen/beschluesse/?q=&status=&jahr= (an unknown value: 400)."""

    mark_optional = False

    q = forms.CharField(label=_("Search the decisions"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(Decision.Status.choices),
        required=False,
        error_messages={"invalid_choice": _("There is no such status.")},
    )
    jahr = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("There are no decisions from that year.")},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class MinutesAdminForm(WagtailAdminModelForm):
    """Editing an approved version makes a new version (``MinutesEditView``): the change note
    starts empty and is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.locked:
            self.initial["change_note"] = ""
            self.fields["change_note"].required = True
            self.fields["change_note"].help_text = _(
                "These minutes are approved: saving makes a new version. Please say what changed."
            )

    @property
    def locked(self) -> bool:
        return self.instance.pk is not None and self.instance.is_approved
