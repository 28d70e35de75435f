"""Journey: signing the written agreement and its extension (R-ALL-6, R-EXT-1), in Chromium with the mouse.

A worker opens an agreement awaiting the signatures of two parties, records one signature drawn on the
canvas and the other as an uploaded scan of the signed paper; the executed copy appears in the documents
section, is downloaded (its SHA-256 the one shown), copies given are recorded for both parties, and the
public page /verify/<code>/ says the copy is valid. Then an s139 extension: the worker proposes it, the
supervisor approves it, both parties sign its own version, its executed copy appears and the new last day
shows. Every page visited passes axe-core.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from PIL import Image, ImageDraw

from agreements import services
from agreements.choices import PartyRole
from agreements.models import Agreement, Party
from agreements.versions import executed_copy
from careportal.lib.dates import nz_today
from tests.agreements.factories import agreement_in
from tests.e2e.actors import MouseActor
from tests.e2e.agreement_steps import (
    EXECUTED,
    act_on,
    document_row,
    download_document,
    fill_signature,
    sign,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)

CODE = re.compile(r"Verification code ([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})")


def _scan(tmp_path):
    """A photo of the signed page: a small real PNG."""
    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(40, 150), (120, 60), (200, 140), (300, 70)], fill="black", width=4)
    draw.text((40, 170), "Hemi Walker", fill="black")
    path = tmp_path / "signed-page.png"
    image.save(path, format="PNG")
    return path


def _second_party(agreement: Agreement) -> Party:
    return Party.objects.create(
        agreement=agreement,
        position=2,
        name="Hemi Walker",
        role=PartyRole.GUARDIAN,
        has_custody_right=True,
        signatory=True,
    )


def _signed_and_active(worker, supervisor) -> Agreement:
    """An s139 agreement made through the services: approved (its version rendered), signed by both
    parties, its executed copy sealed, a copy given to each, activated."""
    today = nz_today()
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    mere = agreement.parties.get(name="Mere Tipene")
    hemi = _second_party(agreement)
    services.agreement_approve(agreement=agreement, by=supervisor)
    for party, way in ((mere, {"typed_name": "Mere Tipene", "consent": True}), (hemi, {})):
        agreement = services.agreement_record_signature(
            agreement=agreement, by=worker, party=party.pk, signed_on=today, **way
        )
    for party in (mere, hemi):
        services.agreement_record_copy_given(agreement=agreement, by=worker, party=party.pk, given_on=today)
    return services.agreement_activate(agreement=agreement, by=worker)


def _off_the_browser_thread(function, *args):
    """Run `function` in a thread of its own: sealing (pyHanko) starts an asyncio loop, which cannot run
    in the thread where Playwright's sync API keeps its loop (as the live server's threads are)."""

    def run():
        try:
            return function(*args)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _open(portal, agreement: Agreement, label: str):
    page = portal.go(agreement.get_absolute_url())
    portal.check_accessibility(label)
    assert "{#" not in page.locator("body").inner_text()  # a template comment shown as text
    return page


def _record_copies(portal, act, agreement: Agreement, parties, today):
    for party in parties:
        act_on(portal, act, "Record a copy given", [
            ("choose", "Who received the copy", str(party.pk)),
            ("date", "Given on", today),
            ("check", "In person", None),
        ])  # fmt: skip
        portal.check_accessibility(f"copy given to {party.name}")


def _executed(portal, act, agreement: Agreement, label: str, *, nth: int = 1):
    """The `nth` executed copy listed in the documents section (oldest first), downloaded; its code shown."""
    page = portal.page
    row = document_row(page, EXECUTED).nth(nth - 1)
    row.wait_for()  # listed with the page, or put in place by static/agreements/documents.js
    portal.check_accessibility(label)
    copy = executed_copy(agreement)
    assert copy is not None
    download_document(page, act, row, file_name=f"{agreement.reference}-v{copy.version}.pdf")
    code = CODE.search(row.inner_text())
    assert code is not None and code.group(1) == copy.verification_code
    return copy


def _verify(portal, copy, label: str):
    page = portal.go(f"/verify/{copy.verification_code}/")
    portal.check_accessibility(label)
    page.get_by_role("heading", name="This is a valid executed copy").wait_for()
    assert copy.sha256 in page.locator("main").inner_text()


def test_signing_drawn_and_scanned_then_executed_copy(portal, worker, supervisor, tmp_path):
    act = MouseActor(portal.page)
    today = nz_today()
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    mere = agreement.parties.get(name="Mere Tipene")
    hemi = _second_party(agreement)

    # The supervisor approves in the portal: the version for signing is issued (rendered by the queue).
    portal.sign_in("supervisor")
    _open(portal, agreement, "agreement awaiting supervisor")
    act_on(portal, act, "Approve")
    agreement.refresh_from_db()
    assert agreement.status == "awaiting_signatures" and agreement.signing_version is not None

    portal.sign_in("worker")
    page = _open(portal, agreement, "agreement awaiting signatures")
    version = agreement.signing_version
    assert document_row(page, "Agreement for signing").filter(has_text="Current").count() == 1
    form = fill_signature(portal, act, party=str(mere.pk), on=today, way="drawn")
    assert form.get_by_text(f"Signing version {version.version}").count() == 1
    form.scroll_into_view_if_needed()
    portal.screenshot("docs-signing", element=form)
    submit(portal, act, "Record a signature")
    portal.check_accessibility("one signature recorded")
    assert document_row(page, EXECUTED).count() == 0

    sign(portal, act, party=str(hemi.pk), on=today, way="paper", scan=_scan(tmp_path))
    copy = _executed(portal, act, agreement, "agreement fully signed")
    assert copy.executes_id == version.pk
    page.locator("#documents").scroll_into_view_if_needed()
    portal.screenshot("docs-executed-copy", element=page.locator("#documents"))
    signatures = {s.party_id: s for s in version.signatures.all()}
    assert signatures[mere.pk].mark == "drawn" and signatures[mere.pk].drawing
    assert signatures[hemi.pk].method == "paper" and signatures[hemi.pk].scan_sha256

    _record_copies(portal, act, agreement, [mere, hemi], today)
    assert not page.get_by_role("heading", name="Record a copy given").count()
    assert {p.pk for p in agreement.parties.all() if p.copy_given_on == today} == {mere.pk, hemi.pk}

    _verify(portal, copy, "verify the executed copy")


def test_s139_extension_in_writing(portal, worker, supervisor):
    act = MouseActor(portal.page)
    today = nz_today()
    # Made through the services, so its version and executed copy are real and both parties had a copy.
    agreement = _off_the_browser_thread(_signed_and_active, worker, supervisor)
    mere = agreement.parties.get(name="Mere Tipene")
    hemi = agreement.parties.get(name="Hemi Walker")
    assert agreement.status == "active"
    first_copy = executed_copy(agreement)
    new_last_day = agreement.end_date + timedelta(days=28)  # R-139-2: one extension of up to 28 days

    portal.sign_in("worker")
    _open(portal, agreement, "active agreement")
    act_on(portal, act, "Propose an extension", [("date", "New last day", new_last_day)])
    portal.check_accessibility("extension proposed")

    portal.sign_in("supervisor")
    _open(portal, agreement, "extension awaiting approval")
    act_on(portal, act, "Approve the extension")
    page = portal.page
    document_row(page, "Extension for signing").wait_for()
    portal.check_accessibility("extension approved")

    portal.sign_in("worker")
    page = _open(portal, agreement, "extension awaiting signatures")
    sign(portal, act, party=str(mere.pk), on=today, way="drawn")
    sign(portal, act, party=str(hemi.pk), on=today, way="typed", name="Hemi Walker")
    agreement.refresh_from_db()
    assert agreement.end_date == new_last_day
    copy = _executed(portal, act, agreement, "extension fully signed", nth=2)
    assert copy.pk != first_copy.pk and copy.extension_id is not None
    term = page.locator("dt", has_text=re.compile("^Term$")).locator("xpath=following-sibling::dd[1]")
    assert f"to {new_last_day.day} {new_last_day:%B %Y}" in term.inner_text()
    assert "In force" in page.locator("#extensions-heading + ul").inner_text()

    # Both parties had a copy of the agreement's executed copy; each is given the extension's too.
    _record_copies(portal, act, agreement, [mere, hemi], today)
    _verify(portal, copy, "verify the extension's executed copy")
