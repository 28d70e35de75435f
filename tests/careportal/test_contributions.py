"""The apps' contributions to the core (careportal.contributions): found on the installed apps' AppConfigs,
in their declared order, which is part of the behaviour (the daily sweep re-queues PDFs after the records
move and writes the audit digest last; the demo organisations come before their users)."""

from __future__ import annotations

from django.test import modify_settings

from careportal.contributions import contributed, scopes


def _names(functions: list) -> list[str]:
    return [f"{function.__module__}.{function.__name__}" for function in functions]


def test_the_sweep_asks_for_owed_agreement_documents_then_runs_each_app_then_the_audit_digest():
    # The agreements' documents first: the day's reminders (R-ALL-6 copies given) see the executed copies
    # the catch-up made, so a second sweep on the same day sends nothing new.
    assert _names(contributed(lambda c: c.sweep)) == [
        "agreements.versions.requeue_documents",
        "agreements.sweep.run",
        "partners.sweep.run",
        "agreements.replanning.run",
        "referrals.sweep.run",
        "quality.sweep.run",
        "quality.services.report.requeue_final_reports",
        "careportal.audit.digest.run",
    ]


def test_the_demo_seeds_organisations_then_users_then_each_app():
    assert _names(contributed(lambda c: c.demo)) == [
        "partners.demo.seed_organisations",
        "careportal.demo.seed_users",
        "partners.demo.seed",
        "agreements.demo.seed",
        "referrals.demo.seed",
        "quality.demo.seed",
    ]


def test_the_pages_list_the_apps_in_a_fixed_order():
    apps = ["agreements", "partners", "referrals", "quality"]
    assert _names(contributed(lambda c: c.work_queue)) == [f"{app}.portal.work_queue" for app in apps]
    assert _names(contributed(lambda c: c.calendar_events)) == [
        f"{app}.portal.calendar_events" for app in apps
    ]
    assert _names(contributed(lambda c: c.dashboard_charts)) == [
        f"{app}.portal.dashboard_charts" for app in ["agreements", "referrals", "partners"]
    ]


def test_every_scoped_model_is_scoped_by_its_own_app():
    assert sorted(scopes()) == [
        "accounts.user",
        "agreements.agreement",
        "agreements.child",
        "partners.application",
        "partners.organisation",
        "quality.qacycle",
        "quality.qareview",
        "referrals.referral",
    ]


def test_each_search_kind_is_contributed_once_with_a_scope():
    from careportal.search import KINDS, searchables

    found = searchables()
    assert list(found) == list(KINDS)
    assert all(s.model in scopes() for s in found.values())


def test_an_app_not_installed_contributes_nothing():
    with modify_settings(INSTALLED_APPS={"remove": ["referrals"]}):
        assert "referrals.sweep.run" not in _names(contributed(lambda c: c.sweep))
        assert "referrals.portal.work_queue" not in _names(contributed(lambda c: c.work_queue))
    assert "referrals.sweep.run" in _names(contributed(lambda c: c.sweep))
