"""Accessibility of every page in a real browser, on the demo journal: axe-core (WCAG 2.1 A
and AA) in the light and the dark theme, phones, the keyboard alone, titles and headings.

The page-by-page tests collect every failure before they fail, so one run reports them all.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from a11y import assert_accessible, assert_fits, serious_violations
from helpers import register_in_browser
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
APP_NAME = "Year Journal"
TITLE_SUFFIX = f" · {APP_NAME}"
CHECKIN_KINDS = ("mid-year", "monthly", "quarterly", "year-end", "ad-hoc")
MAX_TABS = 80


@dataclass(frozen=True)
class Visit:
    """One page to check: its kind (pages of one kind share a template and a purpose), its
    path, what to do once it is open (submit a form to show its errors), and who sees it."""

    kind: str
    path: str
    then: Callable[[Page], None] | None = None
    logged_in: bool = True

    @property
    def name(self) -> str:
        return f"{self.kind} ({self.path}{'' if self.logged_in else ', logged out'})"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.kind} {self.path}".lower()).strip("-")


@dataclass(frozen=True)
class Demo:
    base: str
    session: dict  # the logged-in demo account's cookies (Playwright storage state)
    visits: list[Visit]


@contextmanager
def open_page(
    browser: Browser, viewport: dict, session: dict | None = None
) -> Iterator[Page]:
    """Yield a page in a fresh context (logged in when given a session), then close it."""
    context = browser.new_context(viewport=viewport, storage_state=session)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your journal", level=1)).to_be_visible()


def links(page: Page, pattern: str) -> list[str]:
    """The distinct link targets on the page that match `pattern` entirely, in page order."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(href for href in hrefs if re.fullmatch(pattern, href)))


# Forms submitted with something wrong, so the page shows its errors.
def submit(button: str, fill: dict[str, str] | None = None) -> Callable[[Page], None]:
    def then(page: Page) -> None:
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".error, .form-errors, .flash-error").first).to_be_visible()

    return then


def turn_on_the_calendar_feed(page: Page) -> None:
    # The button's text changes once a feed exists (the tests visit this page twice).
    name = re.compile("Turn on the calendar feed|Make a new address")
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name="Your check-in calendar")).to_be_visible()


