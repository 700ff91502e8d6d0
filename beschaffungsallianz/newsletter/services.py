"""Writes on subscriptions: sign up (double opt-in), confirm, unsubscribe, purge.

``subscribe`` answers every address the same way (the caller shows the same page and mails
the address), so the form never reveals whether somebody is subscribed. Functions never import
the page models; the caller mails (it knows the links).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from beschaffungsallianz.newsletter.models.subscribers import TOPIC_FIELDS, Subscriber


@dataclass(frozen=True)
class SignUp:
    subscriber: Subscriber
    already_confirmed: bool  # then mail "already subscribed", not a confirmation link


def subscribe(data: dict, *, consent_text: str, language: str) -> SignUp:
    """Store a pending subscription from the form's cleaned data (``email``, ``topics``,
    ``product_groups``), or renew a pending one (new topics, consent and link). A confirmed
    address is left as it is: a stranger must not change somebody's topics."""
    email = data["email"].strip().lower()
    now = timezone.now()
    fields = {
        "consent_text": consent_text,
        "consented_at": now,
        "created_at": now,
        "language": language,
        **{field: topic in data["topics"] for topic, field in TOPIC_FIELDS.items()},
    }
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
            if subscriber is not None and subscriber.is_confirmed:
                return SignUp(subscriber, already_confirmed=True)
            if subscriber is None:
                subscriber = Subscriber(email=email)
            for name, value in fields.items():
                setattr(subscriber, name, value)
            subscriber.save()
            subscriber.product_groups.set(data["product_groups"])
            return SignUp(subscriber, already_confirmed=False)
    except IntegrityError:  # the same address in a concurrent request
        return SignUp(Subscriber.objects.get(email=email), already_confirmed=True)


def confirm(subscriber: Subscriber) -> Subscriber:
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def unsubscribe(subscriber: Subscriber) -> Subscriber:
    """At once: the address, topics and language are deleted; the keyed hash of the address
    and the consent and confirmation times stay as proof (docs/newsletter.md)."""
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return subscriber
    with transaction.atomic():
        subscriber.email = None
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.language = ""
        for field in TOPIC_FIELDS.values():
            setattr(subscriber, field, False)
        subscriber.save()
        subscriber.product_groups.clear()
    return subscriber


def purge_subscribers(*, now=None) -> tuple[int, int]:
    """Delete sign-ups not confirmed within ``PENDING_DAYS`` and the hashed proofs of former
    subscribers after ``PROOF_RETENTION_DAYS``. Returns (pending, proofs) deleted."""
    now = now or timezone.now()
    pending = _delete(Subscriber.objects.pending_expired(now))
    proofs = _delete(Subscriber.objects.proof_expired(now))
    return pending, proofs


def _delete(queryset) -> int:
    count = queryset.count()
    queryset.delete()
    return count
