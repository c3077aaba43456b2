"""Chart responses: drawn once per content, kept in a small cache, revalidated by ETag."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Response, abort, request

from . import charts

CACHE_SIZE = 256
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()
MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}


def content_key(kind: str, fmt: str, theme: str, data) -> str:
    """Return the hash of exactly what a chart shows (its frozen domain values)."""
    return hashlib.sha256(repr((kind, fmt, theme, data)).encode("utf-8")).hexdigest()[:40]


def chart_response(kind: str, data) -> Response:
    """Answer with chart `kind` drawn from `data`: 304 when the browser has these bytes,
    the cached bytes when this worker drew them before, else a fresh drawing.

    `?format=png` asks for PNG (SVG otherwise); `?theme=dark` for the dark theme.
    """
    fmt = request.args.get("format", "svg")
    theme = request.args.get("theme", "light")
    if fmt not in MIMETYPES or theme not in charts.STYLES:
        abort(404)
    key = content_key(kind, fmt, theme, data)
    if request.if_none_match.contains(key):
        response = Response(status=304)
    else:
        with _cache_lock:
            body = _cache.get(key)
            if body is not None:
                _cache.move_to_end(key)
        if body is None:
            body = charts.render(kind, data, charts.STYLES[theme], fmt)
            with _cache_lock:
                _cache[key] = body
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        response = Response(body, mimetype=MIMETYPES[fmt])
    response.set_etag(key)
    # Private: a chart is part of someone's journal. no-cache: always revalidate (cheap).
    response.headers["Cache-Control"] = "private, no-cache"
    return response
