"""Chart responses: drawn once per content, kept in a small cache, revalidated by ETag."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import replace

from flask import Response, abort, request

from . import charts

CACHE_SIZE = 256
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()
MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}


def content_key(kind: str, fmt: str, style: charts.Style, data) -> str:
    """Return the hash of exactly what a chart shows (its frozen domain values)."""
    return hashlib.sha256(repr((kind, fmt, style, data)).encode("utf-8")).hexdigest()[:40]


def chart_response(kind: str, data) -> Response:
    """Answer with chart `kind` drawn from `data`: 304 when the browser has these bytes,
    the cached bytes when this worker drew them before, else a fresh drawing.

    `?format=png` asks for PNG (SVG otherwise); `?theme=dark` for the dark theme;
    `?size=narrow` for a phone's narrower drawing.
    """
    fmt = request.args.get("format", "svg")
    theme = request.args.get("theme", "light")
    size = request.args.get("size", "wide")
    if fmt not in MIMETYPES or theme not in charts.STYLES or size not in ("wide", "narrow"):
        abort(404)
    style = charts.STYLES[theme]
    if size == "narrow":
        style = replace(style, width=charts.NARROW_WIDTH)
    key = content_key(kind, fmt, style, data)
    if request.if_none_match.contains(key):
        response = Response(status=304)
    else:
        with _cache_lock:
            body = _cache.get(key)
            if body is not None:
                _cache.move_to_end(key)
        if body is None:
            body = charts.render(kind, data, style, fmt)
            with _cache_lock:
                _cache[key] = body
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        response = Response(body, mimetype=MIMETYPES[fmt])
    response.set_etag(key)
    # Private: a chart is part of someone's journal. no-cache: always revalidate (cheap).
    response.headers["Cache-Control"] = "private, no-cache"
    return response
