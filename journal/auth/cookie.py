"""The signed session cookie, verified once per worker for each value it is sent.

Flask checks the cookie's signature and decodes it on every request, about 50 us here: a
sixth of what a cached chart costs. A browser sends the same cookie until its session
changes, so each worker keeps what every cookie it verified held, with the time it was
signed, and checks that time against the session's lifetime on every use, as a fresh
decoding would. Only sessions made of plain values are kept: one holding flashed messages
(a list) is decoded each time, so no request can change what another one reads.
"""

from __future__ import annotations

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from ..caching import LRUCache

KEPT_COOKIES = 1024  # per worker; about 0.5 KiB each
_PLAIN = (str, int, float, bool, type(None))


class KeptCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, each distinct cookie verified once per worker."""

    def __init__(self):
        self.kept = LRUCache(KEPT_COOKIES)  # cookie -> (its session's items, signed at)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:  # as Flask answers those
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self.kept.get(value)
        if kept is not None and 0 <= int(time.time()) - kept[1] <= max_age:
            return self.session_class(kept[0])
        serializer = self.get_signing_serializer(app)
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:  # also an expired one
            return self.session_class()
        if all(isinstance(item, _PLAIN) for item in data.values()):
            self.kept.put(value, (tuple(data.items()), int(signed_at.timestamp())))
        return self.session_class(data)
