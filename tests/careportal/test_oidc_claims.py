"""What the provider's claims decide: subject, role (first in the map's order), site, the second step."""

from __future__ import annotations

from careportal.accounts.oidc import claims
from careportal.accounts.oidc.config import ProviderConfig

CONFIG = ProviderConfig(
    enabled=True,
    issuer="https://idp.example",
    subject_claim="oid",
    role_claim="groups",
    role_map={"g-sup": "supervisor", "g-sw": "social_worker"},
)


def test_the_subject_is_the_configured_claim_never_the_email():
    assert claims.subject({"oid": "abc", "sub": "pairwise", "email": "a@b"}, CONFIG) == "abc"
    assert claims.subject({"sub": "pairwise", "email": "a@b"}, CONFIG) == ""
    assert claims.subject({"oid": ["one", "two"]}, CONFIG) == ""  # ambiguous: no subject


def test_the_first_role_in_the_maps_order_wins():
    assert claims.role({"groups": ["g-sw", "g-sup"]}, CONFIG) == "supervisor"
    assert claims.role({"groups": ["g-sw", "other"]}, CONFIG) == "social_worker"
    assert claims.role({"groups": "g-sw"}, CONFIG) == "social_worker"  # a single value


def test_no_mapped_group_is_no_role():
    assert claims.role({"groups": ["other"]}, CONFIG) is None
    assert claims.role({}, CONFIG) is None
    assert claims.role({"groups": [{"nested": "g-sup"}]}, CONFIG) is None


def test_the_site_from_the_claim_or_through_the_site_map():
    assert claims.site({"office": "Kirikiriroa"}, CONFIG) is None  # no site claim set: left alone
    by_claim = ProviderConfig(site_claim="office")
    assert claims.site({"office": " Kirikiriroa "}, by_claim) == "Kirikiriroa"
    assert claims.site({}, by_claim) == ""
    by_map = ProviderConfig(site_claim="groups", site_map={"g-chc": "Ōtautahi"})
    assert claims.site({"groups": ["x", "g-chc"]}, by_map) == "Ōtautahi"
    assert claims.site({"groups": ["x"]}, by_map) == ""


def test_the_second_step_is_trusted_unless_amr_or_acr_is_required():
    assert claims.second_step_done({}, CONFIG)
    amr = ProviderConfig(mfa_amr=("mfa", "hwk"))
    assert claims.second_step_done({"amr": ["pwd", "mfa"]}, amr)
    assert not claims.second_step_done({"amr": ["pwd"]}, amr)
    assert not claims.second_step_done({}, amr)
    acr = ProviderConfig(mfa_acr=("urn:mfa",))
    assert claims.second_step_done({"acr": "urn:mfa"}, acr)
    assert not claims.second_step_done({"acr": "urn:pwd"}, acr)


def test_the_provider_origins_for_the_sign_out_form():
    config = ProviderConfig(
        issuer="https://idp.example/t/v2.0", end_session_endpoint="https://logout.example/x"
    )
    assert config.origins() == ["https://idp.example", "https://logout.example"]
