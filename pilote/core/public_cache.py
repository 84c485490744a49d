"""Cache of the anonymous responses of the public pages (docs/dev/indicateurs.md « Cache of the
public pages »).

An anonymous visitor of the public dashboard, its open data or the public catalogue gets the
same bytes for the same URL as long as the published data has not changed. `public_page` (the
one decorator of those views; it includes `public_read`) keeps each such response in this
process's memory (the `public` cache, a bounded LocMemCache) under a key made of:
- the **publication stamp**, a token read from the database on each request (one query): every
  committed change of a model the public pages read replaces it (`watch` below), so an entry
  built from older data is never found again;
- today's date (the current territories are those valid today);
- the URL with its query string (period selector) and the language, as Django's cache
  middleware builds it (`get_cache_key` / `learn_cache_key`).

Only anonymous GET requests use it (a logged-in user's header differs), and only a response
that is a 200, sets no cookie, varies on nothing outside the key, used neither a CSRF token nor
a CSP nonce and is not too large is stored. A request running inside a transaction (whose own
uncommitted writes the stamp does not count yet, e.g. a test's) neither reads nor stores.
`PILOTE_PUBLIC_CACHE_SECONDS` bounds an entry's life (what no stamp can see: a change made
outside Django, a process killed between a commit and its stamp); 0 turns the cache off.

Models are watched by the apps whose public pages read them (their `AppConfig.ready`): saves,
deletes and many-to-many changes replace the stamp when their transaction commits. Bulk writes
that send no signal call `changed(model)` themselves (`core.bulk`, the roll-up refresh)."""

import functools
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_cache_key, learn_cache_key

from pilote.core.replica import public_read

CACHE_ALIAS = "public"
MAX_BYTES = 2 * 1024 * 1024  # a larger response is not kept (memory stays bounded)
_watched: set = set()


# --- what replaces the stamp -----------------------------------------------------------------


def watch(*labels: str) -> None:
    """Replace the stamp after each committed save, delete or many-to-many change of these
    models ("app_label.Model")."""
    for label in labels:
        model = apps.get_model(label)
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"public_cache:{label}"
        signals.post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_on_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            signals.m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"{uid}:{field}")


def watched_models() -> frozenset:
    return frozenset(_watched)


def _on_change(sender, action: str = "post_save", **kwargs) -> None:
    if action.startswith("post_"):  # many-to-many changes also send pre_add, pre_remove…
        changed()


def changed(model=None) -> None:
    """Data the public pages read changed (of `model`, if given: ignored unless watched): the
    stamp is replaced when the transaction commits (at once outside a transaction), once per
    transaction however many rows changed."""
    if model is not None and model not in _watched:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    from pilote.core.models import PublicationStamp

    token, now = secrets.token_hex(16), timezone.now()
    if not PublicationStamp.objects.filter(pk=1).update(token=token, changed_at=now):
        PublicationStamp.objects.update_or_create(
            pk=1, defaults={"token": token, "changed_at": now}
        )


def stamp() -> str | None:
    """The current token (None: no stamp row, nothing is cached)."""
    from pilote.core.models import PublicationStamp

    return PublicationStamp.objects.filter(pk=1).values_list("token", flat=True).first()


# --- the decorator ---------------------------------------------------------------------------


def public_page(view):
    """A public view: read from the replica if there is one (`public_read`), and its anonymous
    responses cached as the module's docstring says."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        token = stamp()
        if token is None:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        prefix = f"public.{token}.{timezone.localdate().isoformat()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        response = cache.get(key) if key else None
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if request.method == "GET" and _storable(request, response):
            timeout = settings.PILOTE_PUBLIC_CACHE_SECONDS
            cache.set(learn_cache_key(request, response, timeout, prefix, cache), response, timeout)
        return response

    wrapped.public_page = True
    return public_read(wrapped)


def _cacheable_request(request) -> bool:
    if not settings.PILOTE_PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if transaction.get_connection().in_atomic_block:
        return False  # uncommitted writes of this very request (or test) are not in the stamp
    return not len(get_messages(request))  # a message waiting for this visitor shows on it


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {h.lower() for h in cc_delim_re.split(response.get("Vary", "")) if h}
    if vary - {"accept-language"}:
        return False  # the response depends on a header the key leaves out
    if {"private", "no-store"} & set(cc_delim_re.split(response.get("Cache-Control", ""))):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False  # a CSRF token or a CSP nonce is the visitor's own
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # its cookie is this visitor's
    return len(response.content) <= MAX_BYTES
