from django import forms

from .kinds import kind_label
from .models import TASK_NOTE_MAX_LENGTH


class TaskDoneForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=TASK_NOTE_MAX_LENGTH,
        label="Note (optional)",
        help_text=f"At most {TASK_NOTE_MAX_LENGTH} characters.",
    )


class NotificationFilterForm(forms.Form):
    """The notifications page's filter: one kind (of those the user has been sent), unread only."""

    kind = forms.ChoiceField(label="Kind", required=False)
    unread = forms.BooleanField(label="Unread only", required=False)

    def __init__(self, *args, kinds: dict[str, list[str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "All kinds"), *((k, kind_label(k)) for k in kinds)]

    def selection(self) -> tuple[list[str] | None, bool] | None:
        """(stored kinds or None for all, unread only); None for an invalid filter, which lists nothing."""
        if not self.is_valid():
            return None
        kind = self.cleaned_data["kind"]
        return (self.kinds[kind] if kind else None), self.cleaned_data["unread"]
