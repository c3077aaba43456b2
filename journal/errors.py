"""Error pages in the site's layout: no traceback, path or SQL ever reaches a user."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from .extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Page not found", "There is nothing here. It may have been deleted, or the link is off."),
    405: ("Not allowed here", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than this journal accepts. Nothing was saved."),
    415: ("Not a form", "This journal only takes what its own forms send. Nothing was saved."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: (
        "Something went wrong",
        "An error on our side stopped this request. Nothing of it was saved; what you had "
        "saved before is safe.",
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


def render_error(code: int, message: str | None = None):
    """Return an error page response for `code` in the site's layout."""
    title, default_message = MESSAGES.get(code, ("Error", "The request could not be completed."))
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    ), code


def _csrf_error(error: CSRFError):
    current_app.logger.info("CSRF check failed on %s %s", request.method, request.path)
    return render_error(
        400,
        "This form had expired or did not come from this site, so nothing was saved. "
        "Go back, reload the page, and submit it again.",
    )


def _http_error(error: HTTPException):
    if error.code is None or error.code >= 500:
        return _server_error(error)
    if isinstance(error, SecurityError):
        # A Host outside TRUSTED_HOSTS: no page of this site, whose links would name it.
        current_app.logger.info("untrusted host refused on %s %s", request.method, request.path)
        return "Bad request: unknown host.", 400, {"Content-Type": "text/plain; charset=utf-8"}
    response = error.get_response()
    body, code = render_error(error.code)
    # Keep headers such as Allow (405) and Retry-After (429).
    headers = {k: v for k, v in response.headers.items() if k in ("Allow", "Retry-After")}
    return body, code, headers


def _server_error(error: Exception):
    db.session.rollback()
    try:
        return render_error(500)
    except Exception:  # the layout itself failed (say, the database is down)
        current_app.logger.exception("error page could not be rendered")
        return "Something went wrong. Nothing was saved.", 500, {"Content-Type": "text/plain"}
