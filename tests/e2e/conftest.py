"""Browser tests: Debian's Chromium driven by Playwright against a live server (never `playwright install`).

Every journey step that matters saves a PNG in test-artifacts/screenshots/ and each page is checked with
axe-core (carried by axe-playwright-python): no serious or critical violations.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "correct-horse-battery"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason="Debian chromium is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-NZ"}


class Portal:
    """A person at the browser: sign in, move around, check accessibility, take screenshots."""

    axe = Axe()

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        page.set_default_timeout(15_000)

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def sign_in(self, username: str, password: str = PASSWORD, actor=None):
        """Sign in on the login page; `actor` (tests/e2e/actors.py) chooses mouse or keyboard alone."""
        self.page.context.clear_cookies()
        self.go("/accounts/login/")
        if actor is None:
            self.page.get_by_label("Username").fill(username)
            self.page.get_by_label("Password").fill(password)
            self.page.get_by_role("button", name="Sign in").click()
        else:
            actor.fill(self.page.get_by_label("Username"), username)
            actor.fill(self.page.get_by_label("Password"), password)
            actor.press(self.page.get_by_role("button", name="Sign in"))
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def check_accessibility(self, label: str = ""):
        """No serious or critical axe-core violations on the current page."""
        results = self.axe.run(self.page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        assert bad == [], f"axe violations on {label or self.page.url}:\n" + "\n".join(bad)

    def screenshot(self, name: str, full_page: bool = True, element=None):
        """The page (or only `element`, a locator) in test-artifacts/screenshots/<name>.png."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        if element is not None:
            element.screenshot(path=str(SHOTS / f"{name}.png"))
            return
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def checkpoint(self, name: str):
        """A journey step reached: the page passes axe-core and its picture is saved."""
        self.check_accessibility(name)
        self.screenshot(name)

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()


@pytest.fixture
def reference_data(transactional_db):
    """The reference rows the migrations seed (evidence requirements, National Care Standards parts).

    A transactional test ends by emptying every table, so the next one would find none: put them back
    with the migrations' own idempotent seed functions.
    """
    from django.apps import apps

    for module in ("partners.migrations.0004_seed_requirements", "quality.migrations.0001_initial"):
        migration = importlib.import_module(module)
        seed = getattr(migration, "seed", None) or migration.seed_national_care_standards
        seed(apps, None)


@pytest.fixture
def portal(page, live_server, reference_data):
    return Portal(page, live_server.url)
