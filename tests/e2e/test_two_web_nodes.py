"""Any number of web nodes: two gunicorn app servers with the production settings, one PostgreSQL, one
Redis, one storage and a real Celery worker; a worker and a supervisor walk an agreement from draft to
the downloaded executed copy, each step on the other node. Sessions, the second sign-in step, CSRF,
messages, documents and the worker's renders must all be shared, never kept on the node that made them.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements.choices import S146_PROVISIONS
from agreements.models import Agreement
from agreements.versions import executed_copy
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago
from tests.conftest import PASSWORD
from tests.e2e.actors import MouseActor
from tests.e2e.agreement_steps import EXECUTED, act_on, document_row, download_document, sign
from tests.e2e.conftest import Portal
from tests.web_nodes import start_nodes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nodes(celery_worker_process, worker_env, tmp_path):
    started = start_nodes(worker_env, 2, tmp_path)
    yield started
    for node in started:
        node.stop()


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _sign_in(portal: Portal, user) -> None:
    """Password and authenticator code: production asks staff for both (REQUIRE_TWO_FACTOR_FOR_STAFF)."""
    page = portal.go("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Authenticator code").fill(_code(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def _on(portal: Portal, node, path: str):
    """Continue on `node`: the same browser, its cookies, another server."""
    portal.base_url = node.url
    return portal.go(path)


def _status(portal) -> str:
    return portal.page.locator(".status").first.inner_text()


def test_a_journey_alternating_between_two_web_nodes(page, browser, nodes, worker, supervisor):
    a, b = nodes
    for user in (worker, supervisor):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        # Hashed as production hashes (the test settings' fast hasher is not among its hashers).
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        user.save(update_fields=["password"])
    child = ChildFactory(date_of_birth=years_ago(9))
    today = nz_today()
    connection.close()  # the nodes and the worker see every row: nothing held in this test's transaction

    social_worker = Portal(page, a.url)
    act = MouseActor(page)
    _sign_in(social_worker, worker)  # node A: the password, the code, the session
    form = _on(social_worker, b, "/agreements/new/")  # node B: the same session, a CSRF token of B's
    act.pick(form.get_by_role("combobox", name="Te tamaiti"), child.case_reference, child.name)
    form.get_by_label("Temporary care (s139)").check()
    form.get_by_label("Start date").fill(today.isoformat())
    form.get_by_label("End date (the last day of care)").fill((today + timedelta(days=20)).isoformat())
    form.get_by_label("s139: I confirm there are no serious care or protection concerns").check()
    for name in S146_PROVISIONS:
        form.locator(f"#id_{name}").fill("Kōrero with the whānau each week.")
    form.locator("#id_parties-0-name").fill("Mere Tipene")
    form.locator("#id_parties-0-has_custody_right").check()
    form.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(rf"^{b.url}/agreements/[0-9a-f-]{{36}}/$"))
    agreement = Agreement.objects.get(child=child)
    connection.close()

    _on(social_worker, a, agreement.get_absolute_url())
    act_on(social_worker, act, "Submit for approval")  # on A: the success message is shown by A
    assert _status(social_worker) == "Awaiting supervisor approval"

    supervisor_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reviewer = Portal(supervisor_page, b.url)
    _sign_in(reviewer, supervisor)  # node B
    _on(reviewer, a, agreement.get_absolute_url())
    act_on(reviewer, MouseActor(supervisor_page), "Approve")  # the version for signing: the worker renders it
    assert _status(reviewer) == "Awaiting signatures"

    _on(social_worker, b, agreement.get_absolute_url())
    document_row(page, "Agreement for signing").wait_for()  # rendered by the worker, listed by B
    page.reload()  # the signature form offers the parties once there is a version to sign
    party = str(agreement.parties.get(name="Mere Tipene").pk)
    sign(social_worker, act, party=party, on=today, way="typed", name="Mere Tipene")  # on B
    _on(social_worker, a, agreement.get_absolute_url())
    executed = document_row(page, EXECUTED)
    executed.wait_for()  # sealed by the worker, listed by A (static/agreements/documents.js polls)
    act_on(social_worker, act, "Activate the agreement")
    assert _status(social_worker) == "Active"

    _on(social_worker, b, agreement.get_absolute_url())
    copy = executed_copy(Agreement.objects.get(pk=agreement.pk))
    assert copy is not None
    pdf = download_document(
        page, act, document_row(page, EXECUTED), file_name=f"{agreement.reference}-v{copy.version}.pdf"
    )  # from B, a file the worker wrote
    assert len(pdf) > 1000
    verified = _on(social_worker, a, f"/verify/{copy.verification_code}/")
    verified.get_by_role("heading", name="This is a valid executed copy").wait_for()
    connection.close()
