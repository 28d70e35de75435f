"""Private file storage in an Azure Blob container (decision 0023), and the signed links downloads use.

The container is never public: a blob is read by the web nodes and workers with the account's key, or by a
browser through a link the portal signs after its permission check and audit, valid PRIVATE_LINK_SECONDS.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from storages.backends.azure_storage import AzureStorage

# The Azure SDK logs every request and response (headers included) at INFO: two lines per file read or
# written would bury the portal's own log. Its warnings and errors still come through.
logging.getLogger("azure.core.pipeline.policies.http_logging_policy").setLevel(logging.WARNING)


class PrivateAzureStorage(AzureStorage):
    """Azure Blob Storage for private files: plain `url()` is never signed, only `signed_url` is."""

    def url(
        self, name: str, expire: int | None = None, parameters: dict | None = None, mode: str = "r"
    ) -> str:
        # An unsigned URL of a private container answers 404/403, so a template or the admin calling
        # url() can never hand out a working link that skipped the permission check and the audit.
        return super().url(name, expire=expire or 0, parameters=parameters, mode=mode)

    def signed_url(self, name: str, *, seconds: int, file_name: str, content_type: str) -> str:
        """A read-only link to one blob, valid `seconds`, answered as an attachment named `file_name`."""
        expiry = datetime.now(UTC) + timedelta(seconds=seconds)
        parameters = {
            "content_disposition": f'attachment; filename="{file_name}"',
            "content_type": content_type,
            "cache_control": "private, no-store",
        }
        return self._signed(name, expiry=expiry, parameters=parameters)

    def _signed(self, name: str, *, expiry: datetime, parameters: dict) -> str:
        from azure.storage.blob import BlobClient, BlobSasPermissions, generate_blob_sas

        blob = self._get_valid_path(name)
        token = generate_blob_sas(
            self.account_name,
            self.azure_container,
            blob,
            account_key=self.account_key,
            user_delegation_key=self.get_user_delegation_key(expiry.replace(tzinfo=None)),
            permission=BlobSasPermissions(read=True),
            expiry=expiry,
            **parameters,
        )
        url = self.client.get_blob_client(blob).url
        if self.custom_domain:
            from urllib.parse import urlparse, urlunparse

            url = urlunparse(urlparse(url)._replace(netloc=self.custom_domain))
        return BlobClient.from_blob_url(url, credential=token).url

    def container_is_private(self) -> bool:
        """True when the container allows no anonymous read (no public access level is set)."""
        return self.client.get_container_access_policy().get("public_access") is None

    def check(self, *, create: bool = False) -> str:
        """The container exists (made private if `create`) and is private; raise ValueError saying what is wrong."""
        if not self.client.exists():
            if not create:
                raise ValueError(f"The container {self.azure_container} does not exist (use --create).")
            self.client.create_container()  # no public access level: private
        if not self.container_is_private():
            raise ValueError(
                f"The container {self.azure_container} allows anonymous reads: set its public access to off."
            )
        return f"The container {self.azure_container} exists and is private."


def private_storage() -> Storage:
    """The one storage every private file lives in (Django's default storage: there is no public media)."""
    return default_storage


def signed_link(name: str, *, file_name: str, content_type: str) -> str | None:
    """A short-lived link straight to the stored file, or None when the web node streams it itself (local
    files, or PRIVATE_LINK_SECONDS = 0)."""
    storage = private_storage()
    seconds = settings.PRIVATE_LINK_SECONDS
    signer = getattr(storage, "signed_url", None)
    if not seconds or signer is None:
        return None
    return signer(name, seconds=seconds, file_name=file_name, content_type=content_type)
