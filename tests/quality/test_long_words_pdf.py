"""Layout holds in the final report PDF: a 3,000-character word (a pasted link, a run of characters) wraps
inside the page, whole, wherever it is: a finding, an activity, the response, an action, the organisation."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

from quality.choices import ActivityKind, Rating
from quality.services.report import render_review_report
from tests.quality.factories import ActivityFactory, FindingFactory, OpenActionFactory, standard

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
LONG = 3000
WORDS = {
    where: "z" * LONG for where in ("finding", "activity", "response", "summary")
}  # "z": in nothing else


def _words(pdf: bytes, tmp_path) -> tuple[list[tuple[float, float, str]], float]:
    """Every word pdftotext finds in the page body (not the footer), with its left and right edges (points),
    and the page width."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html).groups())
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html
    )
    footer = height - 24 / 25.4 * 72  # the bottom margin (pdf/base.html), where the footer is
    return [(float(x0), float(x1), unescape(text)) for x0, y0, x1, text in found if float(y0) < footer], width


def test_a_3000_character_word_wraps_inside_the_page_and_is_not_cut_off(make_review, hub, tmp_path):
    review = make_review("partner_response", lead_reviewer=hub, summary=WORDS["summary"])
    review.partner_response = WORDS["response"]
    review.save()
    ActivityFactory(review=review, kind=ActivityKind.FILE_REVIEW, summary=WORDS["activity"])
    finding = FindingFactory(
        review=review, standard=standard(1), rating=Rating.MET, narrative=WORDS["finding"]
    )
    OpenActionFactory(
        review=review, finding=finding, title="z" * 200
    )  # an action title is at most 200 characters
    words, width = _words(render_review_report(review).content, tmp_path)
    assert words and all(x0 >= 0 and x1 <= width for x0, x1, _ in words), "text runs off the page"
    # Every character of every long word is on a page (a repeated table head may come between its lines).
    assert sum(word.count("z") for _, _, word in words) == 4 * LONG + 200, "a long word is cut off"
