"""Canary crawl: nothing user A typed ever reaches user B, in any page, chart, export or error.

User A's journal carries a unique marker ("CANARY" and 12 hex digits) in every field A can
type: the email and the password, every area name, each goal's title, why, topics and unit, a
plan revision's reason, the reasons of an achieved and a dropped goal, an attempt's note, the
three texts of a check-in with each goal's note and blocker, a quick log's title, link and
topic, and every section of both reflections. One test reads every String, Text and JSON
column of the account and of each table with a user_id, and fails when A's rows leave one
empty or hold a value without a marker there, unless NOT_TYPED says why nothing can be typed
into it: a text column added later is covered, or this module says it is not.

User B has a full journal in the same year (2026) and another year. B is crawled breadth
first from `/`: every same-site <a href>, GET <form action>, <img src>, <source srcset>,
<link href> and redirect of B's pages, until no URL is new; each chart as SVG light and
dark, wide and narrow (what the page's <picture> offers), and as PNG light and wide, and
dark and narrow (all eight drawings with JOURNAL_CANARY_EVERY_DRAWING=1); every export
(backup JSON, progress CSV, each year's review as Markdown and as a zip, whose members are
opened); B's calendar feed; and the error pages B can reach with A's objects: 404 for each
of A's ids in every rule of the URL map, 405 for GET on a POST-only rule, 400 for a POST
without a CSRF token. Each response's body and headers (and each zip member and its name)
are searched, as bytes and in any case, for every marker and for the bare word "canary"
(so a marker cut short still counts): none is found. A positive control shows the same
search finds B's own words in every kind of response.

The second test shows B's responses do not depend on A at all: world 1 is B then A, world 2
is B alone (so B's ids are the same), "today" is fixed, and both crawls, error pages included,
answer every URL with the same status, headers and body (zip members compared one by one),
once CSRF tokens, the backup's exported_at, the calendar's DTSTAMP and feed token and the
value of a chart's ETag are masked (the ETag is a hash of B's data version, a random token
each world makes anew on every write to B's journal; whether an answer has one is still
compared), and the Set-Cookie and Date headers left out. That also covers PNG charts, whose
words are pixels no byte search can read.

Figures (`pytest tests/web/test_canary_crawl.py -s --durations=5`, 2 shared cores): 104 URLs
crawled (118 with every drawing) and 130 error pages, 1.8 MB searched, 0 markers. Drawing
the 36 chart images is most of the cost: about 15 s of CPU for the module, 30 s on the clock when
the machine is busy with other work.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from collections import deque
from dataclasses import dataclass, field
from difflib import unified_diff
from html.parser import HTMLParser
from itertools import product
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from helpers import AuthActions, make_app
from journals import (
    B_EMAIL,
    B_YEAR,
    SECTIONS,
    YEAR,
    a_variants,
    build_journal,
    expect_redirect,
    fail_on_unknown_arguments,
    goal_forms,
    swept_rules,
    url_of,
    user_id,
)
from sqlalchemy import JSON, String, select

from journal.extensions import db
from journal.models import Area, Attempt, CheckIn, Goal

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

TODAY = "2026-07-01"  # mid-year: the charts have half a year to draw
A_ONLY_YEAR = YEAR + 1  # a year A has and B does not, so /years/<it>/... is A's alone
CANARY = "canary"
MARKER = re.compile(r"CANARY[0-9a-f]{12}", re.IGNORECASE)
MIN_CRAWLED = 90  # B's journal has more GET URLs than this; fewer means a broken crawl
MIN_ERROR_PAGES = 100
EVERY_DRAWING = os.environ.get("JOURNAL_CANARY_EVERY_DRAWING", "") not in ("", "0")

# Text columns nobody types into freely, and why. Any other String, Text or JSON column of
# a user's rows must hold a marker in A's journal (see test_a_typed_a_marker_in_every_field).
NOT_TYPED = {
    "user_account.password_hash": "an argon2 hash (the password itself carries a marker)",
    "user_account.calendar_token_hash": "the SHA-256 of a token the server makes",
    "login_session.token_hash": "the SHA-256 of a token the server makes",
    "user_account.data_version": "a random token the server makes anew on every write to the "
                                 "user's journal (charts' ETags and the page cache are keyed "
                                 "on it)",
    "area.color": "a key of the palette, chosen from a list",
    "reflection.kind": "new_year or year_end, from the URL",
    "goal.kind": "chosen from a list",
    "goal.cadence": "week or month, chosen from a list",
    "goal.direction": "at least or at most, chosen from a list",
    "goal.status": "chosen from a list",
    "plan_revision.checkpoints": "dates and numbers: parse_checkpoints refuses other text",
    "attempt.outcome": "chosen from a list",
    "checkin.kind": "from the URL's ?kind=",
}


# --- A's journal, a marker in every field -----------------------------------------------------


class Markers(dict):
    """marker -> the field it was typed into."""

    def new(self, field_name: str) -> str:
        marker = f"CANARY{secrets.token_hex(6)}"
        self[marker] = field_name
        return marker


def build_canary_journal(app, client) -> tuple[dict, Markers]:
    """Register A and type a marker into every text field of a full journal; return A's
    ids (shaped as journals.build_journal returns them) and the markers."""
    marks = Markers()
    email = f"{marks.new('user_account.email').lower()}@example.org"
    marks[email.split("@")[0]] = "user_account.email"
    password = f"{marks.new('password')} purple otter"
    expect_redirect(AuthActions(client).register(email=email, password=password), "registering A")
    uid = user_id(app, email)

    with app.app_context():
        areas = db.session.execute(
            select(Area.id, Area.color).filter_by(user_id=uid).order_by(Area.id)
        ).all()
    for n, (area_id, color) in enumerate(areas):
        expect_redirect(client.post(f"/areas/{area_id}/edit",
                                    data={"name": marks.new(f"area.name {n}"), "color": color}),
                        "renaming an area")
    expect_redirect(client.post("/areas/", data={"name": marks.new("area.name private"),
                                                 "color": "purple", "private": "y"}),
                    "adding a private area")
    for number in (YEAR, A_ONLY_YEAR):
        expect_redirect(client.post("/years/new", data={"number": str(number)}), "starting a year")

    with app.app_context():
        area_ids = list(db.session.execute(
            select(Area.id).filter_by(user_id=uid).order_by(Area.id)).scalars())
    forms = goal_forms(YEAR, area_ids[0])
    forms["habit"]["area_id"] = str(area_ids[-1])  # the private area
    forms["limit"]["private"] = "y"
    for kind, form in forms.items():
        form.update(title=marks.new(f"goal.title {kind}"), why=marks.new(f"goal.why {kind}"),
                    topics=f"{marks.new('goal.topics 1')}, {marks.new('goal.topics 2')}",
                    count_unit=marks.new("goal.unit count"),
                    limit_unit=marks.new("goal.unit limit"))
        expect_redirect(client.post(f"/years/{YEAR}/goals/new", data=form), f"adding a {kind}")
    with app.app_context():
        goals = dict(db.session.execute(select(Goal.kind, Goal.id).filter_by(user_id=uid)).all())

    expect_redirect(client.post(f"/goals/{goals['milestone']}/attempts", data={
        "attempted_on": f"{YEAR}-03-01", "outcome": "failed", "note": marks.new("attempt.note"),
    }), "recording an attempt")
    expect_redirect(client.post(f"/goals/{goals['count']}/plan", data={
        "revised_on": f"{YEAR}-04-01", "reason": marks.new("plan_revision.reason"),
        "count_target": "30", "checkpoints": "",
    }), "revising a plan")
    checkin = {"on": f"{YEAR}-06-30", "mood": "4", f"g{goals['count']}_value": "12",
               f"g{goals['limit']}_value": "3"}
    for name in ("went_well", "went_badly", "next_change"):
        checkin[name] = marks.new(f"checkin.{name}")
    for kind, goal_id in goals.items():
        checkin[f"g{goal_id}_note"] = marks.new(f"progress_update.note {kind}")
        checkin[f"g{goal_id}_blocker"] = marks.new(f"progress_update.blocker {kind}")
        checkin[f"g{goal_id}_enjoyment"] = "4"
    expect_redirect(client.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc", data=checkin),
                    "saving a check-in")
    expect_redirect(client.post(f"/goals/{goals['count']}/log", data={
        "amount": "1", "title": marks.new("progress_update.title"),
        "link": f"https://example.org/{marks.new('progress_update.link')}",
        "topic": marks.new("progress_update.topic"), "enjoyment": "5",
    }), "logging a step")
    for slug in ("new-year", "year-end"):
        sections = {name: marks.new(f"reflection.{name} {slug}") for name in SECTIONS}
        expect_redirect(client.post(f"/years/{YEAR}/reflection/{slug}", data=sections),
                        f"writing the {slug} reflection")
    for kind, status in (("milestone", "achieved"), ("limit", "dropped")):
        expect_redirect(client.post(f"/goals/{goals[kind]}/status", data={
            "status": status, "on": f"{YEAR}-06-30",
            "reason": marks.new(f"goal.status_reason {status}"),
        }), f"marking a goal {status}")
    client.get("/")

    with app.app_context():
        attempts = list(db.session.execute(select(Attempt.id).filter_by(user_id=uid)).scalars())
        checkins = list(db.session.execute(select(CheckIn.id).filter_by(user_id=uid)).scalars())
    return {
        "user_id": uid,
        "area_id": area_ids,
        "number": [A_ONLY_YEAR],  # A's 2026 is also B's: B's own page, crawled as such
        "goal_id": list(goals.values()),
        "attempt_id": attempts,
        "checkin_id": checkins,
    }, marks


def text_columns(app):
    """(table, column) for every String, Text or JSON column of the account table and of
    each table with a user_id."""
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name != "user_account" and "user_id" not in table.c:
                continue
            for column in table.c:
                if isinstance(column.type, String | JSON):
                    yield table, column


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    return []


# --- crawling -----------------------------------------------------------------------------------


@dataclass
class Page:
    """One answer, kept whole: what B's browser would receive."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    members: dict[str, bytes] = field(default_factory=dict)  # a zip's files

    @property
    def kind(self) -> str:
        return dict(self.headers).get("Content-Type", "").split(";")[0]

    def blobs(self):
        """(where, bytes) of everything in the answer that could carry a marker."""
        yield "headers", "\n".join(f"{k}: {v}" for k, v in self.headers).encode()
        yield "body", self.body
        for name, content in self.members.items():
            yield f"zip member name {name!r}", name.encode()
            yield f"zip member {name!r}", content


