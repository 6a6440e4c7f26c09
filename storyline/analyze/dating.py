"""Publication dates for articles that print none, inferred from their own text.

The method is a small constraint search.  Every clue becomes a weighted
predicate on the unknown publication date ``A``:

* a date in the article's own URL (``/2019/06/28/``) or dateline -> that day;
* a copyright year ("© AFP 2019") -> ``A`` is in that year;
* explicit past dates and years -> ``A`` is not before them; years in future
  tense ("set to expire in 2021") -> ``A`` is before them;
* a bare weekday in past narration ("on Friday") -> ``A`` is that weekday or a
  couple of days after one;
* a relative expression tied to a happening whose date is *known* from other
  articles ("last December's G20 in Buenos Aires", with the Buenos Aires G20
  dated by another article) -> re-resolving the expression under ``A`` must
  give the known date; a sentence that mentions a known happening without a
  date -> ``A`` is not before it (and close after it when it is the lead).

* the printed articles of the same story that read most alike (tf-idf
  cosine, :class:`NeighbourIndex`) -> ``A`` is within a day before to two days
  after each of theirs, weighted by the similarity.

Known happenings from several articles are merged by :func:`merge_happenings`,
which drops keys taught with different months (recurring boilerplate).

Candidate days span the evidence; the best day maximises the satisfied weight,
ties going to the earliest day (news is written soon after what it reports).
``known`` maps a happening key (sorted salient words of the sentence that dated
it, see :func:`learn_happenings`) to a TIMEX3 value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable

from storyline.analyze import timex_calendar as cal
from storyline.analyze.timex import Discourse, TaggedTime, resolve, tag_readings, tag_times
from storyline.model import Article

__all__ = [
    "infer_published", "learn_happenings", "merge_happenings", "NeighbourIndex", "neighbour_constraints",
    "salient_words", "Constraint", "infer_with", "url_constraints", "text_constraints",
]

_STOP = {
    w.strip()
    for w in resources.files("storyline.analyze").joinpath("timex_data/stopwords.txt").read_text("utf-8").splitlines()
    if w.strip() and not w.startswith("#")
}
_TIME_WORDS = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|week|weeks|month|months|day|days|"
    r"spring|summer|autumn|fall|winter|morning|night|evening|afternoon|\d+)$"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]+")
_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def salient_words(text: str) -> set[str]:
    """Content words of a sentence (lower case, no stopwords or time words)."""
    out = set()
    for w in _WORD.findall(text):
        w = w.lower().strip("'’-").removesuffix("'s").removesuffix("’s")
        if len(w) < 3 or w in _STOP or _TIME_WORDS.match(w):
            continue
        out.add(w)
    return out


def recurring_names(text: str) -> set[str]:
    """Capitalised words seen in two or more sentences: the story's cast, shared by all its happenings."""
    seen: dict[str, int] = {}
    for s, e in _sentences(text):
        for m in re.finditer(r"(?<=[\w,;:'\"”’)] )([A-Z][A-Za-z0-9'’-]+)", text[s:e]):
            w = m.group(1).lower().removesuffix("'s").removesuffix("’s")
            seen[w] = seen.get(w, 0) + 1
    return {w for w, n in seen.items() if n >= 2}


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group(0).strip()]


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return pos, pos


_CLAUSE_CHARS = 80


