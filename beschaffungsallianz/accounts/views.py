"""Views of /konto/ that allauth does not provide: the profile, the data download, deleting
the account, and sign-up with the rate limit of every public form. allauth's own views are
mapped to German paths in urls.py; every response here is private (never cached)."""

import json

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from beschaffungsallianz.accounts.forms import DeleteAccountForm, ProfileForm
from beschaffungsallianz.accounts.services import (
    delete_account,
    export_personal_data,
    in_working_group,
    profile_for,
)
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit

SIGNUP_RATE_LIMIT_SCOPE = "accounts:signup"


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, counted against ``FORM_RATE_LIMIT_PER_HOUR`` per client address:
    over the limit, the form comes back with the message and status 429, nothing stored."""

    def post(self, request, *args, **kwargs):
        if not check_rate_limit(request, SIGNUP_RATE_LIMIT_SCOPE):
            form = self.get_form()
            context = self.get_context_data(
                form=form, rate_limited=True, rate_limit_message=RATE_LIMIT_MESSAGE
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


signup = SignupView.as_view()


@login_required
def profile(request):
    """/konto/: the verification status and the profile form (post/redirect/get)."""
    profile = profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=profile)
    context = {
        "form": form,
        "profile": profile,
        "in_working_group": in_working_group(profile),
        "error_title_prefix": _("Error") if form.errors else "",
    }
    return TemplateResponse(request, "accounts/profile.html", context)


@login_required
def data_export(request):
    """/konto/daten/: everything stored about the person as a JSON download."""
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"konto-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    """/konto/loeschen/: delete the account after the password; posts kept or deleted."""
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            delete_account(request.user, keep_posts=form.keep_posts)
            logout(request)
            messages.success(request, _("Your account and its data have been deleted."))
            return redirect("/")
    else:
        form = DeleteAccountForm(user=request.user)
    context = {"form": form, "error_title_prefix": _("Error") if form.errors else ""}
    return TemplateResponse(request, "accounts/account_delete.html", context)
