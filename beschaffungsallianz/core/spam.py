"""Anti-bot helpers for public forms: a honeypot field and a per-IP rate limit, no CAPTCHA.

Honeypot: forms inherit ``HoneypotFormMixin`` (before ``forms.Form``/``forms.ModelForm``) and
render ``{{ form.honeypot }}`` somewhere inside the ``<form>``. The field is not part of
``form.fields`` (so ``{% for field in form %}`` never shows it); it is hidden from sighted users
(``kern-sr-only``), from screen readers (``aria-hidden``), from keyboard users (``tabindex=-1``)
and from autofill (``autocomplete=off``). A filled-in honeypot makes the form invalid with a
clear, non-field message; ``form.honeypot_triggered`` tells the view.

Rate limit: ``check_rate_limit(request, "network:join")`` counts one attempt for the client's
IP address in that scope and returns False once more than ``limit`` attempts fall into the
current window. The view then answers 429 with the form and ``RATE_LIMIT_MESSAGE``. The cache
key holds a keyed hash of the address, never the address itself; IPv6 addresses count per /64
network (one household or phone usually owns a whole /64).
"""

import hashlib
import hmac
import ipaddress

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

HONEYPOT_CSS_CLASS = "kern-sr-only"
HONEYPOT_MESSAGE = _(
    "Your submission looks automated and was not saved. If you are a person, please leave the "
    "field “Leave this field empty” empty and send the form again."
)
# A form page served from the page cache has no CSRF token in it (site.js fetches one, see
# core.views.form_token); a submit without it comes back with its entries and this message.
TOKEN_REFUSED_MESSAGE = _(
    "Your entry has not been sent yet: your browser did not send the form's security token "
    "(for example because JavaScript is switched off or the page was open for a long time). "
    "Your entries are kept – please send the form once more."
)
RATE_LIMIT_MESSAGE = _(
    "Too many submissions from your network in a short time. Your entry was not saved. "
    "Please try again in an hour or write to us by e-mail."
)


class HoneypotFormMixin:
    """Adds an invisible trap field that people leave empty and form-filling bots do not."""

    honeypot_field_name = "homepage"
    honeypot_label = _("Leave this field empty")

    @property
    def honeypot_triggered(self) -> bool:
        return bool(
            self.is_bound
            and (self.data.get(self.add_prefix(self.honeypot_field_name)) or "").strip()
        )

    @property
    def honeypot(self):
        """HTML of the trap field; always rendered empty."""
        name = self.add_prefix(self.honeypot_field_name)
        field_id = f"id_{name}"
        return format_html(
            '<div class="{}" aria-hidden="true">'
            '<label for="{}">{}</label>'
            '<input type="text" name="{}" id="{}" value="" tabindex="-1" autocomplete="off">'
            "</div>",
            HONEYPOT_CSS_CLASS,
            field_id,
            self.honeypot_label,
            name,
            field_id,
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.honeypot_triggered:
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned_data


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted reverse proxies.

    With ``TRUSTED_PROXY_COUNT = n`` (n proxies in front of Django, each appending to
    X-Forwarded-For), the client is the n-th address from the right; anything left of it may
    be forged by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                return remote
            return candidate
    return remote


def client_key(request: HttpRequest) -> str:
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        normalised = address or "unknown"
    else:
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.version == 6:
            normalised = str(ipaddress.ip_network(f"{ip}/64", strict=False))
        else:
            normalised = str(ip)
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def check_rate_limit(
    request: HttpRequest,
    scope: str,
    limit: int | None = None,
    window: int = 3600,
) -> bool:
    """Count one attempt; True while the client has made at most ``limit`` in this window.

    ``limit`` defaults to ``settings.FORM_RATE_LIMIT_PER_HOUR``. The window is fixed: it starts
    with the first attempt and lasts ``window`` seconds.
    """
    if limit is None:
        limit = settings.FORM_RATE_LIMIT_PER_HOUR
    key = f"ratelimit:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
