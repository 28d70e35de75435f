"""seed_demo, run_reminders, Celery wiring and docker-compose."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from careportal.celery import app as celery_app
from careportal.demo import USERS
from partners.models import Organisation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_every_demo_user_can_sign_in(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (get_user_model().objects.count(), Organisation.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (get_user_model().objects.count(), Organisation.objects.count()) == counts
    for username in ["worker", "supervisor", "coordinator", "drc", "pfo", "hub", "delegate", "partner_admin",
                     "partner_staff", "applicant_admin", "provider", "provider2", "admin"]:  # fmt: skip
        assert username in USERS
        assert get_user_model().objects.get(username=username).check_password("demo-password"), username
    partner = get_user_model().objects.get(username="partner_admin").organisation
    assert partner.legal_name == "Kāinga Care Trust"


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    call_command("seed_demo", "--force", "--password", "another-password-1", stdout=StringIO())
    assert get_user_model().objects.get(username="worker").check_password("another-password-1")


@pytest.mark.django_db
def test_run_reminders_accepts_a_date_and_refuses_a_bad_one():
    out = StringIO()
    call_command("run_reminders", "--today", "2026-11-22", stdout=out)
    assert "Daily sweep for 2026-11-22" in out.getvalue()
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("run_reminders", "--today", "22/11/2026")


def test_beat_runs_the_sweep_daily_at_six_new_zealand_time(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-sweep"]
    assert entry["task"] == "careportal.notifications.tasks.daily_sweep"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Pacific/Auckland"
    from careportal.notifications.tasks import daily_sweep

    assert daily_sweep.name == entry["task"]
    assert entry["task"] in celery_app.tasks


def test_celery_is_wired_to_redis():
    assert celery_app.conf.broker_url.startswith("redis://")
    assert celery_app.conf.task_acks_late is True


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_docker_compose_file_is_valid():
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "SECRET_KEY": "compose-check",
            "AGREEMENT_SEAL_KEY_PASSPHRASE": "compose-check",
            "POSTGRES_PASSWORD": "p",
            "DB_OWNER_PASSWORD": "o",
            "DB_APP_PASSWORD": "a",
        },  # fmt: skip
    )
    assert result.returncode == 0, result.stderr