@pytest.fixture(scope="module")
def demo(browser, demo_server) -> Demo:
    """The demo journal, logged in, and every page of it a user can reach."""
    base, email, password = demo_server
    with open_page(browser, DESKTOP) as page:
        log_in(page, base, email, password)
        session = page.context.storage_state()
        goals: list[str] = []
        checkins: list[str] = []
        for year in (2025, 2026):
            page.goto(f"{base}/years/{year}")
            goals += links(page, r"/goals/\d+")
            checkins += links(page, r"/checkins/\d+")
        # Every area of the demo has goals, and an area with goals cannot be deleted (its
        # delete link leads back to the list): add an empty one to reach a delete page.
        page.goto(f"{base}/areas/")
        page.get_by_label("Name", exact=True).fill("Reading")
        page.get_by_role("group", name="Color").get_by_role("radio").first.check()
        page.get_by_role("button", name="Add area").click()
        delete_reading = page.get_by_role("link", name="Delete Reading", exact=True)
        deletable_area = delete_reading.get_attribute("href")
        areas = links(page, r"/areas/\d+/edit")
    assert len(goals) >= 8, f"the demo's year pages link to too few goals: {goals}"
    assert len(checkins) >= 10, f"the demo's year pages link to too few check-ins: {checkins}"
    assert areas, "the areas page links to no area"
    assert deletable_area, "every area of the demo has goals: none can be deleted"

    visits = [
        Visit("dashboard", "/"),
        Visit("years", "/years/"),
        Visit("start a year", "/years/new?year=2027"),
        Visit("year", "/years/2025"),
        Visit("year", "/years/2026"),
        Visit("delete a year", "/years/2026/delete"),
    ]
    for year in (2025, 2026):
        visits += [
            Visit("new-year reflection", f"/years/{year}/reflection/new-year"),
            Visit("year-end reflection", f"/years/{year}/reflection/year-end"),
        ]
    visits += [Visit("new goal", "/years/2026/goals/new")]
    for goal in goals:
        visits += [
            Visit("goal", goal),
            Visit("edit goal", f"{goal}/edit"),
            Visit("revise a plan", f"{goal}/plan"),
        ]
    visits += [Visit("delete a goal", f"{goals[0]}/delete")]
    for kind in CHECKIN_KINDS:
        visits += [Visit(f"new {kind} check-in", f"/years/2026/checkins/new?kind={kind}")]
    for checkin in checkins:
        visits += [Visit("check-in", checkin), Visit("edit check-in", f"{checkin}/edit")]
    visits += [
        Visit("delete a check-in", f"{checkins[0]}/delete"),
        Visit("summary", "/summary/"),
        Visit("areas", "/areas/"),
        Visit("edit area", areas[0]),
        Visit("delete an area", deletable_area),
        Visit("account", "/account"),
        Visit("calendar feed", "/account", then=turn_on_the_calendar_feed),
        Visit("restore a backup", "/import/"),
        # Forms with their errors shown.
        Visit("new goal with errors", "/years/2026/goals/new", then=submit("Add goal")),
        Visit(
            "new monthly check-in with errors",
            "/years/2026/checkins/new?kind=monthly",
            then=submit("Save check-in", {"Date of the check-in": ""}),
        ),
        Visit("areas with errors", "/areas/", then=submit("Add area")),
        Visit("account with errors", "/account", then=submit("Change password")),
        Visit("restore a backup with errors", "/import/", then=submit("Restore")),
        Visit("not found", "/goals/999999"),
        # Logged out.
        Visit("welcome", "/", logged_in=False),
        Visit("log in", "/login", logged_in=False),
        Visit("register", "/register", logged_in=False),
        Visit(
            "log in with errors",
            "/login",
            then=submit("Log in", {"Email": "nobody@example.org", "Password": "not it at all"}),
            logged_in=False,
        ),
        Visit("register with errors", "/register", then=submit("Create account"), logged_in=False),
        Visit("not found", "/no-such-page", logged_in=False),
    ]
    return Demo(base, session, visits)


def each_page(
    browser: Browser, demo: Demo, viewport: dict, failures: list[str]
) -> Iterator[tuple[Visit, Page]]:
    """Open every page of the demo in turn, in one logged-in and one logged-out context;
    a page that does not open as expected goes to `failures` and is not yielded."""
    for logged_in in (True, False):
        with open_page(browser, viewport, demo.session if logged_in else None) as page:
            for visit in demo.visits:
                if visit.logged_in != logged_in:
                    continue
                response = page.goto(demo.base + visit.path)
                expected = 404 if visit.kind.startswith("not found") else 200
                if response is None or response.status != expected:
                    status = response.status if response else "nothing"
                    failures.append(f"{visit.name}: answered {status}, not {expected}")
                    continue
                if page.url != demo.base + visit.path:
                    failures.append(f"{visit.name}: redirected to {page.url}")
                    continue
                if visit.then:
                    try:
                        visit.then(page)
                    except AssertionError as failure:
                        failures.append(f"{visit.name}: {str(failure).splitlines()[0]}")
                        continue
                yield visit, page


def test_every_page_passes_axe_in_both_themes(browser, demo):
    started = time.monotonic()
    failures = []
    for visit, page in each_page(browser, demo, DESKTOP, failures):
        try:
            assert_accessible(page, visit.name)
        except AssertionError as failure:
            failures.append(str(failure).split("\nassert", 1)[0])
    print(f"axe: {len(demo.visits)} pages in {time.monotonic() - started:.0f} s")
    # The harness itself: axe must see a faint text and an image without alt text.
    with open_page(browser, DESKTOP) as page:
        page.goto(f"{demo.base}/login")
        page.evaluate(SPOIL_THE_PAGE)
        found = " ".join(serious_violations(page))
        assert "color-contrast" in found and "image-alt" in found, f"axe missed them: {found}"
    assert not failures, f"{len(failures)} of {len(demo.visits)} pages fail axe:\n" + "\n".join(
        failures
    )


