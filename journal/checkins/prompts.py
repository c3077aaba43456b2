"""Check-in kinds and the questions each one asks."""

from __future__ import annotations

MONTHLY = "monthly"
QUARTERLY = "quarterly"
MID_YEAR = "mid_year"
YEAR_END = "year_end"
AD_HOC = "ad_hoc"

KINDS = {
    MID_YEAR: "Mid-year",
    MONTHLY: "Monthly",
    QUARTERLY: "Quarterly",
    YEAR_END: "Year-end",
    AD_HOC: "Ad hoc",
}
# URL spelling, e.g. /years/2026/checkins/new?kind=mid-year
SLUGS = {kind: kind.replace("_", "-") for kind in KINDS}
BY_SLUG = {slug: kind for kind, slug in SLUGS.items()}

# (went_well, went_badly, next_change) labels and hints, per kind.
PROMPTS = {
    MID_YEAR: (
        ("What went better than planned", "Half a year in: what surprised you in a good way?"),
        ("What went worse", "Where did the plan meet reality, and lose?"),
        ("What changes for the second half", "Keep, drop or revise: what will you do differently?"),
    ),
    YEAR_END: (
        ("What I am proudest of", "Including what no goal asked for."),
        ("What I would do differently", "Looking back from December."),
        ("What I take into next year", "This feeds next year's new-year reflection."),
    ),
    MONTHLY: (
        ("What went well this month", ""),
        ("What got in the way", ""),
        ("Focus for next month", ""),
    ),
    QUARTERLY: (
        ("What went well this quarter", ""),
        ("What got in the way", ""),
        ("Focus for the next quarter", ""),
    ),
    AD_HOC: (
        ("What went well", ""),
        ("What got in the way", ""),
        ("What to change", ""),
    ),
}

SCALE_LABELS = {
    "enjoyment": {1: "1 · dreaded it", 2: "2 · a chore", 3: "3 · fine", 4: "4 · enjoyed it",
                  5: "5 · loved it"},
    "confidence": {1: "1 · won't make it", 2: "2 · unlikely", 3: "3 · could go either way",
                   4: "4 · likely", 5: "5 · sure"},
    "mood": {1: "1 · low", 2: "2 · meh", 3: "3 · okay", 4: "4 · good", 5: "5 · great"},
}
