"""Restore: a backup file read and checked whole, then written into one account at once.

Reading never trusts the file. It is refused, with a message naming the record and the
reason, when it is not UTF-8 JSON, nests deeper than the format does, holds a number
longer than MAX_NUMBER_CHARS or not finite, repeats a key, has a field the format does
not know (database ids, emails) or lacks one it needs, or breaks a rule the forms keep
(lengths, dates inside their year, a valid plan). Only then is anything written, in the
caller's transaction: all of the file, or nothing.

Where the account already has data:
- areas are matched by name (a new name becomes a new area); an account with no years
  yet has its areas replaced by the file's, so a restore into a new account is exact;
- a year the account already has is refused, unless the caller merges: then the file's
  goals and check-ins are added to that year, reflection sections left empty are filled
  from the file, and sections already written are kept. A goal whose title the year
  already has is refused even when merging, so a file restored twice is not doubled.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select

from .. import versions
from ..areas import PALETTE, area_name, name_key
from ..checkins.prompts import KINDS as CHECKIN_KINDS
from ..domain.goals import MAX_TOPIC_LENGTH, MAX_TOPICS
from ..domain.plans import CADENCES, DIRECTIONS, KINDS, Checkpoint, Plan, validate_plan
from ..extensions import db
from ..models import Area, Attempt, CheckIn, Goal, PlanRevision, ProgressUpdate, Reflection, Year
from ..security import CONTROL_CHARACTERS
from ..years.forms import FIRST_YEAR, LAST_YEAR
from ..years.reflections import SECTIONS
from .backup import FORMAT, VERSION

MAX_DEPTH = 12  # a version-1 file nests 9 deep (a checkpoint inside its plan revision)
MAX_NUMBER_CHARS = 24
TEXT_MAX = 20_000
GOAL_STATUSES = ("active", "achieved", "dropped")
OUTCOMES = ("succeeded", "failed", "pending")


class RestoreProblem(Exception):
    """Why a file cannot be restored; `where` names the record ("2025 › goal 3").

    `status` is the HTTP answer: 400 when the file is at fault, 409 when it is sound but
    clashes with what the account holds.
    """

    def __init__(self, message: str, where: str = "", status: int = 400):
        super().__init__(message)
        self.message = message
        self.where = where
        self.status = status

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return text if text.endswith((".", "?")) else text + "."


# --- reading the file ---------------------------------------------------------------------


def parse_json(raw: bytes) -> dict:
    """Return the file's top-level object, or raise RestoreProblem saying what is wrong."""
    if not raw.strip():
        raise RestoreProblem("The file is empty.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RestoreProblem("The file is not UTF-8 text, so it is not a backup.") from error
    try:
        document = json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_not_a_number,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        raise RestoreProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). Was it cut short while downloading?"
        ) from error
    except RecursionError as error:  # the parser's own guard, near a thousand levels
        raise _too_deep() from error
    if not isinstance(document, dict):
        raise RestoreProblem("The file is JSON, but not a backup: it should hold one object.")
    level, containers = 1, [document]
    while containers:
        if level > MAX_DEPTH:
            raise _too_deep()
        containers = [
            child
            for container in containers
            for child in (container.values() if isinstance(container, dict) else container)
            if isinstance(child, dict | list)
        ]
        level += 1
    return document


def _too_deep() -> RestoreProblem:
    return RestoreProblem(f"The file nests deeper than a backup does ({MAX_DEPTH} levels).")


def _number(kind):
    def parse(literal: str):
        if len(literal) > MAX_NUMBER_CHARS:
            raise RestoreProblem(
                f"The number {literal[:12]}… is longer than {MAX_NUMBER_CHARS} characters."
            )
        value = kind(literal)
        if value != value or value in (float("inf"), float("-inf")):
            raise RestoreProblem(f"The number {literal} is too large.")
        return value

    return parse


