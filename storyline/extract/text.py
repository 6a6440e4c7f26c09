"""Plain/markdown-ish scraped text -> clean article body plus metadata.

Steps, each explainable on its own:

1. :func:`blocks.split_lines` — lines with inline markup removed, raw offsets kept;
2. boilerplate rules (``boilerplate_rules.tsv``) — widgets every outlet shares:
   appeals, login and cookie prompts, captions, teasers, comment sections, embeds;
3. header metadata — title, byline, dateline, original URL are taken out of the
   body and into the Article's fields;
4. :mod:`.classifier` — a small line classifier (length, punctuation, stop words,
   link share, position, neighbours) decides body vs. boilerplate for the rest;
5. lines that are only a date, a clock time or punctuation go, whatever the model said;
6. assembly — kept lines become paragraphs ("\\n\\n"), a paragraph broken across
   lines is re-joined, and ``offsets``/``removed`` map everything to the raw input.
"""

from __future__ import annotations

import re

from storyline.model import Article, Span

from .blocks import Line, split_lines
from .classifier import body_mask
from .errors import ExtractError
from .meta import byline_from_line, find_printed_date, find_url, looks_like_person_name, outlet_from_url
from .repeats import normal_line
from .rules import inline_spans, match_rule, strip_prefix

MAX_LINES = 5000  # a news page has a few hundred; more is a dump, not an article
MAX_LINE_CHARS = 20000
_TERMINAL = tuple(".!?:;\"”’'»)…")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_DATELINE_HINT = re.compile(r"\b(?:published|posted|updated|modified|last updated|first published|veröffentlicht|aktualisiert|publié|mis à jour)\b", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"\b(?:published|posted|first published|veröffentlicht|publié)\b", re.IGNORECASE)
_MODIFIED_HINT = re.compile(r"\b(?:updated|modified|last updated|aktualisiert|mis à jour)\b", re.IGNORECASE)


def extract_text(
    raw: str,
    *,
    doc_id: str = "",
    source: str = "",
    model: dict | None = None,
    furniture: frozenset[str] | None = None,
) -> Article:
    """Clean scraped text into an Article (``offsets`` map clean -> raw).

    ``furniture``: normalised lines repeated across this outlet's pages (not body).
    """
    lines, reasons, meta = prepare_lines(raw)
    if furniture:
        for i, line in enumerate(lines):
            if not reasons[i] and normal_line(line.text) in furniture:
                reasons[i] = "repeated on the outlet's other pages"
    keep = body_mask(lines, reasons, model)
    _drop_bare_stamps(lines, reasons, keep)
    if not any(keep):
        # A short news brief can look like page furniture to a model trained on full
        # pages; rather than lose the whole article, keep its rule-free prose lines.
        keep = [reasons[i] is None and _sentence_like(line.text) for i, line in enumerate(lines)]
    _keep_continuations(lines, reasons, keep)
    _drop_title_repeats(lines, reasons, keep, meta.get("title"))
    _cut_tail(lines, reasons, keep)
    text, offsets, removed = _assemble(lines, keep, reasons, raw)
    if not text.strip():
        raise ExtractError("no article text found")
    url = meta.get("url")
    return Article(
        id=doc_id,
        source=source,
        text=text,
        title=meta.get("title"),
        url=url,
        outlet=meta.get("outlet") or (outlet_from_url(url) if url else None),
        byline=meta.get("byline"),
        published=meta.get("published"),
        modified=meta.get("modified"),
        kind="text",
        offsets=offsets,
        removed=removed,
    )


def prepare_lines(raw: str) -> tuple[list[Line], list[str | None], dict[str, str]]:
    """Lines, their rule/metadata reasons (None = for the classifier), header metadata."""
    lines = split_lines(raw, MAX_LINES)
    if not lines:
        raise ExtractError("no article text found")
    for line in lines:
        if len(line.text) > MAX_LINE_CHARS:  # one giant line: keep a bounded head
            _truncate(line, MAX_LINE_CHARS)
    reasons: list[str | None] = [None] * len(lines)
    _apply_rules(lines, reasons)
    _mark_html_fragments(lines, reasons)
    meta = _header_metadata(lines, reasons)
    return lines, reasons, meta


