"""Factories for the cross-cutting models; each app keeps its own in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from careportal.accounts.choices import Role
from partners.choices import ApprovalStatus, OrganisationKind
from partners.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Organisation {n} Trust")
    nzbn = factory.Sequence(lambda n: f"94{n:011d}")
    kind = OrganisationKind.CARE_PARTNER
    region = "Tāmaki Makaurau"


class ApprovedPartnerFactory(OrganisationFactory):
    approval_status = ApprovalStatus.APPROVED


class ProviderFactory(OrganisationFactory):
    kind = OrganisationKind.COMMUNITY_PROVIDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org.nz")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda u: u.username.title())
    role = Role.SOCIAL_WORKER
    site = "Manukau"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
