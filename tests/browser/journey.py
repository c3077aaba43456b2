"""What the journey tests share: one person's year walked through in a real browser.

A `Journey` holds the desktop page, saves numbered screenshots of its stages, opens pages
at phone width with the same login, and gathers the accessibility and layout problems met
on the way, so that one run reports every page that fails, not only the first. The plain
helpers below drive the pages every journey visits: charts, goal rows, the new-goal form
and a goal's "Log a step today".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from a11y import assert_accessible, assert_fits
from playwright.sync_api import Browser, Locator, Page, expect

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


class Journey:
    """The desktop page, numbered screenshots in `folder`, and the problems met so far."""

    def __init__(self, browser: Browser, page: Page, folder: Path, phone_suffix: str) -> None:
        """Start with an empty `folder` of screenshots (a previous run's are removed); a
        phone page's screenshot is named after its stage and `phone_suffix`."""
        self.browser = browser
        self.page = page
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.phone_suffix = phone_suffix
        self.base = ""
        self.number = 0
        self.problems: list[str] = []

    def url(self, path: str) -> str:
        """The address of `path` on the app as it runs now (`base` moves with the date)."""
        return f"{self.base}{path}"

    def shot(self, stage: str, page: Page | None = None) -> None:
        """Save the whole page (the desktop one by default) as the next numbered PNG."""
        self.number += 1
        (page or self.page).screenshot(
            path=self.folder / f"{self.number:02d}-{stage}.png", full_page=True
        )

    def accessible(self, where: str, page: Page | None = None) -> None:
        """Run axe-core on the page; a violation is recorded and the journey goes on."""
        try:
            assert_accessible(page or self.page, where)
        except AssertionError as exc:
            self.problems.append(f"accessibility: {exc}")

    def fits(self, where: str, page: Page) -> None:
        """Record a page that scrolls sideways at its width."""
        try:
            assert_fits(page)
        except AssertionError as exc:
            self.problems.append(f"sideways scroll at {PHONE['width']} px, {where}: {exc}")

    def check(self, ok: bool, message: str) -> None:
        """A check of what the app shows that should not stop the journey."""
        if not ok:
            self.problems.append(f"app: {message}")

    @contextmanager
    def phone(self) -> Iterator[Page]:
        """A 375 px wide page, logged in as the desktop page is (the same cookies)."""
        context = self.browser.new_context(
            viewport=PHONE, storage_state=self.page.context.storage_state()
        )
        try:
            yield context.new_page()
        finally:
            context.close()

    def on_phone(self, *visits: tuple[str, str], ready: str = "", axe: bool = True) -> None:
        """Open each (url, stage) on one phone page: it shows (the text `ready`, else its
        one h1), nothing scrolls sideways, every chart is drawn, axe-core passes (unless
        `axe` is false); then the screenshot, `<stage>-<phone_suffix>`."""
        with self.phone() as page:
            for url, stage in visits:
                page.goto(url)
                if ready:
                    shown = page.get_by_text(ready, exact=True).locator("visible=true").first
                else:
                    shown = page.get_by_role("heading", level=1)
                expect(shown).to_be_visible()
                charts_shown(page)
                self.fits(stage, page)
                if axe:
                    self.accessible(f"{stage} (phone)", page)
                self.shot(f"{stage}-{self.phone_suffix}", page)


@contextmanager
def walk(browser: Browser, folder: Path, phone_suffix: str) -> Iterator[Journey]:
    """A journey on a fresh desktop context (downloads allowed), closed at the end; when
    the walk got through, fail with every problem gathered on the way."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    try:
        journey = Journey(browser, context.new_page(), folder, phone_suffix)
        yield journey
    finally:
        context.close()
    assert not journey.problems, (
        f"{len(journey.problems)} problems met on the way:\n\n" + "\n\n".join(journey.problems)
    )


def chart_shown(image: Locator) -> None:
    """The chart image is on screen and its drawing arrived (lazy images load when near)."""
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    # Polled by hand: the app's Content-Security-Policy forbids wait_for_function's eval.
    for _ in range(100):
        if image.evaluate("i => i.complete && i.naturalWidth > 0"):
            break
        image.page.wait_for_timeout(100)
    width = image.evaluate("i => i.naturalWidth")
    assert width > 0, (
        f"{image.page.url}: chart {image.get_attribute('src')} is not drawn "
        f"(naturalWidth {width})"
    )


def charts_shown(page: Page, expected: int | None = None) -> None:
    """Every chart on the page is drawn (and there are `expected` of them, when given)."""
    images = page.locator("figure.chart img")
    if expected is not None:
        expect(images).to_have_count(expected)
    for index in range(images.count()):
        chart_shown(images.nth(index))


def goal_item(scope: Page | Locator, title: str) -> Locator:
    """A goal's row in a goal list (year page, dashboard, check-in result)."""
    page = scope if isinstance(scope, Page) else scope.page
    return scope.locator("li.goal-item").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def add_goal(page: Page, year: int, title: str, area: str, kind: str,
             fill: Callable[[Page], None],
             before_saving: Callable[[Page], None] | None = None) -> None:
    """The year page's "Add a goal": the title, the area and the kind, then `fill` for the
    kind's own fields and `before_saving` (the dates, a screenshot) before "Add goal"."""
    page.get_by_role("link", name="Add a goal").first.click()
    expect(page.get_by_role("heading", name=f"New goal for {year}", level=1)).to_be_visible()
    page.get_by_label("Goal", exact=True).fill(title)
    page.get_by_label("Area", exact=True).select_option(label=area)
    # The kind first: the stylesheet shows only the chosen kind's fields.
    page.get_by_role("radio", name=re.compile(rf"^{kind}:")).check()
    fill(page)
    if before_saving is not None:
        before_saving(page)
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("status")).to_contain_text(f"Goal added to {year}.")