# Through the CSS object model: the app's Content-Security-Policy forbids style attributes.
SPOIL_THE_PAGE = """() => {
  const faint = document.createElement('p');
  faint.textContent = 'Barely there';
  faint.style.color = '#ddd';
  faint.style.background = '#fff';
  const image = document.createElement('img');
  image.src = '/static/favicon.svg';
  image.width = 32;
  document.querySelector('main').append(faint, image);
}"""


@dataclass
class Tour:
    """What one pass over every page found: per page, and pages that did not open."""

    pages: list[tuple[Visit, dict]]
    failures: list[str]


@pytest.fixture(scope="module")
def phone_tour(browser, demo, screenshot_dir) -> Tour:
    """Every page at 375 px: a screenshot of each, and what scrolls sideways."""
    phone_dir = screenshot_dir / "phone"
    phone_dir.mkdir(exist_ok=True)
    failures: list[str] = []
    pages = []
    for visit, page in each_page(browser, demo, PHONE, failures):
        # Charts are drawn by the server and lazy-loaded: show them in the screenshot.
        not_shown = page.evaluate(LOAD_IMAGES)
        page.screenshot(path=phone_dir / f"{visit.slug}.png", full_page=True)
        facts = page.evaluate(SIDEWAYS_FACTS, PHONE["width"])
        try:
            assert_fits(page)
            facts["fits"] = None
        except AssertionError as failure:
            facts["fits"] = str(failure).splitlines()[0]
        pages.append((visit, {**facts, "imagesNotShown": not_shown}))
    return Tour(pages, failures)


# Load every image now (lazy ones included), waiting up to 20 s; return those not shown.
LOAD_IMAGES = """async () => {
  const images = [...document.images];
  const loaded = Promise.all(images.map(i => {
    i.loading = 'eager';
    return i.decode().catch(() => null);
  }));
  await Promise.race([loaded, new Promise(done => setTimeout(done, 20000))]);
  return images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'));
}"""

# The innermost elements that reach past the right edge of the viewport (to name what makes
# a page scroll), and the regions that scroll sideways inside the page, with whether the
# keyboard can reach them (focusable, or holding something focusable).
SIDEWAYS_FACTS = """width => {
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const beyond = e => e.getBoundingClientRect().right > width + 0.5;
  const tooWide = [...document.querySelectorAll('body *')]
    .filter(e => beyond(e) && ![...e.children].some(beyond))
    .slice(0, 5)
    .map(e => `${describe(e)} (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const unreachable = [...document.querySelectorAll('body *')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
      && e.scrollWidth > e.clientWidth + 1)
    .filter(e => e.tabIndex < 0 && ![...e.querySelectorAll(focusable)].some(f => f.tabIndex >= 0))
    .map(e => `${describe(e)} (${e.scrollWidth}px of content in ${e.clientWidth}px)`);
  return {tooWide, unreachable};
}"""


def test_no_page_scrolls_sideways_on_a_phone(phone_tour):
    failures = list(phone_tour.failures)
    for visit, facts in phone_tour.pages:
        if facts["fits"]:
            failures.append(f"{visit.name}: {facts['fits']}; too wide: {facts['tooWide']}")
        if facts["imagesNotShown"]:
            failures.append(f"{visit.name}: images not shown: {facts['imagesNotShown']}")
    assert not failures, "at 375 px:\n" + "\n".join(failures)


def test_what_scrolls_sideways_on_a_phone_can_be_reached_with_the_keyboard(phone_tour):
    failures = [
        f"{visit.name}: {', '.join(facts['unreachable'])}"
        for visit, facts in phone_tour.pages
        if facts["unreachable"]
    ]
    assert not failures, (
        "regions that scroll sideways at 375 px, out of the keyboard's reach:\n"
        + "\n".join(failures)
    )


@pytest.fixture(scope="module")
def desktop_tour(browser, demo) -> Tour:
    """Every page at 1280 px: its title, its h1 elements, its images, its favicon."""
    failures: list[str] = []
    pages = [
        (visit, page.evaluate(PAGE_FACTS))
        for visit, page in each_page(browser, demo, DESKTOP, failures)
    ]
    return Tour(pages, failures)


