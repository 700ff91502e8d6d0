"""The event pages: ``EventIndexPage`` (/termine/: listing, filters, calendars, Atom feed) and
``EventPage`` (one event: details, .ics, registration form, the participant's personal page).

Their route methods are the public views: each reads the request, calls the code that knows
what the page shows or does (``listing``, ``calendar``, ``feeds``, ``services``, ``tasks``,
which sit below these pages and never import them) and renders a ``TemplateResponse`` with
the page's context plus what that code returned.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.search import index

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import BasePage, ContentBlock
from beschaffungsallianz.core.pagecache import per_generation, personal, public
from beschaffungsallianz.core.site_settings import privacy_url
from beschaffungsallianz.core.spam import RATE_LIMIT_MESSAGE, check_rate_limit
from beschaffungsallianz.events import calendar, feeds, listing, services, tasks
from beschaffungsallianz.events.forms import EventFilterForm, RegistrationForm
from beschaffungsallianz.events.models.choices import DatePrecision, EventFormat
from beschaffungsallianz.events.models.registrations import Registration

REGISTER_RATE_SCOPE = "events:register"
SENT_SESSION_KEY = "events_registration_sent"


class EventIndexPage(RoutablePageMixin, BasePage):
    """/termine/: upcoming events first, then the archive by year; filters; calendar feeds."""

    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    def events(self):
        return public(EventPage.objects.live()).descendant_of(self)

    def render_route(self, request, template: str, context: dict, status: int = 200):
        return TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )

    def route_url(self, name: str, *args) -> str:
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar_url"] = self.route_url("calendar_route")
        context["feed_url"] = self.route_url("feed_route")
        return context

    @path("")
    def index_route(self, request):
        form = EventFilterForm(request.GET or None)
        if form.is_bound:
            data = listing.listing_context(self.events(), form)
        else:  # the unfiltered list: once per generation, until its first event is over
            data = per_generation(
                f"event-listing:{self.pk}",
                lambda: listing.listing_context(self.events(), form),
                expired=lambda data: listing.any_over(data["upcoming"]),
            )
            data = {**data, "form": form}
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_route(request, "events/event_index_page.html", data, status)

    @path("kalender/")
    def calendar_route(self, request):
        events = listing.upcoming(self.events())
        return calendar.calendar_response(
            events, name=self.title, filename="termine.ics", url_for=_absolute_page_url
        )

    @path("kalender/<slug:topic>/")
    def topic_calendar_route(self, request, topic):
        events, group = listing.upcoming_for_topic(self.events(), topic)
        if group is None:
            raise Http404(_("There is no such topic."))
        return calendar.calendar_response(
            events,
            name=f"{self.title}: {group.name}",
            filename=f"termine-{group.slug}.ics",
            url_for=_absolute_page_url,
        )

    @path("feed/")
    def feed_route(self, request):
        return feeds.EventFeed(self, self.events())(request)


def _absolute_page_url(page) -> str:
    return absolute_url(page.url or "/")


class EventPage(RoutablePageMixin, BasePage):
    """One event (Termin): when, where, for whom, what it costs, documents, registration, and
    afterwards the documentation (Veranstaltungsnachlese)."""

    start = models.DateTimeField(
        _("start"), help_text=_("Time zone Europe/Berlin. Year only: enter 1 January.")
    )
    end = models.DateTimeField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("known precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.TIME,
        help_text=_(
            "For past events whose day or time is not known: only what is known is shown, and "
            "nothing is invented."
        ),
    )
    event_format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.ON_SITE
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_(
            "Shown only to confirmed participants: in their confirmation mail and on their "
            "personal page. Never on the public page, in calendars or in the API."
        ),
    )
    organiser = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    partners = ParentalManyToManyField(
        "network.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    topics = ParentalManyToManyField(
        "knowledge.ProductGroup",
        verbose_name=_("topics (product groups)"),
        blank=True,
        related_name="events",
    )
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    costs = models.CharField(
        _("costs"), max_length=255, blank=True, help_text=_("E.g. 'free of charge'.")
    )
    language = models.CharField(_("language"), max_length=100, blank=True)
    step_free = models.BooleanField(_("step-free access"), null=True, blank=True)
    sign_language_on_request = models.BooleanField(
        _("sign language interpreting on request"), default=False
    )
    accessibility_notes = models.TextField(_("further accessibility information"), blank=True)
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        blank=True,
        verbose_name=_("documents"),
        help_text=_("Programme, directions, handouts."),
    )
    review = StreamField(
        ContentBlock(),
        blank=True,
        verbose_name=_("documentation (Veranstaltungsnachlese)"),
        help_text=_("After the event: report, presentations, photos."),
    )
    is_sample = models.BooleanField(_("sample entry"), default=False)

    registration_enabled = models.BooleanField(_("registration on this site"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waiting_list_places = models.PositiveIntegerField(
        _("places on the waiting list"),
        default=0,
        help_text=_("0: no waiting list; a full event then takes no more registrations."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Empty: until the start.")
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        index.SearchField("city"),
        index.SearchField("venue"),
        index.SearchField("review"),
        index.FilterField("start"),
    ]

    content_panels = (
        BasePage.content_panels[:1]
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    FieldPanel("date_precision"),
                    FieldPanel("event_format"),
                ],
                heading=_("When"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("venue"),
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("online_url"),
                ],
                heading=_("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("organiser"),
                    FieldPanel("partners"),
                    FieldPanel("topics"),
                    FieldPanel("target_group"),
                    FieldPanel("costs"),
                    FieldPanel("language"),
                ],
                heading=_("Who and what"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("step_free"),
                    FieldPanel("sign_language_on_request"),
                    FieldPanel("accessibility_notes"),
                ],
                heading=_("Accessibility"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("registration_enabled"),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list_places")]),
                    FieldPanel("registration_deadline"),
                ],
                heading=_("Registration"),
            ),
            FieldPanel("is_sample"),
        ]
        + BasePage.content_panels[1:]
        + [FieldPanel("documents"), FieldPanel("review")]
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- what the event is -----------------------------------------------------------------

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime | None:
        return timezone.localtime(self.end) if self.end else None

    @property
    def is_upcoming(self) -> bool:
        """Not yet over: the end is ahead, or (without an end) the day has not passed."""
        if self.end:
            return self.end >= timezone.now()
        return self.local_start.date() >= timezone.localdate()

    @property
    def has_calendar_file(self) -> bool:
        """A calendar entry needs at least the day."""
        return self.date_precision != DatePrecision.YEAR

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (self.venue, self.street, place) if line]

    @property
    def has_online_part(self) -> bool:
        return self.event_format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @cached_property
    def registration_event(self) -> EventPage:
        """The event registrations belong to: the page in the default language. A translation
        shares its places, waiting list and deadline (one event, several languages)."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        source = EventPage.objects.filter(translation_key=self.translation_key, locale=default)
        return source.first() or self

    def registration_closes_at(self) -> datetime:
        event = self.registration_event
        return event.registration_deadline or event.start

    def registration_is_open(self) -> bool:
        event = self.registration_event
        return (
            event.registration_enabled
            and event.date_precision == DatePrecision.TIME
            and timezone.now() < event.registration_closes_at()
        )

    def places(self) -> services.Places:
        return services.places(self.registration_event)

    # --- routes ----------------------------------------------------------------------------

    def route_url(self, name: str, *args) -> str:
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    def personal_url(self, registration: Registration) -> str:
        """The participant's personal page (absolute: for e-mails)."""
        return absolute_url(
            self.route_url("personal_route", registration.key, registration.signature)
        )

    def render_route(self, request, template: str, context: dict, status: int = 200):
        return TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent()
        if self.has_calendar_file:
            context["ics_url"] = self.route_url("ics_route")
        if self.registration_enabled:
            context["register_url"] = self.route_url("register_route")
        return context

    @path("")
    def detail_route(self, request):
        places = self.places() if self.registration_enabled else None
        return self.render_route(request, "events/event_page.html", {"places": places})

    @path("kalender/")
    def ics_route(self, request):
        if not self.has_calendar_file:
            raise Http404(_("Only the year of this event is known: there is no calendar entry."))
        return calendar.calendar_response(
            [self], name=self.title, filename=f"{self.slug}.ics", url_for=_absolute_page_url
        )

    @path("anmelden/")
    def register_route(self, request):
        """GET: the form (or the thank-you state). POST: validate, then register or put on
        the waiting list. Invalid input re-renders with an error summary (200) and stores
        nothing; too many submissions from one network: 429; a full or closed event: 409."""
        if not self.registration_enabled:
            raise Http404(_("This event takes no registrations on this site."))
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        template = "events/registration.html"
        context = {"privacy_url": privacy_url(request), "route_title": _("Registration")}
        if request.method != "POST":
            sent = request.session.pop(SENT_SESSION_KEY, None)
            context.update(form=RegistrationForm(privacy_url=context["privacy_url"]), sent=sent)
            return personal(
                self.render_route(request, template, {**context, **self.registration_state()})
            )
        form = RegistrationForm(request.POST, privacy_url=context["privacy_url"])
        context["form"] = form
        if not check_rate_limit(request, REGISTER_RATE_SCOPE):
            form.is_valid()  # the form shows the entries again, with their errors
            context.update(
                rate_limited=True,
                rate_limit_message=RATE_LIMIT_MESSAGE,
                **self.registration_state(),
            )
            return personal(self.render_route(request, template, context, status=429))
        if not form.is_valid():
            return personal(
                self.render_route(request, template, {**context, **self.registration_state()})
            )
        try:
            registration = services.register(
                self.registration_event, form.cleaned_data, language=self.locale.language_code
            )
        except services.RegistrationRefused as refusal:
            context.update(refusal=str(refusal), **self.registration_state())
            return personal(self.render_route(request, template, context, status=409))
        tasks.confirm_registration.enqueue(
            registration.pk,
            event_url=absolute_url(self.url),
            personal_url=self.personal_url(registration),
        )
        request.session[SENT_SESSION_KEY] = registration.status
        return HttpResponseRedirect(self.route_url("register_route"))

    def registration_state(self) -> dict:
        return {"places": self.places(), "open": self.registration_is_open()}

    @path("teilnahme/<uuid:key>/<str:signature>/")
    def personal_route(self, request, key, signature):
        """The participant's page, reached through the signed link in the mail: status, the
        online link (confirmed participants), the calendar file; POST cancels."""
        registration = Registration.objects.by_link(key, signature)
        if registration is None or registration.event_id != self.registration_event.pk:
            raise Http404(_("This link is not valid (any more)."))
        template = "events/personal.html"
        base = {"route_title": _("Your registration")}
        if request.method == "POST":
            promoted = services.cancel(registration)
            if promoted is not None:
                tasks.announce_moved_up.enqueue(
                    promoted.pk,
                    event_url=absolute_url(self.url),
                    personal_url=self.personal_url(promoted),
                )
            return personal(self.render_route(request, template, {**base, "cancelled": True}))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        context = {
            **base,
            "registration": registration,
            "waiting_position": registration.waiting_position(),
        }
        return personal(self.render_route(request, template, context))
