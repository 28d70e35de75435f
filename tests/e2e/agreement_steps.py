"""Steps on a care agreement's page shared by the agreement journeys: the action forms
(templates/includes/transitions.html), recording a signature (templates/agreements/forms/signature.html)
and the documents section (templates/agreements/_documents.html).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

# The choices of "How they sign" (agreements.forms.SignatureForm.WAYS), as the radio buttons are named.
WAYS = {
    "drawn": "Draw the signature on this screen",
    "typed": "Type their full name (for anyone who cannot or prefers not to draw)",
    "paper": "Signed on paper: upload the scan or photo",
}
EXECUTED = "Executed copy"


def action_form(page, heading: str):
    """The action form titled `heading` on the agreement page."""
    return page.locator("form").filter(has=page.get_by_role("heading", name=heading, exact=True))


def submit(portal, act, heading: str):
    page = portal.page
    with page.expect_navigation():
        act.press(action_form(page, heading).get_by_role("button", name=heading, exact=True))


def act_on(portal, act, heading: str, fields=()):
    """Fill and submit the action form titled `heading`: `fields` are (kind, label, value)."""
    form = action_form(portal.page, heading)
    for kind, label, value in fields:
        locator = form.get_by_label(label)
        {
            "date": act.fill_date,
            "choose": act.choose,
            "fill": act.fill,
            "check": lambda loc, _: act.check(loc),
        }[kind](locator, value)
    submit(portal, act, heading)


def fill_signature(portal, act, *, party: str, on: date, way: str, name: str = "", scan: Path | None = None):
    """Fill the "Record a signature" form for `party` (its pk): drawn on the canvas (the mouse), a typed
    name with consent (the keyboard's way), or a scan of the signed paper. Not sent: see `sign`."""
    form = action_form(portal.page, "Record a signature")
    # By id (transition name + field): "Signed on" is also in the label "Signed on paper: …".
    act.choose(form.locator("#id_record_signature-party"), party)
    act.fill_date(form.locator("#id_record_signature-signed_on"), on)
    act.check(form.get_by_role("radio", name=WAYS[way], exact=True))
    if way == "drawn":
        canvas = form.locator("canvas[data-signature-canvas]")
        act.draw(canvas)
        form.get_by_role("status").filter(has_text="Signature drawn").wait_for()
    elif way == "typed":
        act.fill(form.locator("#id_record_signature-typed_name"), name)
        act.check(form.get_by_label("They agree to sign this agreement by typing their full name"))
    else:
        assert scan is not None
        form.get_by_label("The signed paper (PDF, JPEG or PNG)").set_input_files(str(scan))
    act.check(form.get_by_label("I attest that this party signed this version of the agreement"))
    return form


def sign(portal, act, **kwargs):
    fill_signature(portal, act, **kwargs)
    submit(portal, act, "Record a signature")


def document_row(page, what: str):
    """The documents section's row whose "What it is" says `what` (e.g. "Executed copy")."""
    return page.locator("#documents tbody tr").filter(has_text=what)


def download_document(page, act, row, *, file_name: str) -> bytes:
    """Download the row's file with its link; it is a PDF whose SHA-256 is the one the row shows."""
    with page.expect_download() as info:
        act.press(row.get_by_role("link"))
    download = info.value
    assert download.suggested_filename == file_name
    content = Path(download.path()).read_bytes()
    assert content[:5] == b"%PDF-"
    shown = row.locator("code")
    digest = hashlib.sha256(content).hexdigest()
    assert shown.get_attribute("title") == digest
    assert shown.inner_text() == digest[:16] + "…"
    return content
