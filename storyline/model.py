"""The typed data model every stage speaks.

One module on purpose: ingest, extract, analyze, link, write, store and serve all
exchange these objects, so a field added here is visible everywhere and nothing
has to guess at dict keys.  Every span is a pair of character offsets into the
*clean text* of one article (``Article.text``); that is what makes every output
traceable to its sources.

All classes are plain dataclasses with ``to_dict`` / ``from_dict`` so batches can
cross process boundaries (Ray Data, multiprocessing) and be stored as JSON.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def content_id(data: bytes | str, prefix: str = "") -> str:
    """Stable id from content: the same bytes always get the same id.

    Re-ingesting a file is a no-op because its id is already stored.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return prefix + hashlib.sha256(data).hexdigest()[:16]


class _Serializable:
    """to_dict / from_dict for (nested) dataclasses, without a framework."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs = {}
        hints = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for key, value in data.items():
            if key not in hints:
                continue  # tolerate fields written by a newer version
            kwargs[key] = _revive(cls, key, value)
        return cls(**kwargs)


# nested types to rebuild on from_dict: (class name, field) -> class
_NESTED: dict[tuple[str, str], type] = {}


def _revive(cls: type, key: str, value: Any) -> Any:
    target = _NESTED.get((cls.__name__, key))
    if target is None or value is None:
        return value
    if isinstance(value, list):
        return [target.from_dict(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, dict):
        return target.from_dict(value)
    return value


@dataclass
class Span(_Serializable):
    """A stretch of an article's clean text: ``text[start:end]``."""

    start: int
    end: int
    text: str = ""


@dataclass
class Citation(_Serializable):
    """Where an output's claim comes from: a span of one article's clean text."""

    article_id: str
    start: int
    end: int


@dataclass
class RawDocument(_Serializable):
    """One input as ingested, before any cleaning.

    ``kind`` is ``html`` or ``text``; metadata given by the input itself (a JSON
    record's ``title``/``date``/``outlet``/``url``) rides along and wins over
    anything guessed later.
    """

    id: str
    source: str
    kind: str
    content: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    outlet: str | None = None


@dataclass
class Sentence(_Serializable):
    start: int
    end: int


@dataclass
class EntityMention(_Serializable):
    """A named mention; ``entity_id`` ties it to a canonical :class:`Entity`."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None


@dataclass
class TimeMention(_Serializable):
    """A time expression in TimeML TIMEX3 terms, resolved against an anchor date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # e.g. 2019-06-28, 2018-07, P1Y, PRESENT_REF


@dataclass
class Quote(_Serializable):
    """Who said what, with the three spans of an attribution.

    ``start``/``end`` cover the content; ``cue`` (said, told, according to) and
    ``source`` (the speaker as written) are spans when present.  ``speaker`` is the
    canonical name when resolved, else the source text; ``entity_id`` is set
    only when resolved.
    """

    id: str
    start: int
    end: int
    text: str
    kind: str = "direct"  # direct | indirect
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    entity_id: str | None = None
    group_id: str | None = None


@dataclass
class Article(_Serializable):
    """One cleaned, analysed news article.

    ``text`` is the clean body; every span of every later stage points into it.
    ``published`` is an ISO date; ``published_inferred`` says it was inferred
    (from the text or from its event) rather than printed with the article.
    ``offsets`` maps clean text back to the raw input: a list of
    ``[clean_start, raw_start, length]`` blocks (empty when not traceable, as for
    HTML run through trafilatura).
    """

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    published_inferred: bool = False
    published_confidence: float | None = None
    modified: str | None = None
    language: str | None = None
    kind: str = "text"
    offsets: list[list[int]] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    time_mentions: list[TimeMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    duplicate_of: str | None = None
    analyzed: bool = False

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]


@dataclass
class Entity(_Serializable):
    """A canonical person, organisation or place across all articles."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass
class Event(_Serializable):
    """One real-world happening, reported by one or more articles.

    ``date`` is when it happened (not when it was reported); ``date_source``
    cites the span that said so.  ``date_estimated`` is true when no text gave
    the day and ``date`` is an estimate from when it was reported
    (``date_confidence`` is then the estimate's probability).
    """

    id: str
    title: str
    article_ids: list[str]
    date: str | None = None
    date_source: Citation | None = None
    story_id: str | None = None
    date_estimated: bool = False
    date_confidence: float | None = None


@dataclass
class Story(_Serializable):
    """Events that continue one narrative; may span years."""

    id: str
    title: str
    event_ids: list[str]


@dataclass
class InputError(_Serializable):
    """A bad input: reported in one line, the run goes on with the rest."""

    source: str
    reason: str

    def line(self) -> str:
        return f"error: {self.source}: {self.reason}"


_NESTED.update(
    {
        ("Article", "sentences"): Sentence,
        ("Article", "entities"): EntityMention,
        ("Article", "time_mentions"): TimeMention,
        ("Article", "quotes"): Quote,
        ("Article", "removed"): Span,
        ("Quote", "cue"): Span,
        ("Quote", "source"): Span,
        ("Event", "date_source"): Citation,
    }
)
