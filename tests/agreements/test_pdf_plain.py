"""Documents for whānau speak plainly (docs/rules.md): the agreement, its extension and the signature page
of the executed copy, rendered for real by WeasyPrint and read back with poppler (pdftotext, pdfimages).

Each: no rule ids, the statute in words, a signature block per signing party and the caregiver's, each
whole on one page, and long words wrapped inside the page rather than run off it.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from agreements import rules
from agreements.choices import S146_PROVISIONS, PartyRole
from agreements.documents import (
    EXTENSION_TEMPLATE,
    SIGNATURE_PAGE_TEMPLATE,
    TEMPLATE,
    extension_context,
    pdf_context,
    plain_legal_basis,
    signature_page_context,
)
from agreements.models import Extension, Party
from careportal.pdf import qr_data_uri, render_pdf
from tests.agreements.factories import PROVISIONS, ParagraphDFactory, agreement_in, state_factory, years_ago

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\bR-[A-Z0-9]+-\d+\b|R-ALL|R-DATE|R-TERM")
LONG_WORD = ("Whakawhanaungatanga" * 11)[:200]  # no space anywhere: it can only wrap inside the word
RIGHT_EDGE = 595.28 - 18 * 72 / 25.4  # A4 width less the right margin of pdf/base.html, in points
EXTRA_SIGNERS = [
    ("Hine Tipene", PartyRole.GUARDIAN),
    ("Rawiri Tipene", PartyRole.PERSON_HAVING_CARE),
    ("Aroha Ngata", PartyRole.GUARDIAN),
    ("Wiremu Ngata", PartyRole.PERSON_HAVING_CARE),
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [f"/usr/bin/{tool}", *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    text = poppler("pdftotext", pdf, tmp_path, "-layout")
    return [page for page in text.split("\f") if page.strip()]


def assert_plain(pages: list[str], statute: str) -> None:
    text = " ".join(pages)
    assert not RULE_ID.findall(text), RULE_ID.findall(text)
    assert statute in flat(text)


def assert_blocks_whole(pages: list[str], blocks: list[tuple[str, list[str]]]) -> set[int]:
    """Each block's heading (printed name and role) and then each of its other lines on one page.

    Returns the pages the blocks are on. Compared without whitespace: a long name wraps onto lines.
    """
    on_pages = set()
    for heading, lines in blocks:
        found = [n for n, page in enumerate(pages) if squash(heading) in squash(page)]
        assert len(found) == 1, f"{heading!r} is on pages {found}"
        page = squash(pages[found[0]])
        rest = page[page.index(squash(heading)) + len(squash(heading)) :]
        for line in lines:
            assert squash(line) in rest, f"{line!r} is not on the page of {heading!r}"
            rest = rest[rest.index(squash(line)) + len(squash(line)) :]
        on_pages.add(found[0])
    return on_pages


def assert_wrapped_inside_the_page(pdf: bytes, pages: list[str], tmp_path: Path, word: str) -> None:
    """Every character of `word` is in the text, the word runs over more than one line, and no word of
    the document ends to the right of the content box (nothing clipped, nothing off the page)."""
    assert word in squash(" ".join(pages))
    assert not any(word in line for page in pages for line in page.splitlines())
    boxes = poppler("pdftotext", pdf, tmp_path, "-bbox")
    right = [float(x) for x in re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"', boxes)]
    assert right and max(right) <= RIGHT_EDGE + 1, max(right)


def image_count(pdf: bytes, tmp_path: Path) -> int:
    listing = poppler("pdfimages", pdf, tmp_path, "-list").splitlines()
    return len([line for line in listing[2:] if line.strip()])  # two header lines


def add_signers(agreement, names=EXTRA_SIGNERS, *, first: str = "") -> None:
    """More signing parties, so the signature blocks must run over a page break."""
    everyone = [(first, PartyRole.GUARDIAN)] if first else []
    for position, (name, role) in enumerate([*everyone, *names], start=2):
        Party.objects.create(agreement=agreement, position=position, name=name, role=role, signatory=True)


def party_blocks(agreement) -> list[tuple[str, list[str]]]:
    signers = agreement.required_signatories
    return [(f"{p.name} — {p.get_role_display()}", [f"Signature of {p.name}", "Date"]) for p in signers]


def agreement_blocks(agreement, caregiver: str) -> list[tuple[str, list[str]]]:
    caregiver_block = (
        f"For {caregiver} — Provides care",
        ["Name of the person signing", "Signature", "Date"],
    )
    return [*party_blocks(agreement), caregiver_block]


# --- The agreement -----------------------------------------------------------------------------------


@pytest.mark.parametrize("s140", [False, True], ids=["s139", "s140"])
def test_the_agreement_speaks_plainly_with_a_whole_block_per_signer(s140, worker, partner_org, tmp_path):
    provisions = {field: f"{PROVISIONS[field]} " * 6 for field in S146_PROVISIONS}
    provisions["cultural_needs"] = f"Connection with marae: {LONG_WORD} and whānau hui."
    agreement = agreement_in(
        "awaiting_signatures", s140=s140, drafted_by=worker, caregiver_organisation=partner_org, **provisions
    )
    add_signers(agreement)
    rendered = render_pdf(TEMPLATE, pdf_context(agreement), reference=agreement.reference, version=1)
    pages = pages_of(rendered.content, tmp_path)
    text = flat(" ".join(pages))

    assert_plain(pages, f"section {140 if s140 else 139} of the Oranga Tamariki Act 1989")
    assert flat(agreement.legal_basis) not in text  # the stored text cites rule ids
    assert flat(plain_legal_basis(agreement)) in text
    assert "About this agreement" in text and "in the care of Kāinga Care Trust" in text
    section = "140(1)(a) of the Oranga Tamariki Act 1989: extended care" if s140 else "139 of the Oranga"
    assert f"Section {section}" in text  # the label in words
    assert s140 or "Section 139 of the Oranga Tamariki Act 1989: temporary care" in text
    last_day = rules.format_nz_date(agreement.end_date)
    assert (
        f"The last day of care under this agreement is {last_day}: on that day te tamaiti goes home" in text
    )
    assert "Awaiting signatures" not in text and "status" not in text.lower()  # it changes after approval
    if s140:
        assert agreement.child.name in [p.name for p in agreement.required_signatories]
        assert "12 months for a child aged 7 or over" in text
    else:
        assert "at most 28 days" in text

    blocks = agreement_blocks(agreement, "Kāinga Care Trust")
    assert len(blocks) == len(EXTRA_SIGNERS) + (3 if s140 else 2)  # Mere, (te tamaiti,) the four, caregiver
    assert len(assert_blocks_whole(pages, blocks)) >= 2, "the blocks run over a page break"
    assert "Tama Tipene — " not in text  # not a party, so no block
    assert_wrapped_inside_the_page(rendered.content, pages, tmp_path, LONG_WORD)


def test_the_chief_executive_signs_when_no_organisation_provides_care(worker, tmp_path):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    rendered = render_pdf(TEMPLATE, pdf_context(agreement), reference=agreement.reference, version=1)
    pages = pages_of(rendered.content, tmp_path)
    assert_blocks_whole(pages, agreement_blocks(agreement, "the chief executive of Oranga Tamariki"))
    assert "in the care of the chief executive of Oranga Tamariki" in flat(" ".join(pages))


def test_an_independence_agreement_says_what_happens_on_the_last_day(worker, partner_org, tmp_path):
    factory = state_factory(ParagraphDFactory, "awaiting_signatures")
    agreement = factory(drafted_by=worker, caregiver_organisation=partner_org)
    context = pdf_context(agreement)
    last_day = rules.format_nz_date(agreement.end_date)
    assert (
        f"is {last_day}: on that day rangatahi moves on to living independently" in context["end_plan_text"]
    )
    assert "section 140(1)(d) of the Oranga Tamariki Act 1989" in context["plain_legal_basis"]
    assert "supporting rangatahi towards independence" in context["section"]
    for value in (context["about"], context["plain_legal_basis"], context["end_plan_text"]):
        assert not RULE_ID.search(value)


def test_the_maximum_for_a_young_child_and_the_18th_birthday_in_plain_words(worker):
    young = agreement_in("draft", s140=True, drafted_by=worker, child__date_of_birth=years_ago(5))
    assert "at most 6 months for a child under 7" in plain_legal_basis(young)
    assert "18th birthday" not in plain_legal_basis(young)
    nearly_18 = agreement_in(  # turns 18 in 60 days: the cap, not the 12 months, sets the maximum
        "draft",
        s140=True,
        drafted_by=worker,
        child__date_of_birth=years_ago(18, days=-60),
        end_date=young.start_date + timedelta(days=40),
    )
    words = plain_legal_basis(nearly_18)
    assert "No care agreement can continue on or after the 18th birthday of te tamaiti." in words
    assert rules.format_nz_date(nearly_18.legal_max_end_date) in words and not RULE_ID.search(words)


# --- The extension -----------------------------------------------------------------------------------


def _extension(agreement, start, months: int, *, fgc_days_before: int = 10) -> Extension:
    end = rules.last_day_for_months(start, months)
    return Extension(
        agreement=agreement,
        start_date=start,
        end_date=end,
        previous_end_date=start - timedelta(days=1),
        fgc_held_on=start - timedelta(days=fgc_days_before),
    )


def test_the_extension_speaks_plainly_with_its_history_and_a_whole_block_per_signer(
    worker, partner_org, tmp_path
):
    factory = state_factory(ParagraphDFactory, "active")
    agreement = factory(drafted_by=worker, caregiver_organisation=partner_org)
    add_signers(agreement, first=LONG_WORD)
    original_end = agreement.end_date
    earlier = _extension(agreement, original_end + timedelta(days=1), 6)
    extension = _extension(agreement, earlier.end_date + timedelta(days=1), 12)
    context = extension_context(agreement, extension, earlier=[earlier])
    rendered = render_pdf(EXTENSION_TEMPLATE, context, reference=agreement.reference, version=1)
    pages = pages_of(rendered.content, tmp_path)
    text = flat(" ".join(pages))
    fmt = rules.format_nz_date

    assert_plain(pages, "section 140 of the Oranga Tamariki Act 1989")
    assert f"Extension of care agreement {agreement.reference}" in text
    for needle in [
        agreement.child.name,
        agreement.child.case_reference,
        "Kāinga Care Trust",
        f"Current last day of care {fmt(earlier.end_date)}",
        f"New last day of care {fmt(extension.end_date)} (inclusive)",
        f"This extension {fmt(extension.start_date)} to {fmt(extension.end_date)}",
        f"conference held on {fmt(extension.fgc_held_on)}",
        f"The agreement as first made {fmt(agreement.start_date)} to {fmt(original_end)}",
        f"Extension 1 {fmt(earlier.start_date)} to {fmt(earlier.end_date)}",
        f"Extension 2 (this one) {fmt(extension.start_date)} to {fmt(extension.end_date)}",
        "Everything else in the agreement stays the same",
    ]:
        assert needle in text, needle
    assert "Active" not in text and "Signed on" not in text

    blocks = agreement_blocks(agreement, "Kāinga Care Trust")
    assert len(blocks) == 3 + len(EXTRA_SIGNERS) + 1  # Mere, the long name, the four, rangatahi, caregiver
    assert len(assert_blocks_whole(pages, blocks)) >= 2, "the blocks run over a page break"
    assert_wrapped_inside_the_page(rendered.content, pages, tmp_path, LONG_WORD)  # in a table cell too


def test_an_s139_extension_names_no_conference(worker):
    agreement = agreement_in("active", drafted_by=worker)
    extension = Extension(
        start_date=agreement.end_date + timedelta(days=1),
        end_date=agreement.end_date + timedelta(days=28),
        previous_end_date=agreement.end_date,
        fgc_held_on=None,
    )
    context = extension_context(agreement, extension, earlier=[])
    assert context["fgc_held_on"] == "" and context["number"] == 1
    assert "can be extended once, by at most 28 days" in context["basis"]
    assert context["history"] == [
        {
            "label": "The agreement as first made",
            "start": rules.format_nz_date(agreement.start_date),
            "end": rules.format_nz_date(agreement.end_date),
        }
    ]
    assert "section 139 of the Oranga Tamariki Act 1989" in context["about"]
    assert [b["name"] for b in context["signature_blocks"]] == [
        "Mere Tipene",
        "For the chief executive of Oranga Tamariki",
    ]


# --- The signature page of the executed copy ---------------------------------------------------------


def drawing(colour: str) -> str:
    image = Image.new("RGB", (600, 150), "white")
    ImageDraw.Draw(image).line([(20, 120), (200, 30), (380, 110), (580, 40)], fill=colour, width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def signed(name: str, role: str, method: str, **given) -> dict[str, str]:
    return {
        "name": name,
        "role": role,
        "method": method,
        "drawing": "",
        "typed_name": "",
        "scan_sha256": "",
        "signed_on": "3 December 2026",
        "recorded_by": "Hana Walker",
        **given,
    }


SIGNATURES = [
    signed("Mere Tipene", "Parent", "drawn", drawing=drawing("navy")),
    signed("Aperahama Test", "Te tamaiti", "typed", typed_name="Aperahama Test"),
    signed("Hine Tipene", "Guardian", "paper", scan_sha256="ab" * 32),
    signed("Rawiri Tipene", "Person having care of te tamaiti", "drawn", drawing=drawing("black")),
    signed("Aroha Ngata", "Guardian", "typed", typed_name=LONG_WORD),
    signed("Wiremu Ngata", "Guardian", "drawn", drawing=drawing("darkgreen")),
]
PAGE = {
    "reference": "CA-2026-00042",
    "kind_label": "care agreement",
    "statute": "section 140 of the Oranga Tamariki Act 1989",
    "version": 3,
    "version_sha256": "0123456789abcdef" * 4,
    "issued_on": "1 December 2026",
    "executed_on": "3 December 2026",
    "caregiver": "Kāinga Care Trust",
    "approved_by": "Sam Supervisor",
    "approved_on": "1 December 2026",
    "verification_code": "K7Q4-9XMD",
    "verify_url": "https://careportal.example.govt.nz/verify/K7Q4-9XMD",
}


def test_the_signature_page_shows_each_signature_whole_and_how_to_check_the_copy(tmp_path):
    caregiver = signed("Ana Manager", "Manager, Kāinga Care Trust", "typed", typed_name="Ana Manager")
    context = signature_page_context(**PAGE, signatures=SIGNATURES, caregiver_signature=caregiver)
    rendered = render_pdf(SIGNATURE_PAGE_TEMPLATE, context, reference=PAGE["reference"], version=3)
    pages = pages_of(rendered.content, tmp_path)
    text = flat(" ".join(pages))

    assert_plain(pages, "section 140 of the Oranga Tamariki Act 1989")
    for needle in [
        "executed copy of the care agreement CA-2026-00042",
        "Version signed 3",
        "By Sam Supervisor, on 1 December 2026",
        "Typed name: Aperahama Test, with the party's consent to sign electronically",
        f"Signed on paper; the scan's SHA-256: {'ab' * 32}",
        "Signed on 3 December 2026, drawn on a screen. Recorded by Hana Walker.",
        "Signed on 3 December 2026, by typing their name. Recorded by Hana Walker.",
        "Signed by Ana Manager, Manager, Kāinga Care Trust",
        "Check this copy",
        "K7Q4-9XMD",
        "https://careportal.example.govt.nz/verify/K7Q4-9XMD",
        "reference, its version and its fingerprint (SHA-256), and whether the agreement is in force",
        "It shows no names.",
    ]:
        assert needle in text, needle
    assert PAGE["version_sha256"] in squash(text)

    blocks = [
        (f"{s['name']} — {s['role']}", [f"Signed on {s['signed_on']}", "Recorded by"]) for s in SIGNATURES
    ]
    blocks.append(("For Kāinga Care Trust — Provides care", ["Signed by Ana Manager", "Recorded by"]))
    assert len(assert_blocks_whole(pages, blocks)) >= 2, "the blocks run over a page break"
    check = [n for n, page in enumerate(pages) if "Check this copy" in page]
    assert check and "It shows no names." in flat(pages[check[0]])  # the box is whole too
    assert_wrapped_inside_the_page(rendered.content, pages, tmp_path, LONG_WORD)
    assert image_count(rendered.content, tmp_path) >= 4  # three drawings and the QR code


def test_a_caregiver_without_a_recorded_signature_is_said_so(tmp_path):
    context = signature_page_context(**PAGE, signatures=SIGNATURES[:1], caregiver_signature=None)
    rendered = render_pdf(SIGNATURE_PAGE_TEMPLATE, context, reference=PAGE["reference"], version=3)
    pages = pages_of(rendered.content, tmp_path)
    assert_blocks_whole(
        pages,
        [
            ("Mere Tipene — Parent", ["Signed on 3 December 2026", "Recorded by Hana Walker"]),
            ("For Kāinga Care Trust — Provides care", ["No signature for Kāinga Care Trust is recorded"]),
        ],
    )
    assert_plain(pages, "section 140 of the Oranga Tamariki Act 1989")


@pytest.mark.parametrize(
    "bad",
    [
        {"method": "drawn", "drawing": "file:///etc/passwd"},
        {"method": "drawn", "drawing": "https://example.com/sig.png"},
        {"method": "drawn", "drawing": "data:image/svg+xml;base64,PHN2Zy8+"},
        {"method": "paper", "scan_sha256": "not a hash"},
        {"method": "stamped"},
    ],
)
def test_the_signature_page_refuses_what_it_cannot_print_safely(bad):
    with pytest.raises(ValueError):
        signature_page_context(
            **PAGE, signatures=[signed("Mere Tipene", "Parent", **bad)], caregiver_signature=None
        )


def test_the_qr_code_is_a_png_data_uri_of_the_url():
    uri = qr_data_uri(PAGE["verify_url"])
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(uri.removeprefix(prefix))))
    assert image.format == "PNG" and image.width == image.height >= 21 * 8
    assert qr_data_uri(PAGE["verify_url"]) == uri  # the same URL, the same image: the hash stays stable
