"""Goal definitions: focus topics."""

from __future__ import annotations

MAX_TOPICS = 12
MAX_TOPIC_LENGTH = 40


def parse_topics(text: str) -> tuple[list[str], str | None]:
    """Split comma-separated focus topics; return (topics, error message or None).

    Surrounding spaces are trimmed, empty items skipped, and a topic repeated in another
    case is kept once, in the spelling first typed.
    """
    topics: list[str] = []
    seen: set[str] = set()
    for raw in (text or "").split(","):
        topic = " ".join(raw.split())
        if not topic:
            continue
        if len(topic) > MAX_TOPIC_LENGTH:
            return [], f"Keep each topic under {MAX_TOPIC_LENGTH} characters."
        if topic.casefold() not in seen:
            seen.add(topic.casefold())
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        return [], f"Choose at most {MAX_TOPICS} topics."
    return topics, None