class LinkParser(HTMLParser):
    """Collects every reference a browser would follow or fetch from a page."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("a", "link") and attributes.get("href"):
            self.refs.append(attributes["href"])
        elif tag in ("img", "script") and attributes.get("src"):
            self.refs.append(attributes["src"])
        elif tag == "source" and attributes.get("srcset"):
            self.refs.extend(c.split()[0] for c in attributes["srcset"].split(",") if c.strip())
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self.refs.append(attributes.get("action") or "")


def same_site(base: str, ref: str) -> str | None:
    """`ref` as a path (and query) of this site, or None for another site or scheme."""
    parts = urlsplit(urljoin(f"http://localhost{base}", ref))
    if parts.scheme not in ("http", "https") or parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def chart_variants(url: str) -> list[str]:
    """The drawings of the chart at `url`: SVG in both themes, wide and narrow (what the
    page's <picture> offers), and PNG light and wide, and dark and narrow (so each theme and
    each size is also drawn as PNG); all eight with JOURNAL_CANARY_EVERY_DRAWING=1."""
    path = urlsplit(url).path
    variants = []
    for theme, size, fmt in product(("light", "dark"), ("wide", "narrow"), ("svg", "png")):
        if fmt == "png" and (theme == "dark") != (size == "narrow") and not EVERY_DRAWING:
            continue
        params = [(name, value) for name, value, default in
                  (("theme", theme, "light"), ("size", size, "wide"), ("format", fmt, "svg"))
                  if value != default]
        variants.append(path + (f"?{urlencode(params)}" if params else ""))
    return variants


def fetch(client, method: str, url: str) -> Page:
    response = client.open(url, method=method)
    page = Page(response.status_code, list(response.headers.items()), response.get_data())
    response.close()  # a static file is streamed from an open file
    if page.kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(page.body)) as archive:
            page.members = {name: archive.read(name) for name in archive.namelist()}
    return page


def references(url: str, page: Page) -> list[str]:
    refs = []
    if 300 <= page.status < 400:
        refs.append(dict(page.headers).get("Location", ""))
    if page.kind == "text/html":
        parser = LinkParser()
        parser.feed(page.body.decode("utf-8"))
        refs.extend(parser.refs)
    found = [path for ref in refs if (path := same_site(url, ref)) is not None]
    if urlsplit(url).path.endswith("/chart.svg"):
        found.extend(chart_variants(url))
    return found


def crawl(client, seeds: list[str]) -> dict[str, Page]:
    """GET every URL reachable from `seeds`, breadth first, until none is new."""
    pages: dict[str, Page] = {}
    queue, seen = deque(seeds), set(seeds)
    while queue:
        url = queue.popleft()
        page = pages[f"GET {url}"] = fetch(client, "GET", url)
        for found in references(url, page):
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return pages


def error_requests(app, a: dict) -> list[tuple[str, str, int]]:
    """(method, URL, expected status) for what B can send with A's objects: GET each rule
    with A's ids (404, or 405 when the rule takes no GET), POST without a CSRF token (400)."""
    rules = swept_rules(app)
    fail_on_unknown_arguments(rules)
    wanted = [("GET", "/no/such/page", 404), ("GET", f"/calendar/{'x' * 32}.ics", 404),
              ("POST", "/logout", 400)]
    for rule in rules:
        for values in a_variants(rule, a):
            url = url_of(rule, values)
            wanted.append(("GET", url, 404 if "GET" in rule.methods else 405))
            if "POST" in rule.methods:
                wanted.append(("POST", url, 400))
    return wanted


