"""Demo records for `seed_demo` (idempotent): applications in every state, evidence, accreditations, approvals.

Everything goes through the services, as the users who would do it; only the phase timestamps are moved
back afterwards so the pipeline shows realistic times in each phase. Running twice changes nothing: an
organisation that already has an application is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from careportal.accounts.choices import Role
from careportal.demo import DemoContext
from careportal.lib.dates import add_months

from . import services
from .choices import AccreditationStatus, ApplicationStatus, ApprovalStatus, OrganisationKind
from .models import Application, Evidence, Organisation, Requirement

S = ApplicationStatus
# The organisations the demo users belong to (careportal.demo.USERS names them by key).
ORGANISATIONS = {
    # key: (legal name, NZBN, kind, region, Māori organisation, approval status)
    "partner": (
        "Kāinga Care Trust",
        "9429000000017",
        OrganisationKind.CARE_PARTNER,
        "Tāmaki Makaurau",
        True,
        ApprovalStatus.APPROVED,
    ),
    "applicant": (
        "Te Awa Whānau Services",
        "9429000000024",
        OrganisationKind.CARE_PARTNER,
        "Waikato",
        True,
        ApprovalStatus.NONE,
    ),
    "provider": (
        "Whānau Ora Connect",
        "9429000000031",
        OrganisationKind.COMMUNITY_PROVIDER,
        "Tāmaki Makaurau",
        True,
        ApprovalStatus.NONE,
    ),
    "provider2": (
        "Southside Family Support",
        "9429000000048",
        OrganisationKind.COMMUNITY_PROVIDER,
        "Tāmaki Makaurau",
        False,
        ApprovalStatus.NONE,
    ),
}
# key: (legal name, NZBN, region, Māori organisation, target state)
MORE_ORGANISATIONS = {
    "preparation": ("Tūranga Care Collective", "9429000000055", "Tairāwhiti", True, S.PREPARATION),
    "confirmation": ("Awhi Mai Care Trust", "9429000000062", "Te Tai Tokerau", True, S.CONFIRMATION),
    "qa_transition": ("Mātai Care Services", "9429000000079", "Ōtautahi", False, S.QA_TRANSITION),
    "lapsed": ("Harakeke Whānau Care", "9429000000086", "Te Whanganui-a-Tara", True, S.APPROVED),
    "declined": ("Harbour Family Care Ltd", "9429000000093", "Tauranga", False, S.DECLINED),
    "withdrawn": ("Rito Care Whānau Trust", "9429000000109", "Rotorua", True, S.WITHDRAWN),
}
ORDER: list[str] = [S.PREPARATION, S.READINESS, S.CONFIRMATION, S.QA_TRANSITION, S.APPROVED]
PHASE_FIELDS = (
    "created_at",
    "readiness_started_at",
    "confirmation_started_at",
    "qa_transition_started_at",
    "approved_at",
)


def seed_organisations(ctx: DemoContext) -> None:
    """The demo users' organisations, by key in ctx (seeded before the users, who belong to them)."""
    for key, (name, nzbn, kind, region, maori, approval) in ORGANISATIONS.items():
        org, _ = Organisation.objects.update_or_create(
            nzbn=nzbn,
            defaults={"legal_name": name, "kind": kind, "region": region, "is_maori_organisation": maori},
        )
        Organisation.objects.filter(pk=org.pk).update(approval_status=approval)
        org.approval_status = approval
        ctx.organisations[key] = org


def demo_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF (correct xref offsets) saying `title` in ASCII."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(application: Application, requirement: Requirement, by) -> Evidence:
    if requirement.file_required:
        name = f"{requirement.code}.pdf"
        file = SimpleUploadedFile(name, demo_pdf(requirement.title), content_type="application/pdf")
        return services.evidence_upload(application=application, requirement=requirement, by=by, file=file)
    note = "Our care model: whānau-centred care, close to home, with kōrero and hui with whānau and iwi."
    return services.evidence_upload(application=application, requirement=requirement, by=by, note=note)


def _accredit(organisation: Organisation, ctx: DemoContext) -> None:
    """Level 1, granted 22 months ago: current, with its 2-yearly review due within 3 months (R-396-5)."""
    if organisation.accreditations.exists():
        return
    granted = add_months(ctx.today, -22)
    services.accreditation_record(
        organisation=organisation, by=ctx.users["pfo"], level=1, status=AccreditationStatus.ACCREDITED,
        granted_on=granted, notes="Te Kāhui Kāhu Level 1 (demo).",
    )  # fmt: skip


