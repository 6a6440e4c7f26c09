"""The faithfulness checker: spans must exist and lexically support their sentence."""

from __future__ import annotations

from storyline.model import Article
from storyline.write.faithfulness import (
    SUPPORT_THRESHOLD,
    check,
    number_clashes,
    polarity,
    polarity_flips,
    stem,
    support,
)

TEXT = (
    "The ferry to Lindholm resumed service on Tuesday after a week of storms. "
    "Captain Mara Stenberg said the crossing was calm. "
    "Officials said 40 passengers were on the first boat."
)
ART = Article(id="a1", source="ferry.txt", text=TEXT)


def _span(sentence: str) -> dict:
    start = TEXT.index(sentence)
    return {"article_id": "a1", "start": start, "end": start + len(sentence)}


def _doc(text: str, citation: dict) -> dict:
    return {"summaries": [{"event_id": "e", "sentences": [{"text": text, "citations": [citation]}]}]}


def test_verbatim_citation_is_faithful():
    s = "Captain Mara Stenberg said the crossing was calm."
    assert check(_doc(s, _span(s)), {"a1": ART}) == []
    assert check(_doc(s, _span(s)), [ART.to_dict()]) == []  # article dicts work too


def test_span_outside_text_and_unknown_article_are_reported():
    s = "Captain Mara Stenberg said the crossing was calm."
    bad = {"article_id": "a1", "start": 10, "end": len(TEXT) + 5}
    assert any("outside" in p for p in check(_doc(s, bad), {"a1": ART}))
    assert any("unknown article" in p for p in check(_doc(s, dict(_span(s), article_id="zz")), {"a1": ART}))


def test_unrelated_span_does_not_support():
    s = "Captain Mara Stenberg said the crossing was calm."
    other = _span("Officials said 40 passengers were on the first boat.")
    problems = check(_doc(s, other), {"a1": ART})
    assert len(problems) == 1 and "supports only" in problems[0]


def test_sentence_without_citation_is_reported():
    doc = {"timeline": {"story_id": "s", "entries": [{"date": "2030-01-01", "text": "Something.", "citations": []}]}}
    assert any("no citation" in p for p in check(doc, {"a1": ART}))


def test_paraphrase_above_threshold_supports_but_negation_does_not():
    span = "The ferry to Lindholm resumed service on Tuesday after a week of storms."
    assert support("The Lindholm ferry resumed service after storms.", span) >= SUPPORT_THRESHOLD
    assert support("The Lindholm ferry never resumed service after storms.", span) == 0.0
    assert support("Officials said 12 passengers were on the first boat.",
                   "Officials said 40 passengers were on the first boat.") == 0.0


def test_polarity_scopes_negation_to_next_content_word():
    pol = polarity("We did not discuss the toll at all, said the treasurer of the harbour board.")
    assert pol["discuss"] is False and "toll" not in pol  # inside the negated phrase: undecided
    assert pol["treasurer"] is True and pol["harbour"] is True
    coordinated = polarity("It was not hurried or frightened.")
    assert len(coordinated) == 2 and set(coordinated.values()) == {False}
    assert polarity("Porthaven has not yet paid its share.")["paid"] is False  # "yet" passes the negation on
    assert polarity_flips("We didn't discuss that", "It was discussed very briefly") == ["discuss"]
    assert polarity_flips("He said it is not Lindholm", "It is Lindholm") == []  # names are not claims


def test_number_clash_and_stem():
    assert number_clashes("a team of 12 engineers", "a team of 7 engineers") == ["engineer"]
    assert number_clashes("3 years of work", "5 years of work") == []  # durations are not counts
    assert stem("discussed") == stem("discussing") == stem("discusses") == "discuss"
