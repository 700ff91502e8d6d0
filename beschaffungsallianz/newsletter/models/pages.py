"""The newsletter pages: ``NewsletterIndexPage`` (/newsletter/: sign-up, confirmation,
unsubscribe, archive and its Atom feed) and ``NewsletterIssuePage`` (one issue: the web
version in the archive, the same items as the mail).

Route methods are the public views: each reads the request, calls the code below these pages
(``services``, ``tasks``, ``content``, ``feeds``) and renders a ``TemplateResponse`` with the
page's context. The RFC 8058 one-click unsubscribe (a POST from mail programs, without a CSRF
token) is the plain view ``newsletter.views.one_click_unsubscribe``.
"""

from __future__ import annotations

from django.core import signing
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.core.pagecache import personal, public
from beschaffungsallianz.core.site_settings import privacy_url
from beschaffungsallianz.core.spam import (
    RATE_LIMIT_MESSAGE,
    TOKEN_REFUSED_MESSAGE,
    check_rate_limit,
)
from beschaffungsallianz.newsletter import content, feeds, mails, services, tasks
from beschaffungsallianz.newsletter.blocks import IssueBlock
from beschaffungsallianz.newsletter.forms import SubscribeForm
from beschaffungsallianz.newsletter.models.subscribers import (
    CONFIRM_SALT,
    PENDING_DAYS,
    TOPIC_FIELDS,
    UNSUBSCRIBE_SALT,
    Subscriber,
)

SUBSCRIBE_RATE_SCOPE = "newsletter:subscribe"
SENT_SESSION_KEY = "newsletter_signup_sent"
SIGNUP_TEMPLATE = "newsletter/newsletter_index_page.html"