def _truncate(line: Line, limit: int) -> None:
    kept, total = [], 0
    for s, e in line.pieces:
        take = min(e - s, limit - total)
        if take <= 0:
            break
        kept.append((s, s + take))
        total += take
    line.pieces = kept
    line.text = line.text[:limit]


def _apply_rules(lines: list[Line], reasons: list[str | None]) -> None:
    """Mark rule-matched lines; embeds run to their signature line."""
    i = 0
    while i < len(lines):
        line = lines[i]
        cut = strip_prefix(line.text)
        if cut:
            _drop_prefix(line, cut)
        for start, end in reversed(inline_spans(line.text)):
            _drop_range(line, start, end)
        rule = match_rule(line.text)
        if rule is None:
            if "(@" in line.text and match_rule(line.text, ("signature",)):
                _mark_embedded_post(lines, reasons, i)
            i += 1
            continue
        if rule.action == "embed":
            end = _embed_end(lines, i)
            for j in range(i, end + 1):
                reasons[j] = "embed"
            i = end + 1
            continue
        reasons[i] = rule.reason if rule.action == "drop" else f"{rule.action}:{rule.reason}"
        i += 1


_POST_LINK = re.compile(r"pic\.twitter\.com/|\bt\.co/|https?://")


def _mark_embedded_post(lines: list[Line], reasons: list[str | None], end: int) -> None:
    """A post signature ("— Name (@handle) date") without an "Embed" opener: the
    signature goes, and so does the post's text above it when it carries the post's link."""
    reasons[end] = "embed"
    if end > 0 and not reasons[end - 1] and _POST_LINK.search(lines[end - 1].text):
        reasons[end - 1] = "embed"


def _mark_html_fragments(lines: list[Line], reasons: list[str | None]) -> None:
    """Literal HTML in otherwise plain text is a widget's markup leaking through
    (an embedded teaser, a script's fallback), not the article's own paragraphs."""
    tagged = [i for i, line in enumerate(lines) if line.html_tags]
    if tagged and len(tagged) <= 0.2 * len(lines):
        for i in tagged:
            reasons[i] = reasons[i] or "html fragment"


