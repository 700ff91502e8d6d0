from django import forms
from django.core.cache import cache
from django.test import RequestFactory

from beschaffungsallianz.core.spam import (
    HONEYPOT_CSS_CLASS,
    HoneypotFormMixin,
    check_rate_limit,
    client_ip,
)
from conftest import assert_contains


class ContactForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField()


def _request(remote="203.0.113.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_form_with_empty_honeypot_is_valid():
    form = ContactForm(data={"name": "Erika", "homepage": ""})
    assert form.is_valid()
    assert not form.honeypot_triggered


def test_form_without_honeypot_in_data_is_valid():
    assert ContactForm(data={"name": "Erika"}).is_valid()


def test_filled_honeypot_makes_form_invalid_with_non_field_error():
    form = ContactForm(data={"name": "Erika", "homepage": "http://spam.example"})
    assert not form.is_valid()
    assert form.honeypot_triggered
    assert form.non_field_errors().as_data()[0].code == "honeypot"


def test_honeypot_respects_form_prefix():
    form = ContactForm(prefix="join", data={"join-name": "Erika", "join-homepage": "x"})
    assert not form.is_valid()
    assert 'name="join-homepage"' in str(form.honeypot)


def test_honeypot_is_hidden_from_people_and_not_a_regular_field():
    form = ContactForm(data={"name": "Erika", "homepage": "filled by bot"})
    html = str(form.honeypot)
    assert_contains(
        html,
        f'class="{HONEYPOT_CSS_CLASS}"',
        'aria-hidden="true"',
        'tabindex="-1"',
        'autocomplete="off"',
        'value=""',  # never echoes what a bot typed
    )
    assert "filled by bot" not in html
    assert "homepage" not in form.fields
    assert "homepage" not in str(form)


def test_rate_limit_allows_limit_then_blocks(settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 3
    request = _request()
    assert [check_rate_limit(request, "test") for _ in range(4)] == [True, True, True, False]


def test_rate_limit_is_per_scope_and_per_ip():
    request = _request("203.0.113.7")
    for _ in range(2):
        check_rate_limit(request, "a", limit=2)
    assert not check_rate_limit(request, "a", limit=2)
    assert check_rate_limit(request, "b", limit=2)
    assert check_rate_limit(_request("203.0.113.8"), "a", limit=2)


def test_rate_limit_window_expires(monkeypatch):
    request = _request()
    assert check_rate_limit(request, "w", limit=1, window=60)
    assert not check_rate_limit(request, "w", limit=1, window=60)
    cache.clear()  # what the cache does when the window's timeout passes
    assert check_rate_limit(request, "w", limit=1, window=60)


def test_ipv6_addresses_count_per_64_network():
    first = _request("2001:db8:1:2::1")
    second = _request("2001:db8:1:2:ffff::9")
    other = _request("2001:db8:1:3::1")
    assert check_rate_limit(first, "v6", limit=1)
    assert not check_rate_limit(second, "v6", limit=1)
    assert check_rate_limit(other, "v6", limit=1)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("10.0.0.1", forwarded="198.51.100.1")) == "10.0.0.1"


def test_forwarded_for_is_ignored_when_setting_is_missing(settings):
    del settings.TRUSTED_PROXY_COUNT
    assert client_ip(_request("10.0.0.1", forwarded="198.51.100.1")) == "10.0.0.1"


def test_forwarded_for_takes_address_added_by_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real one.
    request = _request("10.0.0.1", forwarded="1.2.3.4, 198.51.100.1")
    assert client_ip(request) == "198.51.100.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"


def test_forwarded_for_falls_back_to_remote_addr_when_short_or_garbage(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.1", forwarded="198.51.100.1")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.1", forwarded="not-an-ip")) == "10.0.0.1"
    assert client_ip(_request("10.0.0.1", forwarded="")) == "10.0.0.1"


def test_rate_limit_keys_do_not_contain_the_address():
    check_rate_limit(_request("203.0.113.99"), "privacy")
    keys = list(cache._cache.keys())  # LocMemCache in tests
    assert keys and all("203.0.113.99" not in key for key in keys)


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address():
    assert check_rate_limit(_request("192.0.2.5"), "mapped", limit=1)
    assert not check_rate_limit(_request("::ffff:192.0.2.5"), "mapped", limit=1)