def _not_a_number(literal: str):
    raise RestoreProblem(f"{literal} is not a number a backup holds.")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    document: dict = {}
    for key, value in pairs:
        if key in document:
            raise RestoreProblem(f"The key “{key[:40]}” appears twice in one record.")
        document[key] = value
    return document


# --- checking every record ----------------------------------------------------------------


class Fields:
    """Read one JSON object's fields, each checked, naming the record in every problem."""

    def __init__(self, record, where: str, required: tuple[str, ...], optional=()):
        if not isinstance(record, dict):
            raise RestoreProblem("should be an object with named fields.", where)
        unknown = set(record) - set(required) - set(optional)
        if unknown:
            name = sorted(unknown)[0]
            raise RestoreProblem(f"“{name[:40]}” is not a field of a backup.", where)
        missing = [name for name in required if name not in record]
        if missing:
            raise RestoreProblem(f"the field “{missing[0]}” is missing.", where)
        self.record = record
        self.where = where

    def problem(self, name: str, message: str) -> RestoreProblem:
        return RestoreProblem(f"{name} {message}", self.where)

    def text(self, name: str, limit: int = TEXT_MAX, required: bool = False) -> str:
        value = self.record.get(name, "")
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.problem(name, "should be text.")
        if len(value) > limit:
            raise self.problem(name, f"is longer than {limit:,} characters.")
        if CONTROL_CHARACTERS.search(value):
            # As form input loses them: NUL cannot be stored, the others break SVG charts.
            raise self.problem(name, "holds a control character.")
        if required and not value.strip():
            raise self.problem(name, "is empty.")
        return value

    def flag(self, name: str) -> bool:
        value = self.record.get(name, False)
        if not isinstance(value, bool):
            raise self.problem(name, "should be true or false.")
        return value

    def whole(self, name: str, low: int, high: int, optional: bool = False) -> int | None:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.problem(name, "should be a whole number.")
        if not low <= value <= high:
            raise self.problem(name, f"should be from {low} to {high}, not {value}.")
        return value

    def number(self, name: str, optional: bool = False) -> float | None:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.problem(name, "should be a number.")
        if abs(value) > 1e12:
            raise self.problem(name, "is too large.")
        return float(value)

    def day(self, name: str, within: int | None = None, optional: bool = False) -> date | None:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise self.problem(name, "should be a date written YYYY-MM-DD.")
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            raise self.problem(name, f"is not a real date ({value}).") from error
        if within is not None and day.year != within:
            raise self.problem(name, f"({value}) is not in {within}.")
        return day

    def choice(self, name: str, choices, optional: bool = False) -> str | None:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in choices:
            raise self.problem(name, f"should be one of {', '.join(choices)}, not {_shown(value)}.")
        return value

    def items(self, name: str, optional: bool = False) -> list:
        value = self.record.get(name, [] if optional else None)
        if not isinstance(value, list):
            raise self.problem(name, "should be a list.")
        return value

    def key(self, name: str, known: dict, what: str, optional: bool = False):
        """Return what a reference ("a1", "g3") in the file points to."""
        value = self.record.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in known:
            raise self.problem(name, f"{_shown(value)} is not the key of {what} in this file.")
        return known[value]


def _shown(value) -> str:
    """A value from the file, short enough to quote in a message."""
    return "a list" if isinstance(value, dict | list) else json.dumps(value)[:40]


@dataclass
class Backup:
    """A checked backup: model rows not yet added to any session, linked to each other."""

    areas: list[Area]
    years: list[tuple[Year, dict[str, Reflection], list[Goal], list[CheckIn]]]
    # Each update with the check-in it belongs to (linked once check-ins have ids, so
    # that updates are written in the file's order).
    updates: list[tuple[ProgressUpdate, CheckIn | None]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """What the file holds, in words: "2 years, 9 goals, 12 check-ins, 310 updates"."""
        counts = (
            (len(self.years), "year"),
            (sum(len(goals) for _y, _r, goals, _c in self.years), "goal"),
            (sum(len(checkins) for _y, _r, _g, checkins in self.years), "check-in"),
            (len(self.updates), "update"),
        )
        return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)


