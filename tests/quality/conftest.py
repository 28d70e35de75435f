"""Quality fixtures: reviews of `partner_org` (the persona partner) in any state, and helpers."""

import pytest

from quality.choices import Rating
from quality.models import NationalCareStandard
from tests.quality.factories import (
    ACTION_FACTORIES,
    REVIEW_FACTORIES,
    FindingFactory,
    QACycleFactory,
)


@pytest.fixture
def cycle(partner_org):
    return QACycleFactory(organisation=partner_org)


@pytest.fixture
def other_cycle(other_partner_org):
    return QACycleFactory(organisation=other_partner_org)


@pytest.fixture
def make_review(cycle):
    """`make_review(status, **fields)`: a review of partner_org's cycle in `status`."""

    def make(status, **fields):
        fields.setdefault("cycle", cycle)
        return REVIEW_FACTORIES[status](**fields)

    return make


@pytest.fixture
def make_action(make_review):
    """`make_action(status, **fields)`: an action of a final review of partner_org, owned by it."""

    def make(status, **fields):
        if "review" not in fields:
            fields["review"] = make_review("final")
        return ACTION_FACTORIES[status](**fields)

    return make


def rate_every_standard(review, rating=Rating.MET):
    """QA-D1: a finding for every active standard."""
    for standard in NationalCareStandard.objects.filter(active=True):
        FindingFactory(review=review, standard=standard, rating=rating)
