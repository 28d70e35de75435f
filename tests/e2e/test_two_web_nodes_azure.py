"""The two-web-node journey (tests/e2e/test_two_web_nodes.py) with the private files in an Azure Blob
container (Azurite, decision 0023) instead of a directory: the worker renders and seals into the container,
either node lists what it stored, and the browser downloads the executed copy through the signed link the
node redirects to. Nothing about files is kept on a node, or on a disk they share."""

from __future__ import annotations

import pytest

from tests.e2e import test_two_web_nodes as journey

pytestmark = journey.pytestmark
nodes = journey.nodes


@pytest.fixture
def worker_env(worker_env, azurite, azure_storage):
    """The worker's and the web nodes' environment, pointed at the test's container; afterwards the
    container holds the agreement's version for signing and its executed copy (and nothing else does)."""
    yield {**worker_env, **azurite.env(azure_storage)}
    stored = [b.name for b in azurite.service().get_container_client(azure_storage).list_blobs()]
    assert sum(name.endswith(".pdf") for name in stored) >= 2, stored


test_a_journey_alternating_between_two_web_nodes_with_files_in_a_container = (
    journey.test_a_journey_alternating_between_two_web_nodes
)