def _clause(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The words around a mention that name what it dates (same sentence, ±80 characters)."""
    s, e = _sentence_of(spans, start)
    return text[max(s, start - _CLAUSE_CHARS) : min(e if e > s else end, end + _CLAUSE_CHARS)]


def learn_happenings(article: Article, doc=None) -> dict[str, str]:
    """Dated happenings one dated article teaches: sentence key -> TIMEX3 value.

    Each calendar-valued DATE mention (day, month or year+month) keys its
    sentence's salient words; the lead (title + first sentence) keys the
    publication date.
    """
    if not article.published:
        return {}
    anchor = dt.date.fromisoformat(article.published[:10])
    text = article.text
    mentions = article.time_mentions if article.time_mentions and not article.published_inferred else tag_times(text, anchor, doc)
    spans = _sentences(text)
    cast = recurring_names(text)
    known: dict[str, str] = {}
    for m in mentions:
        if m.type != "DATE" or not re.match(r"\d{4}-\d\d", m.value):
            continue
        words = salient_words(_clause(text, spans, m.start, m.end)) - cast
        if len(words) >= 2:
            known[" ".join(sorted(words))] = m.value[:10]
    lead = " ".join([article.title or ""] + [text[s:e] for s, e in spans[:2]])
    words = salient_words(lead) - cast
    if len(words) >= 2:
        known.setdefault(" ".join(sorted(words)), cal.fmt_day(anchor))
    return known


@dataclass
class Constraint:
    """A weighted predicate on the publication date; ``why`` names the clue."""

    test: Callable[[dt.date], bool]
    weight: float
    why: str
    lo: dt.date | None = None  # the days this clue points at, to bound the search
    hi: dt.date | None = None
    fine: bool = False  # the clue names a day or month (not just a year)


def _common_words(known: dict[str, str]) -> set[str]:
    """Words in more than a quarter of the known keys (the story's recurring names) tell happenings apart poorly."""
    if len(known) < 4:
        return set()
    counts: dict[str, int] = {}
    for key in known:
        for w in set(key.split()):
            counts[w] = counts.get(w, 0) + 1
    return {w for w, c in counts.items() if c > len(known) / 4}


_INDEX: dict[int, tuple[dict, int, set[str], dict[str, list[str]], dict[str, float]]] = {}


def _index(known: dict[str, str]) -> tuple[set[str], dict[str, list[str]], dict[str, float]]:
    """Common words, a word -> keys index and word weights (idf over the keys),
    cached per ``known`` mapping.  The cache holds the mapping itself, so its id
    cannot be reused by another dict."""
    cached = _INDEX.get(id(known))
    if cached and cached[0] is known and cached[1] == len(known):
        return cached[2], cached[3], cached[4]
    skip = _common_words(known)
    inverted: dict[str, list[str]] = {}
    for key in known:
        for w in set(key.split()) - skip:
            inverted.setdefault(w, []).append(key)
    n = len(known)
    idf = {w: math.log((n + 1) / (len(keys) + 0.5)) for w, keys in inverted.items()}
    if len(_INDEX) > 8:
        _INDEX.clear()
    _INDEX[id(known)] = (known, len(known), skip, inverted, idf)
    return skip, inverted, idf


def _match_known(words: set[str], known: dict[str, str]) -> list[tuple[float, str]]:
    """Known happenings this sentence names: at least two shared distinctive words
    carrying half of the happening key's weight (rare words weigh more).  When
    two different dates match about equally well the sentence is ambiguous and
    matches nothing."""
    hits = []
    skip, inverted, idf = _index(known)
    words = words - skip
    candidates = {key for w in words for key in inverted.get(w, ())}
    for key in candidates:
        kw = set(key.split()) - skip
        common = words & kw
        if len(common) < 2:
            continue
        share = sum(idf.get(w, 0.0) for w in common) / max(sum(idf.get(w, 0.0) for w in kw), 1e-9)
        if share >= 0.5:
            hits.append((len(common) / math.sqrt(len(kw) * max(len(words), 1)), known[key]))
    hits.sort(reverse=True)
    if len(hits) > 1 and hits[1][1][:7] != hits[0][1][:7] and hits[1][0] >= 0.9 * hits[0][0]:
        return []
    return hits


def _compatible(value: str, target: str, slack_days: int = 2) -> bool:
    """The two calendar values overlap, give or take a couple of days ("last December"
    fits a summit dated 2018-11 that ran from 30 November to 1 December)."""
    a, b = cal.value_interval(value), cal.value_interval(target)
    if not a or not b:
        return False
    return a[0] - dt.timedelta(days=slack_days) <= b[1] and b[0] - dt.timedelta(days=slack_days) <= a[1]


_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:[^\d\n]{0,20}?)\b((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR_PREP = re.compile(r"\b(in|since|during|until|by)\s+$", re.IGNORECASE)
_RELATIVE_KINDS = {"month", "weekday", "rel_unit", "season", "date", "holiday", "weekend"}


def text_constraints(text: str, tagged: list[TaggedTime], known: dict[str, str]) -> list[Constraint]:
    """Every clue in one text, as weighted predicates on its publication date."""
    out: list[Constraint] = []
    spans = _sentences(text)
    cast = recurring_names(text)
    dateline_seen = False
    for m in _COPYRIGHT.finditer(text):
        year = int(m.group(1))
        out.append(Constraint(lambda a, y=year: a.year == y, 3.0, f"copyright {year}", dt.date(year, 1, 1), dt.date(year, 12, 31)))
    for t in tagged:
        r = t.reading
        if r.type != "DATE":
            continue
        if r.kind == "abs" and re.fullmatch(r"\d{4}", r.params["value"]):
            # only "in 2016"-style references; "the 2020 race" names an event, it does not date the text
            if not _YEAR_PREP.search(text[max(0, t.start - 8) : t.start]) or re.match(r"\s+[a-z]", text[t.end : t.end + 3]):
                continue
            year = int(r.params["value"])
            if t.tense == "future":
                out.append(Constraint(lambda a, y=year: a.year < y, 0.5, f"future {year}", hi=dt.date(year, 12, 31)))
            else:
                out.append(Constraint(lambda a, y=year: a.year >= y, 0.5, f"past {year}", lo=dt.date(year, 1, 1)))
            continue
        if r.kind in ("abs", "date") and re.match(r"\d{4}-\d\d", str(r.params.get("value", ""))) or (r.kind == "date" and r.params.get("year")):
            value = r.params.get("value") or f"{r.params['year']:04d}-{r.params['month']:02d}-{r.params['day']:02d}"
            iv = cal.value_interval(value)
            if iv:
                if r.kind == "date" and not dateline_seen and _is_dateline(text, t):
                    dateline_seen = True
                    out.append(Constraint(lambda a, d=iv[0]: a == d, 8.0, f"dateline {value}", iv[0], iv[0], True))
                if t.tense != "future":
                    out.append(Constraint(lambda a, d=iv[0]: a >= d, 1.0, f"past {value}", lo=iv[0]))
            continue
        if r.kind == "weekday" and not r.params.get("rel") and t.tense != "future":
            wd = r.params["wd"]
            # reported on that weekday or within two days; the same day is likeliest
            out.append(Constraint(lambda a, w=wd: (a.isoweekday() - w) % 7 <= 2, 0.7, f"weekday {wd} +2"))
            out.append(Constraint(lambda a, w=wd: a.isoweekday() == w, 0.3, f"weekday {wd}"))
        if r.kind in _RELATIVE_KINDS and known and not _absolute(t):
            hits = _match_known(salient_words(_clause(text, spans, t.start, t.end)) - cast, known)
            if hits:
                score, value = hits[0]
                out.append(
                    Constraint(lambda a, tt=t, v=value: _compatible(resolve(tt, a, Discourse()), v), 2.0 + score, f"{t.text!r} = {value}",
                               *_year_window(value), fine=False)
                )
    if known:
        out.extend(_happening_constraints(text, tagged, spans, known, cast))
    return out


def _absolute(t: TaggedTime) -> bool:
    """The expression means the same under any anchor ("8 May 2010"): it cannot say when the text was written."""
    probe = dt.date(2001, 6, 15)
    return resolve(t, probe, Discourse()) == resolve(t, probe + dt.timedelta(days=800), Discourse())


def merge_happenings(taught: list[dict[str, str]]) -> dict[str, str]:
    """One ``known`` mapping from what several dated articles taught.

    A key taught with values in different months by different articles is a
    recurring sentence (site boilerplate such as "this article was amended
    on ...", a weekly feature), not one happening: it is dropped.  Otherwise
    the value most articles agree on wins, ties to the earliest.
    """
    values: dict[str, dict[str, int]] = {}
    for happenings in taught:
        for key, value in happenings.items():
            counts = values.setdefault(key, {})
            counts[value] = counts.get(value, 0) + 1
    merged = {}
    for key, counts in values.items():
        if len({v[:7] for v in counts}) > 1:
            continue
        merged[key] = min(counts, key=lambda v: (-counts[v], v))
    return merged


_GOVERNED = re.compile(
    r"\b(?:on|in|of|since|by|until|till|from|to|at|before|after|between|and|through|during|around|about|"
    r"born|died|dated)\W{0,3}$",
    re.IGNORECASE,
)
# ... unless the line is a byline or a stamp: "Posted on June 3, 2019", "By Jane Doe on 3 June 2019"
_BYLINE = re.compile(
    r"(?:\b(?:posted|published|updated|modified|released|filed|created|edited)\b[^\n]{0,20}|^\s*by\b[^\n]{0,60})$",
    re.IGNORECASE,
)


def _is_dateline(text: str, t: TaggedTime) -> bool:
    """A full date near the top standing on its own line ("26 September 2013, 10:00",
    "CORRAN, April 12, 2021 -"): the text's own date, not a date it talks about."""
    if t.start >= 300:
        return False
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before = text[line_start : t.start]
    if _GOVERNED.search(before) and not _BYLINE.search(before):
        # "born on April 22, 1923", "On Tuesday, Oct. 10, 1972, Washington
        # awoke": a date a clause governs is one the text talks about, even on
        # a short line of its own
        return False
    if len(line) <= 80 or t.start < 120 and t.tense != "future":
        return True  # a short line of its own, or a byline date at the very top
    # "PLACE, date - story": a dateline opens the line and a dash follows
    return len(before) <= 40 and bool(re.match(r"\s*[-–—:]", text[t.end : t.end + 3]))


def _year_window(value: str) -> tuple[dt.date | None, dt.date | None]:
    iv = cal.value_interval(value)
    if not iv:
        return None, None
    return iv[0], iv[1] + dt.timedelta(days=800)


def _happening_constraints(text, tagged, spans, known, cast) -> list[Constraint]:
    """Sentences naming a known happening without a date of their own.

    Only the lead and the three best-matching other sentences count: in a long
    story many sentences share words with many happenings.
    """
    dated = {_sentence_of(spans, t.start) for t in tagged if t.reading.type == "DATE" and t.reading.kind in _RELATIVE_KINDS}
    out = []
    mentions: list[Constraint] = []
    for index, (s, e) in enumerate(spans):
        if (s, e) in dated:
            continue
        hits = _match_known(salient_words(text[s:e]) - cast, known)
        if not hits:
            continue
        score, value = hits[0]
        iv = cal.value_interval(value)
        if not iv:
            continue
        if index < 2 and score >= 0.3:
            out.append(Constraint(lambda a, lo=iv[0], hi=iv[1]: lo <= a <= hi + dt.timedelta(days=3), 1.5 + score, f"lead ~ {value}", iv[0], iv[1] + dt.timedelta(days=3), (iv[1] - iv[0]).days <= 31))
        else:
            mentions.append(Constraint(lambda a, lo=iv[0]: a >= lo, 0.25 + 0.5 * score, f"mentions {value}", lo=iv[0], fine=(iv[1] - iv[0]).days <= 31))
    return out + sorted(mentions, key=lambda c: -c.weight)[:3]


def _candidate_days(constraints: list[Constraint]) -> list[dt.date]:
    """Days near what the clues point at: a year after each lower bound, a year before each upper one."""
    days: set[dt.date] = set()
    for c in constraints:
        if c.lo and c.hi and (c.hi - c.lo).days <= 800:
            first, last = c.lo, c.hi
        elif c.lo:
            first, last = c.lo, c.lo + dt.timedelta(days=400)
        elif c.hi:
            first, last = c.hi - dt.timedelta(days=400), c.hi
        else:
            continue
        day = first
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def infer_with(constraints: list[Constraint]) -> tuple[str, float] | None:
    """Best day for a set of constraints, and a confidence in [0, 1]."""
    days = _candidate_days(constraints)
    if not days:
        return None
    best: tuple[float, dt.date] | None = None
    ties = 0
    total = sum(c.weight for c in constraints)
    scores: list[tuple[dt.date, float]] = []
    for day in days:
        score = sum(c.weight for c in constraints if c.test(day))
        scores.append((day, score))
        if best is None or score > best[0] + 1e-9:
            best, ties = (score, day), 1
        elif abs(score - best[0]) <= 1e-9:
            ties += 1
    if best is None or best[0] <= 0:
        return None
    if not _pinned(constraints, best[1], ties):
        return None  # e.g. only "in 2016": any day after it fits equally
    # how clearly the best day beats the best day more than a day away from it
    rival = max((sc for day, sc in scores if abs((day - best[1]).days) > 1), default=0.0)
    margin = (best[0] - rival) / best[0]
    confidence = (best[0] / total) * (1.0 / (1.0 + math.log10(ties))) * (0.5 + 0.5 * margin)
    return cal.fmt_day(best[1]), round(min(0.95, confidence), 3)


def _pinned(constraints: list[Constraint], best: dt.date, ties: int) -> bool:
    """The best day is determined: few ties, or it sits right after a day/month clue."""
    if ties <= 31:
        return True
    return any(c.fine and c.lo and c.test(best) and 0 <= (best - c.lo).days <= 31 for c in constraints)


_URL_DATE = re.compile(r"https?://\S*?/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:[/-]|\b)")


def url_constraints(article: Article) -> list[Constraint]:
    """A date in the article's own address (its ``url``, or a URL in the first or last
    lines of the text, where scrapes put it): publication on that day or the next."""
    candidates = [article.url or ""]
    text = article.text
    candidates += [m.group(0) for m in re.finditer(r"https?://\S+", text[:300] + "\n" + text[-300:])]
    for url in candidates:
        m = _URL_DATE.search(url)
        if not m:
            continue
        d = cal.safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            return [Constraint(lambda a, d=d: d <= a <= d + dt.timedelta(days=1), 8.0, f"url {d}", d, d + dt.timedelta(days=1), True)]
    return []


_NEIGHBOUR_WEIGHT = 1.5
NEIGHBOURS = 3  # most similar printed articles consulted
NEIGHBOUR_FLOOR = 0.2  # tf-idf cosine below which two reports are not alike


def neighbour_constraints(neighbours: list[tuple[dt.date, float]]) -> list[Constraint]:
    """Printed articles of the same story that read most alike were published near it.

    Continuing coverage of one story moves on: the reports closest in wording
    to an article (the same new names, figures and turns) tend to come from the
    same days.  ``neighbours``: (printed date, similarity in [0, 1]) of the most
    similar printed articles; each says "within a day before to two days after".
    """
    out = []
    for day, similarity in neighbours:
        out.append(Constraint(lambda a, d=day: d - dt.timedelta(days=1) <= a <= d + dt.timedelta(days=2), _NEIGHBOUR_WEIGHT * similarity,
                              f"neighbour {day} ({similarity:.2f})", day - dt.timedelta(days=1), day + dt.timedelta(days=2), True))
    return out


class NeighbourIndex:
    """Tf-idf vectors of one story's articles, to find the ones that read most like a given one.

    Words in more than 30% of a large story's articles (its standing cast and
    setting) are dropped; what is left are the names, figures and turns of its
    individual days.
    """

    def __init__(self, texts: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.3 if len(texts) >= 20 else 1.0)
        try:
            self.matrix = vectorizer.fit_transform(texts)
        except ValueError:  # no words at all
            self.matrix = None

    def nearest(self, index: int, candidates: list[int], k: int = NEIGHBOURS, floor: float = NEIGHBOUR_FLOOR) -> list[tuple[int, float]]:
        """Up to ``k`` of ``candidates`` most similar to article ``index`` (cosine >= ``floor``)."""
        return self.nearest_all([index], candidates, k, floor)[index]

    def nearest_all(self, queries: list[int], candidates: list[int], k: int = NEIGHBOURS, floor: float = NEIGHBOUR_FLOOR,
                    chunk: int = 256) -> dict[int, list[tuple[int, float]]]:
        """:meth:`nearest` for many articles at once, one sparse product per chunk of queries."""
        out: dict[int, list[tuple[int, float]]] = {q: [] for q in queries}
        if self.matrix is None or not candidates:
            return out
        cand = self.matrix[candidates]
        for start in range(0, len(queries), chunk):
            block = queries[start : start + chunk]
            sims = (self.matrix[block] @ cand.T).toarray()
            for row, q in zip(sims, block):
                ranked = sorted(((s, c) for s, c in zip(row.tolist(), candidates) if c != q and s >= floor), reverse=True)[:k]
                out[q] = [(c, round(s, 3)) for s, c in ranked]
        return out


def infer_published(article: Article, doc=None, known: dict | None = None,
                    neighbours: list[tuple[dt.date, float]] | None = None) -> tuple[str, float] | None:
    """Publication date (ISO) and confidence from an article's own text, or None.

    ``known``: happening key -> TIMEX3 value, learned from dated articles with
    :func:`learn_happenings`; it lets relative phrases about those happenings
    pin the date ("last December's G20" when the G20 is known to be 2018-11/12).
    ``neighbours``: (printed date, similarity) of the story's articles that read
    most like this one (:class:`NeighbourIndex`).
    """
    tagged = tag_readings(article.text, doc)
    constraints = text_constraints(article.text, tagged, known or {}) + url_constraints(article)
    return infer_with(constraints + neighbour_constraints(neighbours or []))
