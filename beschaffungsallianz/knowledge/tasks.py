"""Work a proposal triggers, run by django_tasks after the proposal is committed."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from beschaffungsallianz.core.notifications import admin_url, mail_staff
from beschaffungsallianz.knowledge.models.practice import PracticeExample


@task()
def notify_staff_of_proposal(example_id: int) -> int:
    """E-mail staff that a proposal arrived: what and where, plus the admin link (no personal data).

    Returns the number of recipients.
    """
    example = PracticeExample.objects.filter(pk=example_id).first()
    if example is None:
        return 0
    try:
        path = reverse("wagtailsnippets_knowledge_practiceexample:edit", args=[example.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    link = admin_url(path)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New practice example proposed: %(title)s") % {"title": example.title}
        body = _(
            "A practice example was proposed through the website. It is saved as a draft and "
            "is not public until an editor publishes it.\n\n"
            "Title: %(title)s\nBuyer: %(buyer)s\nFederal state: %(state)s\nYear: %(year)s\n"
            "Documents: %(documents)d\n\nReview it here:\n%(link)s\n"
        ) % {
            "title": example.title,
            "buyer": example.buyer_name,
            "state": example.get_state_display(),
            "year": example.year,
            "documents": example.documents.count(),
            "link": link,
        }
    return mail_staff(subject, body)
