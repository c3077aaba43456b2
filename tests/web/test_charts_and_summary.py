"""Chart routes (goal, year board, summary, area overlay) and the summary page.

Charts: SVG by default, PNG and the dark theme on request, revalidated by ETag, private to
their owner. The summary: every year side by side, the verdict sentence, one overlay per
area with goals, and the same number of SQL statements for one year as for ten.

Today is 1 July 2026 throughout. The journals are written straight through the ORM, so the
numbers on the page can be worked out by hand (see build_two_years).
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape

import pytest
from helpers import make_app, new_goal, second_user, statements_for
from pages import page, squash

from journal import chart_responses
from journal.extensions import db
from journal.models import CheckIn, Reflection, Year

CAREER, WRITING, SIDE_PRODUCTS = 1, 2, 3  # the first user's default areas
TODAY = "2026-07-01"
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    chart_responses.drawings.clear()  # drawings of earlier tests must not answer for this one
    yield app
    chart_responses.drawings.clear()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def user(auth):
    """A logged-in user (id 1) with the areas Career (1), Writing (2), Side products (3)."""
    assert auth.register().status_code == 302


# --- journals written through the ORM ---------------------------------------------------------




def build_two_years(app, user_id: int = 1) -> dict[str, int]:
    """2025 and 2026 in Career and Writing (Side products has no goals). Return goal ids.

    2025, as of 31 December: posts 40 of 40 (achieved, share 1), talks 5 of 10 (0.5),
    a monthly habit met in January to March only (3 of 12 months: 0.25, longest streak 3),
    a dropped milestone. Share (1 + 0.5 + 0.25) / 3 = 58%; enjoyment (4 + 2) / 2 = 3.0;
    2 check-ins; word "Focus".
    2026, as of 1 July: posts 20 of 40 (0.5, revised on 3 April with a checkpoint), a
    milestone due in October (0). Share 25%; enjoyment 5.0; 1 check-in; word "Ship it".
    On 1 July 2025 only the habit had counted (0.25 / 3 = 8%): 2026 is 17% ahead of that.
    """
    with app.app_context():
        y2025 = Year(user_id=user_id, number=2025)
        y2026 = Year(user_id=user_id, number=2026)
        db.session.add_all([y2025, y2026])
        goals = {
            "posts_2025": new_goal(y2025, WRITING, "Publish 40 posts", "count", 40,
                                   user_id=user_id, updates=[(date(2025, 12, 20), 40, 4)]),
            "talks_2025": new_goal(y2025, CAREER, "Give 10 talks", "count", 10,
                                   user_id=user_id, updates=[(date(2025, 12, 31), 5, 2)]),
            "habit_2025": new_goal(y2025, WRITING, "Write every month", "habit", 1,
                                   user_id=user_id, cadence="month",
                                   updates=[(date(2025, m, 15), 1, None) for m in (1, 2, 3)]),
            "promotion_2025": new_goal(y2025, CAREER, "Get promoted", "milestone", 1,
                                       user_id=user_id, due=date(2025, 9, 30),
                                       status="dropped"),
            "posts": new_goal(y2026, WRITING, "Publish 40 posts in 2026", "count", 40,
                              user_id=user_id,
                              revisions=[(date(2026, 4, 3), 40, [["2026-06-30", 15]])],
                              updates=[(date(2026, 3, 1), 10, 5), (date(2026, 6, 30), 20, 5)]),
            "project": new_goal(y2026, CAREER, "Lead a project", "milestone", 1,
                                user_id=user_id, due=date(2026, 10, 1)),
        }
        db.session.add_all([
            CheckIn(user_id=user_id, year=y2025, on=date(2025, 3, 31), kind="monthly"),
            CheckIn(user_id=user_id, year=y2025, on=date(2025, 12, 31), kind="year_end"),
            CheckIn(user_id=user_id, year=y2026, on=date(2026, 5, 31), kind="monthly"),
            Reflection(user_id=user_id, year=y2025, kind="new_year", theme="Focus"),
            Reflection(user_id=user_id, year=y2026, kind="year_end", tldr="Ship it"),
        ])
        db.session.commit()
        return {name: goal.id for name, goal in goals.items()}


@pytest.fixture
def journal(app, user) -> dict[str, int]:
    return build_two_years(app)




# --- reading responses --------------------------------------------------------------------------


def svg_root(response) -> ET.Element:
    return ET.fromstring(response.data)  # noqa: S314 (the app's own chart)


def svg_texts(response) -> list[str]:
    return ["".join(text.itertext()) for text in svg_root(response).iter(f"{SVG}text")]


def svg_desc(response) -> str:
    desc = svg_root(response).find(f"{SVG}desc")
    assert desc is not None
    return desc.text or ""


def summary_table(html: str) -> tuple[list[str], dict[str, list[str]]]:
    """The summary table: the years heading the columns, and {row heading: cells}."""
    match = re.search(r'<table class="summary-table">(.*?)</table>', html, re.S)
    assert match, "no summary table"
    table = match.group(1)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    years = [squash(cell) for cell in re.findall(r'<th scope="col">(.*?)</th>', head, re.S)]
    assert years[0] == "Measure"
    rows = {}
    for heading, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        rows[squash(heading)] = [squash(cell) for cell in re.findall(r"<td>(.*?)</td>", cells,
                                                                     re.S)]
    return years[1:], rows


def chart_images(html: str) -> list[dict[str, str]]:
    """src and alt of every chart image, with the dark source beside it."""
    found = []
    for figure in re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S):
        img = re.search(r"<img ([^>]*)>", figure).group(1)
        attributes = {name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', img)}
        dark = re.search(r'<source media="\(prefers-color-scheme: dark\)" srcset="([^"]*)">',
                         figure)
        attributes["dark"] = unescape(dark.group(1)) if dark else ""
        found.append(attributes)
    return found


# --- every chart route ----------------------------------------------------------------------------

CHART_URLS = [
    "/goals/{posts}/chart.svg",
    "/years/2026/chart.svg",
    "/summary/chart.svg",
    f"/summary/areas/{WRITING}/chart.svg",
]
CHART_IDS = ["goal", "year", "summary", "area"]
charts_of_every_kind = pytest.mark.parametrize("url", CHART_URLS, ids=CHART_IDS)


@charts_of_every_kind
def test_a_chart_is_svg_with_an_etag_revalidated_every_time(client, journal, url):
    response = client.get(url.format(**journal))
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["ETag"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    root = svg_root(response)
    assert root.find(f"{SVG}title").text and svg_desc(response)


@charts_of_every_kind
def test_png_on_request(client, journal, url):
    response = client.get(url.format(**journal) + "?format=png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(PNG_SIGNATURE)
    assert response.headers["Cache-Control"] == "private, no-cache"
    svg_etag = client.get(url.format(**journal)).headers["ETag"]
    assert response.headers["ETag"] != svg_etag


@charts_of_every_kind
def test_the_dark_theme_is_another_drawing(client, journal, url):
    light = client.get(url.format(**journal))
    dark = client.get(url.format(**journal) + "?theme=dark")
    explicit_light = client.get(url.format(**journal) + "?theme=light")
    assert dark.status_code == 200 and dark.mimetype == "image/svg+xml"
    assert dark.data != light.data
    assert dark.headers["ETag"] != light.headers["ETag"]
    assert explicit_light.data == light.data
    assert explicit_light.headers["ETag"] == light.headers["ETag"]


@charts_of_every_kind
def test_a_phone_gets_a_narrower_drawing_saying_the_same(client, journal, url):
    wide = client.get(url.format(**journal))
    narrow = client.get(url.format(**journal) + "?size=narrow")
    dark = client.get(url.format(**journal) + "?theme=dark&size=narrow")
    assert narrow.status_code == dark.status_code == 200
    assert len({wide.headers["ETag"], narrow.headers["ETag"], dark.headers["ETag"]}) == 3
    assert float(svg_root(narrow).get("width").removesuffix("pt")) < float(
        svg_root(wide).get("width").removesuffix("pt"))
    assert svg_desc(narrow) == svg_desc(wide)


def test_pages_offer_the_narrow_drawing_to_small_screens(client, journal):
    html = page(client, "/years/2026")
    figure = re.search(r'<figure class="chart">(.*?)</figure>', html, re.S).group(1)
    assert '<source media="(max-width: 40rem)" srcset="/years/2026/chart.svg?size=narrow">' \
        in figure
    assert ('<source media="(max-width: 40rem) and (prefers-color-scheme: dark)" '
            'srcset="/years/2026/chart.svg?theme=dark&amp;size=narrow">') in figure


@charts_of_every_kind
@pytest.mark.parametrize("query", ["format=gif", "theme=pink", "format=", "theme=", "size=huge"])
def test_an_unknown_format_or_theme_is_not_found(client, journal, url, query):
    assert client.get(url.format(**journal) + "?" + query).status_code == 404


@charts_of_every_kind
def test_the_etag_answers_304_without_a_body(client, journal, url):
    first = client.get(url.format(**journal))
    etag = first.headers["ETag"]
    again = client.get(url.format(**journal), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "private, no-cache"
    # The SVG's ETag says nothing about the PNG or the dark drawing.
    for query in ("?format=png", "?theme=dark"):
        other = client.get(url.format(**journal) + query, headers={"If-None-Match": etag})
        assert other.status_code == 200 and other.data


@charts_of_every_kind
def test_a_client_that_accepts_gzip_gets_the_same_svg_gzipped(client, journal, url):
    path = url.format(**journal)
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) * 3 < len(plain.data)
    for response in (plain, packed):
        assert "Accept-Encoding" in response.headers["Vary"]
    # Different bytes, different ETags: each answers 304 only for its own encoding.
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(path, headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    assert "Accept-Encoding" in again.headers["Vary"]
    other = client.get(path, headers={"If-None-Match": packed.headers["ETag"]})
    assert other.status_code == 200
    assert other.data == plain.data


@charts_of_every_kind
def test_no_gzip_for_a_png_or_a_client_that_refuses_it(client, journal, url):
    path = url.format(**journal)
    png = client.get(f"{path}?format=png", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in png.headers
    assert png.data.startswith(PNG_SIGNATURE)
    refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0, deflate"})
    assert "Content-Encoding" not in refused.headers
    assert svg_root(refused).find(f"{SVG}title") is not None


@charts_of_every_kind
def test_a_quick_log_changes_the_etag(client, journal, url):
    before = client.get(url.format(**journal))
    response = client.post(f"/goals/{journal['posts']}/log", data={"amount": "3"})
    assert response.status_code == 302
    after = client.get(url.format(**journal), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.data != before.data


@charts_of_every_kind
def test_a_check_in_changes_the_etag(client, journal, url):
    before = client.get(url.format(**journal))
    response = client.post("/years/2026/checkins/new?kind=monthly",
                           data={"on": TODAY, f"g{journal['posts']}_value": "26",
                                 f"g{journal['posts']}_enjoyment": "3"})
    assert response.status_code == 302, response.get_data(as_text=True)
    after = client.get(url.format(**journal), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]


def test_the_goal_chart_shows_what_was_logged(client, journal):
    url = f"/goals/{journal['posts']}/chart.svg"
    assert "Latest value: 20." in svg_desc(client.get(url))
    client.post(f"/goals/{journal['posts']}/log", data={"amount": "3"})
    response = client.get(url)
    assert "Latest value: 23." in svg_desc(response)
    assert {"Original plan", "Plan of 3 Apr", "Actual", "Projection"} <= set(svg_texts(response))


def test_the_year_board_names_every_goal_of_the_year(client, journal):
    response = client.get("/years/2025/chart.svg")
    desc = svg_desc(response)
    for title in ("Publish 40 posts", "Give 10 talks", "Write every month", "Get promoted"):
        assert title in desc
    assert "Get promoted: 0% reached, 100% expected, dropped" in desc
    assert "Publish 40 posts: 100% reached, 100% expected, achieved" in desc
    assert "Writing · Publish 40 posts" in svg_texts(response)


def test_the_summary_chart_says_what_the_table_says(client, journal):
    desc = svg_desc(client.get("/summary/chart.svg"))
    assert desc == (
        "2025: 4 goals set, 1 achieved, 1 dropped, 58% of target reached, mean enjoyment 3.0; "
        "2026: 2 goals set, 0 achieved, 0 dropped, 25% of target reached, mean enjoyment 5.0"
    )


def test_the_area_chart_overlays_each_year_of_the_area(client, journal):
    response = client.get(f"/summary/areas/{WRITING}/chart.svg")
    assert svg_root(response).find(f"{SVG}title").text == (
        "Writing: each year's progress by day of year")
    desc = svg_desc(response)
    assert desc.startswith("2025: 100% by the end of the year; 2026:")
    assert {"2025", "2026", "even pace"} <= set(svg_texts(response))


def test_an_area_with_goals_but_no_count_goal_says_so(app, client, journal):
    with app.app_context():
        year = db.session.execute(db.select(Year).filter_by(number=2026)).scalar_one()
        new_goal(year, SIDE_PRODUCTS, "Ship monthly", "habit", 1, cadence="month")
        db.session.commit()
    response = client.get(f"/summary/areas/{SIDE_PRODUCTS}/chart.svg")
    assert response.status_code == 200
    assert "No count goals in this area yet." in svg_texts(response)


def test_the_year_under_way_is_not_described_as_finished(client, journal):
    desc = svg_desc(client.get(f"/summary/areas/{WRITING}/chart.svg"))
    assert "2026: 50% by the end of the year" not in desc
    assert desc.endswith("2026: 50% by 1 July")


def test_a_goal_title_with_dollar_signs_does_not_break_its_charts(app, client, journal):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 page, as in production
    response = client.post("/years/2026/goals/new", data={
        "title": "Earn $x^$ a day", "area_id": str(CAREER), "kind": "count",
        "count_target": "10", "count_unit": "posts", "start_date": "2026-07-01",
        "end_date": "2026-12-31"})
    assert response.status_code == 302
    goal_id = int(response.headers["Location"].rsplit("#goal-", 1)[1])
    assert client.get(f"/goals/{goal_id}/chart.svg").status_code == 200
    assert client.get("/years/2026/chart.svg").status_code == 200


# --- whose charts ---------------------------------------------------------------------------------


def test_another_users_charts_are_not_found(app, client, journal):
    etag = client.get(f"/goals/{journal['posts']}/chart.svg").headers["ETag"]
    other = second_user(app, start_year=2026)
    for url in (
        f"/goals/{journal['posts']}/chart.svg",
        f"/goals/{journal['posts_2025']}/chart.svg?format=png",
        "/years/2025/chart.svg",
        f"/summary/areas/{WRITING}/chart.svg",
        f"/summary/areas/{CAREER}/chart.svg?theme=dark",
    ):
        assert other.get(url).status_code == 404, url
    # Not even a 304 for someone who knows the ETag.
    response = other.get(f"/goals/{journal['posts']}/chart.svg", headers={"If-None-Match": etag})
    assert response.status_code == 404
    # Their own year 2026 is theirs: empty, whatever the first user has in 2026.
    response = other.get("/years/2026/chart.svg")
    assert response.status_code == 200
    assert "Publish 40 posts in 2026" not in svg_desc(response)
    assert "2025" not in svg_desc(other.get("/summary/chart.svg"))


@pytest.mark.parametrize(
    "url", ["/goals/9999/chart.svg", "/years/1999/chart.svg", "/summary/areas/9999/chart.svg"]
)
def test_charts_of_nothing_are_not_found(client, journal, url):
    assert client.get(url).status_code == 404


@charts_of_every_kind
def test_charts_ask_anonymous_visitors_to_log_in(app, journal, url):
    response = app.test_client().get(url.format(**journal))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_summary_page_asks_anonymous_visitors_to_log_in(app):
    response = app.test_client().get("/summary/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


# --- the summary page -----------------------------------------------------------------------------


def test_the_summary_puts_the_years_side_by_side(client, journal):
    years, rows = summary_table(page(client, "/summary/"))
    assert years == ["2025", "2026"]
    assert rows == {
        "Goals set": ["4", "2"],
        "Achieved": ["1", "0"],
        "Dropped": ["1", "0"],
        "Share of target reached": ["58%", "25%"],
        "Check-ins made": ["2", "1"],
        "Mean enjoyment": ["3.0", "5.0"],
        "Longest streak": ["3", "0"],
        "Word or one line": ["Focus", "Ship it"],
    }


def test_a_new_year_one_liner_is_not_taken_for_the_years_word(app, client, journal):
    """January's one-liner is about the year before; a year's word is its own."""
    with app.app_context():
        y2025 = db.session.execute(db.select(Year).filter_by(number=2025)).scalar_one()
        db.session.add(Reflection(user_id=1, year=y2025, kind="year_end", theme="Curiosity"))
        y2027 = Year(user_id=1, number=2027)
        db.session.add(Reflection(user_id=1, year=y2027, kind="new_year",
                                  tldr="2026 went well"))
        db.session.commit()
    _years, rows = summary_table(page(client, "/summary/"))
    assert rows["Word or one line"] == ["Focus", "Ship it", ""]


def test_the_summary_compares_this_year_so_far_with_last_year_by_now(client, journal):
    html = page(client, "/summary/")
    verdict = re.search(r'<p class="lead verdict">(.*?)</p>', html, re.S)
    assert verdict, "no verdict"
    assert unescape(verdict.group(1)) == (
        "So far in 2026 you reached 17% more of your targets than by this time in 2025."
    )


def verdict_of(client) -> str:
    verdict = re.search(r'<p class="lead verdict">(.*?)</p>', page(client, "/summary/"), re.S)
    assert verdict, "no verdict"
    return unescape(verdict.group(1))


def posts_in(app, earlier: dict, now: float) -> None:
    """A count goal in an earlier year (new_goal's arguments) and one of 100 posts in
    2026, with `now` of them done by 30 June."""
    with app.app_context():
        number = earlier.pop("number")
        new_goal(Year(user_id=1, number=number), WRITING, "Publish posts", "count", **earlier)
        new_goal(Year(user_id=1, number=2026), WRITING, "Publish posts", "count", 100,
                 updates=[(date(2026, 6, 30), now, None)])
        db.session.commit()


def test_after_a_year_left_out_the_year_under_way_is_compared_with_the_same_day(app, client,
                                                                              user):
    # 2024 reached its target on 20 December; 2025 was never started; 2026 is half way.
    posts_in(app, dict(number=2024, target=40, updates=[(date(2024, 12, 20), 40, None)]), 50)
    assert verdict_of(client) == (
        "So far in 2026 you reached 50% more of your targets than by this time in 2024.")


def test_the_same_day_last_year_is_judged_by_the_plan_in_force_that_day(app, client, user):
    # By 1 July 2025, 20 of the 100 then planned (20%); the target fell to 25 in October.
    posts_in(app, dict(number=2025, target=100, revisions=[(date(2025, 10, 1), 25, [])],
                       updates=[(date(2025, 6, 30), 20, None)]), 60)
    assert verdict_of(client) == (
        "So far in 2026 you reached 40% more of your targets than by this time in 2025.")


def test_an_areas_overlay_leaves_out_its_dropped_goals(app, client, journal):
    with app.app_context():
        y2025 = db.session.execute(db.select(Year).filter_by(number=2025)).scalar_one()
        new_goal(y2025, WRITING, "Read 60 books", "count", 60, status="dropped",
                 updates=[(date(2025, 3, 1), 1, None)])
        db.session.commit()
    desc = svg_desc(client.get(f"/summary/areas/{WRITING}/chart.svg"))
    assert desc.startswith("2025: 100% by the end of the year; 2026:")


def test_a_year_with_no_goal_to_count_has_no_share_on_the_chart(app, client, user):
    assert client.post("/years/new", data={"number": "2025"}).status_code == 302
    assert client.post("/years/new", data={"number": "2026"}).status_code == 302
    with app.app_context():
        y2026 = db.session.execute(db.select(Year).filter_by(number=2026)).scalar_one()
        new_goal(y2026, WRITING, "Publish 40 posts", "count", 40,
                 updates=[(date(2026, 6, 30), 20, None)])
        db.session.commit()
    response = client.get("/summary/chart.svg")
    assert svg_desc(response) == (
        "2025: 0 goals set, 0 achieved, 0 dropped, no goal to count toward a share of "
        "target, mean enjoyment none; "
        "2026: 1 goals set, 0 achieved, 0 dropped, 50% of target reached, mean enjoyment none")
    assert svg_texts(response).count("2026") == 2  # under each of its two plots

    def patches(response) -> int:  # backgrounds and bars
        return sum(1 for group in svg_root(response).iter(f"{SVG}g")
                   if group.get("id", "").startswith("patch_"))

    with app.app_context():
        y2025 = db.session.execute(db.select(Year).filter_by(number=2025)).scalar_one()
        new_goal(y2025, WRITING, "Publish 40 posts", "count", 40)
        db.session.commit()
    assert patches(client.get("/summary/chart.svg")) == patches(response) + 1


def test_the_summary_shows_one_chart_per_area_with_goals(client, journal):
    images = chart_images(page(client, "/summary/"))
    assert [image["src"] for image in images] == [
        "/summary/chart.svg", f"/summary/areas/{CAREER}/chart.svg",
        f"/summary/areas/{WRITING}/chart.svg",
    ]
    for image in images:
        assert image["alt"].strip(), image["src"]
        assert image["dark"] == image["src"] + "?theme=dark"
        assert client.get(image["src"]).status_code == 200
        assert client.get(image["dark"]).status_code == 200
    assert "Writing" in images[2]["alt"] and "Career" in images[1]["alt"]


def test_the_year_page_has_the_numbers_behind_its_chart(client, journal):
    html = page(client, "/years/2026")
    (image,) = chart_images(html)
    assert image["src"] == "/years/2026/chart.svg" and "2026" in image["alt"]
    details = re.search(r'<details class="chart-numbers">(.*?)</details>', html, re.S)
    assert details, "no numbers behind the chart"
    assert "<summary>The numbers behind this chart</summary>" in details.group(1)
    cells = [squash(row) for row in re.findall(r"<tr>(.*?)</tr>", details.group(1), re.S)]
    assert "Publish 40 posts in 2026 Writing 50% 38% on track" in cells
    assert "Lead a project Career 0% 0% on track" in cells


def test_a_user_without_years_is_told_so_and_shown_no_chart(client, user):
    html = page(client, "/summary/")
    assert "No years yet." in squash(html)
    assert chart_images(html) == [] and "<img" not in html
    assert "summary-table" not in html
    response = client.get("/summary/chart.svg")
    assert response.status_code == 200
    assert "No years yet." in svg_texts(response)


def test_a_year_without_goals_still_has_a_board_chart(client, user):
    assert client.post("/years/new", data={"number": "2026"}).status_code == 302
    response = client.get("/years/2026/chart.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "No goals in this year yet." in svg_texts(response)
    assert svg_desc(response) == "No goals in this year yet."
    _years, rows = summary_table(page(client, "/summary/"))
    assert rows["Goals set"] == ["0"] and rows["Share of target reached"] == ["—"]
    assert rows["Mean enjoyment"] == ["—"]


def test_a_year_not_begun_is_not_judged(app, client, journal):
    """Next year, started early (the year list offers it once this one exists), with a goal."""
    assert client.post("/years/new", data={"number": "2027"}).status_code == 302
    response = client.post("/years/2027/goals/new", data={
        "title": "Publish 50 posts", "area_id": str(WRITING), "kind": "count",
        "count_target": "50", "count_unit": "posts", "start_date": "2027-01-01",
        "end_date": "2027-12-31"})
    assert response.status_code == 302
    html = page(client, "/summary/")
    assert "2027 you reached" not in unescape(html)


# --- SQL statements: one year or ten --------------------------------------------------------------


def build_year(app, number: int, user_id: int = 1) -> None:
    """Three goals in two areas: two revised count goals and a monthly habit, each with a
    monthly update (12 in all), a check-in and the year's word."""
    with app.app_context():
        year = Year(user_id=user_id, number=number)
        db.session.add(year)
        monthly = [date(number, month, 10) for month in range(1, 13)]
        new_goal(year, CAREER, f"Give talks in {number}", "count", 12, user_id=user_id,
                 revisions=[(date(number, 4, 1), 10, [[f"{number}-06-30", 4]])],
                 updates=[(on, float(index), index % 5 + 1)
                          for index, on in enumerate(monthly, start=1)])
        new_goal(year, WRITING, f"Publish posts in {number}", "count", 48, user_id=user_id,
                 revisions=[(date(number, 3, 1), 40, [])],
                 updates=[(on, 3.0 * index, None) for index, on in enumerate(monthly, start=1)])
        new_goal(year, WRITING, f"Write monthly in {number}", "habit", 1, user_id=user_id,
                 cadence="month", updates=[(on, 1.0, 4) for on in monthly])
        db.session.add(CheckIn(user_id=user_id, year=year, on=date(number, 6, 30),
                               kind="mid_year"))
        db.session.add(Reflection(user_id=user_id, year=year, kind="new_year",
                                  theme=f"Word of {number}"))
        db.session.commit()



@pytest.mark.parametrize("url", [
    "/summary/",
    "/summary/chart.svg",
    f"/summary/areas/{WRITING}/chart.svg",
    "/years/2026",
    "/years/2026/chart.svg",
])
def test_ten_years_take_as_many_statements_as_one(app, client, user, url):
    build_year(app, 2026)
    one_year = statements_for(app, client, url)
    for number in range(2017, 2026):
        build_year(app, number)
    if url == "/summary/":
        years, rows = summary_table(page(client, url))
        assert years == [str(number) for number in range(2017, 2027)]
        assert rows["Goals set"] == ["3"] * 10
    assert statements_for(app, client, url) == one_year
