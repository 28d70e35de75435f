"""Celery tasks: take ids, call one function, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .services.report import store_final_report


@shared_task(acks_late=True)
def generate_review_report(review_id: str) -> str | None:
    """Make and store the final report of a final review (once; a second run changes nothing)."""
    review = store_final_report(review_id)
    return str(review.pk) if review is not None and review.final_report else None
