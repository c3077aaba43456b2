"""A minimal iCalendar (RFC 5545) writer for all-day check-in events."""

from __future__ import annotations

from datetime import date, datetime, timedelta

LABELS = {
    "mid_year": "Year Journal: mid-year check-in",
    "monthly": "Year Journal: monthly check-in",
    "year_end": "Year Journal: year-end check-in",
}


def calendar(events: list[tuple[date, str]], stamp: datetime) -> str:
    """Return an iCalendar document with one all-day event per (date, kind).

    Only dates and the kind of check-in: never any journal text.
    """
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Year Journal//Check-ins//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Year Journal check-ins",
    ]
    for day, kind in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{kind}-{day:%Y%m%d}@year-journal",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{LABELS[kind]}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"  # iCalendar lines end with CRLF
