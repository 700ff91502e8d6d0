"""Views of /mitgliederbereich/ (plain Django views: the area is no page of the public tree, so
no sitemap, search, feed, menu or page cache can reach it; docs/exchange.md says why).

Every view is wrapped by ``access.members_only`` (login, membership, private answer) and reads
its object through ``access``; reads come from ``listing``, writes go through ``services``.
Forms follow post/redirect/get; bad input re-displays the form with its error summary (400).
"""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beschaffungsallianz.exchange import access, listing, services
from beschaffungsallianz.exchange.access import members_only
from beschaffungsallianz.exchange.forms import (
    DirectoryFilterForm,
    EditForm,
    ReplyForm,
    ReportForm,
    ThreadFilterForm,
    ThreadForm,
)


def _thread_url(thread, anchor: str = "") -> str:
    return reverse("exchange:thread-detail", args=[thread.pk]) + anchor


def _render(request, template: str, context: dict, status: int = 200):
    return TemplateResponse(request, f"exchange/{template}", context, status=status)


@members_only
def start(request):
    since = services.record_visit(request.user, timezone.now())
    return _render(request, "start.html", listing.start_context(request.user, since))


@members_only
def thread_list(request):
    form = ThreadFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    page_obj = listing.thread_list(form, request)
    return _render(request, "thread_list.html", {"form": form, "page_obj": page_obj}, status)


@members_only
def thread_create(request):
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        thread = services.create_thread(
            request.user,
            title=data["title"],
            body=data["body"],
            topics=form.topics(),
            files=form.uploads(),
            consent=data["credit_consent"],
        )
        messages.success(request, _("Your question has been published."))
        return redirect(_thread_url(thread))
    status = 400 if form.is_bound else 200
    return _render(request, "thread_form.html", {"form": form}, status)


@members_only
def thread_detail(request, pk):
    thread = access.thread_for(request, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if thread.locked:
            messages.error(request, _("This thread is locked: no more replies."))
            return redirect(_thread_url(thread))
        if form.is_valid():
            data = form.cleaned_data
            post = services.reply(
                thread,
                request.user,
                body=data["body"],
                files=form.uploads(),
                consent=data["credit_consent"],
            )
            messages.success(request, _("Your reply has been published."))
            return redirect(_thread_url(thread, f"#beitrag-{post.pk}"))
    elif "zitat" in request.GET:
        form = ReplyForm(initial={"body": listing.quote_of(thread, request.GET["zitat"])})
    moderator = access.can_moderate(request.user)
    context = {
        "thread": thread,
        "page_obj": listing.thread_posts(thread, request, moderator=moderator),
        "form": form,
        "subscribed": listing.is_subscribed(thread, request.user),
        "is_asker": thread.author_id == request.user.pk,
        "edit_minutes": settings.EXCHANGE_EDIT_MINUTES,
    }
    return _render(request, "thread_detail.html", context, 400 if form.is_bound else 200)


@members_only
@require_POST
def subscription(request, pk):
    thread = access.thread_for(request, pk)
    subscribed = request.POST.get("subscribe") == "1"
    services.set_subscription(thread, request.user, subscribed=subscribed)
    if subscribed:
        messages.success(request, _("You follow this thread now."))
    else:
        messages.success(request, _("You no longer follow this thread."))
    return redirect(_thread_url(thread))


@members_only
@require_POST
def helpful(request, pk):
    post = access.post_for(request, pk)
    choose = request.POST.get("helpful") == "1"
    try:
        services.mark_helpful(post.thread, request.user, post if choose else None)
    except services.ExchangeError as error:
        messages.error(request, str(error))
    return redirect(_thread_url(post.thread, f"#beitrag-{post.pk}"))


@members_only
def post_edit(request, pk):
    post = access.post_for_edit(request, pk)
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        services.edit_post(post, body=form.cleaned_data["body"])
        messages.success(request, _("Your post has been changed."))
        return redirect(_thread_url(post.thread, f"#beitrag-{post.pk}"))
    context = {"form": form, "post": post, "deadline": access.edit_deadline(post)}
    return _render(request, "post_edit.html", context, 400 if form.is_bound else 200)


@members_only
def post_report(request, pk):
    post = access.post_for(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_post(post, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. The coordinators will look at the post."))
        return redirect(_thread_url(post.thread, f"#beitrag-{post.pk}"))
    return _render(
        request, "post_report.html", {"form": form, "post": post}, 400 if form.is_bound else 200
    )


@members_only
def attachment(request, pk):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    item = access.attachment_for(request, pk)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@members_only
def member_directory(request):
    form = DirectoryFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    page_obj = listing.directory(form, request)
    return _render(request, "directory.html", {"form": form, "page_obj": page_obj}, status)
