"""Settings: typed environment values fail loudly; production passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from careportal.settings import env

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
    "SECRET_KEY": "k3y-" + "Zx9!qT7#mP2$wL5^" * 4,
    "ALLOWED_HOSTS": "careportal.example.govt.nz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/careportal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "AGREEMENT_SEAL_KEY_PASSPHRASE": "a-passphrase-operators-set",  # required in production
}


def _run(args, extra_env):
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_a_bad_environment_value_stops_start_up_with_a_clear_message():
    result = _run(["check"], {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS='a year' is not valid: expected a whole number of at least 0" in result.stderr


@pytest.mark.parametrize("secret", ["SECRET_KEY", "AGREEMENT_SEAL_KEY_PASSPHRASE"])
def test_production_refuses_to_start_without_its_secrets(secret):
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != secret}
    result = _run(["check"], {**environment, secret: ""})  # "" counts as unset (the environment's copy too)
    assert result.returncode != 0
    assert f"Environment variable {secret} is required" in result.stderr


@pytest.mark.parametrize(
    ("helper", "raw", "expected"),
    [
        (env.env_bool, "yes", True),
        (env.env_bool, "OFF", False),
        (env.env_int, "42", 42),
        (env.env_list, "a, b,,c", ["a", "b", "c"]),
    ],
)
def test_typed_helpers_parse_good_values(monkeypatch, helper, raw, expected):
    monkeypatch.setenv("CAREPORTAL_X", raw)
    assert helper("CAREPORTAL_X") == expected


@pytest.mark.parametrize(
    ("helper", "raw"),
    [(env.env_bool, "maybe"), (env.env_int, "12x"), (env.env_database, "not-a-url")],
)
def test_typed_helpers_refuse_bad_values(monkeypatch, helper, raw):
    monkeypatch.setenv("CAREPORTAL_X", raw)
    with pytest.raises(ImproperlyConfigured, match="CAREPORTAL_X"):
        helper("CAREPORTAL_X")


def test_redis_url_must_be_a_redis_url(monkeypatch):
    monkeypatch.setenv("CAREPORTAL_X", "http://localhost")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env.env_url("CAREPORTAL_X", schemes=("redis", "rediss"))


def test_missing_required_value_is_named(monkeypatch):
    monkeypatch.delenv("CAREPORTAL_X", raising=False)
    with pytest.raises(ImproperlyConfigured, match="CAREPORTAL_X is required"):
        env.env_str("CAREPORTAL_X")


def test_postgresql_statements_are_prepared_and_planned_for_their_values(monkeypatch):
    """Decision 0010: prepared statements (parsed, and planned if parameterless, once per connection), with
    parameters still planned for their values; a switch for poolers in transaction mode."""
    monkeypatch.setenv("CAREPORTAL_X", "postgres://u@db:5432/careportal")
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = env.env_database("CAREPORTAL_X")["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    assert "plan_cache_mode=force_custom_plan" in options["options"]
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    options = env.env_database("CAREPORTAL_X")["OPTIONS"]
    assert "server_side_binding" not in options and "random_page_cost=1.1" in options["options"]
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARED_STATEMENTS"):
        env.env_database("CAREPORTAL_X")


def test_the_test_database_connection_prepares_statements():
    from django.db import connection

    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
