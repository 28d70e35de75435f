"""R-ALL-6 / R-EXT-1 with real files: versions issued once, signatures bound to a version's SHA-256, the
executed copy sealed (PAdES, validated by pyHanko), its verification code, copies given, extensions in
writing. Rendering runs through the real tasks (eager in the tests) and WeasyPrint."""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services, sweep, versions
from agreements.models import Agreement, CopyGiven, Extension, Party, Signature
from careportal.exceptions import RuleViolation, TransitionNotAllowed
from careportal.sealing import seal_status
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def drawn() -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def text_of(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def approved(worker, supervisor, today, django_capture_on_commit_callbacks):
    """An s139 agreement taken to awaiting signatures through the services; its version really issued."""
    draft = agreement_in("awaiting_supervisor", drafted_by=worker, start_date=today + timedelta(days=3))
    Party.objects.create(agreement=draft, position=5, name="Hēmi Tipene", role="guardian", signatory=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=draft, by=supervisor)
    return Agreement.objects.get(pk=draft.pk)


def sign(agreement, party, by, capture, **options):
    options.setdefault("signed_on", agreement.signing_version.issued_on)
    with capture(execute=True):
        return services.agreement_record_signature(agreement=agreement, by=by, party=party, **options)


def signatories(agreement):
    return list(agreement.parties.filter(signatory=True).order_by("position"))


def test_approval_issues_one_version_whose_sha256_is_that_of_its_file(approved, today):
    version = approved.signing_version
    assert version is not None and version.kind == "agreement" and version.version == 1
    assert version.issued_on == today
    assert version.sha256 == hashlib.sha256(version.file.read()).hexdigest()
    # a second run of the task adds nothing
    assert versions.issue_signing_version(approved.pk, today) == version
    assert approved.documents.count() == 1


def test_a_signature_binds_to_its_version_and_issues_no_new_version(
    approved, worker, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    sign(approved, first, worker, django_capture_on_commit_callbacks, typed_name="Mere Tipene", consent=True)
    signature = Signature.objects.get(party=first)
    assert signature.document == approved.signing_version
    assert signature.document_sha256 == approved.signing_version.sha256
    assert signature.mark == "typed" and signature.consent_given
    assert list(approved.documents.values_list("kind", flat=True)) == ["agreement"]  # no new version


def test_a_terms_change_issues_a_new_version_and_voids_the_signatures_on_the_old(
    approved, worker, supervisor, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    sign(approved, first, worker, django_capture_on_commit_callbacks)
    old = approved.signing_version
    services.agreement_return_to_draft(agreement=approved, by=supervisor, reason="Fix access")
    services.agreement_update(
        agreement=Agreement.objects.get(pk=approved.pk),
        by=worker,
        access_arrangements="Weekly, at the marae.",
    )
    services.agreement_submit(agreement=Agreement.objects.get(pk=approved.pk), by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=Agreement.objects.get(pk=approved.pk), by=supervisor)
    agreement = Agreement.objects.get(pk=approved.pk)
    new = agreement.signing_version
    assert new.version == 2 and new.sha256 != old.sha256
    assert Signature.objects.filter(party=first, document=old).exists()  # kept, shown as superseded
    assert agreement.parties.get(pk=first.pk).signed_on is None  # but no longer counts
    with pytest.raises(RuleViolation) as refused:
        sign(agreement, first, worker, django_capture_on_commit_callbacks, document=old.pk)
    assert "superseded by version 2" in refused.value.message and refused.value.field == "document"


def test_a_signature_before_the_version_was_issued_or_in_the_future_is_refused(
    approved, worker, today, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    for day in (today - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(RuleViolation) as refused:
            sign(approved, first, worker, django_capture_on_commit_callbacks, signed_on=day)
        assert refused.value.field == "signed_on"


def test_a_paper_signature_records_the_scan_and_its_own_hash(
    approved, worker, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    scan = SimpleUploadedFile("signed.png", png_bytes(), "image/png")
    sign(approved, first, worker, django_capture_on_commit_callbacks, method="paper", scan=scan)
    signature = Signature.objects.get(party=first)
    assert signature.method == "paper"
    assert signature.scan_sha256 == hashlib.sha256(png_bytes()).hexdigest()


def test_a_scan_that_is_not_a_pdf_jpeg_or_png_is_refused_on_scan(
    approved, worker, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    scan = SimpleUploadedFile("signed.txt", b"I signed it", "text/plain")
    with pytest.raises(RuleViolation) as refused:
        sign(approved, first, worker, django_capture_on_commit_callbacks, method="paper", scan=scan)
    assert refused.value.field == "scan"
    assert not Signature.objects.filter(party=first).exists()


def fully_signed(agreement, worker, capture):
    parties = signatories(agreement)
    sign(agreement, parties[0], worker, capture, drawing=drawn())
    scan = SimpleUploadedFile(
        "signed.pdf", agreement.signing_version.file.open("rb").read(), "application/pdf"
    )
    for party in parties[1:]:
        sign(agreement, party, worker, capture, method="paper", scan=scan)
        scan.seek(0)
    return Agreement.objects.get(pk=agreement.pk)


def test_the_last_signature_makes_the_sealed_executed_copy(
    approved, worker, tmp_path, django_capture_on_commit_callbacks
):
    agreement = fully_signed(approved, worker, django_capture_on_commit_callbacks)
    executed = versions.executed_copy(agreement)
    assert executed is not None and executed.executes == agreement.signing_version
    data = executed.file.open("rb").read()
    assert executed.sha256 == hashlib.sha256(data).hexdigest()
    assert seal_status(data).valid
    flipped = bytearray(data)
    flipped[len(flipped) // 3] ^= 0x01
    assert not seal_status(bytes(flipped)).valid
    text = text_of(data, tmp_path)
    assert executed.verification_code in text
    assert "Signed on paper" in text or "signed on paper" in text
    # the signed version's own pages come first, unchanged: its text is in the executed copy
    assert agreement.reference in text


def test_verification_answers_for_a_real_code_without_names_and_404_otherwise(
    approved, worker, api, django_capture_on_commit_callbacks
):
    agreement = fully_signed(approved, worker, django_capture_on_commit_callbacks)
    executed = versions.executed_copy(agreement)
    response = api.get(f"/api/v1/verify/{executed.verification_code}/")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "reference": agreement.reference,
        "version": executed.version,
        "sha256": executed.sha256,
        "status": agreement.status,
        "in_force": False,
        "issued_on": executed.issued_on.isoformat(),
    }
    page = api.get(f"/verify/{executed.verification_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "valid executed copy" in html
    for party in agreement.parties.all():
        assert party.name not in html and party.name not in response.content.decode()
    assert agreement.child.name not in html
    assert api.get("/api/v1/verify/AAAA-BBBB-CCCC/").status_code == 404
    assert api.get("/verify/AAAA-BBBB-CCCC/").status_code == 404


def test_copies_given_are_recorded_per_party_once_the_executed_copy_exists(
    approved, worker, today, django_capture_on_commit_callbacks
):
    first = signatories(approved)[0]
    with pytest.raises(TransitionNotAllowed):
        services.agreement_record_copy_given(
            agreement=approved, by=worker, party=first, given_on=today, method="email"
        )
    agreement = fully_signed(approved, worker, django_capture_on_commit_callbacks)
    with pytest.raises(RuleViolation):
        services.agreement_record_copy_given(
            agreement=agreement, by=worker, party=first, given_on=today + timedelta(days=1), method="email"
        )
    services.agreement_record_copy_given(
        agreement=agreement, by=worker, party=first, given_on=today, method="post"
    )
    assert CopyGiven.objects.get(party=first).method == "post"
    assert agreement.parties.get(pk=first.pk).copy_given_on == today


@pytest.fixture
def in_force(worker, today):
    return agreement_in("active", drafted_by=worker, start_date=today - timedelta(days=10))


def test_an_extension_moves_the_last_day_only_once_approved_and_signed(
    in_force, worker, supervisor, today, django_capture_on_commit_callbacks
):
    last_day = in_force.end_date
    new_last = last_day + timedelta(days=14)
    services.agreement_extend(agreement=in_force, by=worker, end_date=new_last)
    extension = Extension.objects.get(agreement=in_force)
    assert extension.status == "awaiting_approval"
    assert Agreement.objects.get(pk=in_force.pk).end_date == last_day
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve_extension(agreement=Agreement.objects.get(pk=in_force.pk), by=supervisor)
    extension.refresh_from_db()
    assert extension.status == "awaiting_signatures" and extension.document.kind == "extension"
    agreement = Agreement.objects.get(pk=in_force.pk)
    for party in signatories(agreement):
        assert agreement.end_date == last_day  # not yet: every party signs first
        with django_capture_on_commit_callbacks(execute=True):
            services.agreement_record_signature(
                agreement=agreement,
                by=worker,
                party=party,
                signed_on=today,
                typed_name=party.name,
                consent=True,
            )
        agreement = Agreement.objects.get(pk=in_force.pk)
    extension.refresh_from_db()
    assert extension.status == "in_force" and agreement.end_date == new_last
    executed = extension.document.executed_copies.get()
    assert seal_status(executed.file.open("rb").read()).valid


def test_an_extension_not_signed_by_the_last_day_lapses_and_the_agreement_ends_as_planned(
    in_force, worker, supervisor, today, django_capture_on_commit_callbacks
):
    last_day = in_force.end_date
    services.agreement_extend(agreement=in_force, by=worker, end_date=last_day + timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve_extension(agreement=Agreement.objects.get(pk=in_force.pk), by=supervisor)
    sweep.automatic_changes(last_day + timedelta(days=1))
    assert Extension.objects.get(agreement=in_force).status == "lapsed"
    agreement = Agreement.objects.get(pk=in_force.pk)
    assert agreement.status == "expired" and agreement.end_date == last_day


def test_the_api_lists_documents_and_the_version_each_party_signed(
    approved, worker, api_as, django_capture_on_commit_callbacks
):
    agreement = fully_signed(approved, worker, django_capture_on_commit_callbacks)
    body = api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/").json()
    kinds = [d["kind"] for d in body["documents"]]
    assert kinds == ["agreement", "executed"]
    assert body["verification_code"] == versions.executed_copy(agreement).verification_code
    assert {s["document_version"] for s in body["required_signatories"]} == {1}
    download = api_as(worker).get(body["documents"][1]["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == body["documents"][1]["sha256"]
    listed = api_as(worker).get("/api/v1/agreements/").json()["results"]
    assert next(r for r in listed if r["id"] == str(agreement.pk)) == body


def test_reminders_for_a_copy_not_recorded_and_an_extension_waiting_for_signatures(
    approved, worker, supervisor, today, django_capture_on_commit_callbacks
):
    """R-ALL-6: 5 working days in force without a copy given recorded; R-EXT-1: an approved extension still
    unsigned 7 days before the last day."""
    from agreements import signing_reminders
    from careportal.calendar import add_working_days

    agreement = fully_signed(approved, worker, django_capture_on_commit_callbacks)
    Agreement.objects.filter(pk=agreement.pk).update(status="active", activated_on=today)
    due = add_working_days(today, 5)
    assert signing_reminders.copy_not_recorded(due - timedelta(days=1)) == []
    kinds = {spec.kind for spec in signing_reminders.copy_not_recorded(due)}
    assert kinds == {"agreement.copy_not_recorded"}
    for party in signatories(agreement):
        services.agreement_record_copy_given(
            agreement=Agreement.objects.get(pk=agreement.pk),
            by=worker,
            party=party,
            given_on=today,
            method="email",
        )
    assert signing_reminders.copy_not_recorded(due) == []

    active = Agreement.objects.get(pk=agreement.pk)
    services.agreement_extend(agreement=active, by=worker, end_date=active.end_date + timedelta(days=7))
    assert signing_reminders.extension_unsigned(active.end_date - timedelta(days=7)) == []  # not approved
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve_extension(agreement=Agreement.objects.get(pk=agreement.pk), by=supervisor)
    specs = signing_reminders.extension_unsigned(active.end_date - timedelta(days=7))
    assert {s.kind for s in specs} == {"agreement.extension.unsigned.7d"}
    assert all(active.reference in s.message and "lapses" in s.message for s in specs)