def log_step(page: Page, title: str, step: int, enjoyment: str,
             note: str = "", topic: str = "") -> None:
    """On the goal page open now, "Log a step today": `step` units with how it felt."""
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log it"))
    form.get_by_label("Step", exact=True).fill(str(step))
    form.get_by_label("How did it feel?").select_option(enjoyment)
    if note:
        form.get_by_label("Title (optional)").fill(note)
    if topic:
        form.get_by_label("Topic (optional)").fill(topic)
    form.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status")).to_contain_text("Progress logged.")


def start_year_form(page: Page, year: int) -> None:
    """From the dashboard, "Start <year>": the form opens with that year filled in."""
    page.get_by_role("link", name=f"Start {year}", exact=True).click()
    expect(page.get_by_label("Year", exact=True)).to_have_value(str(year))


def start_year(journey: Journey, year: int, where: str) -> None:
    """Start `year` from the dashboard, its form checked by axe-core as `where`."""
    page = journey.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    start_year_form(page, year)
    journey.accessible(where)
    page.get_by_role("button", name="Start the year").click()


def answer_for_goal(section: Locator, *, total: str = "", done: str = "", attempt: str = "",
                    felt: str = "", confidence: str = "", in_the_way: str = "",
                    note: str = "") -> None:
    """Fill one goal's section of a check-in form; a field not given is left as it is."""
    if total:
        section.get_by_label("Running total now").fill(total)
    if done:
        section.get_by_label("Done?").select_option(done)
    if attempt:
        section.get_by_label("An attempt since the last check-in").select_option(attempt)
    if felt:
        section.get_by_label("How did working on this feel?").select_option(felt)
    if confidence:
        section.get_by_label("Will you make it?").select_option(confidence)
    if in_the_way:
        section.get_by_label("In the way", exact=True).fill(in_the_way)
    if note:
        section.get_by_label("Note", exact=True).fill(note)
