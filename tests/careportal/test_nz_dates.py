"""R-DATE-1: a timestamp shown as a date is the New Zealand date. 02:28 on 4 December in Auckland (NZDT,
UTC+13) is 13:28 on 3 December in UTC: every place below says 4 December, one day-first style."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from agreements.models import Agreement
from agreements.services.common import not_before_start
from careportal.exceptions import RuleViolation
from careportal.export import _cell
from careportal.notifications.models import Notification
from partners.models import Application, Evidence
from tests.agreements.factories import agreement_in
from tests.partners.factories import ApplicationFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
UPLOADED = datetime(2026, 12, 3, 13, 28, tzinfo=UTC)  # 02:28 on 4 December 2026, New Zealand time


def test_the_filters_show_the_new_zealand_day_day_first():
    html = Template('{{ t|nz_date }}|{{ t|nz_date:"short" }}|{{ t|nz_datetime }}|{{ none|nz_date }}').render(
        Context({"t": UPLOADED, "none": None})
    )
    assert html == "4 December 2026|4 Dec 2026|4 Dec 2026, 02:28|"


def test_django_s_own_date_format_is_day_first():
    assert Template("{{ t|date }}|{{ t|date:'SHORT_DATE_FORMAT' }}").render(Context({"t": UPLOADED})) == (
        "4 December 2026|4 Dec 2026"
    )


def test_the_pfo_home_says_uploaded_on_the_new_zealand_day(portal_as, pfo):
    evidence = EvidenceFactory()
    Evidence.objects.filter(pk=evidence.pk).update(created_at=UPLOADED)
    html = portal_as(pfo).get(reverse("home")).content.decode()
    assert "uploaded 4 Dec 2026" in html and "uploaded 3 Dec" not in html


def test_the_partners_csv_started_is_the_new_zealand_day(portal_as, pfo):
    application = ApplicationFactory(state="confirmation")
    Application.objects.filter(pk=application.pk).update(created_at=UPLOADED)
    response = portal_as(pfo).get(reverse("partners:pipeline"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["Started"] for row in rows] == ["2026-12-04"]


def test_a_timestamp_in_any_export_is_new_zealand_time():
    assert _cell(UPLOADED) == "2026-12-04 02:28:00"


def test_the_notifications_list_shows_new_zealand_time(portal_as, worker):
    note = Notification.objects.create(recipient=worker, kind="x", message="Something happened")
    Notification.objects.filter(pk=note.pk).update(created_at=UPLOADED)
    assert "4 Dec 2026, 02:28" in portal_as(worker).get(reverse("notifications:list")).content.decode()


def test_the_start_date_in_a_refusal_is_day_first_not_iso(worker):
    agreement = agreement_in("active", drafted_by=worker)
    with pytest.raises(RuleViolation) as refused:
        not_before_start(agreement, agreement.start_date.replace(year=2000), field="x", what="signature date")
    assert agreement.start_date.isoformat() not in refused.value.message
    assert f"{agreement.start_date.day} " in refused.value.message


def test_a_version_asked_for_again_is_issued_on_the_new_zealand_day_of_approval(monkeypatch, worker):
    from agreements import versions

    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    Agreement.objects.filter(pk=agreement.pk).update(approved_at=UPLOADED, signing_version=None)
    asked: list[tuple] = []
    monkeypatch.setattr(versions, "enqueue", lambda task, *args: asked.append(args) or True)
    versions.requeue_documents()
    assert (str(agreement.pk), "2026-12-04") in asked
