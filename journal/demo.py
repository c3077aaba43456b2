"""The demo journal: two years modeled on the two people Year Journal is for.

Last year belongs to "the writer who found their topic": a post nearly every week, at
first late on Sunday nights and with little joy, then interviews, a clear topic, and
enjoyment rising through the year. This year belongs to "the engineer with a newsletter":
career, newsletter and side-product goals, a revised plan, a dropped goal, monthly and
mid-year check-ins, up to today.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from .areas.queries import create_default_areas
from .auth.passwords import hash_password
from .auth.queries import delete_user
from .extensions import db
from .models import (
    Area,
    Attempt,
    CheckIn,
    Goal,
    PlanRevision,
    ProgressUpdate,
    Reflection,
    User,
    Year,
)

DEMO_EMAIL = "demo@example.org"


def create_demo(today: date) -> str:
    """Create (or reset) the demo account with its two years; return its new password."""
    query = select(User).where(User.email == DEMO_EMAIL)
    existing = db.session.execute(query).scalar_one_or_none()
    if existing is not None:
        delete_user(existing)
        db.session.flush()
    password = secrets.token_urlsafe(12)
    user = User(email=DEMO_EMAIL, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    create_default_areas(user)
    db.session.add(Area(user_id=user.id, name="Health", color="sky", position=3))
    db.session.flush()
    areas = {area.name: area for area in db.session.execute(
        select(Area).where(Area.user_id == user.id)).scalars()}
    _writer_year(user, areas, today.year - 1)
    _engineer_year(user, areas, today.year, today)
    db.session.commit()
    return password


def _year(user: User, number: int, new_year: dict, year_end: dict | None) -> Year:
    year = Year(user_id=user.id, number=number)
    db.session.add(year)
    year.reflections.append(Reflection(user_id=user.id, kind="new_year", **new_year))
    if year_end:
        year.reflections.append(Reflection(user_id=user.id, kind="year_end", **year_end))
    return year


def _goal(user, year, area, title, kind, target, *, unit="", why="", topics=(), cadence=None,
          direction=None, due=None, checkpoints=(), allowed_skips=0) -> Goal:
    goal = Goal(
        user_id=user.id, year=year, area_id=area.id, title=title, why=why, topics=list(topics),
        kind=kind, unit=unit, baseline=0.0, cadence=cadence, allowed_skips=allowed_skips,
        direction=direction, start_date=date(year.number, 1, 1),
        end_date=date(year.number, 12, 31),
    )
    goal.plan_revisions.append(PlanRevision(
        user_id=user.id, version=1, revised_on=date(year.number, 1, 2), reason="",
        target=target, due_date=due, checkpoints=[list(c) for c in checkpoints]))
    db.session.add(goal)
    return goal


def _log(user, goal, on, value, enjoyment=None, checkin=None, **extra) -> None:
    db.session.add(ProgressUpdate(user_id=user.id, goal=goal, on=on, value=value,
                                  enjoyment=enjoyment, checkin=checkin, **extra))


def _writer_year(user: User, areas: dict, number: int) -> None:
    year = _year(
        user, number,
        new_year={
            "tldr": "Started a newsletter, mostly out of fear of falling behind.",
            "what_happened": "Changed teams in spring. Wrote on Sunday nights, tired.",
            "successes": "- Kept publishing through a hard quarter\n- First reader emails",
            "did_not_work": "Writing **late on Sundays**: every post felt like a deadline.",
            "learned": "Output is not the same as progress.",
            "changes": "1. Write on weekday mornings\n2. Talk to people before writing",
            "theme": "find the topic",
        },
        year_end={
            "tldr": "Found what I want to write about: ML engineering practice.",
            "what_happened": "Started interviewing engineers in March; the posts changed.",
            "successes": "- 46 posts\n- 12 interviews\n- Readers doubled",
            "did_not_work": "The first quarter: quantity without joy.",
            "learned": "Interviews make the writing easy and the writing worth it.",
            "changes": "Fewer, deeper posts on mixed-precision training and multimodal LLMs.",
            "theme": "interviews",
        },
    )
    posts = _goal(user, year, areas["Writing"], "Publish 48 posts", "count", 48, unit="posts",
                  why="A habit of thinking in public.", topics=("ML engineering",
                                                               "mixed-precision training"))
    interviews = _goal(user, year, areas["Writing"], "Interview 12 engineers", "count", 12,
                       unit="interviews", topics=("interviews",))
    weekly = _goal(user, year, areas["Writing"], "A post every week", "habit", 1,
                   cadence="week", allowed_skips=4)
    first = date(number, 1, 1)
    total = 0
    for week in range(52):
        on = first + timedelta(days=7 * week + 6)
        if week in (9, 10, 30, 31, 32, 50):  # a flu, a summer break, the holidays
            continue
        total += 1
        # Enjoyment rises as the interviews start (week 10) and the topic settles.
        enjoyment = 2 if week < 10 else 3 if week < 26 else 4 if week < 40 else 5
        _log(user, posts, on, float(total), enjoyment, title=f"Issue {total}")
        _log(user, weekly, on, 1.0)
    for count, month in enumerate(range(1, 13), start=1):
        _log(user, interviews, date(number, month, 20), float(count), 4)
    for month in (3, 6, 9, 12):
        checkin = CheckIn(user_id=user.id, year=year, on=date(number, month, 28),
                          kind="mid_year" if month == 6 else "quarterly",
                          mood=2 if month == 3 else 4,
                          went_well="The interviews." if month > 3 else "",
                          went_badly="Sunday nights." if month == 3 else "")
        db.session.add(checkin)


def _engineer_year(user: User, areas: dict, number: int, today: date) -> None:
    year = _year(
        user, number,
        new_year={
            "tldr": "Promoted on the second try; kept the newsletter going nine months of twelve.",
            "what_happened": "A reorganisation in spring, a promotion in autumn.",
            "successes": "- Promoted one level\n- Newsletter alive",
            "did_not_work": "Side projects: started three, shipped none.",
            "learned": "Small and finished beats big and ongoing.",
            "changes": "Write only posts I enjoy, on three focus topics. Ship one small thing.",
            "theme": "finish things",
        },
        year_end=None,
    )
    last = min(today, date(number, 12, 31))
    promotion = _goal(user, year, areas["Career"], "Lead a project end to end", "milestone", 1,
                      why="More responsibility, on purpose this time.",
                      due=date(number, 10, 1))
    newsletter = _goal(user, year, areas["Writing"], "Publish 40 posts I enjoy", "count", 40,
                       unit="posts", topics=("ML system design", "graph neural networks",
                                             "LLMs"),
                       checkpoints=((f"{number}-03-31", 6),))
    enjoy = _goal(user, year, areas["Writing"], "Enjoy writing", "limit", 4,
                  unit="enjoyment out of 5", direction="at_least")
    ship = _goal(user, year, areas["Side products"], "Ship one small product", "milestone", 1,
                 due=date(number, 9, 30))
    run = _goal(user, year, areas["Health"], "Run twice a week", "habit", 2, cadence="week")
    overtime = _goal(user, year, areas["Career"], "Overtime at most 5 hours a week", "limit", 5,
                     unit="hours a week", direction="at_most")
    first = date(number, 1, 1)
    total = 0
    for week in range(52):
        on = first + timedelta(days=7 * week + 3)
        if on > last:
            break
        spring = 8 <= week < 24  # the reorganisation: one post a fortnight
        if (week % 2 == 0) if spring else (week % 4 != 3):  # else about three a month
            total += 1
            _log(user, newsletter, on, float(total), 3 if week < 20 else 4,
                 topic="LLMs" if week % 2 else "ML system design")
        if week < 20 or week % 3:
            _log(user, run, on, 1.0)
            _log(user, run, on + timedelta(days=2), 1.0)
    # Plans change: a slow spring, so in June the newsletter plan is revised.
    newsletter.plan_revisions.append(PlanRevision(
        user_id=user.id, version=2, revised_on=date(number, 6, 15),
        reason="Spring went to the reorganisation; fewer, better posts.", target=32,
        due_date=None, checkpoints=[]))
    ship.status, ship.status_changed_on = "dropped", date(number, 8, 1)
    ship.status_reason = "Chose the project at work over a side project this year."
    for month in range(1, 13):
        on = date(number, month, 28)
        if on > last:
            break
        kind = "mid_year" if month == 6 else "monthly"
        checkin = CheckIn(user_id=user.id, year=year, on=on if month != 6 else
                          date(number, 7, 1), kind=kind, mood=3 + (month > 6),
                          went_well="Writing on Tuesday mornings." if month > 2 else "",
                          went_badly="Too many meetings." if month in (3, 4, 5) else "",
                          next_change="Protect Tuesday mornings." if month == 6 else "")
        db.session.add(checkin)
        _log(user, enjoy, checkin.on, 3.0 + min(month, 8) / 8, checkin=checkin)
        _log(user, overtime, checkin.on, 7.0 if month in (3, 4, 5) else 4.0, checkin=checkin,
             confidence=3 if month < 6 else 4)
    if last >= date(number, 5, 1):
        db.session.add(Attempt(user_id=user.id, goal=promotion, attempted_on=date(number, 5, 1),
                               outcome="failed", note="Not this round; clear feedback."))
    if last >= date(number, 9, 15):
        db.session.add(Attempt(user_id=user.id, goal=promotion,
                               attempted_on=date(number, 9, 15), outcome="succeeded"))
        _log(user, promotion, date(number, 9, 15), 1.0, 5)
        promotion.status, promotion.status_changed_on = "achieved", date(number, 9, 15)
