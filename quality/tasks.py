"""Celery tasks: take ids, call one function, safe to run twice."""

from __future__ import annotations

from .services.report import generate_review_report  # defined beside the report it makes

__all__ = ["generate_review_report"]
