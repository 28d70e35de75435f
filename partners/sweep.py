"""This app's part of the daily sweep (`run_reminders`): automatic changes and reminders."""

from datetime import date


def run(today: date) -> list[str]:
    return []