def read_backup(document: dict, user_id: int) -> Backup:
    """Check every record of a parsed file and return its rows for `user_id`."""
    top = Fields(document, "The file", ("format", "version", "areas", "years"), ("exported_at",))
    if document["format"] != FORMAT:
        raise RestoreProblem("The file is JSON, but not a Year Journal backup.")
    if isinstance(document["version"], bool) or document["version"] != VERSION:
        raise RestoreProblem(
            f"This backup is of version {json.dumps(document['version'])[:20]}; this Year "
            f"Journal reads version {VERSION}. Restore it with the version that wrote it."
        )
    areas: dict[str, Area] = {}
    for index, record in enumerate(top.items("areas"), start=1):
        fields = Fields(record, f"Area {index}", ("key", "name", "color", "position"),
                        ("archived", "private"))
        key = fields.text("key", 20, required=True)
        name = area_name(fields.text("name", 60, required=True))
        if key in areas:
            raise fields.problem("key", f"“{key}” is used by two areas.")
        if any(name_key(area.name) == name_key(name) for area in areas.values()):
            raise fields.problem("name", f"“{name}” is the name of two areas.")
        areas[key] = Area(user_id=user_id, name=name, color=fields.choice("color", PALETTE),
                          position=fields.whole("position", 0, 10_000),
                          archived=fields.flag("archived"), private=fields.flag("private"))
    backup = Backup(list(areas.values()), [])
    goals: dict[str, Goal] = {}
    seen_years: set[int] = set()
    for record in top.items("years"):
        number = record.get("year") if isinstance(record, dict) else None
        where = f"Year {number}" if isinstance(number, int) else "A year"
        fields = Fields(record, where, ("year",), ("reflections", "goals", "checkins",
                                                  "progress_updates"))
        number = fields.whole("year", FIRST_YEAR, LAST_YEAR)
        if number in seen_years:
            raise RestoreProblem("appears twice in the file.", where)
        if seen_years and number < max(seen_years):
            raise RestoreProblem("comes after a later year; years are listed oldest first.",
                                 where)
        seen_years.add(number)
        year = Year(user_id=user_id, number=number)
        reflections = _read_reflections(fields, user_id)
        checkins: dict[str, CheckIn] = {}
        for index, item in enumerate(fields.items("checkins", optional=True), start=1):
            checkin_key, checkin = _read_checkin(item, f"{where} › check-in {index}", number,
                                                 user_id)
            if checkin_key in checkins or checkin_key in goals:
                raise RestoreProblem(f"the key “{checkin_key}” is used twice.",
                                     f"{where} › check-in {index}")
            checkins[checkin_key] = checkin
        year_goals: dict[str, Goal] = {}
        earlier_goals = dict(goals)  # a goal is carried over from an earlier year only
        for index, item in enumerate(fields.items("goals", optional=True), start=1):
            goal_key, goal = _read_goal(item, f"{where} › goal {index}", number, user_id,
                                        areas, earlier_goals, checkins)
            if goal_key in goals or goal_key in checkins:
                raise RestoreProblem(f"the key “{goal_key}” is used twice.",
                                     f"{where} › goal {index}")
            goals[goal_key] = year_goals[goal_key] = goal
        for index, item in enumerate(fields.items("progress_updates", optional=True), start=1):
            backup.updates.append(_read_update(item, f"{where} › update {index}", number,
                                               user_id, year_goals, checkins))
        backup.years.append((year, reflections, list(year_goals.values()),
                             list(checkins.values())))
    return backup


