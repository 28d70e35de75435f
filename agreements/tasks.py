"""Celery tasks: take ids, call one function, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from agreements.documents import generate_document


@shared_task(acks_late=True)
def generate_agreement_pdf(agreement_id: str) -> str | None:
    """Render and store the agreement's PDF; unchanged content adds no new version (idempotent)."""
    document = generate_document(agreement_id)
    return str(document.pk) if document is not None else None
