"""The acting user, typed: who a service acts for, who a permission is checked for, who the audit names.

Always a signed-in portal user (`careportal.accounts.models.User`); code that may run without one (the
daily sweep, a migration) says so with `Actor | None`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from careportal.accounts.models import User

Actor: TypeAlias = "User"
# `request.user` as Django and DRF type it. The portal's views all require sign-in, so a function given the
# request's user unchecked (the audit trail, a download) takes this; `actor_of` narrows it to an Actor.
RequestUser: TypeAlias = "User | AnonymousUser"


class _SignedInRequest(Protocol):
    @property
    def user(self) -> Any: ...


def actor_of(request: _SignedInRequest) -> Actor:
    """The signed-in user of a request (Django's or DRF's) that reaches a service.

    Such views require sign-in already, so an anonymous user here is refused (403) rather than acting."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in first.")
    return cast("User", user)
