"""The forms of /konto/: allauth's sign-up and login forms, extended (``ACCOUNT_FORMS``); the
profile and the deletion form are ours. All are drawn by core's KERN form renderer
(core/forms.py)."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.accounts.services import create_profile
from beschaffungsallianz.core.spam import HoneypotFormMixin
from beschaffungsallianz.knowledge.models import ProductGroup, TenderStage
from beschaffungsallianz.network.models import Organisation


class SignupForm(HoneypotFormMixin, allauth_forms.SignupForm):
    """allauth's sign-up with the name in front and the honeypot of every public form.
    ``signup()`` is allauth's hook once the user is saved: the profile, waiting for a
    coordinator."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        create_profile(user, name=self.cleaned_data["name"], language=get_language() or "de")


class LoginForm(allauth_forms.LoginForm):
    """allauth's login, with a label that says what to type (allauth: "Anmeldung")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")


class ProfileForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(live=True).order_by("name"),
        required=False,
        label=_("Organisation"),
        help_text=_("Choose your organisation if it is listed; otherwise enter it below."),
    )
    product_groups = forms.ModelMultipleChoiceField(
        queryset=ProductGroup.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Product groups that interest me"),
    )
    tender_stages = forms.MultipleChoiceField(
        choices=TenderStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tender stages that interest me"),
    )

    class Meta:
        model = Profile
        fields = [
            "name",
            "organisation",
            "organisation_name",
            "function",
            "state",
            "product_groups",
            "tender_stages",
            "show_contact",
            "notifications",
            "language",
        ]
        widgets = {"notifications": forms.RadioSelect, "language": forms.RadioSelect}


class DeleteAccountForm(forms.Form):
    KEEP, DELETE = "keep", "delete"

    posts = forms.ChoiceField(
        label=_("Your posts in the members' area"),
        choices=[
            (KEEP, _("Keep them, shown as by a “former member”")),
            (DELETE, _("Delete them")),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password")
        return password

    @property
    def keep_posts(self) -> bool:
        return self.cleaned_data["posts"] == self.KEEP
