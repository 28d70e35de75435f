"""The choices of every filter that names a related record: only the records the requesting user may see.

A filter whose choices were every row answered 200 and an empty list for another organisation's record
and 400 for an id that does not exist, which told a user which ids exist (R-PRIV-1). Scoped to what the
user may see, both answer 400 alike, and a select in a filter form lists only what the user may see (a
care partner never sees another organisation's name). Each model's scope is its own app's, so a filter
and the list it filters can never disagree.

`ScopedFilterSet` is the base of every FilterSet (the API's FilterBackend makes its `filterset_fields`
ones from it too): a foreign key's filter gets its choices here, and a model with no scope below makes
the FilterSet fail as it is built rather than leak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS

Scope = Callable[[Any], models.QuerySet]


def _organisations(user: Any) -> models.QuerySet:
    from partners import permissions
    from partners.models import Organisation

    return permissions.restrict(Organisation.objects.all(), user, organisation_path="pk", staff_see_all=True)


def _applications(user: Any) -> models.QuerySet:
    from partners import permissions
    from partners.models import Application

    return permissions.restrict(
        Application.objects.all(), user, organisation_path="organisation_id", staff_see_all=False
    )


def _cycles(user: Any) -> models.QuerySet:
    from quality.models import QACycle
    from quality.permissions import cycles_visible_to

    return cycles_visible_to(user, QACycle.objects.all())


def _reviews(user: Any) -> models.QuerySet:
    from quality.models import QAReview
    from quality.permissions import reviews_visible_to

    return reviews_visible_to(user, QAReview.objects.all())


def _agreements(user: Any) -> models.QuerySet:
    from agreements.models import Agreement
    from agreements.permissions import scope_agreements

    return scope_agreements(Agreement.objects.all(), user)


def _children(user: Any) -> models.QuerySet:
    from agreements.models import Child
    from agreements.permissions import scope_children

    return scope_children(Child.objects.all(), user)


def _users(user: Any) -> models.QuerySet:
    """Kaimahi know every user; an organisation's user only its own organisation's (and itself)."""
    from django.contrib.auth import get_user_model

    from careportal.accounts.choices import STAFF_ROLES

    users = get_user_model().objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return users.none()
    if user.role in STAFF_ROLES:
        return users
    mine = models.Q(pk=user.pk)
    if user.organisation_id:
        mine |= models.Q(organisation_id=user.organisation_id)
    return users.filter(mine)


SCOPES: dict[str, Scope] = {
    "partners.organisation": _organisations,
    "partners.application": _applications,
    "quality.qacycle": _cycles,
    "quality.qareview": _reviews,
    "agreements.agreement": _agreements,
    "agreements.child": _children,
    "accounts.user": _users,
}


def visible(model: type[models.Model], user: Any) -> models.QuerySet:
    """The records of `model` that `user` may see."""
    return SCOPES[model._meta.label_lower](user)


def choices_for(model: type[models.Model], narrower: Any = None) -> Callable[[Any], models.QuerySet]:
    """A django-filter `queryset` callable: the records of `model` the request's user may see, narrowed by
    `narrower` (a dict or Q, e.g. a kind). Without a request (a form built outside one) there is nothing
    to choose."""
    if model._meta.label_lower not in SCOPES:
        raise ImproperlyConfigured(
            f"A filter offers {model._meta.label} records but careportal.scoped_choices has no scope for "
            "them: add one to SCOPES (the records a user may see)."
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
    """A FilterSet whose relation filters choose only among the records the user may see (R-PRIV-1)."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: _forward_related(django_filters.ModelChoiceFilter),
        models.OneToOneField: _forward_related(django_filters.ModelChoiceFilter),
        models.ManyToManyField: _related(django_filters.ModelMultipleChoiceFilter),
        models.OneToOneRel: _related(django_filters.ModelChoiceFilter),
        models.ManyToOneRel: _related(django_filters.ModelMultipleChoiceFilter),
        models.ManyToManyRel: _related(django_filters.ModelMultipleChoiceFilter),
    }
