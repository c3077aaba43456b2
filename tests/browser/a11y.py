"""Accessibility checks for browser tests: axe-core run inside the page, in both themes."""

from __future__ import annotations

import json

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

# WCAG 2.1 A and AA, which include color contrast (AA: 4.5:1 for text, 3:1 for large text).
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")
# Only the violations come back to Python: axe's full results (every element that passed)
# are large, and carrying them across is most of the time a check takes.
RUN = f"""
() => axe.run(document, {json.dumps(OPTIONS)}).then(results => results.violations
    .filter(rule => {json.dumps(BLOCKING)}.includes(rule.impact))
    .map(rule => ({{id: rule.id, impact: rule.impact, help: rule.help,
                   targets: rule.nodes.slice(0, 3).map(node => node.target)}})))
"""


def serious_violations(page: Page) -> list[str]:
    """Return the serious and critical axe violations of the page as it is now, one line
    each: rule, impact, what it means, and the first elements concerned."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at "
        + ", ".join(str(target) for target in rule["targets"])
        for rule in page.evaluate(RUN)
    ]


def assert_accessible(page: Page, where: str = "") -> None:
    """Fail with every serious or critical violation of the page, in the light theme and
    in the dark one (prefers-color-scheme), leaving the page in the light theme."""
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found += [f"[{scheme}] {line}" for line in serious_violations(page)]
    page.emulate_media(color_scheme="light")
    assert not found, f"{where or page.url}: " + "\n".join(found)


def assert_fits(page: Page) -> None:
    """Fail when the page scrolls sideways at its current width."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    width = page.evaluate("window.innerWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"
