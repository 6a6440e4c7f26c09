"""Seeds acceptance for the extract stage (skipped when ../shared/seeds is absent).

No seed text lives here: the boilerplate phrases are the widget wording named in
the issue, and the article paragraphs are read from the seeds at run time (every
long line that is not one of those widgets must survive cleaning).
"""

from __future__ import annotations

import re

import pytest

from storyline.extract import extract
from storyline.model import RawDocument

pytestmark = pytest.mark.seeds

# Widget wording the issue lists as boilerplate, per seed.
GONE = {
    "001": ["Readers like you", "We need your help", "contribute what you can", "Comments", "Leave a Comment",
            "comments community", "via PA", "feedback"],
    "003": ["Log in with your credentials", "Forgot your details?", "We're not around right now", "Image copyright",
            "Image caption"],
    "004": ["Join our new commenting forum", "View comments", "thought-provoking conversations"],
    "000": ["Original url", "Embed:", "Related article", "pic.twitter.com", "themoscowtimes.com/"],
}
# A long line is an appeal, a caption or a comment widget when it says one of these.
WIDGET_WORDS = re.compile(
    r"readers like you|your help|contribut|paywall|visiting us|comment|feedback|not around right now|"
    r"via PA|Image copyright|Image caption|Related article|Embed|thought-provoking|@\w+\)|pic\.twitter",
    re.IGNORECASE,
)
MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\*\*|^#+\s*|<[^>]+>")


def _article(prefix: str):
    from conftest import SEEDS

    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    return raw, extract(RawDocument(id=prefix, source=str(path), kind="text", content=raw))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _real_paragraphs(raw: str) -> list[str]:
    """Long lines (>= 15 words) that are no widget: the seed's own article text."""
    out = []
    for line in raw.splitlines():
        if re.search(r"</?[a-z]+>", line):
            continue  # literal HTML in scraped text is a widget leaking through
        line = _norm(MARKUP.sub(r"\1", line))
        if len(line.split()) >= 15 and not WIDGET_WORDS.search(line):
            out.append(line)
    return out


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_real_paragraph_survives(seeds_dir, prefix):
    raw, article = _article(prefix)
    paragraphs = _real_paragraphs(raw)
    assert len(paragraphs) >= 10
    clean = _norm(article.text)
    # the whole line, or its last two thirds when a scraper glued a notice to its start
    missing = [p[:60] for p in paragraphs if p not in clean and p[len(p) // 3 :] not in clean]
    assert not missing, missing


@pytest.mark.parametrize("prefix", sorted(GONE))
def test_boilerplate_is_gone(seeds_dir, prefix):
    _raw, article = _article(prefix)
    for phrase in GONE[prefix]:
        assert phrase.lower() not in article.text.lower(), phrase


def test_no_photo_credit_lines_anywhere(seeds_dir):
    for prefix in ["000", "001", "002", "003", "004"]:
        _raw, article = _article(prefix)
        for para in article.text.split("\n\n"):
            assert not re.search(r"via PA Images|Image copyright|Image caption", para, re.IGNORECASE), para[:80]


def test_printed_dates_byline_and_url(seeds_dir):
    _raw, a000 = _article("000")
    assert a000.published == "2019-06-28"
    assert a000.url and a000.url.startswith("https://www.themoscowtimes.com/2019/06/28/")
    assert a000.outlet == "themoscowtimes.com"
    _raw, a004 = _article("004")
    assert a004.published == "2017-07-09"
    assert a004.byline == "Chloe Farand"
    assert "Chloe Farand" not in a004.text
    assert "09 July 2017" not in a004.text


def test_titles_are_metadata_not_body(seeds_dir):
    for prefix in ["000", "001", "003", "004"]:
        _raw, article = _article(prefix)
        assert article.title and len(article.title.split()) >= 4
        assert not article.text.startswith(article.title)


def test_undated_seed_gets_no_guessed_date(seeds_dir):
    _raw, a003 = _article("003")
    assert a003.published is None  # "last month" etc. are for the analyze stage


def test_language_is_english(seeds_dir):
    for prefix in ["000", "001", "002", "003", "004"]:
        assert _article(prefix)[1].language == "en"
