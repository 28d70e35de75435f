from django import forms

from .models import TASK_NOTE_MAX_LENGTH


class TaskDoneForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=TASK_NOTE_MAX_LENGTH,
        label="Note (optional)",
        help_text=f"At most {TASK_NOTE_MAX_LENGTH} characters.",
    )