def _walk(application: Application, target: str, member, ctx: DemoContext) -> Application:
    """Move an application forward through the services until it reaches `target` (one of ORDER)."""
    pfo, delegate = ctx.users["pfo"], ctx.users["delegate"]
    if ORDER.index(target) >= 1:
        services.application_update(
            application=application, by=pfo,
            local_provision_notes="Two kaupapa Māori providers offer respite care in the area; no home-based care.",
            stakeholders_consulted="Local iwi social services, the site manager, the regional PfO team.",
        )  # fmt: skip
        application = services.application_begin_readiness(application=application, by=pfo)
    if ORDER.index(target) >= 2:
        for requirement in Requirement.objects.needed_to_leave_readiness():
            services.evidence_accept(evidence=_upload(application, requirement, member), by=ctx.users["hub"])
        application = services.application_request_confirmation(application=application, by=pfo)
    if ORDER.index(target) >= 3:
        _accredit(application.organisation, ctx)
        application = services.application_confirm_partner(
            application=application,
            by=delegate,
            quality_of_practice_confirmed_on=ctx.today - timedelta(days=3),
        )
    if ORDER.index(target) >= 4:
        application = services.application_complete_transition(application=application, by=pfo)
    return application


def _backdate(application: Application, days_per_phase: int) -> None:
    """Spread the phase start times back from now so the pipeline shows time in each phase."""
    now = timezone.now()
    reached = [
        name for name in PHASE_FIELDS if name == "created_at" or getattr(application, name) is not None
    ]
    values = {
        name: now - timedelta(days=days_per_phase * (len(reached) - i)) for i, name in enumerate(reached)
    }
    if application.closed_at is not None:
        values["closed_at"] = now - timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(**values)


def _member(organisation: Organisation, key: str):
    """A partner administrator for a demo organisation that has none among the api.md users."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"demo-{key}",
        defaults={
            "role": Role.PARTNER_ADMIN,
            "organisation": organisation,
            "first_name": "Demo",
            "last_name": key,
        },
    )
    return user


def _seed_partner(ctx: DemoContext) -> None:
    organisation = ctx.organisations["partner"]
    if organisation.applications.exists():
        return
    application = services.application_start(organisation=organisation, by=ctx.users["pfo"])
    application = _walk(application, S.APPROVED, ctx.users["partner_admin"], ctx)
    _backdate(application, 45)


def _seed_applicant(ctx: DemoContext) -> None:
    """Te Awa Whānau Services: readiness, evidence accepted, awaiting review and with changes requested."""
    organisation, member, hub = ctx.organisations["applicant"], ctx.users["applicant_admin"], ctx.users["hub"]
    if organisation.applications.exists():
        return
    application = services.application_start(
        organisation=organisation, by=ctx.users["pfo"], care_model_summary="Whānau-based care in the Waikato."
    )
    application = _walk(application, S.READINESS, member, ctx)
    for index, requirement in enumerate(Requirement.objects.needed_to_leave_readiness()[:6]):
        evidence = _upload(application, requirement, member)
        if index < 3:
            services.evidence_accept(evidence=evidence, by=hub)
        elif index == 3:
            services.evidence_request_changes(
                evidence=evidence,
                by=hub,
                reason="Please include the policy's review date and who approved it.",
            )
    _backdate(application, 20)


def _seed_more(ctx: DemoContext) -> None:
    for key, (name, nzbn, region, maori, target) in MORE_ORGANISATIONS.items():
        organisation, _ = Organisation.objects.get_or_create(
            nzbn=nzbn,
            defaults={"legal_name": name, "kind": OrganisationKind.CARE_PARTNER, "region": region,
                      "is_maori_organisation": maori},
        )  # fmt: skip
        if organisation.applications.exists():
            continue
        member = _member(organisation, key)
        application = services.application_start(organisation=organisation, by=ctx.users["pfo"])
        application = _walk(application, target if target in ORDER else S.READINESS, member, ctx)
        _close(application, target, member, ctx)
        if key == "lapsed":
            accreditation = organisation.accreditations.get()
            services.accreditation_update(
                accreditation=accreditation, by=ctx.users["pfo"], status=AccreditationStatus.LAPSED
            )
        application.refresh_from_db()
        _backdate(application, {"preparation": 12, "confirmation": 25, "qa_transition": 30}.get(key, 15))


def _close(application: Application, target: str, member, ctx: DemoContext) -> None:
    if target == S.DECLINED:
        services.application_propose_decline(
            application=application,
            by=ctx.users["pfo"],
            reason="The care model does not yet meet the standards.",
        )
        services.application_respond(application=application, by=member, response="We accept the decision.")
        services.application_decline(
            application=application, by=ctx.users["delegate"], reason="Standards not met."
        )
    elif target == S.WITHDRAWN:
        services.application_withdraw(
            application=application, by=member, reason="The board chose to focus on respite care."
        )


def seed(ctx: DemoContext) -> None:
    _seed_partner(ctx)
    _seed_applicant(ctx)
    _seed_more(ctx)
