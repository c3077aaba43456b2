"""render_markdown: what users write keeps its Markdown formatting and loses anything active."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from journal.markdown import render_markdown

REL = 'rel="noopener noreferrer nofollow"'


def render(text: str) -> str:
    return str(render_markdown(text))


def tags(html: str) -> list[str]:
    """The start tags in `html`; escaped text (&lt;...&gt;) is not a tag."""
    return re.findall(r"<[a-zA-Z][^>]*>", html)


# --- what is kept ------------------------------------------------------------------------


def test_headings_keep_their_level():
    html = render("# One\n\n## Two\n\n###### Six")
    assert "<h1>One</h1>" in html
    assert "<h2>Two</h2>" in html
    assert "<h6>Six</h6>" in html


def test_bullet_and_numbered_lists():
    html = render("- apples\n- pears\n\n1. first\n2. second")
    assert "<ul>\n<li>apples</li>\n<li>pears</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_a_numbered_list_keeps_its_start():
    assert '<ol start="3">' in render("3. three\n4. four")


def test_links_keep_href_and_title_and_get_a_safe_rel():
    html = render('[my blog](https://example.org/posts "Latest posts")')
    assert (
        f'<a href="https://example.org/posts" title="Latest posts" {REL}>my blog</a>' in html
    )


@pytest.mark.parametrize(
    "source, href",
    [
        ("<https://example.org/a>", "https://example.org/a"),
        ("[mail me](mailto:ada@example.org)", "mailto:ada@example.org"),
        ("[http](http://example.org)", "http://example.org"),
    ],
)
def test_autolinks_mailto_and_http_links_are_kept(source, href):
    html = render(source)
    assert f'href="{href}"' in html
    assert REL in html


def test_emphasis_strong_and_inline_code():
    html = render("*soft* **loud** `x = 1`")
    assert "<em>soft</em>" in html
    assert "<strong>loud</strong>" in html
    assert "<code>x = 1</code>" in html


def test_fenced_code_blocks_keep_their_text_escaped():
    html = render("```\n<b>not bold</b>\nif a < b: pass\n```")
    assert html.startswith("<pre><code>")
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "if a &lt; b: pass" in html
    assert "<b>" not in html


def test_tables():
    html = render("| Month | Posts |\n|---|---|\n| Jan | 3 |")
    assert "<table>" in html
    assert "<th>Month</th>" in html
    assert "<td>Jan</td>" in html
    assert "<td>3</td>" in html


def test_strikethrough():
    html = render("~~drop this~~")
    assert "<s>drop this</s>" in html or "<del>drop this</del>" in html


def test_blockquotes_and_rules():
    html = render("> a quote\n\n---")
    assert "<blockquote>\n<p>a quote</p>\n</blockquote>" in html
    assert "<hr>" in html


# --- what is dropped ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "before <script src=https://evil.example/x.js></script> after",
        "<SCRIPT>alert(1)</SCRIPT>",
        "```html\n<script>alert(1)</script>\n```",
    ],
)
def test_no_script_element_survives(source):
    html = render(source).lower()
    assert "<script" not in html


@pytest.mark.parametrize(
    "source",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<p onmouseover="alert(1)">hover</p>',
        "<body ONLOAD=alert(1)>",
    ],
)
def test_no_event_handler_attribute_survives(source):
    html = render(source)
    # The handler may remain as visible, escaped text; never as an attribute of an element.
    assert "&lt;" in html
    assert tags(html) == ["<p>"]


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "[x](&#106;avascript:alert(1))",
    ],
)
def test_dangerous_link_schemes_do_not_become_links(source):
    html = render(source).lower()
    assert "href" not in html
    assert "<a" not in html


def test_a_percent_encoded_scheme_stays_a_harmless_relative_link():
    # "%0a" cannot be part of a URL scheme, so browsers read this as a relative path.
    html = render("[x](java%0ascript:alert(1))")
    assert 'href="java%0ascript:alert(1)"' in html


def test_images_are_not_rendered_as_images():
    html = render("![alt](https://example.org/x.png) ![x](javascript:alert(1))")
    assert "<img" not in html
    assert "src=" not in html


def test_style_elements_and_attributes_are_dropped():
    html = render('<style>body{display:none}</style>\n\n<p style="color:red">x</p>')
    assert tags(html) == ["<p>", "<p>"]


# --- empty text --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", " ", "   \n\t  \n", "\r\n"])
def test_empty_or_whitespace_text_gives_empty_markup(text):
    result = render_markdown(text)
    assert isinstance(result, Markup)
    assert result == Markup("")


def test_the_result_is_markup_so_templates_do_not_escape_it_again():
    assert isinstance(render_markdown("**x**"), Markup)


# --- raw HTML is text --------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, shown",
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("<em>hi</em>", "&lt;em&gt;hi&lt;/em&gt;"),
        ('<a href="https://example.org">x</a>', '&lt;a href="https://example.org"&gt;x&lt;/a&gt;'),
        ("<div>\nblock\n</div>", "&lt;div&gt;"),
        ("<!-- a comment -->", "&lt;!-- a comment --&gt;"),
        ("1 < 2 and 3 > 2", "1 &lt; 2 and 3 &gt; 2"),
    ],
)
def test_raw_html_is_shown_as_text_not_interpreted(source, shown):
    html = render(source)
    assert shown in html
    assert tags(html) == ["<p>"]


def test_raw_script_is_shown_as_text():
    html = render("<script>alert(1)</script>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
