"""Portal pages for the written agreement's versions: downloads, the documents panel, the public check.

Every file is made by the queue (agreements.versions); these pages only read what is stored, and say when
something is still being prepared.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from agreements import versions
from agreements.models import AgreementDocument
from agreements.verification import verification_for
from careportal.files import Download, file_field_response
from careportal.preparing import document_status, preparing_page

from .views import _visible_agreement, documents_context

NOT_ISSUED = "The agreement is issued for signing once a supervisor approves it; there is no document yet."


def _download(request: HttpRequest, document: AgreementDocument) -> Download:
    versions.audit_download(document, by=request.user)
    return file_field_response(document.file, file_name=document.file_name, content_type="application/pdf")


@login_required
def agreement_pdf(request: HttpRequest, pk: Any) -> HttpResponse | Download:
    """The version for signing or, once every party signed, the executed copy; audited (R-PRIV-3).

    While the queue is still making it, a page says so (202) and offers it once it is ready.
    """
    agreement = _visible_agreement(request, pk)
    if not versions.issued(agreement):
        messages.info(request, NOT_ISSUED)
        return redirect(agreement)
    document = versions.request_download(agreement)
    if document is None:
        return preparing_page(
            request,
            title=f"Care agreement {agreement.reference}: PDF",
            download_url=reverse("agreements:pdf", args=[agreement.pk]),
            status_url=reverse("agreements:pdf_status", args=[agreement.pk]),
            back_url=agreement.get_absolute_url(),
        )
    return _download(request, document)


@login_required
def agreement_pdf_status(request: HttpRequest, pk: Any) -> HttpResponse:
    """Whether the PDF is ready (polled by the preparing page; nothing is downloaded or queued)."""
    agreement = _visible_agreement(request, pk)
    return document_status(
        ready=versions.document_for_download(agreement) is not None
        and not versions.being_prepared(agreement),
        download_url=reverse("agreements:pdf", args=[agreement.pk]),
    )


@login_required
def document_download(request: HttpRequest, pk: Any, document_pk: Any) -> Download:
    """One stored version, by its id (api.md `documents[].download_url`)."""
    agreement = _visible_agreement(request, pk)
    return _download(request, get_object_or_404(agreement.documents, pk=document_pk))


@never_cache
@login_required
def documents_panel(request: HttpRequest, pk: Any) -> HttpResponse:
    """The agreement page's documents section alone: its script asks again while one is being prepared."""
    agreement = _visible_agreement(request, pk)
    return render(
        request, "agreements/_documents.html", {"agreement": agreement, **documents_context(agreement)}
    )


@never_cache
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding an executed copy checks it here. No names, no dates of birth."""
    found = verification_for(code)
    return render(
        request, "agreements/verify.html", {"code": code, "found": found}, status=200 if found else 404
    )
