"""Subscribers (Abonnenten) and deliveries (who got which issue): personal data, coordinators
only; no public page reads them (``shown_on_public_pages = False``).

A subscriber is *pending* from the sign-up until the signed link in the confirmation mail is
followed (double opt-in), then *confirmed*. Unsubscribing takes effect at once: the address,
the topics and the language are deleted, and only a keyed hash of the address stays with the
consent and confirmation times as proof (docs/newsletter.md, "Data protection") until
``purge_subscribers`` deletes the row after ``PROOF_RETENTION_DAYS``. Pending rows are
deleted after ``PENDING_DAYS``.

Links carry the subscriber's random ``key`` and a signature (``django.core.signing``; the
confirmation link's signer is timestamped and expires with the pending row), so neither a
guessed number nor an edited link acts on somebody else's subscription.
"""

import uuid
from datetime import timedelta

from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PROOF_SALT = "newsletter.proof"
PENDING_DAYS = 7  # an unconfirmed sign-up is deleted after this many days
PROOF_RETENTION_DAYS = 3 * 365  # the hashed proof of a former subscription (limitation period)


class Topic(models.TextChoices):
    """The fixed topics besides the product groups."""

    NEWS = "news", _("News of the alliance")
    EVENTS = "events", _("Events")
    PRACTICE = "practice", _("Practice examples")


TOPIC_FIELDS = {
    Topic.NEWS: "topic_news",
    Topic.EVENTS: "topic_events",
    Topic.PRACTICE: "topic_practice",
}


def proof_hash(email: str) -> str:
    """Keyed hash of an address (SECRET_KEY): shows whether a given address had subscribed,
    without keeping the address."""
    return salted_hmac(PROOF_SALT, email.strip().lower(), algorithm="sha256").hexdigest()


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def interested_in(self, topics, product_group_ids):
        """Confirmed subscribers for an issue about ``topics`` (Topic values) and the product
        groups ``product_group_ids``: those who chose any of them, and those who chose nothing
        (everything). An issue without topics and groups goes to every confirmed subscriber."""
        subscribers = self.confirmed()
        topics, product_group_ids = list(topics), list(product_group_ids)
        if not topics and not product_group_ids:
            return subscribers
        chose_nothing = Q(**{field: False for field in TOPIC_FIELDS.values()}) & Q(
            product_groups__isnull=True
        )
        match = chose_nothing | Q(product_groups__in=product_group_ids)
        for topic in topics:
            match |= Q(**{TOPIC_FIELDS[topic]: True})
        return subscribers.filter(pk__in=self.filter(match).values("pk"))

    def by_key(self, key: uuid.UUID, signature: str, salt: str, max_age=None):
        """The subscriber a signed link names, or None (bad or forged signature). An expired
        timestamped signature raises ``signing.SignatureExpired``."""
        signer = signing.TimestampSigner(salt=salt) if max_age else signing.Signer(salt=salt)
        try:
            if max_age:  # "<timestamp>-<signature>": Wagtail's URLs allow no colon
                signer.unsign(f"{key}:{signature.replace('-', ':', 1)}", max_age=max_age)
            else:
                signer.unsign(f"{key}:{signature}")
        except signing.SignatureExpired:
            raise
        except signing.BadSignature:
            return None
        return self.filter(key=key).first()

    def pending_expired(self, now):
        return self.filter(
            status=Subscriber.Status.PENDING, created_at__lt=now - timedelta(days=PENDING_DAYS)
        )

    def proof_expired(self, now):
        return self.filter(
            status=Subscriber.Status.UNSUBSCRIBED,
            unsubscribed_at__lt=now - timedelta(days=PROOF_RETENTION_DAYS),
        )


class Subscriber(models.Model):
    """One address that signed up for the newsletter (Abonnent)."""

    shown_on_public_pages = False  # core.pagecache: a sign-up renders no page anew

    class Status(models.TextChoices):
        PENDING = "pending", _("not yet confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed (hashed proof only)")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), null=True, blank=True, unique=True)
    email_hash = models.CharField(_("hash of the address"), max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    topic_news = models.BooleanField(Topic.NEWS.label, default=False)
    topic_events = models.BooleanField(Topic.EVENTS.label, default=False)
    topic_practice = models.BooleanField(Topic.PRACTICE.label, default=False)
    product_groups = models.ManyToManyField(
        "knowledge.ProductGroup",
        verbose_name=_("product groups"),
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    consent_text = models.TextField(_("consent text (as shown)"))
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.email or _("former subscriber %(hash)s") % {"hash": self.email_hash[:8]}

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
            self.email_hash = proof_hash(self.email)
        super().save(*args, **kwargs)

    @property
    def confirm_signature(self) -> str:
        """Timestamped: ``by_key(..., max_age=PENDING_DAYS)`` refuses it after the pending
        row's lifetime. "<timestamp>-<signature>" (base62, then URL-safe base64)."""
        signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(self.key))
        return signed.split(":", 1)[1].replace(":", "-", 1)

    @property
    def unsubscribe_signature(self) -> str:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).signature(str(self.key))

    @property
    def topics(self) -> list[str]:
        return [topic for topic, field in TOPIC_FIELDS.items() if getattr(self, field)]

    @property
    def topic_list(self) -> str:
        """The chosen topics and product groups, for the export ("" = everything)."""
        names = [str(Topic(topic).label) for topic in self.topics]
        return ", ".join(names + [group.name for group in self.product_groups.all()])

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Delivery(models.Model):
    """One issue mailed to one subscriber. The row is written (and committed) before the mail
    goes out, so a restarted send skips everyone who has one: nobody gets an issue twice."""

    shown_on_public_pages = False

    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("handed to the mail server at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id}"


class Dispatch(models.Model):
    """The sending of one issue: when it started and finished, how many it goes to. An issue
    appears in the archive once its dispatch has finished (or it is a sample)."""

    issue = models.OneToOneField(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="dispatch",
    )
    started_at = models.DateTimeField(_("sending started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self):
        return f"{self.issue_id}: {self.started_at:%Y-%m-%d}"
