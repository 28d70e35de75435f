"""Invitations (decision 0022): an organisation's admin invites, resends and revokes; the invitee accepts.

Accepting takes two pages: the invitee's name, username and password, then the second step (a TOTP
authenticator). What they chose waits in their session, the password only hashed, and the account is made
only once the authenticator's first code is right: nobody ever signs in to it without the second step.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from careportal.accounts.forms import TokenForm
from careportal.accounts.two_factor import qr_code_svg
from careportal.exceptions import DomainError
from careportal.lib.actor import actor_of
from careportal.portal import run_action
from partners import permissions as perms
from partners import selectors
from partners.forms import InvitationForm, InvitedAccountForm
from partners.models import Invitation, Organisation
from partners.services import invitations as services

SESSION_LINK = "invitation_link"  # the hash of the token the invitee opened (never the token)
SESSION_ACCOUNT = "invitation_account"  # what they chose on the first page


def _enabled() -> None:
    if not settings.INVITATIONS_ENABLED:
        raise Http404


def invitations_url(request: HttpRequest, organisation: Organisation | None) -> str | None:
    """The link to the organisation's invitations, for a page to offer when the user may invite."""
    if organisation is None:
        return None
    if settings.INVITATIONS_ENABLED and perms.can_invite(actor_of(request), organisation):
        return reverse("partners:invitations", args=[organisation.pk])
    return None


def _organisation(request: HttpRequest, pk: Any) -> Organisation:
    _enabled()
    organisation = get_object_or_404(selectors.organisations_for(actor_of(request)), pk=pk)
    if not perms.can_invite(actor_of(request), organisation):
        raise PermissionDenied
    return organisation


@login_required
def invitations(request: HttpRequest, pk: Any) -> HttpResponse:
    """The organisation's pending invitations and the form to invite someone."""
    organisation = _organisation(request, pk)
    roles = perms.invitation_roles(organisation)
    form = InvitationForm(request.POST if request.method == "POST" else None, roles=roles)
    if request.method == "POST" and form.is_valid():
        done = run_action(
            request,
            services.invitation_create,
            form=form,
            success=f"Invitation sent to {form.cleaned_data['email']}.",
            organisation=organisation,
            by=actor_of(request),
            **form.cleaned_data,
        )
        if done is not None:
            return redirect("partners:invitations", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "pending": selectors.pending_invitations(organisation),
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    return render(request, "partners/invitations/list.html", context, status=400 if form.errors else 200)


def _chosen(request: HttpRequest, organisation: Organisation) -> Invitation | None:
    try:
        pk = uuid.UUID(str(request.POST.get("invitation", "")))
    except ValueError:
        return None
    return Invitation.objects.filter(organisation=organisation, pk=pk).first()


def _act(request: HttpRequest, pk: Any, service: Any, success: str) -> HttpResponse:
    organisation = _organisation(request, pk)
    invitation = _chosen(request, organisation)
    if invitation is None:
        messages.error(
            request, "That invitation was not found: it may have been revoked or accepted already."
        )
    else:
        run_action(
            request,
            service,
            success=success.format(email=invitation.email),
            invitation=invitation,
            by=actor_of(request),
        )
    return redirect("partners:invitations", pk=organisation.pk)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(
        request,
        pk,
        services.invitation_resend,
        "A new invitation was sent to {email}; the earlier link no longer works.",
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(
        request,
        pk,
        services.invitation_revoke,
        "The invitation to {email} was revoked; its link no longer works.",
    )


# --- The invitee -----------------------------------------------------------------------------------


def _problem(request: HttpRequest, problem: services.LinkProblem) -> HttpResponse:
    request.session.pop(SESSION_LINK, None)
    request.session.pop(SESSION_ACCOUNT, None)
    return render(
        request, "partners/invitations/link_problem.html", {"reason": problem.reason}, status=problem.status
    )


def _opened(request: HttpRequest) -> Invitation | HttpResponse:
    """The invitation this browser opened, or the page saying why there is none."""
    _enabled()
    if request.user.is_authenticated:
        return render(request, "partners/invitations/signed_in.html", status=409)
    found = services.invitation_for_hash(request.session.get(SESSION_LINK, ""))
    if isinstance(found, services.LinkProblem):
        return _problem(request, found)
    return found


def invitation_accept(request: HttpRequest) -> HttpResponse:
    """Open the link (its token moves into the session), then choose a name, username and password."""
    _enabled()
    token = request.GET.get("token")
    if token is not None and not request.user.is_authenticated:
        found = services.invitation_for_token(token)
        if isinstance(found, services.LinkProblem):
            return _problem(request, found)
        request.session[SESSION_LINK] = found.token_hash
        request.session.pop(SESSION_ACCOUNT, None)
        return redirect("partners:invitation_accept")
    invitation = _opened(request)
    if isinstance(invitation, HttpResponse):
        return invitation
    form = InvitedAccountForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = services.NewAccount(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password_hash=make_password(data["password1"]),
            totp_key=random_hex(20),
        )
        request.session[SESSION_ACCOUNT] = asdict(account)
        return redirect("partners:invitation_second_step")
    context = {"invitation": invitation, "form": form}
    return render(request, "partners/invitations/accept.html", context, status=400 if form.errors else 200)


def _device_for(account: services.NewAccount) -> TOTPDevice:
    # Not saved: it gives the QR code and key; the real device is made with the account.
    return TOTPDevice(user=get_user_model()(username=account.username), key=account.totp_key)


def _code_is_right(device: TOTPDevice, code: str) -> bool:
    code = code.strip()
    if not code.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(code), tolerance=device.tolerance)


def invitation_second_step(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator; its first right code makes the account and signs the invitee in."""
    invitation = _opened(request)
    if isinstance(invitation, HttpResponse):
        return invitation
    saved = request.session.get(SESSION_ACCOUNT)
    if not saved:
        return redirect("partners:invitation_accept")
    account = services.NewAccount(**saved)
    device = _device_for(account)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not _code_is_right(device, form.cleaned_data["token"]):
            form.add_error(
                "token", "That code is not right. Check the time on your phone and try the newest code."
            )
        else:
            return _accept(request, account)
    context = {
        "invitation": invitation,
        "form": form,
        "qr_svg": qr_code_svg(device),
        "secret": device.bin_key.hex(),
    }
    return render(
        request, "partners/invitations/second_step.html", context, status=400 if form.errors else 200
    )


def _accept(request: HttpRequest, account: services.NewAccount) -> HttpResponse:
    try:
        result = services.invitation_accept(token_hash=request.session.get(SESSION_LINK, ""), account=account)
    except DomainError as exc:  # the username was taken meanwhile: choose another on the first page
        request.session.pop(SESSION_ACCOUNT, None)
        messages.error(request, exc.message)
        return redirect("partners:invitation_accept")
    if isinstance(result, services.LinkProblem):
        return _problem(request, result)
    user, device = result
    request.session.pop(SESSION_ACCOUNT, None)
    request.session.pop(SESSION_LINK, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    messages.success(request, "Nau mai, haere mai: your account is ready and two-step sign-in is on.")
    return redirect("home")
