"""The guided sections of a reflection, with the prompts the app asks them with."""

from __future__ import annotations

from dataclasses import dataclass

NEW_YEAR = "new_year"
YEAR_END = "year_end"
# URL spelling of each kind.
KIND_SLUGS = {"new-year": NEW_YEAR, "year-end": YEAR_END}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}
TITLES = {NEW_YEAR: "New-year reflection", YEAR_END: "Year-end reflection"}

LONG_TEXT_MAX = 20_000


@dataclass(frozen=True)
class Section:
    name: str
    label: dict[str, str]
    prompt: dict[str, str]
    max_length: int = LONG_TEXT_MAX
    multiline: bool = True


SECTIONS = (
    Section(
        "tldr",
        {NEW_YEAR: "Last year in one line", YEAR_END: "This year in one line"},
        {
            NEW_YEAR: "If a friend asked how last year went, what would you say in one breath?",
            YEAR_END: "The one sentence you would put at the top of a post about this year.",
        },
        max_length=280,
        multiline=False,
    ),
    Section(
        "what_happened",
        {NEW_YEAR: "What happened", YEAR_END: "What happened"},
        {
            NEW_YEAR: "The big events, month by month or as they come to mind.",
            YEAR_END: "What filled this year, planned or not.",
        },
    ),
    Section(
        "successes",
        {NEW_YEAR: "Successes", YEAR_END: "Successes"},
        {
            NEW_YEAR: "One per line, or as a Markdown list. Small ones count.",
            YEAR_END: "One per line, or as a Markdown list. Include the ones no goal predicted.",
        },
    ),
    Section(
        "did_not_work",
        {NEW_YEAR: "What did not work", YEAR_END: "What did not work"},
        {
            NEW_YEAR: "Plans that stalled, habits that did not stick, and why, if you know.",
            YEAR_END: "Be as honest as you would be with yourself at 2 a.m.",
        },
    ),
    Section(
        "learned",
        {NEW_YEAR: "What I learned", YEAR_END: "What I learned"},
        {
            NEW_YEAR: "About your work, your energy, what you enjoy.",
            YEAR_END: "What you know now that you did not in January.",
        },
    ),
    Section(
        "changes",
        {NEW_YEAR: "What changes this year", YEAR_END: "What I carry into next year"},
        {
            NEW_YEAR: "What you will do differently, and what you will stop doing.",
            YEAR_END: "What to keep, what to drop, what to try next.",
        },
    ),
    Section(
        "theme",
        {NEW_YEAR: "A word or theme for the year", YEAR_END: "The word that turned out to fit"},
        {
            NEW_YEAR: "One word or a short phrase to return to, like “depth” or “finish things”.",
            YEAR_END: "Looking back, which word describes the year you actually had?",
        },
        max_length=80,
        multiline=False,
    ),
)

SECTION_NAMES = tuple(section.name for section in SECTIONS)