def _read_reflections(year_fields: Fields, user_id: int) -> dict[str, Reflection]:
    reflections = year_fields.record.get("reflections") or {}
    if not isinstance(reflections, dict):
        raise year_fields.problem("reflections", "should be an object.")
    found = {}
    for kind, record in reflections.items():
        where = f"{year_fields.where} › reflection “{kind[:20]}”"
        if kind not in ("new_year", "year_end"):
            raise RestoreProblem("is not a kind of reflection (new_year or year_end).", where)
        fields = Fields(record, where, (), tuple(s.name for s in SECTIONS))
        found[kind] = Reflection(
            user_id=user_id, kind=kind,
            **{s.name: fields.text(s.name, s.max_length) for s in SECTIONS},
        )
    return found


GOAL_FIELDS = ("key", "area", "title", "kind", "start_date", "end_date", "plan_revisions")
GOAL_OPTIONAL = ("carried_from", "why", "topics", "unit", "baseline", "cadence", "allowed_skips",
                 "direction", "status", "status_reason", "status_changed_on", "attempts",
                 "private")


def _read_goal(record, where, number, user_id, areas, earlier_goals, checkins):
    fields = Fields(record, where, GOAL_FIELDS, GOAL_OPTIONAL)
    key = fields.text("key", 20, required=True)
    title = fields.text("title", 200, required=True).strip()
    where = fields.where = f"{where} (“{title[:40]}”)"
    topics = fields.items("topics", optional=True)
    if len(topics) > MAX_TOPICS or not all(
        isinstance(t, str) and 0 < len(t) <= MAX_TOPIC_LENGTH and not CONTROL_CHARACTERS.search(t)
        for t in topics
    ):
        raise fields.problem("topics", f"should be at most {MAX_TOPICS} topics of at most "
                                       f"{MAX_TOPIC_LENGTH} characters.")
    goal = Goal(
        user_id=user_id, area=fields.key("area", areas, "an area"),
        carried_from=fields.key("carried_from", earlier_goals, "a goal of an earlier year",
                                optional=True),
        title=title, why=fields.text("why"), topics=list(topics),
        kind=fields.choice("kind", KINDS), unit=fields.text("unit", 40),
        baseline=fields.number("baseline", optional=True) or 0.0,
        cadence=fields.choice("cadence", CADENCES, optional=True),
        allowed_skips=fields.whole("allowed_skips", 0, 1000, optional=True) or 0,
        direction=fields.choice("direction", DIRECTIONS, optional=True),
        start_date=fields.day("start_date", within=number),
        end_date=fields.day("end_date", within=number),
        status=fields.choice("status", GOAL_STATUSES, optional=True) or "active",
        status_reason=fields.text("status_reason"),
        status_changed_on=fields.day("status_changed_on", optional=True),
        private=fields.flag("private"),
    )
    revisions = fields.items("plan_revisions")
    if not revisions:
        raise fields.problem("plan_revisions", "is empty; every goal has a plan.")
    for version, item in enumerate(revisions, start=1):
        goal.plan_revisions.append(_read_revision(item, f"{where} › plan {version}", version,
                                                  goal, user_id,
                                                  in_force=version == len(revisions)))
    for index, item in enumerate(fields.items("attempts", optional=True), start=1):
        attempt = Fields(item, f"{where} › attempt {index}", ("attempted_on", "outcome"),
                         ("note", "checkin"))
        row = Attempt(user_id=user_id, attempted_on=attempt.day("attempted_on"),
                      outcome=attempt.choice("outcome", OUTCOMES), note=attempt.text("note"))
        checkin = attempt.key("checkin", checkins, "a check-in of this year", optional=True)
        if checkin is not None:
            checkin.attempts.append(row)
        goal.attempts.append(row)
    return key, goal


