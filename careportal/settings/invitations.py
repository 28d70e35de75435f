"""Invitations of partner and provider users by e-mail (decision 0022), off unless INVITATIONS_ENABLED."""

from __future__ import annotations

from .env import env_bool, env_int

# Off by default: the embedded quick start and a deployment that makes its accounts in the support admin
# see no invitation pages.
INVITATIONS_ENABLED = env_bool("INVITATIONS_ENABLED", False)
# How long an invitation link works; a resend makes a new link with a new expiry.
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 7, minimum=1)
# At most this many invitations pending (sent, not yet accepted, revoked or expired) per organisation.
INVITATION_MAX_PENDING = env_int("INVITATION_MAX_PENDING", 20, minimum=1)
# A resend of one invitation at most once in this many minutes (each resend is another e-mail).
INVITATION_RESEND_MINUTES = env_int("INVITATION_RESEND_MINUTES", 5, minimum=0)
