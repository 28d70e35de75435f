"""Notification and reminder kinds are named members of enums (careportal.notifications.kinds)."""

from __future__ import annotations

from careportal.notifications.kinds import ESCALATES_TO, NotificationKind, ReminderKind, at_threshold


def test_each_overdue_kind_escalates_to_its_own_kind_which_does_not_escalate_again() -> None:
    assert set(ESCALATES_TO) <= set(ReminderKind)
    assert set(ESCALATES_TO.values()) <= set(ReminderKind)
    assert len(set(ESCALATES_TO.values())) == len(ESCALATES_TO)
    assert not set(ESCALATES_TO.values()) & set(ESCALATES_TO)


def test_stored_values_are_unique_across_both_enums() -> None:
    values = [k.value for k in NotificationKind] + [k.value for k in ReminderKind]
    assert len(values) == len(set(values))
    assert all(len(v) <= 64 for v in values)  # Notification.kind / Reminder.kind max_length


def test_a_threshold_is_appended_to_the_stored_kind() -> None:
    assert at_threshold(ReminderKind.AGREEMENT_ENDING, "7d") == "agreement.ending.7d"
    assert (
        at_threshold(ReminderKind.PARTNERS_ACCREDITATION_REVIEW_DUE, "3m")
        == "partners.accreditation_review_due.3m"
    )


def test_every_reminder_the_sweep_sends_is_a_named_kind() -> None:
    from tests.reminders.test_every_kind import ALL_KINDS

    named = {k.value for k in ReminderKind}
    assert {kind if kind in named else kind.rpartition(".")[0] for kind in ALL_KINDS} <= named
