"""The signature pad in a real browser (Debian Chromium via Playwright) on a test-only page
(tests/signature_pad_page.py): a drawing is sent as a PNG data URL the server accepts, Clear empties it, the
canvas follows devicePixelRatio and keeps the drawing through a resize, and the choice of how to sign shows
only the chosen way's fields (all of them without JavaScript). The page runs under the portal's CSP."""

from __future__ import annotations

import base64
import struct
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from tests.e2e.conftest import CHROMIUM, Portal, browser_context_args, browser_type_launch_args  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.signature_pad_page"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]
PNG = "data:image/png;base64,"


@pytest.fixture
def problems(page):
    """Console errors and failed requests: a CSP refusal or a missing static file shows up here."""
    found: list[str] = []

    def console(message):
        # A failed load is reported below with its address; the browser's own favicon request is not ours.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            found.append(message.text)

    def response(answer):
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            found.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("requestfailed", lambda request: found.append(f"{request.url} {request.failure}"))
    page.on("response", response)
    return found


@pytest.fixture
def signing(page, live_server, problems):
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/sign/")
    return page


def draw(page, strokes: int = 1) -> None:
    box = page.locator("canvas").bounding_box()
    for n in range(strokes):
        x, y = box["x"] + 30 + n * 40, box["y"] + 30
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(x + step * 25, y + (step % 3) * 30, steps=2)
        page.mouse.up()


def submitted(page) -> dict[str, str]:
    with page.expect_request(lambda request: request.method == "POST") as caught:
        page.get_by_role("button", name="Record the signature").click()
    page.wait_for_load_state()
    return {
        key: values[0]
        for key, values in parse_qs(caught.value.post_data or "", keep_blank_values=True).items()
    }


def inked(page) -> int:
    """How many of the canvas's pixels are dark (the strokes on the white box)."""
    return page.locator("canvas").evaluate(
        """c => { const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
                  for (let i = 0; i < d.length; i += 4) { if (d[i] < 128) { n++; } } return n; }"""
    )


def png_size(value: str) -> tuple[int, int]:
    assert value.startswith(PNG)
    data = base64.b64decode(value[len(PNG) :])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_a_drawing_is_sent_as_a_png_the_server_accepts(signing, problems):
    page = signing
    page.get_by_label("Draw it").check()
    page.get_by_label("Witnessed by").fill("Aroha")
    draw(page, strokes=2)
    assert page.get_by_role("status").inner_text() == "Signature drawn. Use Clear to start again."
    canvas = page.locator("canvas").evaluate("c => [c.width, c.height, c.offsetWidth, c.offsetHeight]")
    Portal(page, "").screenshot("signature-pad-drawn")
    sent = submitted(page)
    width, height = png_size(sent["drawn"])
    assert width > 0 and height > 0
    assert [width, height] == canvas[:2]
    assert page.locator("#result").inner_text() == f"Received a PNG of {width}×{height} pixels."
    assert "typed_name" not in sent  # the hidden way's field is disabled, so not sent
    assert problems == []


def test_nothing_drawn_or_cleared_sends_an_empty_value(signing, problems):
    page = signing
    page.get_by_label("Draw it").check()
    assert submitted(page)["drawn"] == ""
    assert "Draw the signature in the box, or choose another way to sign." in page.content()
    page.get_by_label("Draw it").check()  # still chosen after the error; the box is shown again
    draw(page)
    page.get_by_role("button", name="Clear").click()
    assert page.get_by_role("status").inner_text() == "The box is empty."
    assert submitted(page)["drawn"] == ""
    assert problems == []


def test_a_drawing_survives_a_form_error(signing, problems):
    page = signing
    page.get_by_label("Draw it").check()
    draw(page)
    first = submitted(page)  # no witness: the page comes back with the error and the drawing
    assert first["drawn"].startswith(PNG) and page.locator("#result").count() == 0
    assert page.get_by_text("This field is required.").is_visible()
    assert page.locator("input[name=drawn]").input_value() == first["drawn"]
    assert "signature drawn before" in page.get_by_role("status").inner_text()
    assert inked(page) > 0
    page.get_by_label("Witnessed by").fill("Aroha")
    assert submitted(page)["drawn"] == first["drawn"]
    assert page.locator("#result").inner_text().startswith("Received a PNG of")
    assert problems == []


def test_a_drawing_survives_a_resize(signing, problems):
    page = signing
    page.get_by_label("Draw it").check()
    page.get_by_label("Witnessed by").fill("Aroha")
    draw(page)
    assert inked(page) > 0
    page.set_viewport_size({"width": 420, "height": 900})  # a tablet turned: the box narrows
    page.wait_for_function("() => document.querySelector('canvas').width < 600")
    assert inked(page) > 0  # drawn again, shrunk to fit
    canvas = page.locator("canvas").evaluate("c => [c.width, c.height]")
    width, height = png_size(submitted(page)["drawn"])
    assert [width, height] == canvas and width < 600
    assert page.locator("#result").inner_text() == f"Received a PNG of {width}×{height} pixels."
    assert problems == []


def test_the_canvas_follows_device_pixel_ratio(browser, live_server):
    context = browser.new_context(device_scale_factor=2, viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/sign/")
    page.get_by_label("Draw it").check()
    draw(page)
    size = page.locator("canvas").evaluate("c => [c.width, c.height, c.offsetWidth, c.offsetHeight]")
    assert size[0] == 2 * size[2] and size[1] == 2 * size[3]
    page.get_by_label("Witnessed by").fill("Aroha")
    assert list(png_size(submitted(page)["drawn"])) == size[:2]
    context.close()


def test_only_the_chosen_way_to_sign_shows(signing, problems):
    page = signing
    sections = {way: page.locator(f"[data-method-section={way}]") for way in ("drawn", "typed", "paper")}
    assert not any(section.is_visible() for section in sections.values())  # nothing chosen yet
    page.get_by_label("Type their name").check()
    assert [way for way, section in sections.items() if section.is_visible()] == ["typed"]
    name = page.get_by_label("Their full name")
    assert name.is_enabled() and name.evaluate("e => e.required")
    assert page.locator("input[name=drawn]").is_disabled()
    page.get_by_label("Draw it").check()
    assert [way for way, section in sections.items() if section.is_visible()] == ["drawn"]
    assert name.is_disabled() and not name.evaluate("e => e.required")
    assert page.get_by_role("button", name="Clear").is_enabled()
    assert page.get_by_role(
        "group", name="Sign with a finger, stylus or mouse in the box below."
    ).is_visible()
    Portal(page, "").check_accessibility("signature pad")
    page.get_by_label("On paper").check()
    assert [way for way, section in sections.items() if section.is_visible()] == ["paper"]
    assert problems == []


def test_without_javascript_every_way_shows_and_the_box_asks_for_another(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/sign/")
    for way in ("drawn", "typed", "paper"):
        assert page.locator(f"[data-method-section={way}]").is_visible()
    assert not page.locator("canvas").is_visible()
    assert page.get_by_text("Drawing a signature needs JavaScript").is_visible()
    context.close()