PAGE_FACTS = """() => ({
  title: document.title,
  h1: document.querySelectorAll('h1').length,
  imagesWithoutAlt: [...document.querySelectorAll('img, svg[role=img], input[type=image]')]
    .filter(e => e.tagName === 'svg'
      ? !(e.getAttribute('aria-label') || e.querySelector('title'))
      : !e.hasAttribute('alt'))
    .map(e => e.outerHTML.slice(0, 80)),
  favicon: !!document.querySelector('link[rel~=icon][href]'),
})"""


def test_every_page_has_a_title_and_one_h1(desktop_tour):
    failures = list(desktop_tour.failures)
    for visit, facts in desktop_tour.pages:
        title = facts["title"]
        # base.html: "{% block title %}{% endblock %} · Year Journal"
        if not title.removesuffix(TITLE_SUFFIX).strip():
            failures.append(f"{visit.name}: the title {title!r} names no page")
        elif not title.endswith(TITLE_SUFFIX):
            failures.append(f"{visit.name}: the title {title!r} does not end with the app name")
        if facts["h1"] != 1:
            failures.append(f"{visit.name}: {facts['h1']} h1 elements, not one")
        if facts["imagesWithoutAlt"]:
            failures.append(f"{visit.name}: images without alt text: {facts['imagesWithoutAlt']}")
        if not facts["favicon"]:
            failures.append(f"{visit.name}: no favicon link")
    assert not failures, "titles, headings, images:\n" + "\n".join(failures)


def test_titles_tell_the_kinds_of_page_apart(desktop_tour):
    kinds: dict[str, set[str]] = defaultdict(set)  # title -> the kinds of page with it
    for visit, facts in desktop_tour.pages:
        # A form showing its errors is the same page as the form.
        kinds[facts["title"]].add(visit.kind.removesuffix(" with errors"))
    shared = [
        f"{title!r} for: {', '.join(sorted(names))}"
        for title, names in kinds.items()
        if len(names) > 1
    ]
    assert not shared, "one title for different kinds of page:\n" + "\n".join(shared)


# --- The keyboard alone --------------------------------------------------------------------

FOCUS_FACTS = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  // Tab also stops on a date box's calendar button, inside the browser's own shadow DOM:
  // the box then matches neither :focus nor the page's :focus-visible rule, and Chromium
  // draws its own thin ring around the calendar icon instead.
  const calendarButton = e.matches('input[type=date]') && !e.matches(':focus');
  const box = e.getBoundingClientRect();
  return {
    element: e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''),
    text: (e.innerText || e.value || '').trim().slice(0, 40),
    id: e.id,
    indicator: outline || shadow || calendarButton,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


