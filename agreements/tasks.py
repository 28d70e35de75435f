"""Celery tasks: take ids, call one function, safe to run twice."""

from __future__ import annotations

from agreements.documents import generate_agreement_pdf  # defined beside the rendering it runs

__all__ = ["generate_agreement_pdf"]