def _read_revision(record, where, version, goal, user_id, in_force: bool) -> PlanRevision:
    """Read one version of a goal's plan. The plan in force has to fit the goal's dates
    and starting value. An earlier plan only has to fit the goal's year from zero: it is
    what was planned then, and a goal edited since checks only the plan in force."""
    fields = Fields(record, where, ("version", "revised_on", "target"),
                    ("reason", "due_date", "checkpoints"))
    if fields.whole("version", 1, 1000) != version:
        raise fields.problem("version", f"should be {version}: plans are numbered in order.")
    checkpoints, stored = [], []
    for index, point in enumerate(fields.items("checkpoints", optional=True), start=1):
        if not (isinstance(point, list) and len(point) == 2):
            raise fields.problem(f"checkpoint {index}", "should be [date, planned value].")
        pair = Fields({"on": point[0], "value": point[1]}, where, ("on", "value"))
        checkpoints.append(Checkpoint(pair.day("on"), pair.number("value")))
        stored.append([point[0], point[1]])  # as written: 6 stays 6, 6.5 stays 6.5
    revision = PlanRevision(
        user_id=user_id, version=version, revised_on=fields.day("revised_on"),
        reason=fields.text("reason"), target=fields.number("target"),
        due_date=fields.day("due_date", optional=True),
        checkpoints=stored,
    )
    start, end, baseline = ((goal.start_date, goal.end_date, goal.baseline) if in_force
                            else (goal.year_start, goal.year_end, 0.0))
    plan = Plan(kind=goal.kind, start=start, end=end,
                target=revision.target, baseline=baseline, checkpoints=tuple(checkpoints),
                cadence=goal.cadence, due=revision.due_date, direction=goal.direction,
                allowed_skips=goal.allowed_skips)
    problems = validate_plan(plan)
    if problems:
        name, message = next(iter(problems.by_field.items()))
        raise RestoreProblem(f"{name.replace('_', ' ')}: {message}", where)
    return revision


def _read_checkin(record, where, number, user_id) -> tuple[str, CheckIn]:
    fields = Fields(record, where, ("key", "on", "kind"),
                    ("mood", "went_well", "went_badly", "next_change"))
    return fields.text("key", 20, required=True), CheckIn(
        user_id=user_id, on=fields.day("on", within=number),
        kind=fields.choice("kind", CHECKIN_KINDS), mood=fields.whole("mood", 1, 5, optional=True),
        went_well=fields.text("went_well"), went_badly=fields.text("went_badly"),
        next_change=fields.text("next_change"),
    )


UPDATE_OPTIONAL = ("checkin", "value", "skipped", "enjoyment", "confidence", "blocker", "note",
                   "title", "link", "topic")


def _read_update(record, where, number, user_id, goals, checkins):
    fields = Fields(record, where, ("goal", "on"), UPDATE_OPTIONAL)
    link = fields.text("link", 500)
    if link and not link.lower().startswith(("https://", "http://")):
        raise fields.problem("link", "should start with https:// or http://.")
    checkin = fields.key("checkin", checkins, "a check-in of this year", optional=True)
    return ProgressUpdate(
        user_id=user_id, goal=fields.key("goal", goals, "a goal of this year"),
        on=fields.day("on", within=number), value=fields.number("value", optional=True),
        skipped=fields.flag("skipped"),
        enjoyment=fields.whole("enjoyment", 1, 5, optional=True),
        confidence=fields.whole("confidence", 1, 5, optional=True),
        blocker=fields.text("blocker", 500), note=fields.text("note"),
        title=fields.text("title", 200), link=link, topic=fields.text("topic", 40),
    ), checkin


# --- writing it ---------------------------------------------------------------------------


