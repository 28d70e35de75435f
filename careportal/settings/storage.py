"""Where private files live (decision 0023): the local directory by default, or an Azure Blob container.

Every FileField and every server-side read goes through Django's default storage, and that storage is the
private one: there is no public media. `PRIVATE_STORAGE=azure` swaps the backend; nothing else changes.
Downloads are permission-checked and audited by the portal first (careportal/files.py), then streamed or,
from a container, redirected to a link signed for PRIVATE_LINK_SECONDS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_str

BACKENDS = ("local", "azure")
AZURE_BACKEND = "careportal.storage.PrivateAzureStorage"


def _azure_options() -> dict[str, Any]:
    container = env_str("AZURE_CONTAINER", "")
    connection_string = env_str("AZURE_CONNECTION_STRING", "")
    account_name = env_str("AZURE_ACCOUNT_NAME", "")
    account_key = env_str("AZURE_ACCOUNT_KEY", "")
    if not container:
        raise ImproperlyConfigured(
            "PRIVATE_STORAGE=azure needs AZURE_CONTAINER (the private container's name)."
        )
    if not connection_string and not (account_name and account_key):
        raise ImproperlyConfigured(
            "PRIVATE_STORAGE=azure needs AZURE_CONNECTION_STRING, or AZURE_ACCOUNT_NAME and AZURE_ACCOUNT_KEY."
        )
    options: dict[str, Any] = {
        "azure_container": container,
        "overwrite_files": False,  # names are random; a clash must never replace a stored file
        "expiration_secs": None,  # url() always signs with the caller's expiry (careportal/storage.py)
        "timeout": env_int("AZURE_TIMEOUT_SECONDS", 20, minimum=1),
    }
    if connection_string:
        options["connection_string"] = connection_string
    else:
        options.update(
            account_name=account_name,
            account_key=account_key,
            endpoint_suffix=env_str("AZURE_ENDPOINT_SUFFIX", "core.windows.net"),
            azure_ssl=env_bool("AZURE_SSL", True),
        )
    custom_domain = env_str("AZURE_CUSTOM_DOMAIN", "")
    if custom_domain:
        options["custom_domain"] = custom_domain
    return options


def private_storage(media_root: Path) -> dict[str, Any]:
    """The STORAGES entry for private files, chosen by PRIVATE_STORAGE (`local` or `azure`)."""
    backend = env_str("PRIVATE_STORAGE", "local").strip().lower()
    if backend not in BACKENDS:
        raise ImproperlyConfigured(f"PRIVATE_STORAGE={backend!r} is not valid: expected one of {BACKENDS}.")
    if backend == "azure":
        return {"BACKEND": AZURE_BACKEND, "OPTIONS": _azure_options()}
    return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media_root}}


# Lifetime of a signed download link from a container; 0 streams every download through the web node.
PRIVATE_LINK_SECONDS = env_int("PRIVATE_LINK_SECONDS", 60, minimum=0)
