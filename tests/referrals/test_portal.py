"""Portal pages for referrals: each renders for each role that may see it; forms go through the services."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from careportal.home import WorkSection
from referrals import portal as referral_portal
from referrals.choices import ReferralStatus
from referrals.models import Referral
from referrals.workflow import REFERRAL
from tests.referrals.factories import TODAY

pytestmark = pytest.mark.django_db
S = ReferralStatus
STAFF_READERS = ["drc", "senior", "supervisor", "worker", "admin_user"]


def text(html: str) -> str:
    """The page's text without tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("persona", STAFF_READERS)
def test_list_renders_for_staff_with_filters(request, portal_as, make_referral, persona):
    referral = make_referral(S.ACCEPTED)
    html = portal_as(request.getfixturevalue(persona)).get(reverse("referrals:list")).content.decode()
    assert referral.reference in html
    for label in ("Status", "Provider", "Site", "Contact overdue only"):
        assert label in html
    assert ("New referral" in html) == (persona in ("drc", "senior"))


def test_list_filters_by_status_provider_site_and_overdue_contact(
    portal_as, drc, make_referral, provider2_org
):
    overdue = make_referral(S.MONITORING, next_contact_due_on=TODAY - timedelta(days=1))
    other_provider = make_referral(S.ACCEPTED, provider=provider2_org, site="Ōtara")
    draft = make_referral(S.DRAFT)
    client = portal_as(drc)

    def refs(**params):
        html = client.get(reverse("referrals:list"), params).content.decode()
        return {r.reference for r in (overdue, other_provider, draft) if r.reference in html}

    assert refs() == {overdue.reference, other_provider.reference, draft.reference}
    assert refs(status="draft") == {draft.reference}
    assert refs(provider=str(provider2_org.pk)) == {other_provider.reference}
    assert refs(site="Ōtara") == {other_provider.reference}
    assert refs(contact_overdue="on") == {overdue.reference}


def test_provider_list_redirects_to_the_inbox(portal_as, provider_user):
    response = portal_as(provider_user).get(reverse("referrals:list"))
    assert response.status_code == 302 and response.url == reverse("referrals:inbox")


def test_inbox_shows_referrals_to_answer_and_current_ones(
    portal_as, provider_user, make_referral, provider2_org
):
    waiting = make_referral(S.REFERRED)
    working = make_referral(S.MONITORING)
    elsewhere = make_referral(S.REFERRED, provider=provider2_org)
    html = portal_as(provider_user).get(reverse("referrals:inbox")).content.decode()
    assert waiting.reference in html and working.reference in html
    assert elsewhere.reference not in html
    assert html.index(waiting.reference) < html.index("Your referrals") < html.index(working.reference)