class Keyboard:
    """Moves through a page with Tab alone, checking that each stop shows where focus is."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.hidden_focus: list[str] = []

    def focused(self) -> dict:
        facts = self.page.evaluate(FOCUS_FACTS)
        if not (facts["indicator"] and facts["onScreen"]):
            self.hidden_focus.append(f"{facts['element']} {facts['text']!r}")
        return facts

    def tab(self, key: str = "Tab") -> dict:
        self.page.keyboard.press(key)
        return self.focused()

    def tab_to(self, matches: Callable[[dict], bool], what: str) -> dict:
        for _ in range(MAX_TABS):
            facts = self.tab()
            if matches(facts):
                return facts
        raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {what}")

    def tab_to_field(self, label: str) -> dict:
        """Tab until the form field labelled `label` has focus."""
        field_id = self.page.get_by_label(label, exact=True).get_attribute("id")
        return self.tab_to(lambda facts: facts["id"] == field_id, f"the field {label!r}")


def test_the_check_in_form_works_with_the_keyboard_alone(browser, dated_server):
    base = dated_server("2026-07-01")
    with open_page(browser, DESKTOP) as page:
        # Set-up, with the mouse: an account, 2026, and a count goal and a habit goal.
        register_in_browser(page, base, f"keys-{uuid.uuid4().hex[:8]}@example.org", PASSWORD)
        page.get_by_role("link", name="Start 2026").click()
        page.get_by_role("button", name="Start the year").click()
        expect(page.get_by_role("heading", name="New-year reflection 2026")).to_be_visible()
        for title, kind, plan in (
            ("Publish 52 posts", "Count", {"Target": "52", "Unit": "posts"}),
            ("Run every week", "Habit", {"Times per period": "1"}),
        ):
            page.goto(f"{base}/years/2026/goals/new")
            page.get_by_label("Goal", exact=True).fill(title)
            page.get_by_label("Area", exact=True).select_option(label="Writing")
            page.get_by_role("radio", name=re.compile(rf"^{kind}")).check()
            for label, value in plan.items():
                page.get_by_label(label, exact=True).fill(value)
            page.get_by_label("Start date", exact=True).fill("2026-01-01")
            page.get_by_role("button", name="Add goal").click()
            expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()

        # From here on, only the keyboard.
        page.goto(f"{base}/years/2026/checkins/new?kind=mid-year")
        expect(page.get_by_role("heading", name="Mid-year check-in", level=1)).to_be_visible()
        keys = Keyboard(page)
        first = keys.tab()
        assert first["text"] == "Skip to content", f"the first Tab lands on {first}"
        assert first["indicator"] and first["onScreen"], "the skip link is not visible on focus"
        page.keyboard.press("Enter")
        # The skip link moves the starting point into the main content: the next stop is no
        # longer in the header's navigation.
        after_skip = keys.tab()
        assert page.evaluate("!!document.activeElement.closest('main')"), (
            f"after Skip to content, Tab goes to {after_skip['element']}, outside <main>"
        )

        # The date keeps its default (today); Tab on through it to the mood.
        date = page.get_by_label("Date of the check-in", exact=True)
        expect(date).to_have_value("2026-07-01")
        keys.tab_to_field("Overall mood")
        for _ in range(4):  # not rated -> 1 -> 2 -> 3 -> 4
            page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Overall mood", exact=True)).to_have_value("4")

        posts = page.get_by_role("region", name="Publish 52 posts")
        value = posts.get_by_label("Running total now")
        keys.tab_to(lambda f: f["id"] == value.get_attribute("id"), "the posts' running total")
        page.keyboard.type("20")
        enjoyment = posts.get_by_label("How did working on this feel?")
        keys.tab_to(lambda f: f["id"] == enjoyment.get_attribute("id"), "the posts' enjoyment")
        for _ in range(5):
            page.keyboard.press("ArrowDown")
        expect(enjoyment).to_have_value("5")

        # The habit's weeks: Space ticks a checkbox, Tab moves to the next one.
        weeks = page.get_by_role("region", name="Run every week").get_by_role(
            "group", name="Weeks met"
        ).get_by_role("checkbox")
        first_week = weeks.first.get_attribute("id")
        keys.tab_to(lambda f: f["id"] == first_week, "the first week met")
        page.keyboard.press("Space")
        keys.tab()
        page.keyboard.press("Space")
        # Shift+Tab goes back: untick and tick the first week again.
        back = keys.tab("Shift+Tab")
        assert back["id"] == first_week, f"Shift+Tab went to {back['element']}"
        page.keyboard.press("Space")
        expect(weeks.first).not_to_be_checked()
        page.keyboard.press("Space")
        expect(weeks.nth(0)).to_be_checked()
        expect(weeks.nth(1)).to_be_checked()

        keys.tab_to_field("What went better than planned")
        page.keyboard.type("The interviews.")
        keys.tab_to(lambda f: f["text"] == "Save check-in", "the Save check-in button")
        page.keyboard.press("Enter")

        expect(page.get_by_role("heading", name="Mid-year check-in, 1 Jul 2026")).to_be_visible()
        standing = page.get_by_role("region", name="The first half against the plan")
        posts_line = standing.get_by_role("listitem").filter(has_text="Publish 52 posts")
        expect(posts_line).to_contain_text("20")
        expect(standing).to_contain_text("2 weeks met")
        expect(page.get_by_text("Mood: ")).to_be_visible()
        expect(page.get_by_text("The interviews.")).to_be_visible()
        assert not keys.hidden_focus, "focus not visible on: " + "; ".join(keys.hidden_focus)
