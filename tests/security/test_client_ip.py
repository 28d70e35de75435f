"""Client addresses: X-Forwarded-For is believed only from a trusted proxy (TRUSTED_PROXIES), and the audit
trail, django-axes' lockout and the API throttle all read the address through careportal.client_ip."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from careportal.audit.models import AuditEntry
from careportal.client_ip import client_ip
from tests.agreements.factories import agreement_in
from tests.conftest import PASSWORD

REAL = "198.51.100.7"  # an untrusted client talking to the portal directly
PROXY = "10.0.0.2"  # a load balancer inside TRUSTED_PROXIES below
BEHIND = "203.0.113.9"  # a client behind that proxy


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip(REAL, "6.6.6.6") == REAL
    assert _ip(PROXY, "6.6.6.6") == PROXY


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (REAL, "6.6.6.6", REAL),  # not from a proxy of ours: the header is the client's own words
        (PROXY, BEHIND, BEHIND),
        (PROXY, f"6.6.6.6, {BEHIND}", BEHIND),  # the client wrote 6.6.6.6; the proxy appended BEHIND
        (PROXY, f"6.6.6.6, {BEHIND}, 10.1.2.3", BEHIND),  # two proxies of ours: the right-most untrusted
        (PROXY, f"{BEHIND}:51234", BEHIND),  # some proxies append the port
        (PROXY, f"not-an-address, {BEHIND}", BEHIND),
        (PROXY, "6.6.6.6, not-an-address", PROXY),  # garbage nearest us: stop at the proxy itself
        (PROXY, "", PROXY),
        (PROXY, "10.9.9.9", "10.9.9.9"),  # every hop is ours: the furthest one
        ("2001:db8::5", "[2001:db8:1::9]:443", "2001:db8:1::9"),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_address_is_the_client(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/64"]
    assert _ip(remote, forwarded) == expected


def _approve(client: Client, supervisor, worker, partner_org) -> AuditEntry:
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(f"/agreements/{agreement.pk}/approve/", {}).status_code == 302
    return AuditEntry.objects.for_object(agreement).get(action="approve")


@pytest.mark.django_db
def test_the_audit_trail_records_the_real_address_not_a_spoofed_one(
    settings, supervisor, worker, partner_org
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    spoofed = Client(REMOTE_ADDR=REAL, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert _approve(spoofed, supervisor, worker, partner_org).ip_address == REAL
    proxied = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {BEHIND}")
    assert _approve(proxied, supervisor, worker, partner_org).ip_address == BEHIND


def _login(client: Client, password: str, forwarded: str) -> int:
    return client.post(
        "/accounts/login/", {"username": "worker", "password": password}, HTTP_X_FORWARDED_FOR=forwarded
    ).status_code


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_the_sign_in_lockout(settings, worker):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = Client(REMOTE_ADDR=REAL)
    codes = [_login(client, "wrong-password", f"6.6.6.{n}") for n in range(settings.AXES_FAILURE_LIMIT)]
    assert codes[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, PASSWORD, "6.6.6.99") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {REAL}


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_lockout_is_per_client_not_per_proxy(settings, worker):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = Client(REMOTE_ADDR=PROXY)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-password", BEHIND)
    assert _login(client, PASSWORD, BEHIND) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {BEHIND}
    # Another member of staff behind the same load balancer is not locked out with them.
    assert _login(Client(REMOTE_ADDR=PROXY), PASSWORD, "203.0.113.10") == 302


def _token_codes(forwarded: list[str], remote: str = REAL) -> list[int]:
    api = APIClient(REMOTE_ADDR=remote)
    body = {"username": "nobody", "password": "nope"}
    return [
        api.post("/api/v1/auth/token/", body, format="json", HTTP_X_FORWARDED_FOR=f).status_code
        for f in forwarded
    ]


@pytest.mark.django_db
def test_a_new_spoofed_header_per_request_does_not_escape_the_token_throttle(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    codes = _token_codes([f"6.6.6.{n}" for n in range(12)])
    assert codes[:10] == [400] * 10
    assert codes[10:] == [429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_token_budget(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _token_codes([f"6.6.6.{n}, {BEHIND}" for n in range(11)], remote=PROXY)[10] == 429
    assert _token_codes(["203.0.113.10"], remote=PROXY) == [400]


def test_trusted_proxies_are_read_from_the_environment_and_a_bad_one_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from careportal.settings.env import env_networks

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1 ,2001:db8::/32")
    assert env_networks("TRUSTED_PROXIES", []) == ["10.0.0.0/8", "192.0.2.1/32", "2001:db8::/32"]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, the-load-balancer")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES", [])
