"""Error reports (decision 0024): with SENTRY_DSN set, sentry-sdk posts an unhandled error's envelope to
the DSN's server; here a real HTTP server on a free loopback port stands in for it. The event arrives,
and holds no child's name, e-mail address, cookie, token, username, request body or query string."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from careportal.observability.errors import init
from tests.web_nodes import free_port

NAME = "Whetūrangi Kōtukutuku"
EMAIL = "whanau.contact@example.org"
COOKIE = "session-cookie-value-4471"
TOKEN = "api-token-value-88123"


def failing_view(request: HttpRequest) -> HttpResponse:
    child_name = request.POST["name"]  # a local variable holding the name
    raise RuntimeError(f"could not file the record; tell {request.POST['email']}") from ValueError(
        len(child_name)
    )


urlpatterns = [path("fail/", failing_view), path("", include("careportal.urls"))]  # the 500 page links home


class Envelopes:
    def __init__(self) -> None:
        self.received: list[tuple[str, bytes]] = []

    def wait(self, timeout: float = 10) -> list[tuple[str, bytes]]:
        deadline = time.monotonic() + timeout
        while not self.received and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


@pytest.fixture
def sentry_endpoint() -> Iterator[tuple[str, Envelopes]]:
    envelopes = Envelopes()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":  # sentry-sdk's choice when Brotli is installed (WeasyPrint brings it)
                import brotli

                body = brotli.decompress(body)
            envelopes.received.append((self.path, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args) -> None:
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://publickey@127.0.0.1:{port}/42", envelopes
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)  # off again for the rest of the run
        server.shutdown()
        server.server_close()


def test_an_error_is_reported_without_personal_data(sentry_endpoint, settings, worker):
    dsn, envelopes = sentry_endpoint
    settings.ROOT_URLCONF = __name__
    init(dsn=dsn, environment="test", release="test-release")
    worker.email = EMAIL
    worker.save(update_fields=["email"])
    client = Client(raise_request_exception=False)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["tracking"] = COOKIE
    response = client.post(
        f"/fail/?child={NAME}&token={TOKEN}",
        {"name": NAME, "email": EMAIL},
        HTTP_AUTHORIZATION=f"Token {TOKEN}",
        HTTP_X_REQUEST_ID="sentry-req-1",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)

    received = envelopes.wait()
    assert received, "no envelope reached the DSN's server"
    path, body = received[0]
    assert path == "/api/42/envelope/"
    text = body.decode("utf-8")
    assert "RuntimeError" in text and "could not file the record" in text
    assert "sentry-req-1" in text  # the request id, to find the request's log lines
    for secret in (NAME, "Whet", EMAIL, COOKIE, TOKEN, worker.username, settings.SESSION_COOKIE_NAME + '"'):
        where = text.find(secret)
        assert where < 0, f"{secret!r} was sent: …{text[max(0, where - 300) : where + 100]}…"
    assert '"vars"' not in text  # no local variables
    assert "tell [email]" in text  # the exception's message, scrubbed
    assert '"user":{}' in text.replace(" ", "")  # no user: the request id finds the request's log line


def test_reports_are_off_without_a_dsn(settings):
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()
