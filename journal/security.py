"""Security headers on every response, and caching rules for pages."""

from __future__ import annotations

import re

from flask import Flask, Request, abort, current_app, request
from flask_wtf.form import SUBMIT_METHODS
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

# No 'unsafe-inline' anywhere: templates use no inline script or style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# Control characters no one types: everything below space except tab and line breaks.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class JournalRequest(Request):
    """A request whose form values never contain control characters other than tab and
    line breaks.

    Nobody types one; PostgreSQL cannot store NUL in text, and the others make the XML of an
    SVG chart unreadable (a pasted form feed in a goal title would blank its chart). They
    are removed on arrival.
    """

    @property
    def max_content_length(self) -> int | None:
        """The body cap: MAX_CONTENT_LENGTH, or a larger one for a view marked with
        accepts_large_body. Known from the URL alone, so it holds from the first byte read,
        the CSRF check included."""
        if self._max_content_length is None and self.endpoint:
            view = current_app.view_functions.get(self.endpoint)
            setting = getattr(view, "max_body_setting", None)
            if setting:
                return current_app.config[setting]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and any(
            CONTROL_CHARACTERS.search(value) for _key, value in form.items(multi=True)
        ):
            cleaned = [(key, CONTROL_CHARACTERS.sub("", value))
                       for key, value in form.items(multi=True)]
            self.__dict__["form"] = ImmutableMultiDict(cleaned)


def accepts_large_body(setting: str):
    """Mark a view whose requests may be as large as app.config[setting], instead of
    MAX_CONTENT_LENGTH (a backup file is larger than any form)."""

    def mark(view):
        view.max_body_setting = setting
        return view

    return mark


def init_app(app: Flask) -> None:
    app.request_class = JournalRequest
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        # Trust exactly as many X-Forwarded-* hops as there are proxies we run;
        # anything a client adds in front of them is ignored.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.before_request(_forms_only)
    app.after_request(_set_headers)


def _forms_only():
    # Every change comes from the app's own forms. Flask-WTF would also read a JSON body as
    # the form, with numbers, lists and unfiltered control characters where text goes.
    if request.method in SUBMIT_METHODS and request.is_json:
        abort(415)


_HEADER_KEYS = {name.lower(): (name, value) for name, value in HEADERS.items()}


def _set_headers(response):
    # One pass over the headers a view set (this runs on every answer): a lookup of each
    # missing name would scan them again, with an exception per miss.
    present = {name.lower() for name, _value in response.headers}
    for key, (name, value) in _HEADER_KEYS.items():
        if key not in present:
            response.headers.add(name, value)
    if request.endpoint != "static" and "cache-control" not in present:
        # Journal pages are private: never kept by a browser cache or a proxy.
        response.headers["Cache-Control"] = "no-store"
    return response
