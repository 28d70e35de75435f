"""What anyone holding an executed copy may learn from its verification code (api.md v1.1 "verify").

Only the reference, version, fingerprint and whether the agreement is in force: never a name or a date of
birth, since the code is printed on paper that leaves the office.
"""

from __future__ import annotations

from typing import Any

from agreements.choices import IN_FORCE_STATUSES, DocumentKind
from agreements.models import AgreementDocument
from careportal.lib.dates import nz_today


def verification_for(code: str) -> dict[str, Any] | None:
    document = (
        AgreementDocument.objects.filter(kind=DocumentKind.EXECUTED, verification_code=code.strip().upper())
        .select_related("agreement")
        .first()
    )
    if document is None:
        return None
    agreement = document.agreement
    today = nz_today()
    in_force = agreement.status in IN_FORCE_STATUSES and agreement.start_date <= today <= agreement.end_date
    return {
        "reference": agreement.reference,
        "version": document.version,
        "sha256": document.sha256,
        "status": agreement.status,
        "status_label": agreement.get_status_display(),
        "in_force": in_force,
        "issued_on": document.issued_on,
    }