def b_seeds(feed: str) -> list[str]:
    exports = ["/export/backup.json", "/export/progress.csv"]
    for number in (B_YEAR, YEAR):
        exports += [f"/export/{number}.md", f"/export/{number}.zip"]
    return ["/", *exports, feed]


# --- the two worlds -----------------------------------------------------------------------------


@dataclass
class World:
    app: object
    pages: dict[str, Page]
    errors: list[tuple[str, str, int]]
    feed_token: str
    a: dict | None = None
    markers: Markers | None = None


def build_world(tmp_path, *, with_a: bool, a_ids: dict | None = None) -> World:
    """B's journal (and then A's, when `with_a`), crawled as B with CSRF on.

    Error pages are requested with A's ids: this world's A, or `a_ids` from another world
    (where, in a world without A, nothing has them)."""
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    b_client = app.test_client()
    build_journal(app, b_client, B_EMAIL, YEAR, full=True)
    expect_redirect(b_client.post("/years/new", data={"number": str(B_YEAR)}), "B's 2nd year")
    created = b_client.post("/account/calendar").get_data(as_text=True)
    feed = re.search(r"http://localhost(/calendar/([\w-]+)\.ics)", created)
    assert feed, "the calendar page shows no feed address"
    b_client.get("/")  # clears the flashed messages
    a = markers = None
    if with_a:
        a, markers = build_canary_journal(app, app.test_client())
    # The crawl sees the pages as production serves them: with CSRF tokens, and a POST
    # without one is refused with 400.
    app.config["WTF_CSRF_ENABLED"] = True
    errors = error_requests(app, a or a_ids)
    pages = crawl(b_client, b_seeds(feed.group(1)))
    for method, url, _status in errors:
        pages[f"{method} {url}"] = fetch(b_client, method, url)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return World(app, pages, errors, feed.group(2), a, markers)


