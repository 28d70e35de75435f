"""A real Azure Blob Storage emulator (Azurite 3.35, tests/tools) for a test session, and a fresh private
container per test with the portal's storage pointed at it (`azure_storage`).

Azurite listens on a free loopback port, keeps its data in a temporary folder and is stopped by its own
process id. It speaks the Blob REST API, checks shared-key signatures and SAS tokens (expiry included) and
answers anonymous reads of a private container with 404, as Azure does.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from azure.core.exceptions import AzureError
from azure.storage.blob import BlobServiceClient

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "tests/tools/node_modules/azurite/dist/src/blob/main.js"
# The emulator's published development account (the same in every Azurite install; not a secret).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass
class Azurite:
    port: int
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/{ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};BlobEndpoint={self.endpoint};"

    def service(self) -> BlobServiceClient:
        return BlobServiceClient.from_connection_string(self.connection_string)

    def new_container(self) -> str:
        """A new, private container (no public access level), as an operator would create it."""
        name = f"careportal-{uuid.uuid4().hex[:12]}"
        self.service().create_container(name)
        return name

    def env(self, container: str) -> dict[str, str]:
        """The environment that points a portal process at `container` (docs/deploying/storage.md)."""
        return {
            "PRIVATE_STORAGE": "azure",
            "AZURE_CONNECTION_STRING": self.connection_string,
            "AZURE_CONTAINER": container,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_azurite(location: Path) -> Azurite:
    node = shutil.which("node")
    if node is None or not MAIN.exists():
        pytest.skip(
            "Azurite is not installed (node and tests/tools/node_modules: npm ci --prefix tests/tools)"
        )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed binary and arguments
        [node, str(MAIN), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location", str(location),
         "--silent", "--skipApiVersionCheck", "--loose"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    azurite = Azurite(port=port, process=process)
    deadline = time.monotonic() + 30
    while True:
        try:
            next(iter(azurite.service().list_containers()), None)
            return azurite
        except AzureError:
            if process.poll() is not None:
                raise RuntimeError(f"Azurite did not start: {process.stderr.read().decode()}") from None
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def azurite(tmp_path_factory) -> Iterator[Azurite]:
    server = start_azurite(tmp_path_factory.mktemp("azurite"))
    try:
        yield server
    finally:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()


@pytest.fixture
def azure_storage(settings, monkeypatch, azurite, tmp_path) -> str:
    """The portal's private storage is a new private container in Azurite for this test, configured
    through the environment as a deployment would be (careportal/settings/storage.py); its name."""
    from careportal.settings.storage import private_storage

    container = azurite.new_container()
    for name, value in azurite.env(container).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": private_storage(tmp_path / "unused")}
    settings.PRIVATE_LINK_SECONDS = 60
    return container