def restore(backup: Backup, user_id: int, merge: bool = False) -> str:
    """Add a checked backup's rows to the account in the session's transaction; the caller
    commits. Raise RestoreProblem, having added nothing, when a year clashes."""
    existing = {y.number: y for y in db.session.execute(
        select(Year).where(Year.user_id == user_id)).scalars()}
    clashes = [year.number for year, *_ in backup.years if year.number in existing]
    if clashes and not merge:
        listed = ", ".join(str(number) for number in clashes)
        which = "that year" if len(clashes) == 1 else "those years"
        raise RestoreProblem(
            f"Your journal already has {listed}. Choose “merge” to add the file's goals and "
            f"check-ins to {which}.",
            status=409,
        )
    if clashes:
        _refuse_repeats(backup, existing, user_id)
    areas = _match_areas(backup, user_id, replace=not existing)
    for year, reflections, goals, checkins in backup.years:
        target = existing.get(year.number, year)
        _merge_reflections(target, reflections)
        db.session.add(target)
        for goal in goals:
            goal.area = areas[id(goal.area)]
            goal.year = target
        for checkin in checkins:
            checkin.year = target
        db.session.add_all(goals + checkins)
        # Year by year: a carried goal then points to one already written, so the goals
        # are written in the file's order (and a restored journal exports alike).
        db.session.flush()
    for update, checkin in backup.updates:
        update.checkin_id = checkin.id if checkin is not None else None
        db.session.add(update)
    db.session.flush()
    return backup.summary


def _refuse_repeats(backup: Backup, existing: dict[int, Year], user_id: int) -> None:
    """Refuse a merge that would add a goal, or a check-in, the year has already: the
    same goal title, or a check-in alike in date, kind, mood and answers (a year may have
    check-ins and no goals)."""
    ids = [existing[year.number].id for year, *_ in backup.years if year.number in existing]
    have = set(db.session.execute(
        select(Goal.year_id, Goal.title).where(Goal.user_id == user_id, Goal.year_id.in_(ids))
    ).all())
    have_checkins = set(db.session.execute(
        select(CheckIn.year_id, *_CHECKIN_ALIKE)
        .where(CheckIn.user_id == user_id, CheckIn.year_id.in_(ids))
    ).all())
    for year, _reflections, goals, checkins in backup.years:
        if year.number not in existing:
            continue
        year_id = existing[year.number].id
        for goal in goals:
            if (year_id, goal.title) in have:
                raise RestoreProblem(
                    f"{year.number} already has a goal called “{goal.title}”: was this file "
                    "restored before? Rename one of the two to merge.",
                    status=409,
                )
        for checkin in checkins:
            alike = tuple(getattr(checkin, column.key) for column in _CHECKIN_ALIKE)
            if (year_id, *alike) in have_checkins:
                raise RestoreProblem(
                    f"{year.number} already has this check-in of {checkin.on:%-d %B}: was "
                    "this file restored before?",
                    status=409,
                )


_CHECKIN_ALIKE = (CheckIn.on, CheckIn.kind, CheckIn.mood, CheckIn.went_well,
                  CheckIn.went_badly, CheckIn.next_change)


def _match_areas(backup: Backup, user_id: int, replace: bool) -> dict[int, Area]:
    """Return, for each area of the file, the account's area it becomes."""
    if replace:
        # No years means no goals: the starting areas give way to the file's own.
        db.session.execute(delete(Area).where(Area.user_id == user_id))
        versions.bump(db.session, user_id)
        mine = {}
    else:
        mine = {name_key(a.name): a for a in db.session.execute(
            select(Area).where(Area.user_id == user_id)).scalars()}
    last = max((a.position for a in mine.values()), default=-1)
    matched = {}
    for area in sorted(backup.areas, key=lambda a: a.position):
        if name_key(area.name) in mine:
            matched[id(area)] = mine[name_key(area.name)]
            continue
        if not replace:
            last += 1
            area.position = last
        db.session.add(area)
        matched[id(area)] = area
    return matched


def _merge_reflections(year: Year, reflections: dict[str, Reflection]) -> None:
    have = {r.kind: r for r in year.reflections} if year.id is not None else {}
    for kind, reflection in reflections.items():
        if kind not in have:
            reflection.year = year
            continue
        for section in SECTIONS:
            if not getattr(have[kind], section.name):
                setattr(have[kind], section.name, getattr(reflection, section.name))


def restore_file(raw: bytes, user_id: int, merge: bool = False) -> str:
    """Read, check and add a backup file to the account, and say what it held; the
    caller commits, or rolls back on RestoreProblem."""
    return restore(read_backup(parse_json(raw), user_id), user_id, merge=merge)
