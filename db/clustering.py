"""The clusterer's view of the database: stored events as running tallies, found by key.

Each event's tallies (``Event.to_state``) are one row of ``event_state``; ``event_keys``
says under which keys (a company in a week, a case number, a fine) each event is filed, so
a new article loads only the events it may report, however large the store.
"""

from __future__ import annotations

import array
import json
from collections.abc import Iterable, Iterator

import sqlite_utils

from gatewatch.nlp.cluster import Article, Event, publication_order

ARTICLE_COLUMNS = ("articles.id, articles.title, articles.text, articles.published, articles.companies,"
                   " articles.jurisdictions, articles.event_types, articles.event_date")


def chunks(values: list, size: int = 500) -> Iterator[list]:
    """SQLite caps the parameters of one statement: queries take ids a chunk at a time."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def marks(values: list) -> str:
    return ",".join("?" * len(values))


def fines_of(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, list[dict]]:
    fines: dict[int, list[dict]] = {}
    for chunk in chunks(article_ids):
        for row in db.query(f"select article_id, amount, currency, text from fines where article_id in ({marks(chunk)})", chunk):
            fines.setdefault(row["article_id"], []).append(row)
    return fines


def as_article(row: dict, fines: list[dict]) -> Article:
    """An article row (``ARTICLE_COLUMNS``) as the clusterer reads it."""
    tags = {"id": row["id"], "groups": json.loads(row["companies"] or "[]"),
            "jurisdictions": json.loads(row["jurisdictions"] or "[]"),
            "event_types": json.loads(row["event_types"] or "[]"), "event_date": row["event_date"], "fines": fines}
    return Article.from_tags(tags, f"{row['title'] or ''}\n\n{row['text'] or ''}", row["published"])


def _pack(sketches: list[tuple[int, ...]]) -> bytes:
    """Sketches as one blob: each one's length, then its hashes (unsigned 32-bit)."""
    return array.array("I", [n for sketch in sketches for n in (len(sketch), *sketch)]).tobytes()


def _unpack(blob: bytes) -> list[tuple[int, ...]]:
    values, sketches, at = array.array("I", blob), [], 0
    while at < len(values):
        sketches.append(tuple(values[at + 1:at + 1 + values[at]]))
        at += 1 + values[at]
    return sketches


def save_events(db: sqlite_utils.Database, events: Iterable[Event]) -> None:
    """Store the events' tallies and file them under the keys of the articles they gained."""
    for event in events:
        db["event_state"].insert({"event_id": event.id, "state": json.dumps(event.to_state(), ensure_ascii=False),
                                  "sketches": _pack(event.sketches)}, pk="event_id", replace=True)
        db["event_keys"].insert_all(({"key": key, "event_id": event.id} for key in sorted(event.keys)), ignore=True)


def load_events(db: sqlite_utils.Database, event_ids: Iterable[str]) -> list[Event]:
    """Stored events as the clusterer sees them (one row each, whatever their size)."""
    events = []
    for chunk in chunks(sorted(set(event_ids))):
        events += [Event.from_state(row["event_id"], json.loads(row["state"]), _unpack(row["sketches"])) for row in db.query(
            f"select event_id, state, sketches from event_state where event_id in ({marks(chunk)}) order by event_id", chunk)]
    return events


def retally(db: sqlite_utils.Database, event_ids: Iterable[str]) -> list[Event]:
    """Recount events from their articles (after coverage was withdrawn from them, or for
    events stored before tallies were), store them, and return those that still have articles."""
    events: dict[str, Event] = {}
    for chunk in chunks(sorted(set(event_ids))):
        db["event_keys"].delete_where(f"event_id in ({marks(chunk)})", chunk)
        db["event_state"].delete_where(f"event_id in ({marks(chunk)})", chunk)
        rows = list(db.query(
            f"select event_articles.event_id, {ARTICLE_COLUMNS} from event_articles"
            f" join articles on articles.id = event_articles.article_id where event_id in ({marks(chunk)})", chunk))
        fines = fines_of(db, [r["id"] for r in rows])
        for row in sorted(rows, key=publication_order):
            events.setdefault(row["event_id"], Event(id=row["event_id"])).add(as_article(row, fines.get(row["id"], [])))
    save_events(db, events.values())
    return [events[i] for i in sorted(events)]


def loader(db: sqlite_utils.Database):
    """The clusterer's loader: (key, event) for the stored events filed under the keys."""
    def load(keys: list[str], known: dict[str, Event]) -> list[tuple[str, Event]]:
        filed = [(r["key"], r["event_id"]) for r in db.query(
            f"select key, event_id from event_keys where key in ({marks(keys)}) order by key, event_id", keys)]
        loaded = {e.id: e for e in load_events(db, {e for _, e in filed if e not in known})}
        return [(key, known.get(event_id) or loaded[event_id]) for key, event_id in filed]
    return load


def members(db: sqlite_utils.Database, event_ids: list[str]) -> dict[str, list[int]]:
    """Each event's article ids, in publication order."""
    found: dict[str, list[int]] = {}
    for chunk in chunks(sorted(event_ids)):
        for row in db.query(
            "select event_articles.event_id, articles.id, articles.published from event_articles join articles"
            f" on articles.id = event_articles.article_id where event_id in ({marks(chunk)})", chunk,
        ):
            found.setdefault(row["event_id"], []).append(row)
    return {e: [r["id"] for r in sorted(rows, key=publication_order)] for e, rows in found.items()}