_HAS_ALNUM = re.compile(r"[^\W_]")
_CLOCK_ONLY = re.compile(r"(?i)^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def _drop_bare_stamps(lines: list[Line], reasons: list[str | None], keep: list[bool]) -> None:
    """Lines without a letter or digit (separators), and lines that are only a date or a
    clock time (teaser lists, live-blog stamps) anywhere on the page, are not body.
    On the dev pages 140 date-only lines were furniture and none was body text.

    Decided after the classifier, not as a rule: the classifier still sees them, and a
    stamp between two teasers keeps them looking like a list rather than paragraphs."""
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        text = line.text
        if not _HAS_ALNUM.search(text):
            keep[i], reasons[i] = False, "no text"
        elif len(text) <= 60 and (_CLOCK_ONLY.match(text) or _date_only(text)):
            keep[i], reasons[i] = False, "date"


def _date_only(text: str) -> bool:
    found = find_printed_date(text)
    if not found:
        return False
    _iso, start, end = found
    return not _LETTER_WORD.search(text[:start] + text[end:])


def _drop_prefix(line: Line, count: int) -> None:
    """Remove the first ``count`` clean characters of ``line`` (pieces follow)."""
    _drop_range(line, 0, count)


def _drop_range(line: Line, start: int, end: int) -> None:
    """Remove clean characters ``[start, end)`` of ``line``; raw pieces follow."""
    pieces: list[tuple[int, int]] = []
    pos = 0  # clean position at the start of the current piece
    for s, e in line.pieces:
        length = e - s
        lo, hi = max(start - pos, 0), min(end - pos, length)
        if lo >= hi:
            pieces.append((s, e))
        else:
            if lo > 0:
                pieces.append((s, s + lo))
            if hi < length:
                pieces.append((s + hi, e))
        pos += length
    line.pieces = pieces
    line.text = line.text[:start] + line.text[end:]


def _embed_end(lines: list[Line], start: int) -> int:
    """Last line of an embed that starts at ``start``: its signature, or its raw block."""
    for j in range(start + 1, min(len(lines), start + 12)):
        if match_rule(lines[j].text, ("signature",)):
            return j
    end = start + 1 if start + 1 < len(lines) else start
    while end + 1 < len(lines) and not lines[end + 1].blank_before:
        end += 1
    return end


def _header_metadata(lines: list[Line], reasons: list[str | None]) -> dict[str, str]:
    """Title, byline, datelines and the original URL, marked as not-body."""
    meta: dict[str, str] = {}
    head = min(len(lines), max(12, len(lines) // 4))
    for i, line in enumerate(lines):
        text = line.text
        if reasons[i] in ("related",) and re.match(r"(?i)^original (?:url|article|source)", text):
            url = find_url(text) or (find_url(lines[i + 1].text) if i + 1 < len(lines) else None)
            if url:
                meta.setdefault("url", url)
                if i + 1 < len(lines) and find_url(lines[i + 1].text) and len(lines[i + 1].text) < 300:
                    reasons[i + 1] = "url"
        if _is_url_only(text):
            reasons[i] = reasons[i] or "url"
            continue
        if i >= head or reasons[i]:
            continue
        byline = byline_from_line(text)
        if byline and "byline" not in meta:
            # "By Ann Roe · 28 February 2024 · The Ledger": name, date and outlet on one line
            parts = [p.strip() for p in re.split(r"\s+[·•|–—]\s+", byline) if p.strip()]
            meta["byline"] = parts[0] if parts else byline
            for part in parts[1:]:
                dated = _dateline(part)
                if dated:
                    meta.setdefault("published", dated)
                elif len(part.split()) <= 4 and part[:1].isupper():
                    meta.setdefault("outlet", part)
            reasons[i] = "byline"
            continue
        dated = _dateline(text)
        if dated:
            # "Updated 5 March" is a modification date, never taken for the publication date
            updated_only = _MODIFIED_HINT.search(text) and not _PUBLISHED_HINT.search(text)
            meta.setdefault("modified" if updated_only else "published", dated)
            reasons[i] = "dateline"
            if (
                "byline" not in meta
                and i > 0
                and not reasons[i - 1]
                and looks_like_person_name(lines[i - 1].text)
            ):
                meta["byline"] = lines[i - 1].text
                reasons[i - 1] = "byline"
    title_index = _find_title(lines, reasons)
    if title_index is not None:
        title, outlet = _split_site_suffix(lines[title_index].text)
        meta["title"] = title
        if outlet:
            meta.setdefault("outlet", outlet)
        reasons[title_index] = "title"
    return meta


_URL_LINE = re.compile(r"\s*<?https?://\S+>?\s*")
_DOMAIN_LINE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?")


def _is_url_only(text: str) -> bool:
    if _URL_LINE.fullmatch(text):
        return True
    return bool(_DOMAIN_LINE.fullmatch(text)) and " " not in text and len(text) < 200 and not text.endswith(".")


def _dateline(text: str) -> str | None:
    """ISO date when ``text`` is a dateline (a short line that is mostly a date)."""
    if len(text) > 120:
        return None
    found = find_printed_date(text)
    if not found:
        return None
    iso, start, end = found
    rest = (text[:start] + text[end:]).strip()
    rest_words = re.findall(r"[^\W\d_]{2,}", rest)
    if len(rest_words) <= 4 or (_DATELINE_HINT.search(text) and len(rest_words) <= 8):
        return iso
    return None


def _find_title(lines: list[Line], reasons: list[str | None]) -> int | None:
    """A markdown heading near the top, else the headline-like line before the body."""
    head = min(len(lines), max(15, len(lines) // 3))
    for i in range(head):
        if lines[i].heading and not reasons[i] and _headline_like(lines[i].text, 2):
            return i
    first_body = next((i for i in range(len(lines)) if not reasons[i] and _sentence_like(lines[i].text)), None)
    if first_body is None:
        return None
    from .outlet import is_masthead_line

    from .outlet import is_outlet_section_line

    masthead = is_outlet_section_line(lines[0].text) or is_masthead_line(lines[0].text, [line.text for line in lines[1:]])
    if first_body > 0 and not reasons[0] and not masthead and _headline_like(lines[0].text, 3):
        return 0  # the page's own <title> or headline opens the scrape
    for i in range(first_body - 1, max(-1, first_body - 8), -1):
        if i == 0 and masthead:
            break
        if not reasons[i] and _headline_like(lines[i].text, 3):
            return i
    # a headline that reads like a sentence ("… corrosion 'was there to be seen'") is still
    # the headline when a byline or dateline follows it
    follower = next((reasons[j] for j in range(first_body + 1, min(len(lines), first_body + 3)) if reasons[j]), None)
    if follower in ("byline", "dateline") and _headline_like(lines[first_body].text, 3):
        return first_body
    return None


def _headline_like(text: str, min_words: int) -> bool:
    words = text.split()
    return min_words <= len(words) <= 30 and not text.rstrip().endswith(".") and len(text) <= 250


def _sentence_like(text: str) -> bool:
    words = text.split()
    return len(words) >= 12 and (text.rstrip().endswith(_TERMINAL) or len(words) >= 20)


def _split_site_suffix(title: str) -> tuple[str, str | None]:
    """"Headline | Outlet" -> ("Headline", "Outlet") when the tail is short."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) >= 2 and 1 <= len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3:
        return " - ".join(parts[:-1]).strip(), parts[-1].strip()
    return title.strip(), None


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _keep_continuations(lines: list[Line], reasons: list[str | None], keep: list[bool]) -> None:
    """A paragraph broken across lines lives or dies whole."""
    for i in range(1, len(lines)):
        if not reasons[i] and not reasons[i - 1] and _continues(lines[i - 1], lines[i]):
            if keep[i - 1] or keep[i]:
                keep[i - 1] = keep[i] = True


def _drop_title_repeats(lines: list[Line], reasons: list[str | None], keep: list[bool], title: str | None) -> None:
    """The headline printed again (h1 after the <title>) is not body."""
    if not title:
        return
    target = _normal(title)
    for i, line in enumerate(lines):
        if keep[i] and _normal(line.text) == target:
            keep[i] = False
            reasons[i] = "title"


def _cut_tail(lines: list[Line], reasons: list[str | None], keep: list[bool]) -> None:
    """A comment section or footer ends the article: drop from its first marker on."""
    total = sum(len(line.text) for line, k in zip(lines, keep) if k)
    if not total:
        return
    seen = 0
    for i, line in enumerate(lines):
        if reasons[i] and reasons[i].startswith("cut:"):
            if seen >= 0.6 * total:
                for j in range(i, len(lines)):
                    if keep[j]:
                        keep[j] = False
                    reasons[j] = reasons[j] or "after " + reasons[i][4:]
                return
            keep[i] = False
        if keep[i]:
            seen += len(line.text)


def _assemble(
    lines: list[Line], keep: list[bool], reasons: list[str | None], raw: str
) -> tuple[str, list[list[int]], list[Span]]:
    """Join kept lines into paragraphs; rebuild the offsets and removed spans."""
    parts: list[str] = []
    offsets: list[list[int]] = []
    removed: list[Span] = []
    length = 0
    prev: Line | None = None
    for i, line in enumerate(lines):
        if not keep[i]:
            reason = reasons[i] or "boilerplate"
            removed.append(Span(line.raw_start, line.raw_end, reason.replace("cut:", "")))
            continue
        if prev is not None:
            sep = " " if _continues(prev, line) else "\n\n"
            parts.append(sep)
            length += len(sep)
        for s, e in line.pieces:
            if offsets and offsets[-1][0] + offsets[-1][2] == length and offsets[-1][1] + offsets[-1][2] == s:
                offsets[-1][2] += e - s
            else:
                offsets.append([length, s, e - s])
            parts.append(raw[s:e])
            length += e - s
        prev = line
    return "".join(parts), offsets, removed


def _continues(prev: Line, line: Line) -> bool:
    """A paragraph broken across lines: no end punctuation, next starts lower-case."""
    tail = prev.text.rstrip()
    head = line.text.lstrip()[:1]
    return bool(tail) and not tail.endswith(_TERMINAL) and head.islower() and line.index == prev.index + 1