@pytest.fixture(scope="module")
def world_with_a(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("with-a"), with_a=True)


# --- searching ----------------------------------------------------------------------------------


def search(pages: dict[str, Page], needles: dict[str, str]) -> list[str]:
    """Where each needle (text -> what it is) occurs, in any case."""
    hits = []
    for key, page in pages.items():
        for where, blob in page.blobs():
            lowered = blob.lower()
            for needle, what in needles.items():
                if needle.lower().encode() in lowered:
                    hits.append(f"{key} ({page.status}), {where}: {what} ({needle})")
    return hits


def marker_needles(markers: Markers) -> dict[str, str]:
    return {**markers, CANARY: 'the word "canary" (a marker cut short)'}


def test_a_typed_a_marker_in_every_field(world_with_a):
    """Every text column of a user's rows is either typed into by A, with a marker in every
    non-empty value, or listed in NOT_TYPED with the reason it cannot be typed."""
    app, uid = world_with_a.app, world_with_a.a["user_id"]
    problems, seen = [], set()
    with app.app_context():
        for table, column in text_columns(app):
            name = f"{table.name}.{column.name}"
            seen.add(name)
            if name in NOT_TYPED:
                continue
            owner = table.c.id if table.name == "user_account" else table.c.user_id
            values = db.session.execute(select(column).where(owner == uid)).scalars()
            texts = [text for value in values for text in strings_in(value) if text]
            if not texts:
                problems.append(f"{name}: A's journal leaves it empty; type a marker into it "
                                "in build_canary_journal(), or list it in NOT_TYPED")
            problems += [f"{name}: {text!r} carries no marker" for text in texts
                         if not MARKER.search(text)]
    problems += [f"NOT_TYPED names {name}, which is no text column of a user's rows"
                 for name in NOT_TYPED if name not in seen]
    assert not problems, "\n".join(problems)
    assert len(set(world_with_a.markers.values())) >= 40


