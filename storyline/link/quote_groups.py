"""The same utterance reported by several outlets: quote groups and their variants.

Outlets quote one sentence in different ways: whole ("Don't go there, please"),
trimmed ("don't go there") or paraphrased in indirect speech ("asked him not
to go there").  Quotes are compared on normalised words: exact (same words),
trimmed (one is a contiguous part of the other) and paraphrased (most content
words shared, by a speaker who is not known to differ).  Candidate pairs come
from an inverted index on content words, so the work stays near-linear over
thousands of articles; groups are the connected components.

Group ids derive from the earliest member quote (article date, article id,
offset), so re-running over the same articles gives the same ids.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

from storyline.model import Article, Quote, content_id

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those i you he she we they me him her us them my your his our their
    do does did not no so very just have has had will would can could should may might must
    there here what which who whom whose when where why how all any some such than then too
    s t don't didn't doesn't won't can't isn't aren't wasn't weren't i'm it's we're they're""".split()
)

MIN_SHARED_CONTENT = 3  # paraphrase: at least this many content words in common
MIN_PARAPHRASE_OVERLAP = 0.6  # ... and this share of the shorter quote's content words
MIN_PARAPHRASE_JACCARD = 0.4  # ... and of both together (a short quote inside a long one is not enough)
MIN_TRIMMED_WORDS = 3  # a trimmed variant must keep at least this many words
MAX_POSTING = 60  # content words in more quotes than this do not propose pairs (keeps it near-linear)
MIN_CANDIDATE_SHARED = 2  # content words two quotes must share to be compared at all


def words(text: str) -> list[str]:
    """Lowercase word tokens with unified apostrophes."""
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def _stem(word: str) -> str:
    """Crude plural/tense folding so 'elections'/'election' and 'meddled'/'meddle' meet."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def _contains(longer: list[str], shorter: list[str]) -> bool:
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


def variant_of(reference: str, text: str) -> str | None:
    """How ``text`` reports ``reference``: exact, trimmed, paraphrased, or None (unrelated)."""
    a, b = words(reference), words(text)
    if not a or not b:
        return None
    if a == b:
        return "exact"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_TRIMMED_WORDS and _contains(long_, short):
        return "trimmed"
    ca, cb = content_words(reference), content_words(text)
    shared = len(ca & cb)
    if (
        shared >= MIN_SHARED_CONTENT
        and shared / max(1, min(len(ca), len(cb))) >= MIN_PARAPHRASE_OVERLAP
        and shared / len(ca | cb) >= MIN_PARAPHRASE_JACCARD
    ):
        return "paraphrased"
    return None


def _nested(items: list[tuple[Article, Quote]], i: int, j: int) -> bool:
    """Two attributions of one article whose spans overlap are nested, not repeats."""
    (ai, qi), (aj, qj) = items[i], items[j]
    return ai.id == aj.id and qi.start < qj.end and qj.start < qi.end


def _speakers_compatible(a: Quote, b: Quote) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return True


def _order_key(article: Article, quote: Quote) -> tuple:
    return (article.published or "9999", article.id, quote.start)


def _all_quotes(articles: list[Article]) -> list[tuple[Article, Quote]]:
    pairs = [(a, q) for a in articles for q in a.quotes]
    pairs.sort(key=lambda aq: _order_key(*aq))
    return pairs


def _components(items: list[tuple[Article, Quote]]) -> list[list[int]]:
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    texts = [q.text for _, q in items]
    by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    index: dict[str, list[int]] = defaultdict(list)
    cwords = []
    for i, text in enumerate(texts):
        by_words[tuple(words(text))].append(i)
        cw = content_words(text)
        cwords.append(cw)
        for w in cw:
            index[w].append(i)
    for same in by_words.values():  # exact repeats, however short
        for i, j in zip(same, same[1:]):
            if _speakers_compatible(items[i][1], items[j][1]):
                union(i, j)
    shared: Counter[tuple[int, int]] = Counter()
    for posting in index.values():
        if len(posting) > MAX_POSTING:
            continue
        for i, j in combinations(posting, 2):
            shared[(i, j)] += 1
    for (i, j), n in sorted(shared.items()):
        if n < MIN_CANDIDATE_SHARED:
            continue
        qi, qj = items[i][1], items[j][1]
        if not _speakers_compatible(qi, qj) or _nested(items, i, j):
            continue
        kind = variant_of(qi.text, qj.text)
        if kind is None:
            continue
        if kind == "paraphrased" and not (qi.entity_id or qi.speaker) and not (qj.entity_id or qj.speaker):
            continue  # two unattributed look-alikes are not evidence of one utterance
        union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    return [sorted(members) for _, members in sorted(groups.items())]


def group_id_for(quote_id: str) -> str:
    return content_id(quote_id, "qg_")


def group_quotes(articles: list[Article]) -> None:
    """Set ``Quote.group_id`` on every quote: shared by reports of one utterance."""
    items = _all_quotes(articles)
    for members in _components(items):
        earliest = items[members[0]][1]
        gid = group_id_for(earliest.id)
        for i in members:
            items[i][1].group_id = gid


def _reference(quotes: list[Quote]) -> Quote:
    """The wording most outlets carry (direct quotes first), ties to the longer then earlier."""
    counts = Counter(" ".join(words(q.text)) for q in quotes)
    return sorted(
        enumerate(quotes),
        key=lambda iq: (iq[1].kind != "direct", -counts[" ".join(words(iq[1].text))], -len(iq[1].text), iq[0]),
    )[0][1]


def quote_group_variants(articles: list[Article]) -> dict[str, list[dict]]:
    """Per group id, each member as reported: article, outlet, wording and variant label.

    The variant label compares a member with the group's reference wording (the one
    most outlets carry): ``exact``, ``trimmed`` or ``paraphrased``.  Groups of one
    quote are included so a writer can list every quote the same way.
    """
    members: dict[str, list[tuple[Article, Quote]]] = defaultdict(list)
    for article, quote in _all_quotes(articles):
        if quote.group_id:
            members[quote.group_id].append((article, quote))
    out: dict[str, list[dict]] = {}
    for gid, items in members.items():
        ref = _reference([q for _, q in items])
        rows = []
        for article, quote in items:
            rows.append(
                {
                    "quote_id": quote.id,
                    "article_id": article.id,
                    "outlet": article.outlet,
                    "published": article.published,
                    "text": quote.text,
                    "kind": quote.kind,
                    "speaker": quote.speaker,
                    "entity_id": quote.entity_id,
                    "start": quote.start,
                    "end": quote.end,
                    "variant": variant_of(ref.text, quote.text) or "paraphrased",
                }
            )
        out[gid] = rows
    return out
