"""docker-compose.yml as a national service runs it: two web nodes behind the proxy, whose address is the
one trusted proxy, and a worker for every Celery queue (read from `docker-compose config`, resolved)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from careportal.celery_queues import QUEUES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose is not installed"
)


@pytest.fixture(scope="module")
def compose() -> dict:
    env = {
        **os.environ,
        "SECRET_KEY": "compose-check", "AGREEMENT_SEAL_KEY_PASSPHRASE": "compose-check",
        "POSTGRES_PASSWORD": "p", "DB_OWNER_PASSWORD": "o", "DB_APP_PASSWORD": "a",
    }  # fmt: skip
    done = subprocess.run(  # noqa: S603 - a fixed command
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],  # noqa: S607
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return yaml.safe_load(done.stdout)["services"]


def _command(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_two_web_nodes_run_the_same_image_and_command(compose):
    webs = [name for name, s in compose.items() if "gunicorn" in _command(s)]
    assert sorted(webs) == ["web-1", "web-2"]
    assert compose["web-1"]["command"] == compose["web-2"]["command"]
    assert compose["web-1"]["environment"] == compose["web-2"]["environment"]
    assert "ports" not in compose["web-1"], "only the proxy is published"


def test_the_proxy_is_the_one_trusted_proxy(compose):
    proxy_address = compose["proxy"]["networks"]["default"]["ipv4_address"]
    for name in ("web-1", "web-2"):
        assert compose[name]["environment"]["TRUSTED_PROXIES"] == proxy_address
    conf = (ROOT / "scripts/nginx/careportal.conf").read_text()
    assert set(re.findall(r"server (web-\d):8000", conf)) == {"web-1", "web-2"}
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf


def test_every_queue_has_a_worker(compose):
    taken = set()
    for service in compose.values():
        found = re.search(r"celery -A careportal worker -Q (\S+)", _command(service))
        if found:
            taken |= set(found.group(1).split(","))
    assert taken == set(QUEUES)


def test_web_nodes_are_checked_on_readyz_and_the_proxy_waits_for_them(compose):
    for name in ("web-1", "web-2"):
        check = " ".join(compose[name]["healthcheck"]["test"])
        assert "http://127.0.0.1:8000/readyz" in check, check
    assert compose["proxy"]["depends_on"] == {
        "web-1": {"condition": "service_healthy"},
        "web-2": {"condition": "service_healthy"},
    }


def test_metrics_and_error_reports_stay_off_until_their_variables_are_set(compose):
    for name, service in compose.items():
        environment = service.get("environment") or {}
        if "gunicorn" in _command(service) or "celery" in _command(service):
            assert environment["LOG_FORMAT"] == "json", name
            assert environment["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/"), name  # per container
            assert not environment.get("METRICS_TOKEN") and not environment.get("SENTRY_DSN"), name


def test_sign_in_invitations_and_object_storage_pass_through_and_stay_off_until_set(compose):
    passed = ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_OP_ISSUER", "OIDC_ROLE_MAP")
    passed += ("INVITATIONS_ENABLED", "PRIVATE_STORAGE", "AZURE_CONTAINER", "AZURE_CONNECTION_STRING")
    for name, service in compose.items():
        if "gunicorn" in _command(service) or "celery" in _command(service):
            environment = service.get("environment") or {}
            for variable in passed:
                assert variable in environment, (name, variable)
                assert not environment[variable], (name, variable)  # empty: the part is off