def test_nothing_a_typed_reaches_b(world_with_a):
    world = world_with_a
    pages = world.pages
    crawled = [key for key in pages if key.startswith("GET ") and
               key[4:] not in {url for method, url, _ in world.errors if method == "GET"}]
    wrong_status = [f"{method} {url} answered {pages[f'{method} {url}'].status}, not {status}"
                    for method, url, status in world.errors
                    if pages[f"{method} {url}"].status != status]
    assert not wrong_status, "\n".join(wrong_status)
    statuses = {page.status for page in pages.values()}
    assert {200, 400, 404, 405} <= statuses, statuses

    leaks = search(pages, marker_needles(world.markers))
    searched = sum(len(blob) for page in pages.values() for _, blob in page.blobs())
    print(f"\ncanary crawl: {len(crawled)} URLs crawled, {len(world.errors)} error pages, "
          f"{searched:,} bytes searched, {len(leaks)} markers found")
    assert not leaks, "A's words reached B:\n" + "\n".join(leaks)
    assert len(crawled) >= MIN_CRAWLED, f"only {len(crawled)} URLs were crawled"
    assert len(world.errors) >= MIN_ERROR_PAGES


def test_the_search_sees_bs_own_words_everywhere(world_with_a):
    """Positive control: the same search finds B's goal titles in every kind of answer that
    shows them, and B's year in a header, so 0 markers means none was there."""
    pages = world_with_a.pages
    kinds = {"text/html", "image/svg+xml", "application/json", "text/csv", "text/markdown"}
    titles = {form["title"]: "B's goal title" for form in goal_forms(YEAR, 0).values()}
    hits = search(pages, {**titles, f"{YEAR}-in-review": "B's review file"})
    found = {pages[hit.split(" (")[0]].kind for hit in hits if ", body:" in hit}
    assert kinds <= found, f"B's own goal titles were not found in {kinds - found}"
    assert any(", zip member '" in hit for hit in hits), "the zip members were not searched"
    assert any(", headers:" in hit for hit in hits), "the headers were not searched"
    assert any(page.kind == "image/png" for page in pages.values()), "no PNG chart was crawled"
    assert any(page.kind == "text/calendar" for page in pages.values()), "no calendar feed"


# --- world 1 against world 2 --------------------------------------------------------------------

