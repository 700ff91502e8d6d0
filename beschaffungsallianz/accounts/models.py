"""A person's profile beside Django's user: who they are, what interests them, and the
coordinators' decision whether they may enter the members' area.

Access itself is decided by the groups (``core.roles``): ``Unverifiziert`` after registration,
``Mitglied`` once a coordinator confirms the account, ``Arbeitskreis`` for members of the
working group's member organisations. ``Profile.status`` records the decision (who, when, why)
and is only changed through ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.knowledge.models import TenderStage


class ProfileQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Profile.Status.PENDING)


class Profile(models.Model):
    # No public page reads it: a write does not renew the page cache (core/pagecache.py).
    shown_on_public_pages = False

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        VERIFIED = "verified", _("confirmed")
        DECLINED = "declined", _("declined")

    class Notifications(models.TextChoices):
        IMMEDIATE = "immediate", _("immediately")
        DAILY = "daily", _("daily digest")
        NONE = "none", _("no e-mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation (from the network)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("organisation (if not in the list)"), max_length=255, blank=True
    )
    function = models.CharField(_("role or function"), max_length=200, blank=True)
    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES, blank=True)
    product_groups = models.ManyToManyField(
        "knowledge.ProductGroup", verbose_name=_("product groups"), blank=True, related_name="+"
    )
    tender_stages = models.JSONField(_("tender stages"), default=list, blank=True)
    show_contact = models.BooleanField(
        _("show my contact details to other members"),
        default=False,
        help_text=_("Off by default. Other verified members then see your name and e-mail."),
    )
    notifications = models.CharField(
        _("e-mail notifications"),
        max_length=16,
        choices=Notifications.choices,
        default=Notifications.IMMEDIATE,
    )
    language = models.CharField(
        _("language for e-mails"), max_length=8, choices=settings.LANGUAGES, default="de"
    )

    status = models.CharField(
        _("verification"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    status_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # purge_accounts: when the warning mail went out (cleared when the reason goes away).
    purge_warned_at = models.DateTimeField(_("deletion warning sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="accounts_status_created")]

    def __str__(self):
        return self.name or self.user.get_username()

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def get_tender_stages_display(self) -> list[str]:
        labels = dict(TenderStage.choices)
        return [str(labels[stage]) for stage in self.tender_stages if stage in labels]
