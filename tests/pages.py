"""Reading rendered pages in web tests: bodies, messages beside fields, flashes."""

from __future__ import annotations

import re
from html import unescape


def page(client, url) -> str:
    """GET `url`, insist on 200, and return the HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def squash(text: str) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def error_beside(html: str, field_id: str) -> str | None:
    """The message shown beside a field, or None when it has none."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(match.group(1)) if match else None


def errors_beside_fields(html: str) -> dict[str, str]:
    """{field id: message} for every field with a message ("" for a group's message)."""
    found = re.findall(r'<p class="error"(?: id="([^"]+)-error")?>(.*?)</p>', html, re.S)
    return {field: unescape(message) for field, message in found}


def form_errors(html: str) -> str:
    """The messages at the top of a form (those not about a single field)."""
    match = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    return squash(match.group(1)) if match else ""


def flashes(html: str) -> list[str]:
    """The flash messages shown at the top of a page."""
    return [unescape(text) for text in re.findall(r'<p class="flash [^"]*">(.*?)</p>', html, re.S)]
