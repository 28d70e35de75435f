"""The choices of every filter that names a related record: only the records the requesting user may see.

A filter whose choices were every row answered 200 and an empty list for another organisation's record
and 400 for an id that does not exist, which told a user which ids exist (R-PRIV-1). Scoped to what the
user may see, both answer 400 alike, and a select in a filter form lists only what the user may see (a
care partner never sees another organisation's name). Each model's scope is its own app's, declared
with its contributions (careportal.contributions), so a filter and the list it filters can never disagree.

`ScopedFilterSet` is the base of every FilterSet (the API's FilterBackend makes its `filterset_fields`
ones from it too): a foreign key's filter gets its choices here, and a model no installed app scopes makes
the FilterSet fail as it is built rather than leak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS

from careportal.accounts.choices import STAFF_ROLES
from careportal.contributions import scopes
from careportal.lib.actor import Actor


def users_visible_to(user: Actor) -> models.QuerySet:
    """Kaimahi know every user; an organisation's user only its own organisation's (and itself). The
    accounts app declares it as the scope of its users (careportal.accounts.apps)."""
    users = get_user_model().objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return users.none()
    if user.role in STAFF_ROLES:
        return users
    mine = models.Q(pk=user.pk)
    if user.organisation_id:
        mine |= models.Q(organisation_id=user.organisation_id)
    return users.filter(mine)


def visible(model: type[models.Model], user: Actor) -> models.QuerySet:
    """The records of `model` that `user` may see."""
    return scopes()[model._meta.label_lower](user)


def choices_for(model: type[models.Model], narrower: Any = None) -> Callable[[Any], models.QuerySet]:
    """A django-filter `queryset` callable: the records of `model` the request's user may see, narrowed by
    `narrower` (a dict or Q, e.g. a kind). Without a request (a form built outside one) there is nothing
    to choose."""
    if model._meta.label_lower not in scopes():
        raise ImproperlyConfigured(
            f"A filter offers {model._meta.label} records but no installed app declares their scope: add "
            "one to the `scopes` of its AppConfig's contributions (the records a user may see)."
        )

    def queryset(request: Any) -> models.QuerySet:
        user = getattr(request, "user", None)
        if user is None:
            return model._default_manager.none()
        scoped = visible(model, user)
        return scoped.complex_filter(narrower) if narrower else scoped

    return queryset


def _related(filter_class: type, **extra: Any) -> dict[str, Any]:
    def build(field: Any) -> dict[str, Any]:
        limit = field.get_limit_choices_to() if hasattr(field, "get_limit_choices_to") else None
        return {**extra, "queryset": choices_for(field.related_model, limit or None)}

    return {"filter_class": filter_class, "extra": build}


def _forward(field: Any) -> dict[str, Any]:
    return {
        "to_field_name": field.remote_field.field_name,
        "null_label": django_filters.conf.settings.NULL_CHOICE_LABEL if field.null else None,
    }


def _forward_related(filter_class: type) -> dict[str, Any]:
    scoped = _related(filter_class)

    def build(field: Any) -> dict[str, Any]:
        return {**_forward(field), **scoped["extra"](field)}

    return {"filter_class": filter_class, "extra": build}


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose relation filters choose only among the records the user may see (R-PRIV-1), and
    that filters out everything when a filter is invalid: django-filter skips an invalid field and
    filters by the rest, so a mistyped filter listed every record under the error. (The API answers 400
    before this: DjangoFilterBackend raises on an invalid form.)"""

    def filter_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        if not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: _forward_related(django_filters.ModelChoiceFilter),
        models.OneToOneField: _forward_related(django_filters.ModelChoiceFilter),
        models.ManyToManyField: _related(django_filters.ModelMultipleChoiceFilter),
        models.OneToOneRel: _related(django_filters.ModelChoiceFilter),
        models.ManyToOneRel: _related(django_filters.ModelMultipleChoiceFilter),
        models.ManyToManyRel: _related(django_filters.ModelMultipleChoiceFilter),
    }
