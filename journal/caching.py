"""What a worker keeps between requests: a small least-recently-used cache, whole pages, and
values derived from a journal that several answers share.

Every entry (a page, a chart's drawing in chart_responses.py, a derived value) is named by
the current user, their data version (versions.py) and today, so an entry never outlives
the journal it was drawn from: any write gives the next request a new name, and old
entries age out of the fixed-size caches.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from functools import wraps

from flask import Response, g, get_flashed_messages, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from . import clock


class LRUCache:
    """A thread-safe mapping that forgets its least recently used entry past `size`."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def get_or_build(self, key, build):
        """Return the value kept under `key`, else `build()`, kept from now on."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def user_key(*parts) -> str:
    """Name `parts` of the current user's journal, as the journal is now and as of today."""
    named = (*parts, current_user.id, current_user.data_version, clock.today())
    return hashlib.sha256(repr(named).encode("utf-8")).hexdigest()[:40]


def journal_key(*parts) -> str:
    """Name what this request shows of the current user's journal, as the journal is now."""
    return user_key(*parts, request.path)


DATA_CACHE_SIZE = 64
derived = LRUCache(DATA_CACHE_SIZE)


def remembered(name, build):
    """Return `build()` for the current user's journal as it is now, built once per worker
    while the journal is unchanged, so that a page and its charts (wide, narrow, dark,
    PNG) share what they derive from the same rows.

    `build` must return plain values: an ORM object belongs to one request's session.
    """
    return derived.get_or_build(user_key("data", name), build)


PAGE_CACHE_SIZE = 128
pages = LRUCache(PAGE_CACHE_SIZE)
# Stands in for the CSRF token while a page is rendered for the cache; each answer gets the
# token of its own session. Random per process, so nothing a user types can match it.
_TOKEN_SLOT = "csrf-" + secrets.token_hex(16)


def cached_page(view):
    """Serve the view's page from this worker's cache while the user's journal is unchanged.

    Only a logged-in user's 200 pages are kept, and never while a flashed message waits
    (it is shown once). Ownership needs no extra care: the key holds the user's id, and a
    page is only ever stored for the user it was rendered for.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or session.get("_flashes"):
            return view(*args, **kwargs)
        key = journal_key("page", request.query_string)
        body = pages.get(key)
        if body is None:
            g.csrf_token = _TOKEN_SLOT
            try:
                response = make_response(view(*args, **kwargs))
            finally:
                g.pop("csrf_token", None)
            # Not kept: an error or a redirect, or a page that showed a message (once only).
            if (response.status_code != 200 or response.mimetype != "text/html"
                    or get_flashed_messages()):
                return _with_token(response)
            body = response.get_data(as_text=True)
            pages.put(key, body)
        return Response(body.replace(_TOKEN_SLOT, generate_csrf()), mimetype="text/html")

    return wrapper


def _with_token(response: Response) -> Response:
    if not response.direct_passthrough and response.mimetype == "text/html":
        response.set_data(response.get_data(as_text=True).replace(_TOKEN_SLOT, generate_csrf()))
    return response
