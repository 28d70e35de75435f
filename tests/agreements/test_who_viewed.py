"""R-PRIV-3 "who viewed": each line names the record, and one person's views of it on one New Zealand day
(R-DATE-1) are one line with a count, read in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.selectors import record_views
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(worker, partner_org):
    return agreement_in("active", caregiver_organisation=partner_org, drafted_by=worker)


def _lines(child) -> list[tuple[str, str, str, int]]:
    return [
        (v.actor.username, str(v.day), f"{v.what} ({v.kind_label})", v.count) for v in record_views(child)
    ]


def test_repeated_views_on_a_day_are_one_line_naming_the_record(
    agreement, worker, supervisor, portal_as, settings
):
    settings.SESSION_COOKIE_AGE = 24 * 3600  # the clock moves on by more than the idle timeout
    child, ref = agreement.child, agreement.reference
    detail, child_page = f"/agreements/{agreement.pk}/", f"/agreements/tamariki/{child.pk}/"
    with time_machine.travel(datetime(2026, 12, 3, 10, 0, tzinfo=UTC), tick=False) as clock:
        client = portal_as(worker)
        # 23:30 and 23:50 on 3 December in Auckland (NZDT, UTC+13), then 00:30 on 4 December: two days.
        for hour, minute, path in ((10, 30, detail), (10, 50, detail), (11, 30, detail), (11, 40, child_page),
                                   (11, 45, "/agreements/tamariki/")):  # fmt: skip
            clock.move_to(datetime(2026, 12, 3, hour, minute, tzinfo=UTC))
            assert client.get(path).status_code == 200
        assert _lines(child) == [
            ("worker", "2026-12-04", "This tamaiti, in a list of tamariki (viewed)", 1),
            ("worker", "2026-12-04", "This tamaiti's record (viewed)", 1),
            ("worker", "2026-12-04", f"Care agreement {ref} (viewed)", 1),
            ("worker", "2026-12-03", f"Care agreement {ref} (viewed)", 2),
        ]
        clock.move_to(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
        page = portal_as(supervisor).get(child_page).content.decode()
    assert f"Care agreement {ref} (viewed)</td><td>2 times" in page
    assert "An agreement (" not in page and "3 Dec 2026" in page and "4 Dec 2026" in page


def test_who_viewed_costs_the_same_for_3_and_30_views(agreement, worker, supervisor, portal_as):
    client, child = portal_as(worker), agreement.child

    def views(n: int) -> None:
        for _ in range(n):
            client.get(f"/agreements/{agreement.pk}/")
            client.get("/agreements/tamariki/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            record_views(child)
        return len(ctx.captured_queries)

    views(3)
    few = queries()
    views(27)
    portal_as(supervisor).get("/agreements/")  # another person's list: another line
    assert queries() == few == 3
    assert [(v.actor.username, v.count) for v in record_views(child)][-2:] == [("worker", 30), ("worker", 30)]


def test_a_search_that_showed_the_tamaiti_says_so(agreement, worker, api_as):
    child = agreement.child
    query = child.case_reference[:6]
    assert api_as(worker).get("/api/v1/search/", {"q": query}).status_code == 200
    whats = {v.what for v in record_views(child)}
    assert "This tamaiti, in search results" in whats
    assert "This tamaiti, in a list of tamariki" not in whats
