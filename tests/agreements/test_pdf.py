"""The agreement for signing as a PDF: rendered for real by WeasyPrint and read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from agreements import rules, versions
from agreements.choices import S146_PROVISIONS
from agreements.documents import DEFAULT_TERMINATION, plain_legal_basis
from agreements.models import Agreement, AgreementDocument
from careportal.audit.models import AuditEntry
from careportal.lib.dates import nz_today
from tests.agreements.factories import PROVISIONS, agreement_in, sign_all

pytestmark = pytest.mark.django_db


def generate_document(agreement_id) -> AgreementDocument:
    """The version issued for signing, really rendered (a factory agreement's own version is a stand-in)."""
    Agreement.objects.filter(pk=agreement_id).update(signing_version=None)
    return versions.issue_signing_version(agreement_id, nz_today())


def pdf_pages(document: AgreementDocument, tmp_path: Path) -> list[str]:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(document.file.read())
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def long_s140(worker, partner_org):
    """An s140 agreement long enough to run to several pages; te tamaiti (13) is a signatory."""
    long = {field: f"{PROVISIONS[field]} " * 12 for field in S146_PROVISIONS}
    return agreement_in(
        "awaiting_signatures", s140=True, drafted_by=worker, caregiver_organisation=partner_org, **long
    )


def test_the_pdf_carries_everything_the_parties_sign(long_s140, tmp_path):
    """R-ALL-5 (term, termination, every s146 provision), R-ALL-6 and R-140-4 (a block per signatory)."""
    agreement = long_s140
    document = generate_document(agreement.pk)
    pages = pdf_pages(document, tmp_path)
    text = flat(" ".join(pages))
    assert len(pages) >= 2
    for needle in [
        "Mere Tipene",
        "Tama Tipene",
        agreement.child.name,
        agreement.child.case_reference,
        "Kāinga Care Trust",
        "Section 140(1)(a) of the Oranga Tamariki Act 1989",
        flat(plain_legal_basis(agreement)),  # the maximum in plain words, not the stored rule ids
        rules.format_nz_date(agreement.start_date),
        rules.format_nz_date(agreement.end_date),
        "Legal maximum last day",
        rules.format_nz_date(agreement.legal_max_end_date),
        "Mere Tipene, by phone every week",
    ]:
        assert needle in text, needle
    for field, label in S146_PROVISIONS.items():
        assert label in text, label
        assert flat(PROVISIONS[field]) in text, field
    assert flat(DEFAULT_TERMINATION["s140"]) in text  # the statutory default, as the terms are blank
    assert flat(agreement.legal_basis) not in text and "R-140" not in text  # no rule ids for whānau
    signature_blocks = re.findall(
        r"(Mere Tipene|" + re.escape(agreement.child.name) + r") — (Parent|Te tamaiti)", text
    )
    assert signature_blocks == [("Mere Tipene", "Parent"), (agreement.child.name, "Te tamaiti")]
    assert "Tama Tipene — " not in text  # not a party, so no signature block
    footer = f"{agreement.reference} · version {document.version} · hash {document.content_hash[:16]}"
    assert all(footer in flat(page) for page in pages), "reference, version and hash on every page"


def test_the_stated_termination_choice_replaces_the_default_and_notes_are_added(worker, tmp_path):
    """R-TERM-1: the clause comes from the stated choice; free-text notes are shown beside it."""
    agreement = agreement_in(
        "awaiting_signatures",
        drafted_by=worker,
        termination_notice="written",
        termination_notice_days=3,
        termination_terms="Notice to the site office, please.",
    )
    text = flat(" ".join(pdf_pages(generate_document(agreement.pk), tmp_path)))
    assert "terminated by 3 days' written notice" in text
    assert "Notice to the site office, please." in text
    assert flat(DEFAULT_TERMINATION["s139"]) not in text
    assert "Section 139 of the Oranga Tamariki Act 1989" in text


def test_issuing_is_idempotent_and_signing_adds_no_version(worker):
    """R-ALL-6: the version issued for signing is issued once; recording signatures changes nothing."""
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    first = generate_document(agreement.pk)
    assert versions.issue_signing_version(agreement.pk, nz_today()) == first
    sign_all(Agreement.objects.get(pk=agreement.pk))
    assert versions.issue_signing_version(agreement.pk, nz_today()) == first
    assert agreement.documents.count() == 2  # the factory's stand-in, then the one rendered
    assert first.file.name.endswith(f"{agreement.reference}-v2.pdf")
    assert agreement.child.name.split()[0] not in first.file.name  # R-PRIV-2


def test_approval_queues_the_version_signatures_and_activation_do_not_change_it(
    api_as, worker, supervisor, today, django_capture_on_commit_callbacks
):
    """The Celery task runs on commit (eagerly in tests) after approve, each signature and activation; the
    copy signed is the copy issued for signing (R-ALL-6): neither the status nor signatures are printed."""
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    url = f"/api/v1/agreements/{agreement.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        api_as(supervisor).post(url + "approve/", {}, format="json")
    assert list(agreement.documents.values_list("version", flat=True)) == [1]
    mere = str(agreement.parties.get(position=0).pk)
    with django_capture_on_commit_callbacks(execute=True):
        api_as(worker).post(
            url + "record_signature/", {"party": mere, "signed_on": today.isoformat()}, format="json"
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert api_as(worker).post(url + "activate/", {}, format="json").json()["status"] == "active"
    # the one version signed, then its executed copy (the last signature asks for it): no other version
    assert list(agreement.documents.order_by("version").values_list("version", "kind")) == [
        (1, "agreement"),
        (2, "executed"),
    ]


def test_pdf_endpoint_serves_the_latest_named_by_reference_and_audits_it(api_as, worker, tmp_path):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    response = api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert f'filename="{agreement.reference}-v1.pdf"' in disposition
    assert agreement.child.name.split()[0] not in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(kind="download", object_id=str(agreement.pk))
    assert (entry.actor, entry.data) == (worker, {"version": 1, "kind": "agreement"})


def test_portal_download_and_visibility(
    portal_as, partner_admin, outsider, provider_user, worker, partner_org
):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    response = portal_as(partner_admin).get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200
    # fully signed: the executed copy (made on this first request, as tasks run eagerly here)
    assert versions.executed_copy(agreement).file_name in response["Content-Disposition"]
    assert portal_as(outsider).get(f"/agreements/{agreement.pk}/pdf/").status_code == 404
    assert portal_as(provider_user).get(f"/agreements/{agreement.pk}/pdf/").status_code == 404