@pytest.mark.parametrize("persona", ["drc", "worker", "partner_admin"])
def test_inbox_is_for_providers_only(request, portal_as, persona):
    assert portal_as(request.getfixturevalue(persona)).get(reverse("referrals:inbox")).status_code == 403


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("persona", STAFF_READERS)
def test_detail_renders_for_staff_in_every_status(request, portal_as, make_referral, persona, status):
    referral = make_referral(status)
    response = portal_as(request.getfixturevalue(persona)).get(
        reverse("referrals:detail", args=[referral.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert referral.reference in html and "History" in html and "8 of 8 complete" in html


@pytest.mark.parametrize("status", [S.REFERRED, S.ACCEPTED, S.MONITORING, S.ESCALATED, S.CLOSED])
def test_detail_renders_for_the_provider(portal_as, provider_user, make_referral, status):
    referral = make_referral(status)
    html = portal_as(provider_user).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert referral.reference in html
    assert ("Accept the referral" in html) == (status == S.REFERRED)


def test_create_form_is_a_checklist_of_the_eight_fields(portal_as, drc):
    html = portal_as(drc).get(reverse("referrals:create")).content.decode()
    assert "0 of 8 complete" in text(html)
    assert html.count("data-checklist-item") == 8
    assert "Whānau details" in html and "Other providers involved" in html
    assert 'src="/static/referrals/checklist.js"' in html


def test_create_saves_a_draft_and_the_checklist_counts_what_is_done(portal_as, drc):
    client = portal_as(drc)
    data = {
        "site": "Manukau",
        "family_details": "Mum and two tamariki",
        "situation": "Struggling",
        "concerns": "Low",
    }
    response = client.post(reverse("referrals:create"), data)
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])
    assert (referral.status, referral.managed_by, referral.family_details) == (
        S.DRAFT,
        drc,
        "Mum and two tamariki",
    )
    edit = client.get(reverse("referrals:edit", args=[referral.pk])).content.decode()
    assert "3 of 8 complete" in text(edit)
    assert edit.count(">Done<") == 3 and edit.count(">Missing<") == 5


@pytest.mark.parametrize("persona", ["worker", "supervisor", "provider_user"])
def test_create_and_edit_are_for_managers_only(request, portal_as, make_referral, persona):
    client = portal_as(request.getfixturevalue(persona))
    assert client.get(reverse("referrals:create")).status_code == 403
    referral = make_referral(S.ACCEPTED)
    assert client.get(reverse("referrals:edit", args=[referral.pk])).status_code == 403


def test_edit_after_referral_redirects_with_a_message(portal_as, drc, make_referral):
    referral = make_referral(S.REFERRED)
    response = portal_as(drc).get(reverse("referrals:edit", args=[referral.pk]), follow=True)
    assert "can no longer be changed" in response.content.decode()


def test_refer_from_the_portal_shows_the_missing_fields_beside_the_form(
    portal_as, drc, make_referral, provider_org
):
    referral = make_referral(S.CONSENTED, strengths="", history_summary="")
    response = portal_as(drc).post(
        reverse("referrals:transition", args=[referral.pk, "refer"]), {"refer-provider": str(provider_org.pk)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Plain words: the form's labels, no internal names; the rule behind "Why?".
    assert "Missing 2 of 8: strengths, brief relevant history." in html
    assert "(strengths)" not in html and "history_summary" not in html
    error = html.split("Missing 2 of 8", 1)[1]
    words, why = error.split("<details", 1)
    assert (
        "R-PR-3" not in words and "<summary>Why?</summary>" in why and "R-PR-3" in why.split("</details>")[0]
    )
    referral.refresh_from_db()
    assert referral.status == S.CONSENTED


def test_journey_through_the_portal(portal_as, drc, provider_user, provider_org, make_referral):
    referral = make_referral(S.DRAFT)
    staff, provider = portal_as(drc), portal_as(provider_user)

    def act(client, name, data=None):
        prefixed = {f"{name}-{k}": v for k, v in (data or {}).items()}
        if REFERRAL[name].irreversible:
            prefixed["confirmed"] = "yes"  # the confirmation page's "Yes"
        return client.post(reverse("referrals:transition", args=[referral.pk, name]), prefixed)

    assert act(staff, "seek_consent").status_code == 302
    assert (
        act(
            staff, "record_consent", {"consented": "yes", "given_on": TODAY.isoformat(), "given_by": "Mum"}
        ).status_code
        == 302
    )
    assert act(staff, "refer", {"provider": str(provider_org.pk)}).status_code == 302
    assert act(provider, "accept").status_code == 302
    assert act(staff, "start_monitoring").status_code == 302
    contact = {"contacted_on": TODAY.isoformat(), "channel": "phone", "note": "All well."}
    response = provider.post(reverse("referrals:contact_add", args=[referral.pk]), contact)
    assert response.status_code == 302 and response.url.endswith("#contacts")
    assert act(staff, "close", {"outcome": "Goals met."}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.last_contact_on) == (S.CLOSED, TODAY)


def test_provider_declining_in_the_portal_returns_to_the_inbox(portal_as, provider_user, make_referral):
    referral = make_referral(S.REFERRED)
    response = portal_as(provider_user).post(
        reverse("referrals:transition", args=[referral.pk, "decline"]),
        {"decline-reason": "Full.", "confirmed": "yes"},
    )
    assert response.status_code == 302 and response.url == reverse("referrals:inbox")


def test_a_future_contact_is_shown_as_an_error_beside_the_field(portal_as, drc, make_referral):
    referral = make_referral(S.ACCEPTED)
    data = {"contacted_on": (TODAY + timedelta(days=2)).isoformat(), "channel": "phone", "note": "x"}
    response = portal_as(drc).post(reverse("referrals:contact_add", args=[referral.pk]), data)
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not referral.contacts.exists()


def test_unknown_transition_is_404(portal_as, drc, make_referral):
    referral = make_referral(S.DRAFT)
    assert (
        portal_as(drc).post(reverse("referrals:transition", args=[referral.pk, "delete"])).status_code == 404
    )


@pytest.mark.parametrize("persona", STAFF_READERS)
def test_pathways_agenda_lists_the_sites_escalated_referrals_for_the_date_r_pr_4(
    request, portal_as, make_referral, persona
):
    meeting = TODAY + timedelta(days=7)
    on_agenda = make_referral(S.ESCALATED, pathways_meeting_on=meeting, escalation_reason="Growing worry")
    other_day = make_referral(S.ESCALATED, pathways_meeting_on=meeting + timedelta(days=7))
    other_site = make_referral(S.ESCALATED, pathways_meeting_on=meeting, site="Ōtara")
    client = portal_as(request.getfixturevalue(persona))
    html = client.get(
        reverse("referrals:agenda"), {"site": "Manukau", "day": meeting.isoformat()}
    ).content.decode()
    assert on_agenda.reference in html and "Growing worry" in html
    assert other_day.reference not in html and other_site.reference not in html
    assert "Upcoming meetings" in html


def test_pathways_agenda_is_for_staff_only(portal_as, provider_user):
    assert portal_as(provider_user).get(reverse("referrals:agenda")).status_code == 403


def test_work_queue_for_a_coordinator(drc, make_referral):
    make_referral(S.DRAFT)
    make_referral(S.CONSENT_PENDING)
    make_referral(S.MONITORING, next_contact_due_on=TODAY - timedelta(days=1))
    make_referral(S.PROVIDER_DECLINED)
    sections = referral_portal.work_queue(drc)
    assert [(s.title, s.count) for s in sections] == [
        ("Referral drafts to complete", 1),
        ("Referrals awaiting whānau consent", 1),
        ("Referrals overdue for contact", 1),
        ("Referrals declined by a provider: refer again", 1),
    ]
    assert sections[2].urgent and sections[2].items[0].overdue


def test_work_queue_for_a_provider(provider_user, make_referral):
    make_referral(S.REFERRED, response_due_on=TODAY - timedelta(days=1))
    make_referral(S.ACCEPTED)
    [section] = referral_portal.work_queue(provider_user)
    assert isinstance(section, WorkSection)
    assert (section.title, section.count, section.urgent) == ("Referrals awaiting your response", 1, True)


def test_work_queue_is_empty_for_others(worker, partner_admin):
    assert referral_portal.work_queue(worker) == [] and referral_portal.work_queue(partner_admin) == []


@pytest.mark.parametrize("persona", ["drc", "provider_user"])
def test_home_page_shows_the_referral_queue(request, portal_as, make_referral, persona):
    make_referral(S.REFERRED if persona == "provider_user" else S.DRAFT)
    html = portal_as(request.getfixturevalue(persona)).get("/").content.decode()
    assert "Referral" in html
    assert ("Referrals awaiting your response" in html) == (persona == "provider_user")


def test_navigation_links_referrals_by_role(portal_as, drc, provider_user):
    assert 'href="/referrals/"' in portal_as(drc).get("/").content.decode()
    assert 'href="/referrals/inbox/"' in portal_as(provider_user).get("/").content.decode()


def test_support_admin_lists_and_shows_referrals_read_only(client, admin_user, make_referral):
    referral = make_referral(S.PROVIDER_DECLINED)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    assert referral.reference in client.get("/support/referrals/referral/").content.decode()
    page = client.get(f"/support/referrals/referral/{referral.pk}/change/").content.decode()
    assert referral.reference in page and referral.family_details not in page


def test_pathways_agenda_defaults_to_the_sites_next_meeting(portal_as, drc, make_referral):
    meeting = TODAY + timedelta(days=3)
    referral = make_referral(S.ESCALATED, pathways_meeting_on=meeting)
    html = portal_as(drc).get(reverse("referrals:agenda")).content.decode()
    assert referral.reference in html
    assert f'value="{meeting.isoformat()}"' in html


def test_pathways_agenda_with_a_bad_date_is_a_form_error_not_a_500(portal_as, drc):
    response = portal_as(drc).get(reverse("referrals:agenda"), {"site": "Manukau", "day": "soon"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
