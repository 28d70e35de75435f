"""Over the tables: the actions offered are the ones that apply, next step
first and irreversible ones last; each success message says who acts next; every step the issue names as
irreversible is flagged so (and so asks for confirmation in the portal)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements.choices import ExtensionStatus
from agreements.forms import ExtendForm
from agreements.models import Extension
from agreements.workflow import AGREEMENT
from careportal.workflow import Workflow, next_actions
from partners.workflow import APPLICATION, APPROVAL, EVIDENCE
from quality.workflow import IMPROVEMENT_ACTION, REVIEW
from referrals.workflow import REFERRAL
from tests.agreements.factories import (
    ActiveAgreementFactory,
    ActiveParagraphDAgreementFactory,
    AwaitingSignaturesAgreementFactory,
    agreement_in,
    sign_all,
    years_ago,
)
from tests.partners.factories import ApplicationFactory
from tests.referrals.factories import AcceptedReferralFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TABLES: dict[str, Workflow] = {
    "agreement": AGREEMENT,
    "application": APPLICATION,
    "approval": APPROVAL,
    "evidence": EVIDENCE,
    "referral": REFERRAL,
    "review": REVIEW,
    "action": IMPROVEMENT_ACTION,
}
# The steps confirmed before they run (the portal asks; the engine flag is `irreversible`).
IRREVERSIBLE = [
    ("application", "withdraw"),
    ("application", "propose_decline"),
    ("application", "decline"),
    ("application", "confirm_partner"),
    ("approval", "propose_suspension"),
    ("approval", "propose_revocation"),
    ("approval", "suspend"),
    ("approval", "revoke"),
    ("referral", "close"),
    ("referral", "escalate"),
    ("referral", "decline"),
    ("referral", "withdraw_consent"),
    ("review", "finalise"),
    ("action", "verify_close"),
    ("agreement", "cancel"),
    ("agreement", "give_notice"),
    ("agreement", "terminate"),
    ("agreement", "withdraw_child_consent"),
]


@pytest.mark.parametrize(("table", "name"), IRREVERSIBLE)
def test_each_step_the_issue_names_is_irreversible_and_says_what_it_does(table, name):
    row = TABLES[table][name]
    assert row.irreversible and row.consequence
    # The confirmation page sends the inputs again as hidden fields: a file could not be sent again.
    form = row.form
    assert form is None or not form().is_multipart()


def test_the_first_action_is_the_next_step_and_cancel_comes_last(worker):
    draft = agreement_in("draft", drafted_by=worker)
    assert next_actions(AGREEMENT, draft, worker) == ["submit", "cancel"]


def test_record_signature_comes_first_and_activate_only_once_everyone_has_signed(worker):
    agreement = AwaitingSignaturesAgreementFactory(drafted_by=worker)
    assert next_actions(AGREEMENT, agreement, worker) == ["record_signature", "cancel"]
    sign_all(agreement)
    assert next_actions(AGREEMENT, agreement, worker) == ["activate", "cancel"]


def test_an_s139_agreement_is_offered_its_one_extension_only_and_without_an_fgc_date(worker, supervisor):
    agreement = ActiveAgreementFactory(drafted_by=worker)
    assert next_actions(AGREEMENT, agreement, worker)[0] == "extend"
    assert "fgc_held_on" not in ExtendForm(agreement=agreement).fields  # R-139-3: no FGC
    Extension.objects.create(
        agreement=agreement,
        status=ExtensionStatus.IN_FORCE,
        start_date=agreement.end_date + timedelta(days=1),
        end_date=agreement.end_date + timedelta(days=7),
        previous_end_date=agreement.end_date,
        approved_by=supervisor,
        legal_max_end_date=agreement.end_date + timedelta(days=28),
        legal_basis="R-139-2",
    )
    assert "extend" not in next_actions(AGREEMENT, agreement, worker)  # R-139-2: once only


def test_an_s140d_extension_asks_for_its_fgc_date(worker, coordinator):
    agreement = ActiveParagraphDAgreementFactory(drafted_by=worker)
    assert "extend" in next_actions(AGREEMENT, agreement, coordinator)  # R-140-1: the coordinator's
    assert ExtendForm(agreement=agreement).fields["fgc_held_on"].required  # R-140-1


@pytest.mark.parametrize(("age", "offered"), [(8, False), (11, False), (12, True), (13, True)])
def test_consent_withdrawal_is_offered_from_12_only(worker, age, offered):
    agreement = agreement_in("active", s140=True, drafted_by=worker, child__date_of_birth=years_ago(age))
    names = next_actions(AGREEMENT, agreement, worker)
    assert ("withdraw_child_consent" in names) is offered  # R-140-7 with R-140-4, decision 0002
    assert names[-2:] == ["give_notice", "terminate"] or names[-3:] == [
        "give_notice",
        "withdraw_child_consent",
        "terminate",
    ]


def test_a_draft_referral_offers_seeking_consent_not_escalate_or_close(drc):
    draft = ReferralFactory(managed_by=drc)
    assert next_actions(REFERRAL, draft, drc) == ["seek_consent"]
    sent = AcceptedReferralFactory(managed_by=drc)
    assert next_actions(REFERRAL, sent, drc) == ["start_monitoring", "escalate", "withdraw_consent", "close"]


def test_an_applicant_is_offered_withdrawal_as_a_final_step(partner_admin, partner_org, pfo):
    application = ApplicationFactory(organisation=partner_org)
    assert next_actions(APPLICATION, application, partner_admin) == ["withdraw"]
    names = next_actions(APPLICATION, application, pfo)
    assert names[0] == "begin_readiness" and names[-2:] == ["propose_decline", "withdraw"]


def test_the_success_message_names_who_acts_next(worker):
    s140 = agreement_in("awaiting_fgc", s140=True, drafted_by=worker)
    s139 = agreement_in("awaiting_supervisor", drafted_by=worker)
    submit = AGREEMENT["submit"]
    assert submit.message(s140) == (
        "Submitted for approval. A care and protection coordinator records the FGC approval next."
    )
    assert submit.message(s139) == "Submitted for approval. A supervisor approves it next."
    agreement = AwaitingSignaturesAgreementFactory(drafted_by=worker)
    assert "You record the other signatures next" in AGREEMENT["record_signature"].message(agreement)
    sign_all(agreement)
    assert AGREEMENT["record_signature"].message(agreement).endswith("You activate the agreement next.")


@pytest.mark.parametrize("table", list(TABLES))
def test_no_success_message_shows_a_rule_id_or_just_says_done(table):
    for name, row in TABLES[table].transitions.items():
        if callable(row.success):
            continue
        assert "R-" not in row.success and "QA-D" not in row.success, name
        assert "next" in row.success or "Nothing more" in row.success, (table, name, row.success)