MASKS = [
    (re.compile(rb'(name="csrf_token" type="hidden" value=")[^"]+"'), rb'\1<csrf token>"'),
    (re.compile(rb'("exported_at": ")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"'), rb'\1<time>"'),
    (re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z(?=\r?$)", re.MULTILINE), b"DTSTAMP:<time>"),
]
# The signed session (a time and a CSRF secret inside), and the time a static file was sent.
UNCOMPARED_HEADERS = {"Set-Cookie", "Date"}
# A chart's ETag is a hash of B's data version, a random token each world draws anew on each
# write to B's journal (journal/versions.py, journal/caching.py), so its value differs between
# the worlds whatever A does. Only the value of exactly that shape is masked: whether an
# answer has an ETag is still compared, and so is any other ETag.
ETAG = re.compile(rb'"[0-9a-f]{40}"')


def masked(data: bytes, token: str) -> bytes:
    data = data.replace(token.encode(), b"<feed token>")
    for pattern, replacement in MASKS:
        data = pattern.sub(replacement, data)
    return data


def masked_header(name: str, value: str, token: str) -> bytes:
    """A header's value as compared between the worlds."""
    if name == "ETag" and ETAG.fullmatch(value.encode()):
        return b'"<data version hash>"'
    return masked(value.encode(), token)


def comparable(world: World) -> dict[str, tuple]:
    result = {}
    for key, page in world.pages.items():
        headers = [(name, masked_header(name, value, world.feed_token))
                   for name, value in page.headers if name not in UNCOMPARED_HEADERS]
        members = {name: masked(content, world.feed_token)
                   for name, content in page.members.items()}
        body = b"<zip>" if page.members else masked(page.body, world.feed_token)
        result[key.replace(world.feed_token, "<feed token>")] = (
            page.status, sorted(headers), body, members)
    return result


def difference(key: str, one: tuple, two: tuple) -> str:
    if one[0] != two[0]:
        return f"{key}: status {one[0]} with A, {two[0]} without"
    if one[1] != two[1]:
        return (f"{key}: headers {sorted(set(one[1]) - set(two[1]))} with A, "
                f"{sorted(set(two[1]) - set(one[1]))} without")
    if one[3] != two[3]:
        names = sorted(n for n in one[3].keys() | two[3].keys()
                       if one[3].get(n) != two[3].get(n))
        return f"{key}: zip members {names} differ"
    lines = unified_diff(one[2].decode("utf-8", "replace").splitlines(),
                         two[2].decode("utf-8", "replace").splitlines(), "with A", "without A",
                         lineterm="", n=1)
    return f"{key}: body differs\n" + "\n".join(list(lines)[:12])


def test_bs_answers_are_the_same_whether_or_not_a_exists(world_with_a, tmp_path):
    alone = build_world(tmp_path, with_a=False, a_ids=world_with_a.a)
    with_a, without_a = comparable(world_with_a), comparable(alone)
    assert with_a.keys() == without_a.keys(), (
        f"only with A: {sorted(with_a.keys() - without_a.keys())[:10]}; "
        f"only without: {sorted(without_a.keys() - with_a.keys())[:10]}"
    )
    problems = [difference(key, with_a[key], without_a[key])
                for key in with_a if with_a[key] != without_a[key]]
    assert not problems, f"{len(problems)} of B's answers depend on A:\n" + "\n".join(problems)


def test_masks_hide_only_what_they_name():
    """The masks are precise: a timestamp anywhere but exported_at and DTSTAMP, or a
    changed character next to a token, still shows as a difference."""
    token = "tok3n"
    page = (b'<input name="csrf_token" type="hidden" value="abc">\n'
            b'{"exported_at": "2026-07-01T10:00:00.123456Z", "created_at": "2026-07-01T10:00:00Z"}'
            b"\r\nDTSTAMP:20260701T100000Z\r\n/calendar/tok3n.ics")
    assert masked(page, token) == (
        b'<input name="csrf_token" type="hidden" value="<csrf token>">\n'
        b'{"exported_at": "<time>", "created_at": "2026-07-01T10:00:00Z"}'
        b"\r\nDTSTAMP:<time>\r\n/calendar/<feed token>.ics")
    assert masked(b"DTSTART:20260701T100000Z", token) == b"DTSTART:20260701T100000Z"


def test_the_etag_mask_hides_only_a_data_version_hash():
    """Two charts' ETags made from different data versions compare equal; an ETag of
    another shape, the same hash in another header, or an answer without ETag do not."""
    one, two = f'"{"a1" * 20}"', f'"{"b2" * 20}"'
    assert masked_header("ETag", one, "tok3n") == masked_header("ETag", two, "tok3n")
    assert masked_header("ETag", '"a1"', "tok3n") == b'"a1"'
    assert masked_header("ETag", f"W/{one}", "tok3n") == f"W/{one}".encode()
    assert masked_header("Content-Location", one, "tok3n") == one.encode()

    def world(headers: list[tuple[str, str]]) -> World:
        page = Page(200, [("Content-Type", "image/svg+xml"), *headers], b"<svg/>")
        return World(None, {"GET /c.svg": page}, [], "tok3n")

    with_etag, other_etag = world([("ETag", one)]), world([("ETag", two)])
    assert comparable(with_etag) == comparable(other_etag)
    assert comparable(with_etag) != comparable(world([]))
