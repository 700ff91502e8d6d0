"""Public views of the network app. The join form is served by ``JoinPage.serve``."""

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit
from beschaffungsallianz.network.forms import JoinRequestForm
from beschaffungsallianz.network.services import submit_join_request

SENT_PARAM = "gesendet"


def serve_join_page(page, request, *args, **kwargs):
    """GET: the form (or the thank-you state after ``?gesendet=1``). POST: validate and store.

    Invalid input re-renders with an error summary (status 200) and stores nothing; a filled
    honeypot is reported like any other error; too many submissions from one IP get a 429.
    A stored request redirects to the thank-you state (post/redirect/get).
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

    status = 200
    rate_limited = False
    privacy_url = page.get_privacy_url(request)
    if request.method == "POST":
        form = JoinRequestForm(request.POST, privacy_url=privacy_url)
        if not check_rate_limit(request, page.RATE_LIMIT_SCOPE):
            rate_limited = True
            status = 429
        elif form.is_valid():
            submit_join_request(
                form.save(commit=False),
                language=page.locale.language_code,
                privacy_url=absolute_url(page.get_privacy_url(request)),
            )
            return HttpResponseRedirect(f"{page.get_url(request)}?{SENT_PARAM}=1")
    else:
        form = JoinRequestForm(privacy_url=privacy_url)

    context = page.get_context(request, *args, **kwargs)
    context.update(
        form=form,
        sent=request.method == "GET" and request.GET.get(SENT_PARAM) == "1",
        rate_limited=rate_limited,
        rate_limit_message=RATE_LIMIT_MESSAGE,
        privacy_url=privacy_url,
        error_title_prefix=_("Error") if (rate_limited or form.errors) else "",
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)
