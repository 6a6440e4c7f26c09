"""Where one attribution ends and the next begins, on invented text.

Each case is a kind of "one prediction spans two attributions" loss classified on
held-out PolNeAR train (see the "Quotes (issue 5)" section of docs/benchmarks.md).
Every person and place is fictional.
"""

from __future__ import annotations

import pytest

from quote_helpers import quote_with, quotes_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    "text, first, second, second_cue",
    [
        (
            "Mayor Jane Doe said the bridge plan had failed and accused the council of wasting public money.",
            "the bridge plan had failed",
            "the council of wasting public money",
            "accused",
        ),
        (
            "Governor Ada Pell said the tax would hurt farmers and warned that prices in Corran would rise sharply.",
            "the tax would hurt farmers",
            "prices in Corran would rise sharply",
            "warned",
        ),
    ],
)
def test_a_conjoined_reporting_verb_is_an_attribution_of_its_own(nlp, text, first, second, second_cue):
    quotes = quotes_of(nlp, text)
    q1 = quote_with(quotes, first)
    q2 = quote_with(quotes, second)
    assert q1 is not q2
    assert second not in q1.text and not q1.text.endswith(" and")
    assert q2.cue is not None and q2.cue.text == second_cue
    # the second verb has no subject of its own: it shares the first one's speaker
    assert q2.speaker == q1.speaker and q1.speaker is not None and q1.speaker.endswith(("Doe", "Pell"))


def test_a_conjunct_that_is_not_a_reporting_verb_stays_in_the_content(nlp):
    quotes = quotes_of(nlp, "Mayor Jane Doe said the ferry had sunk and the crew swam to Harlow beach.")
    q = quote_with(quotes, "the ferry had sunk")
    assert "the crew swam to Harlow beach" in q.text


def test_a_far_cue_with_its_own_content_does_not_take_a_second_quotation(nlp):
    text = (
        "Councillor Tom Vale said the harbour would close by spring, before a heckler near the stage "
        'interrupted him: "Nobody in Harlow believes a word of it."'
    )
    quotes = quotes_of(nlp, text)
    indirect = quote_with(quotes, "the harbour would close")
    direct = quote_with(quotes, "Nobody in Harlow believes")
    assert indirect.cue is not None and indirect.cue.text == "said"
    # two utterances, two attributions: the quotation is not grouped under "said"
    assert direct.cue is None or (direct.cue.start, direct.cue.end) != (indirect.cue.start, indirect.cue.end)


def test_a_cue_right_beside_the_quotation_keeps_it_whatever_the_parse_gave_it(nlp):
    text = (
        "Jane Doe spoke at the Corran town hall on Monday.\n\n"
        '"We will rebuild the bridge before winter, and the ferry will run until then," Doe said, '
        '"because Harlow cannot wait another year."'
    )
    quotes = quotes_of(nlp, text)
    first = quote_with(quotes, "We will rebuild the bridge")
    second = quote_with(quotes, "because Harlow cannot wait")
    assert first.cue is not None and second.cue is not None
    assert (first.cue.start, first.cue.end) == (second.cue.start, second.cue.end)
    assert first.speaker and first.speaker.endswith("Doe")


def test_narration_with_its_own_verb_ends_a_quotation_group(nlp):
    text = (
        '"The bridge will be ready by June," Mayor Jane Doe said at the Corran town hall.\n\n'
        "She then turned to the ferry contract -- "
        '"They have wasted every penny that Harlow ever gave them."'
    )
    quotes = quotes_of(nlp, text)
    first = quote_with(quotes, "The bridge will be ready")
    second = quote_with(quotes, "They have wasted every penny")
    assert first.cue is not None and first.cue.text == "said"
    assert second.cue is None or (second.cue.start, second.cue.end) != (first.cue.start, first.cue.end)
    assert second.speaker == first.speaker  # still her speaking, carried without a cue


def test_a_quotation_continued_in_the_next_paragraph_stays_one_group(nlp):
    text = (
        '"The bridge will be ready by June," Mayor Jane Doe said at the Corran town hall.\n\n'
        '"After that, the ferry to Harlow will stop running for good, and nobody will miss it."'
    )
    quotes = quotes_of(nlp, text)
    first = quote_with(quotes, "The bridge will be ready")
    second = quote_with(quotes, "After that, the ferry")
    assert first.cue is not None and second.cue is not None
    assert (first.cue.start, first.cue.end) == (second.cue.start, second.cue.end)
