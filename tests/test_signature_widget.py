"""The signature pad widget (careportal.widgets.SignaturePadWidget), its vendored script, and the check of a
drawn signature (careportal.lib.drawn_signature)."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import FileSystemStorage

from careportal.exceptions import RuleViolation
from careportal.lib.drawn_signature import MAX_BYTES, NOT_DRAWN, TOO_LARGE, UNREADABLE, clean_drawn_signature
from careportal.widgets import SignaturePadWidget

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor" / "signature_pad"
STATIC_FILES = ("vendor/signature_pad/signature_pad.umd.min.js", "js/signature.js", "css/signature.css")


def png(width: int = 1, height: int = 1) -> bytes:
    """A real PNG (8-bit greyscale, white), chunk by chunk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


class SignForm(forms.Form):
    drawn = forms.CharField(label="Signature", required=False, widget=SignaturePadWidget)


# --- The widget ---------------------------------------------------------------------------------------


def test_the_widget_draws_a_labelled_group_with_canvas_clear_button_and_hidden_input():
    html = str(SignForm()["drawn"])
    assert 'role="group" aria-labelledby="id_drawn_instructions" aria-describedby="id_drawn_keyboard"' in html
    assert 'id="id_drawn_instructions">Sign with a finger, stylus or mouse' in html
    assert "cannot be used with a keyboard" in html and "type the name" in html
    assert '<canvas class="signature-pad__canvas" id="id_drawn_canvas" data-signature-canvas>' in html
    assert 'role="img"' not in html
    assert '<button type="button" class="button button--secondary" data-signature-clear' in html
    assert ">Clear</button>" in html
    assert '<input type="hidden" name="drawn" id="id_drawn" data-signature-value>' in html
    assert "required" not in html  # a hidden input is not checked by the browser
    # Without JavaScript the box stays hidden and a sentence asks for another way to sign.
    assert "data-signature-surface hidden>" in html
    assert "needs JavaScript" in html
    assert "<script" not in html and not re.search(r"\son[a-z]+=", html)  # no inline script or handler (CSP)


def test_the_form_puts_the_widget_in_a_fieldset_with_the_label_as_legend():
    html = str(SignForm())  # the portal's form template (careportal.forms.PortalFormRenderer)
    assert "<fieldset" in html and "<legend>Signature</legend>" in html
    assert '<label for="id_drawn"' not in html


def test_a_drawing_is_sent_back_after_errors_but_nothing_else_is():
    drawing = data_url(png())
    assert f'value="{drawing}"' in str(SignForm({"drawn": drawing})["drawn"])
    refused = str(SignForm({"drawn": 'javascript:alert(1)" onclick="x'})["drawn"])
    assert "value=" not in refused and "javascript" not in refused


def test_the_keyboard_hint_can_name_the_forms_other_way():
    widget = SignaturePadWidget(keyboard_hint="To sign by keyboard, choose “Type their name”.")
    assert "To sign by keyboard, choose “Type their name”." in widget.render("drawn", "", {"id": "id_drawn"})


def test_media_lists_the_vendored_script_then_signature_js():
    media = str(SignaturePadWidget().media)
    vendored = '<script src="/static/vendor/signature_pad/signature_pad.umd.min.js" defer></script>'
    own = '<script src="/static/js/signature.js" defer></script>'
    assert vendored in media and own in media and media.index(vendored) < media.index(own)
    assert 'href="/static/css/signature.css"' in media
    assert "http" not in media  # no CDN
    assert str(SignForm().media) == media


# --- The vendored file ------------------------------------------------------------------------------


