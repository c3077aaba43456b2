"""Chart responses: drawn once per version of a journal, kept in a small cache (an SVG also
gzipped once, for the browsers that accept it), revalidated by ETag.

A chart is named by what it shows: its kind, its URL and options, the owner's data version
(which changes with every write to their journal, see versions.py) and today. A request that
matches the browser's copy (304) or this worker's cache costs no query beyond the login's
(none while the login is kept, auth/login_cache.py); only a miss loads the chart's rows,
through the ownership check, and draws it.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import Response, abort, request

from . import charts
from .caching import LRUCache, journal_key

CACHE_SIZE = 256
drawings = LRUCache(CACHE_SIZE)
MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}


@dataclass(frozen=True)
class Drawing:
    """A chart's bytes, and for SVG (text, 5-8x smaller gzipped) the same bytes gzipped.
    A PNG is compressed already."""

    body: bytes
    gzipped: bytes | None

    @classmethod
    def of(cls, body: bytes, fmt: str) -> Drawing:
        return cls(body, gzip.compress(body, mtime=0) if fmt == "svg" else None)


def chart_response(kind: str, build: Callable[[], object]) -> Response:
    """Answer with chart `kind`: 304 when the browser has this version, the cached bytes
    when this worker drew it before, else a drawing of what `build()` returns.

    `build` loads the chart's rows through the ownership helper (another user's id: 404),
    and runs only on a miss. A hit needs no such check: its name holds the current user's
    id and data version, so it can only be a chart this user was allowed to see, of their
    journal as it is now (deleting the row would have changed the version).

    `?format=png` asks for PNG (SVG otherwise); `?theme=dark` for the dark theme;
    `?size=narrow` for a phone's narrower drawing. An SVG is sent gzipped to a client that
    accepts gzip, under its own ETag (the bytes differ).
    """
    fmt = request.args.get("format", "svg")
    theme = request.args.get("theme", "light")
    size = request.args.get("size", "wide")
    if fmt not in MIMETYPES or theme not in charts.STYLES or size not in ("wide", "narrow"):
        abort(404)
    style = charts.STYLES[theme]
    if size == "narrow":
        style = replace(style, width=charts.NARROW_WIDTH)
    key = journal_key(kind, fmt, style)
    gzipped = fmt == "svg" and request.accept_encodings["gzip"] > 0
    etag = f"{key}-gzip" if gzipped else key
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        drawing = drawings.get_or_build(
            key, lambda: Drawing.of(charts.render(kind, build(), style, fmt), fmt)
        )
        response = Response(drawing.gzipped if gzipped else drawing.body,
                            mimetype=MIMETYPES[fmt])
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    if fmt == "svg":
        response.vary.add("Accept-Encoding")
    # Private: a chart is part of someone's journal. no-cache: always revalidate (cheap).
    response.headers["Cache-Control"] = "private, no-cache"
    return response
