"""``MeetingIndexPage`` (/arbeitskreis/sitzungen/): the working group's meetings, the decisions
register, a meeting's page, the answer to an invitation and the minutes with their versions.

The route methods are the views: each asks ``access.access_for(request)`` what this person may
see, calls the code below the models (``decisions``, ``services``, ``publications.compare``)
and renders. Everything internal is shown only to the group "Arbeitskreis" and staff; a
response to a logged-in person is marked private (``access.private``), so neither the page
cache nor a proxy keeps it, and the anonymous variant of the same URL never contains it.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import BasePage
from beschaffungsallianz.meetings import decisions, services
from beschaffungsallianz.meetings.access import access_for, private, refuse
from beschaffungsallianz.meetings.forms import RsvpForm
from beschaffungsallianz.meetings.models.meetings import Meeting, Rsvp
from beschaffungsallianz.publications.compare import CompareVersionsForm


class MeetingIndexPage(RoutablePageMixin, BasePage):
    """/arbeitskreis/sitzungen/: meetings (public: those that took place, with their public
    summary; the working group: everything), the decisions register, minutes."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("meetings page")

    # --- helpers ---------------------------------------------------------------------------

    def route_url(self, name: str, *args) -> str:
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    def absolute_route_url(self, name: str, *args) -> str:
        return absolute_url(self.route_url(name, *args))

    def render_route(self, request, template: str, context: dict, status: int = 200):
        response = TemplateResponse(
            request, template, {**self.get_context(request), **context}, status=status
        )
        return private(response) if request.user.is_authenticated else response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["access"] = access_for(request)
        context["decisions_url"] = self.route_url("decisions_route")
        return context

    def meeting_for(self, request, slug: str) -> Meeting:
        """The meeting ``slug`` as this person may see it: the public knows only meetings that
        have taken place (404 otherwise)."""
        meetings = Meeting.objects.all() if access_for(request).internal else Meeting.objects.past()
        return get_object_or_404(meetings, slug=slug)

    # --- routes ----------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        internal = access_for(request).internal
        data = {
            "past": Meeting.objects.past(),
            "upcoming": Meeting.objects.upcoming() if internal else Meeting.objects.none(),
        }
        return self.render_route(request, "meetings/meeting_index_page.html", data)

    @path("beschluesse/")
    def decisions_route(self, request):
        """The register (working group and staff): full text, status, year; bad filter: 400."""
        if not access_for(request).internal:
            return refuse(request)
        form = decisions.filter_form(request.GET)
        data = decisions.register_context(form)
        status = 400 if form.is_bound and not form.is_valid() else 200
        data["route_title"] = _("Decisions")
        return self.render_route(request, "meetings/decision_register.html", data, status)

    @path("<slug:meeting>/")
    def meeting_route(self, request, meeting):
        meeting = self.meeting_for(request, meeting)
        access = access_for(request)
        data = {"meeting": meeting, "route_title": meeting.title}
        if access.internal:
            versions = list(meeting.minutes.order_by("-version"))
            approved = [version for version in versions if version.is_approved]
            data.update(
                agenda=meeting.agenda_items.all(),
                minutes=approved[0] if approved else (versions[0] if versions else None),
                meeting_decisions=meeting.decisions.all(),
                rsvp=Rsvp.objects.filter(meeting=meeting, user=request.user).first(),
                answer_url=self.route_url("answer_route", meeting.slug),
                minutes_url=self.route_url("minutes_route", meeting.slug),
            )
        return self.render_route(request, "meetings/meeting.html", data)

    @path("<slug:meeting>/antwort/")
    def answer_route(self, request, meeting):
        """Yes, maybe or no (members of "Arbeitskreis" only). Bad input: the form again with
        the error summary, nothing stored; saved: back to the meeting page."""
        if not access_for(request).may_answer:
            return refuse(request)
        meeting = self.meeting_for(request, meeting)
        if meeting.has_taken_place:
            raise Http404(_("This meeting has taken place; answers are closed."))
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        rsvp = Rsvp.objects.filter(meeting=meeting, user=request.user).first()
        form = RsvpForm(request.POST if request.method == "POST" else None, instance=rsvp)
        if request.method == "POST" and form.is_valid():
            services.answer(meeting, request.user, form.cleaned_data)
            return HttpResponseRedirect(self.route_url("meeting_route", meeting.slug) + "#antwort")
        data = {
            "meeting": meeting,
            "form": form,
            "route_title": _("Your answer"),
            "route_parent_url": self.route_url("meeting_route", meeting.slug),
            "route_parent_title": meeting.title,
        }
        return self.render_route(request, "meetings/answer.html", data)

    @path("<slug:meeting>/protokoll/")
    def minutes_route(self, request, meeting):
        """All versions of the minutes (?fassung=<number> shows one) and the comparison of two
        (?von=&zu=, the rules of procedure's form and diff; a bad choice: 400)."""
        if not access_for(request).internal:
            return refuse(request)
        meeting = self.meeting_for(request, meeting)
        versions = list(meeting.minutes.select_related("approved_at").order_by("-version"))
        if not versions:
            raise Http404(_("There are no minutes of this meeting yet."))
        shown = versions[0]
        if request.GET.get("fassung"):
            shown = next((v for v in versions if str(v.version) == request.GET["fassung"]), None)
            if shown is None:
                raise Http404(_("This version of the minutes does not exist."))
        form = CompareVersionsForm.for_query(request.GET, versions=versions)
        data = {
            "meeting": meeting,
            "versions": versions,
            "version": shown,
            "form": form,
            **form.comparison(),
            "route_title": _("Minutes"),
            "route_parent_url": self.route_url("meeting_route", meeting.slug),
            "route_parent_title": meeting.title,
        }
        status = 400 if form.errors else 200
        return self.render_route(request, "meetings/minutes.html", data, status)
