"""The RFC 8058 one-click unsubscribe: the URL in every issue's ``List-Unsubscribe`` header.

A plain view, not a page route: mail programs POST ``List-Unsubscribe=One-Click`` to it without
a session or CSRF token (``csrf_exempt``; the signed link is the authorisation). A GET (a
person opening the header's link) is sent to the unsubscribe page with its confirm button.
"""

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from beschaffungsallianz.core.pagecache import personal
from beschaffungsallianz.newsletter import services
from beschaffungsallianz.newsletter.models import NewsletterIndexPage, Subscriber
from beschaffungsallianz.newsletter.models.subscribers import UNSUBSCRIBE_SALT


@csrf_exempt
def one_click_unsubscribe(request, key, signature):
    subscriber = Subscriber.objects.by_key(key, signature, UNSUBSCRIBE_SALT)
    if subscriber is None:
        raise Http404(_("This link is not valid (any more)."))
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return personal(
            HttpResponse(_("You have been unsubscribed."), content_type="text/plain; charset=utf-8")
        )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    index = NewsletterIndexPage.objects.live().first()
    if index is None:
        raise Http404(_("This link is not valid (any more)."))
    return personal(HttpResponseRedirect(index.unsubscribe_url(subscriber)))
