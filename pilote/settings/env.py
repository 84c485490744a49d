"""Typed readers of environment variables; a bad value stops start-up with a clear message."""

import os
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.getenv(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_str(name: str, default: str | None = None) -> str:
    raw = os.getenv(name)
    if raw is None or raw == "":
        if default is None:
            raise ImproperlyConfigured(f"the environment variable {name} is required")
        return default
    return raw


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.getenv(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer of at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.getenv(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_addresses(name: str) -> list[tuple[str, str]]:
    """`Name <a@b.fr>, c@d.fr` as [(name, address)]; names may not contain a comma."""
    addresses = []
    for item in env_list(name, []):
        display, address = parseaddr(item)
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an e-mail address")
        addresses.append((display or address, address))
    return addresses


def env_url(name: str, default: str) -> str:
    """An http(s) address without query or fragment, returned without its trailing slash."""
    raw = env_str(name, default)
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected an address such as https://pilote.sante.gouv.fr"
        )
    return raw.rstrip("/")
