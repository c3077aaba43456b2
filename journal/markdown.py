"""Markdown for everything users write: rendered by markdown-it-py, cleaned by nh3."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

# Raw HTML in the source is shown as text, never passed through; nh3 then removes
# anything outside this list (scripts, event handlers, styles, javascript: links).
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)



def _image_as_link(renderer, tokens, idx, options, env) -> str:
    # Images from elsewhere would be blocked by the Content-Security-Policy (and would
    # tell their host who reads the journal): an image becomes a link with its alt text.
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


_renderer.add_render_rule("image", _image_as_link)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "pre", "code", "em", "strong", "del", "s", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=2048)
def render_markdown(text: str | None) -> Markup:
    """Return `text` as safe HTML (an empty Markup for empty text)."""
    if not text or not text.strip():
        return Markup("")
    html = _renderer.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # Cleaned by nh3 just above, so safe to mark as HTML.
    return Markup(cleaned)  # noqa: S704  # nosec B704