def test_the_vendored_file_is_signature_pad_5_with_its_mit_licence():
    script = (VENDOR / "signature_pad.umd.min.js").read_text(encoding="utf-8")
    assert script.startswith("/*!\n * Signature Pad v5.")
    assert "Released under the MIT license" in script
    licence = (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Szymon Nowak" in licence
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert (
        "signature_pad 5.1.4" in readme
        and "registry.npmjs.org/signature_pad/-/signature_pad-5.1.4.tgz" in readme
    )
    assert "5.1.4" in script[:60]


@pytest.mark.parametrize("name", STATIC_FILES)
def test_the_static_files_are_found(name):
    assert finders.find(name)


def test_the_static_files_pass_the_manifest_storage(tmp_path):
    """CompressedManifestStaticFilesStorage (production) refuses a reference to a file that is not there,
    such as the source map named at the end of the published minified file."""
    source = FileSystemStorage(location=ROOT / "static")
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    paths = {name: (source, name) for name in STATIC_FILES}
    for name in STATIC_FILES:
        with source.open(name) as handle:
            storage.save(name, handle)
    errors = [
        processed for _, _, processed in storage.post_process(paths) if isinstance(processed, Exception)
    ]
    assert errors == []
    # The same check refuses the file as published (with its sourceMappingURL line): the check is real.
    original = tmp_path / "published" / "signature_pad.umd.min.js"
    original.parent.mkdir()
    original.write_text(
        (VENDOR / "signature_pad.umd.min.js").read_text(encoding="utf-8")
        + "//# sourceMappingURL=signature_pad.umd.min.js.map\n",
        encoding="utf-8",
    )
    published = FileSystemStorage(location=original.parent)
    storage = ManifestStaticFilesStorage(location=tmp_path / "out", base_url="/static/")
    with published.open(original.name) as handle:
        storage.save(original.name, handle)
    results = list(storage.post_process({original.name: (published, original.name)}))
    assert any(isinstance(processed, Exception) for _, _, processed in results)


def test_no_page_script_is_inline_and_nothing_comes_from_a_cdn():
    script = (ROOT / "static" / "js" / "signature.js").read_text(encoding="utf-8")
    assert "http://" not in script and "https://" not in script
    assert 'toDataURL("image/png")' in script
    template = (ROOT / "templates" / "widgets" / "signature_pad.html").read_text(encoding="utf-8")
    assert "<script" not in template and "onclick" not in template and "style=" not in template


# --- clean_drawn_signature ------------------------------------------------------------------------------


def refusal(value: str) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        clean_drawn_signature(value, field="drawn")
    assert caught.value.field == "drawn"
    return caught.value


def test_a_real_png_is_accepted_and_its_bytes_returned():
    image = png(120, 40)
    assert clean_drawn_signature(data_url(image), field="drawn") == image
    assert clean_drawn_signature("  " + data_url(image) + "\n", field="drawn") == image


@pytest.mark.parametrize("value", ["", "   "])
def test_nothing_drawn_asks_for_a_drawing(value):
    assert (
        refusal(value).message == NOT_DRAWN == "Draw the signature in the box, or choose another way to sign."
    )
    assert refusal("data:image/png;base64,").message == NOT_DRAWN


@pytest.mark.parametrize(
    "value",
    [
        base64.b64encode(png()).decode(),  # not a data URL
        "https://example.org/signature.png",
        data_url(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        data_url(png(), "image/svg+xml"),
        data_url(png(), "image/jpeg"),
        "data:image/png," + "%89PNG",  # not base64
        "data:image/png;base64,not*base64!",
        "data:image/png;base64,iVBORw0KGgo",  # cut short (bad padding)
    ],
)
def test_anything_but_a_base64_png_data_url_is_refused(value):
    assert refusal(value).message == UNREADABLE


def test_a_png_header_with_garbage_after_it_is_refused():
    assert refusal(data_url(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)).message == UNREADABLE
    # A whole PNG with something hidden after it (a polyglot), or another kind of file, is refused too.
    assert refusal(data_url(png() + b"PK\x03\x04hidden")).message == UNREADABLE
    assert refusal(data_url(b"%PDF-1.7\n%%EOF\n")).message == UNREADABLE
    assert refusal(data_url(b"\xff\xd8\xff\xe0" + b"\x00" * 40)).message == UNREADABLE


def test_a_drawing_over_the_cap_is_refused_before_and_after_decoding():
    image = png()
    padded = image + b"\x00" * (MAX_BYTES - len(image) + 1)
    assert refusal(data_url(padded)).message == TOO_LARGE
    assert "300 KB" in TOO_LARGE
    assert refusal("data:image/png;base64," + "A" * (8 * MAX_BYTES)).message == TOO_LARGE