class NewsletterIndexPage(RoutablePageMixin, BasePage):
    """/newsletter/: the sign-up form; the confirmation and unsubscribe pages reached from
    mails; the archive of sent issues with its Atom feed."""

    subpage_types = ["newsletter.NewsletterIssuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("newsletter page")

    def issues(self):
        return public(NewsletterIssuePage.objects.live()).child_of(self)

    def archived_issues(self):
        """Published issues whose sending has finished, and samples; newest first."""
        return (
            self.issues()
            .filter(models.Q(dispatch__finished_at__isnull=False) | models.Q(is_sample=True))
            .order_by("-issue_date", "-pk")
        )

    def route_url(self, name: str, *args) -> str:
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    def confirm_url(self, subscriber: Subscriber) -> str:
        return absolute_url(
            self.route_url("confirm_route", subscriber.key, subscriber.confirm_signature)
        )

    def unsubscribe_url(self, subscriber: Subscriber) -> str:
        return absolute_url(
            self.route_url("unsubscribe_route", subscriber.key, subscriber.unsubscribe_signature)
        )

    def render_route(self, request, template: str, context: dict, status: int = 200):
        return TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["archive_url"] = self.route_url("archive_route")
        context["feed_url"] = self.route_url("feed_route")
        return context

    @path("")
    def index_route(self, request):
        """GET: the form (or the thank-you state). POST: validate, store a pending sign-up
        and mail the confirmation link; the same answer whether or not the address is
        subscribed already. Invalid input: the form again (200), nothing stored; too many
        sign-ups from one network: 429."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        template = SIGNUP_TEMPLATE
        privacy = privacy_url(request)
        if request.method != "POST":
            if sent := request.session.pop(SENT_SESSION_KEY, False):
                return personal(self.render_route(request, template, {"sent": sent}))
            form = SubscribeForm(privacy_url=privacy)
            if request.user.is_authenticated:
                return personal(self.render_route(request, template, {"form": form}))
            # The same form for every visitor, from the page cache: site.js fetches the token.
            return self.render_route(request, template, {"form": form, "deferred_token": True})
        form = SubscribeForm(request.POST, privacy_url=privacy)
        if not check_rate_limit(request, SUBSCRIBE_RATE_SCOPE):
            form.is_valid()  # the form shows the entries again, with their errors
            context = {
                "form": form,
                "rate_limited": True,
                "rate_limit_message": RATE_LIMIT_MESSAGE,
            }
            return personal(self.render_route(request, template, context, status=429))
        if not form.is_valid():
            return personal(self.render_route(request, template, {"form": form}))
        language = self.locale.language_code
        signup = services.subscribe(
            form.cleaned_data, consent_text=form.consent_text, language=language
        )
        subscriber = signup.subscriber
        if signup.already_confirmed:
            tasks.mail_already_subscribed.enqueue(
                subscriber.pk, self.unsubscribe_url(subscriber), language
            )
        else:
            tasks.mail_confirmation.enqueue(subscriber.pk, self.confirm_url(subscriber))
        request.session[SENT_SESSION_KEY] = True
        return HttpResponseRedirect(self.route_url("index_route"))

    def resubmit(self, request, route):
        """``core.views.csrf_failure``: a sign-up sent without the token (the page came from
        the page cache and site.js did not fetch one) — the form again with the entries, a
        token and a note, nothing stored (403)."""
        if route.args and getattr(route.args[0], "__name__", "") != "index_route":
            return None
        form = SubscribeForm(request.POST, privacy_url=privacy_url(request))
        context = {
            "form": form,
            "rate_limited": True,
            "rate_limit_message": TOKEN_REFUSED_MESSAGE,
        }
        return personal(self.render_route(request, SIGNUP_TEMPLATE, context, status=403))

    @path("bestaetigen/<uuid:key>/<str:signature>/")
    def confirm_route(self, request, key, signature):
        """The link in the confirmation mail: GET shows a button (mail scanners that open
        links confirm nothing), POST confirms. Expired: 410 with the way back to the form."""
        template = "newsletter/confirm.html"
        context = {"route_title": _("Confirm subscription")}
        try:
            subscriber = Subscriber.objects.by_key(
                key, signature, CONFIRM_SALT, max_age=PENDING_DAYS * 24 * 3600
            )
        except signing.SignatureExpired:
            return personal(
                self.render_route(request, template, {**context, "expired": True}, status=410)
            )
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            raise Http404(_("This link is not valid (any more)."))
        if request.method == "POST":
            services.confirm(subscriber)
            return personal(self.render_route(request, template, {**context, "confirmed": True}))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        context["already"] = subscriber.is_confirmed
        return personal(self.render_route(request, template, context))

    @path("abmelden/<uuid:key>/<str:signature>/")
    def unsubscribe_route(self, request, key, signature):
        """The link in every newsletter: GET shows a button, POST unsubscribes at once."""
        subscriber = Subscriber.objects.by_key(key, signature, UNSUBSCRIBE_SALT)
        if subscriber is None:
            raise Http404(_("This link is not valid (any more)."))
        template = "newsletter/unsubscribe.html"
        context = {"route_title": _("Unsubscribe from the newsletter")}
        if request.method == "POST":
            services.unsubscribe(subscriber)
            return personal(self.render_route(request, template, {**context, "done": True}))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        context["done"] = subscriber.status == Subscriber.Status.UNSUBSCRIBED
        return personal(self.render_route(request, template, context))

    @path("archiv/")
    def archive_route(self, request):
        context = {"issues": self.archived_issues(), "route_title": _("Archive")}
        return self.render_route(request, "newsletter/archive.html", context)

    @path("archiv/feed/")
    def feed_route(self, request):
        return feeds.IssueFeed(self, self.archived_issues())(request)


class NewsletterIssuePage(BasePage):
    """One issue (Ausgabe): written and previewed in the admin, tested with a mail to oneself,
    then sent (admin button or ``manage.py send_newsletter``); in the archive afterwards."""

    issue_date = models.DateField(_("date of the issue"))
    body = StreamField(IssueBlock(), blank=True, verbose_name=_("content"))
    topic_news = models.BooleanField(_("News of the alliance"), default=False)
    topic_events = models.BooleanField(_("Events"), default=False)
    topic_practice = models.BooleanField(_("Practice examples"), default=False)
    product_groups = ParentalManyToManyField(
        "knowledge.ProductGroup", verbose_name=_("product groups"), blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("issue_date"),
        FieldPanel("is_sample"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topic_news"),
                FieldPanel("topic_events"),
                FieldPanel("topic_practice"),
                FieldPanel("product_groups"),
            ],
            heading=_("Who receives it"),
            help_text=_(
                "Subscribers who chose one of these topics or product groups, and those who "
                "chose none. Nothing ticked: every confirmed subscriber."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    @property
    def topics(self) -> list[str]:
        return [topic for topic, field in TOPIC_FIELDS.items() if getattr(self, field)]

    def product_group_ids(self) -> list[int]:
        return list(self.product_groups.values_list("pk", flat=True))

    @property
    def mail_subject(self) -> str:
        return self.title

    def mail_links(self, subscriber: Subscriber) -> mails.IssueLinks:
        index = self.get_parent().specific
        return mails.IssueLinks(
            web=absolute_url(self.url or "/"),
            unsubscribe=index.unsubscribe_url(subscriber),
            one_click=absolute_url(
                reverse(
                    "newsletter:one-click-unsubscribe",
                    args=[subscriber.key, subscriber.unsubscribe_signature],
                )
            ),
        )

    preview_modes = [("", _("Web page")), ("mail", _("E-mail (HTML part)"))]

    def serve_preview(self, request, mode_name):
        """Wagtail's preview: the web page, or the mail as subscribers will see it."""
        if mode_name != "mail":
            return super().serve_preview(request, mode_name)
        reader = Subscriber(email=getattr(request.user, "email", "") or "vorschau@example.org")
        message = mails.issue_message(
            self, content.issue_items(self), reader, self.mail_links(reader), test=True
        )
        html, _mimetype = message.alternatives[0]
        return HttpResponse(html)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = self.get_parent().specific
        context.update(
            items=content.issue_items(self),
            index_page=index,
            archive_url=index.route_url("archive_route"),
        )
        return context
