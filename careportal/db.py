"""Abstract model bases shared by every app."""

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """Opaque UUID id (never guessable, never a name in a URL) and creation/update timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
