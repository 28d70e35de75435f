"""Plain words on every portal page: no rule id (R-396-4, QA-D1) in the text a person reads, only behind a
"Why?" disclosure (`<details class="why">`, careportal.lib.plain). Every portal page is rendered as
every persona who may see it (the security tests' world of records, plus records in the states whose
pages say the most: a proposed decline, a notice, an approval with the R-ALL-9 warning, a draft)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import Client

from careportal.lib.plain_filters import field_why, label_words, why, words
from partners.models import S396Approval
from quality.models import QACycle
from tests.agreements.factories import ExpiredAgreementFactory, agreement_in
from tests.partners.factories import ConfirmationApplicationFactory, decline_proposed, notice
from tests.quality.factories import InProgressReviewFactory
from tests.referrals.factories import ReferralFactory
from tests.security.routes import Route, fill, portal_routes
from tests.security.world import PERSONAS, World, build_world

RULE_ID = re.compile(r"\b(?:R-(?:[A-Z]+|\d+)-\d+|QA-D\d+)\b")
SKIP = {"script", "style", "template"}
# What a person reads besides the text: a button's value, an image's alternative, an accessible name.
READ_ATTRIBUTES = {"alt", "aria-label", "title", "placeholder"}


class VisibleText(HTMLParser):
    """The text of a page a person reads, without what sits inside a `<details class="why">`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.details: list[bool] = []  # one per open <details>: is it a "Why?"
        self.skipping = 0

    @property
    def hidden(self) -> bool:
        return self.skipping > 0 or any(self.details)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            self.details.append("why" in (dict(attrs).get("class") or "").split())
        elif tag in SKIP:
            self.skipping += 1
        if self.hidden:
            return
        named = dict(attrs)
        self.parts.extend(value for key, value in attrs if key in READ_ATTRIBUTES and value)
        if tag == "input" and named.get("type") in ("submit", "button") and named.get("value"):
            self.parts.append(named["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.details:
            self.details.pop()
        elif tag in SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def rule_ids_shown(html: str) -> list[str]:
    """Each rule id in the visible text, with the words around it."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    text = " ".join(" ".join(parser.parts).split())
    return [text[max(0, m.start() - 60) : m.end() + 20] for m in RULE_ID.finditer(text)]


def test_the_parser_finds_an_id_outside_why_and_none_inside():
    assert rule_ids_shown("<p>Proposed decline (R-396-4)</p>")
    assert rule_ids_shown('<button aria-label="Close (QA-D6)">x</button>')
    assert not rule_ids_shown(
        '<h2>Proposed decline</h2><details class="why"><summary>Why?</summary>R-396-4</details>'
    )
    assert not rule_ids_shown("<script>const rule = 'R-396-4';</script><!-- R-396-4 -->")
    assert rule_ids_shown("<details><summary>More</summary>R-396-4</details>")  # only "Why?" hides one


def test_the_filters_put_a_label_and_help_texts_ids_behind_why():
    from django import forms

    class Form(forms.Form):
        joint = forms.BooleanField(label="A joint review (R-396-6)", help_text="Asked for (R-396-5).")

    field = Form()["joint"]
    assert words("R-396-6: The partner asked.") == "The partner asked."
    assert ">A joint review:</label>" in label_words(field)
    assert "R-396-6" in field_why(field) and "R-396-5" in field_why(field)
    assert why("Nothing to explain") == ""
    assert "<code>R-396-4</code>" in why("R-396-4")


def _more_records(request, world: World) -> dict[str, list[str]]:
    """Records whose pages show what the world's do not, as kind -> extra primary keys (org A's; the
    applicant's application, since A has one already)."""
    org = world.records["organisation"]["A"]
    applicant = request.getfixturevalue("applicant_org")
    earlier = ExpiredAgreementFactory(caregiver_organisation=org)  # ended 13 days ago: the R-ALL-9 warning
    repeat = agreement_in("awaiting_supervisor", caregiver_organisation=org, child=earlier.child)
    cycle = world.records["qa_cycle"]["A"]
    QACycle.objects.filter(pk=cycle.pk).update(joint_review_requested=True)
    S396Approval.objects.filter(pk=world.pk("approval", "A")).update(**notice("suspend"))
    fgc = agreement_in("awaiting_fgc", s140=True, caregiver_organisation=org)  # the R-140-1 certificate
    draft = agreement_in("draft", caregiver_organisation=org, drafted_by=world.users["worker"])
    return {
        "agreement": [str(repeat.pk), str(draft.pk), str(fgc.pk)],
        "application": [str(ConfirmationApplicationFactory(organisation=applicant, **decline_proposed()).pk)],
        "referral": [str(ReferralFactory().pk)],
        "qa_review": [str(InProgressReviewFactory(cycle=cycle).pk)],  # parts still to rate (QA-D1)
    }


def _paths(world: World, route: Route, more: dict[str, list[str]]) -> list[str]:
    if route.kind == "-":
        return [fill(route, None, {})]
    extra = {"finding_id": str(world.records["finding"]["A"].pk)}
    return [fill(route, pk, extra) for pk in [world.pk(route.kind, "A"), *more.get(route.kind, [])]]


def test_no_rule_id_in_the_words_of_any_portal_page(request, db):
    world = build_world(request)
    more = _more_records(request, world)
    routes = [r for r in portal_routes() if r.method == "GET" and not r.action]
    shown: dict[str, set[str]] = {}
    pages = 0
    for persona in PERSONAS:
        client = Client()
        if persona in world.users:
            client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        for route in routes:
            for path in _paths(world, route, more):
                response = client.get(path)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                pages += 1
                for found in rule_ids_shown(response.content.decode()):
                    shown.setdefault(f"{route.template} ({found})", set()).add(persona)
    assert pages > 200  # the test saw the portal, not only sign-in pages
    assert not shown, "Rule ids in the words of a page:\n" + "\n".join(
        f"{where} as {', '.join(sorted(who))}" for where, who in sorted(shown.items())
    )
