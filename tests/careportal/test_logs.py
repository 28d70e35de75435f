"""The log scrubber, the request line and the log format switch (decision 0024; the journey through real
processes is tests/careportal/test_logs_journey.py)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from careportal.observability.logs import JsonFormatter, RequestIdFilter, scrub
from careportal.settings.observability import logging_settings


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("sent to aroha.tipene@example.org", "aroha.tipene@example.org"),
        ("Authorization: Bearer abcdef0123456789", "abcdef0123456789"),
        ("header Token 9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706"),
        ("password=hunter2-long-one", "hunter2-long-one"),
        ('{"password": "hunter2-long-one"}', "hunter2-long-one"),
        ("redis://:redis-pass@redis:6379/0", "redis-pass"),
        ("postgres://app:db-pass@db:5432/careportal", "db-pass"),
        ("GET /api/v1/search/?q=Whet%C5%ABrangi", "Whet%C5%ABrangi"),
        ("GET /agreements/?child=Aroha&page=2", "Aroha"),
        ("GET /calendar/Zx81_kQ-secret-feed-token.ics", "Zx81_kQ-secret-feed-token"),
        ("DETAIL:  Key (name)=(Aroha Tipene) already exists.", "Aroha Tipene"),
        ("Failing row contains (7, Aroha Tipene, 2014-02-01).", "Aroha Tipene"),
    ],
)
def test_the_scrubber_removes_personal_data_and_secrets(text, gone):
    assert gone not in scrub(text)


def test_the_scrubber_keeps_what_an_operator_needs():
    line = "POST /api/v1/agreements/<pk>/approve/ 200 12.5ms user=7 queries=21"
    assert scrub(line) == line
    assert scrub("/calendar/<str:token>.ics") == "/calendar/<str:token>.ics"


def test_a_json_line_carries_the_request_id_and_is_scrubbed():
    record = logging.LogRecord("careportal.x", logging.INFO, __file__, 1, "mail to %s", ("a@b.nz",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "mail to [email]"
    assert line["request_id"] == "-" and line["level"] == "INFO" and line["logger"] == "careportal.x"
    assert "time" in line


def test_text_by_default_json_on_request_and_a_bad_value_stops_start_up(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert logging_settings(default_format="text")["handlers"]["console"]["formatter"] == "text"
    assert logging_settings(default_format="json")["handlers"]["console"]["formatter"] == "json"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert logging_settings(default_format="text")["handlers"]["console"]["formatter"] == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_settings(default_format="text")


def test_the_request_line_names_the_view_and_the_user_by_id_only(portal_as, worker, caplog):
    with caplog.at_level(logging.INFO, logger="careportal.request"):
        response = portal_as(worker).get("/?q=Aroha", HTTP_X_REQUEST_ID="line-test-1")
    assert response["X-Request-ID"] == "line-test-1"
    (record,) = [r for r in caplog.records if r.name == "careportal.request"]
    assert (record.method, record.view, record.route, record.status) == ("GET", "home", "/", 200)
    assert record.user_id == worker.pk and record.db_queries > 0
    assert worker.username not in record.getMessage() and "Aroha" not in record.getMessage()
