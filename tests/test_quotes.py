"""find_quotes on invented text: quote styles, cues, sources and speakers.

Every person, outlet and place here is fictional.
"""

from __future__ import annotations

import pytest

from storyline.analyze.quote_marks import find_marked

from quote_helpers import find_in as quotes_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def only(quotes, needle: str):
    hits = [q for q in quotes if needle in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


# --- quotation marks --------------------------------------------------------------


def test_marks_in_every_style():
    text = (
        'He said "straight one" and “curly one” and «guillemet one» then '
        "‘single curly one’ and 'single straight one' but not Quill's or don't."
    )
    found = [text[m.start : m.end] for m in find_marked(text)]
    assert found == ["straight one", "curly one", "guillemet one", "single curly one", "single straight one"]


def test_multi_paragraph_quote_is_one_stretch():
    text = "“First paragraph of the speech.\n\n“Second paragraph of the speech,” she said."
    marked = find_marked(text)
    assert len(marked) == 1
    assert text[marked[0].start : marked[0].end].startswith("First paragraph")
    assert text[marked[0].start : marked[0].end].endswith("of the speech,")


def test_typewriter_double_quotes():
    text = "''We are ready,'' the coach said."
    assert [text[m.start : m.end] for m in find_marked(text)] == ["We are ready,"]


def test_unclosed_quote_closes_at_paragraph_end():
    text = "Quill said: “The vote is lost\nNext paragraph here."
    marked = find_marked(text)
    assert [text[m.start : m.end] for m in marked] == ["The vote is lost"]


# --- direct quotes ----------------------------------------------------------------


def test_direct_quote_with_named_source_and_offsets(nlp):
    text = 'Mayor Ada Quill opened the bridge on Monday. "This bridge will carry our town into the future," Quill said.'
    article, quotes = quotes_of(nlp, text)
    q = only(quotes, "carry our town")
    assert q.kind == "direct"
    assert text[q.start : q.end] == q.text == "This bridge will carry our town into the future"
    assert q.cue is not None and q.cue.text == "said"
    assert q.source is not None and text[q.source.start : q.source.end] == "Quill"
    assert q.speaker == "Ada Quill"
    assert q.id == f"{article.id}:q{q.start}"


def test_split_quote_shares_cue_and_speaker(nlp):
    text = "“We will build it,” Mayor Ada Quill said, “and we will pay for it ourselves.”"
    _, quotes = quotes_of(nlp, text)
    first = only(quotes, "We will build it")
    second = only(quotes, "pay for it ourselves")
    assert first.speaker == second.speaker == "Ada Quill"
    assert first.cue.start == second.cue.start


def test_pronoun_goes_to_compatible_person(nlp):
    text = (
        "Mayor Ada Quill met Mr Boris Tamm at the harbour on Tuesday.\n\n"
        "“The talks went better than anyone expected,” she said."
    )
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "talks went better")
    assert q.source.text == "she"
    assert q.speaker == "Ada Quill"


def test_floating_quote_continues_previous_speaker(nlp):
    text = (
        "“The harbour will reopen in spring,” said Harbour Master Lena Voss. "
        "“Every ship that was turned away will be welcome again.”"
    )
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "Every ship")
    assert q.speaker == "Lena Voss"


def test_colon_and_guillemets(nlp):
    text = "The minister, Karl Brem, answered the critics: «We have nothing to hide and we never had.»"
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "nothing to hide")
    assert q.kind == "direct"
    assert q.speaker == "Karl Brem"


def test_headline_quote(nlp):
    text = "Quill: ‘We will not raise the toll’\n\nMayor Ada Quill spoke to the Valley Courier on Friday."
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "not raise the toll")
    assert q.speaker == "Ada Quill"


def test_scare_quotes_are_not_speech(nlp):
    text = 'The so-called "smart" bridge opened to traffic on Monday after two years of work.'
    _, quotes = quotes_of(nlp, text)
    assert quotes == []


# --- indirect speech --------------------------------------------------------------


def test_said_that_clause(nlp):
    text = "Ada Quill said that the bridge would open in May."
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "bridge would open")
    assert q.kind == "indirect"
    assert q.text == "that the bridge would open in May"
    assert q.source.text == "Ada Quill"


def test_according_to(nlp):
    text = "The bridge cost four million crowns, according to the Transport Ministry."
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "four million")
    assert q.cue.text == "according to"
    assert q.source.text == "the Transport Ministry"


def test_told_reporters(nlp):
    text = "Karl Brem told reporters the ferry service would end next year."
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "ferry service")
    assert q.cue.text == "told"
    assert q.speaker == "Karl Brem"


def test_tweeted_colon_without_marks(nlp):
    text = "Ada Quill tweeted: The bridge is finished and it is beautiful."
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "bridge is finished")
    assert q.cue.text == "tweeted"
    assert q.speaker == "Ada Quill"


def test_role_description_resolves_to_titled_person(nlp):
    text = (
        "Premier Otto Varga opened the new hospital wing on Monday.\n\n"
        "Later the premier said the wing would treat ten thousand patients a year."
    )
    _, quotes = quotes_of(nlp, text)
    q = only(quotes, "ten thousand patients")
    assert q.source.text == "the premier"
    assert q.speaker == "Otto Varga"


def test_quoted_fragment_stays_inside_indirect_speech(nlp):
    text = "Quill told reporters the plan was “none of your business” and left the room."
    _, quotes = quotes_of(nlp, text)
    assert len([q for q in quotes if "none of your business" in q.text]) == 1
    q = only(quotes, "none of your business")
    assert q.kind == "indirect"
    assert q.text.startswith("the plan was")


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "“”",
        "«»'' ``",
        "Quill said.",
        "According to",
        "Mr.: “",
        "'" * 50 + " said " + '"' * 51,
        "DOE: " + "word " * 80,
    ],
)
def test_odd_inputs_give_valid_spans(nlp, text):
    article, quotes = quotes_of(nlp, text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        for span in (q.cue, q.source):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_pronoun_chains_through_an_earlier_resolved_pronoun(nlp):
    text = (
        "Premier Otto Varga spoke to the editor Jon Malk on Monday.\n\n"
        "“The port will grow every year,” he told Malk.\n\n"
        "On taxes, he defended the new levy and said: “Taxes pay for the port and the roads.”"
    )
    _, quotes = quotes_of(nlp, text)
    assert only(quotes, "port will grow").speaker == "Otto Varga"
    assert only(quotes, "Taxes pay").speaker == "Otto Varga"


# --- learned cues: listed verbs with plain objects, nominal and passive cues ----------


def test_listed_verb_with_plain_object_is_attribution(nlp):
    _, quotes = quotes_of(nlp, "Senator Mira Kovalenko reiterated her pledge to rebuild the harbour bridge before the winter.")
    q = only(quotes, "her pledge")
    assert q.cue.text.startswith("reiterated")
    assert q.speaker == "Mira Kovalenko"


def test_nominal_cue_takes_the_subject_of_its_verb(nlp):
    _, quotes = quotes_of(nlp, "Critics have launched fierce attacks on the tram plan since March.")
    q = next(q for q in quotes if q.text == "the tram plan")
    assert q.cue.text == "attacks on"
    assert q.source.text == "Critics"


def test_passive_cue_content_is_the_subject_and_source_the_agent(nlp):
    _, quotes = quotes_of(nlp, "The budget plan was praised by Mayor Tilda Enright at a meeting in Dunmere.")
    q = only(quotes, "budget plan")
    assert q.text == "The budget plan"
    assert q.speaker == "Tilda Enright"


def test_fronted_relative_object_is_the_whole_content(nlp):
    _, quotes = quotes_of(nlp, "Residents protested the harbour levy, which Senator Ivo Ostrow denounced on Tuesday.")
    q = next(q for q in quotes if q.cue and q.cue.text == "denounced")
    assert q.text == "which"
    assert q.speaker == "Ivo Ostrow"


def test_relative_who_speaker_is_the_noun_not_a_name_inside_the_clause(nlp):
    _, quotes = quotes_of(nlp, "Voters such as Parvin Golt, who supports Mayor Ilse Varn, turned out early in Dunmere.")
    q = only(quotes, "Ilse Varn")
    assert q.speaker == "Parvin Golt"


def test_source_stops_before_the_cue_clause_it_carries(nlp):
    _, quotes = quotes_of(nlp, "The survey found Dunmere voters saying the tram plan would fail.")
    q = next(q for q in quotes if q.text == "the tram plan would fail")
    assert q.source.text == "Dunmere voters"


def test_attribution_nested_in_reported_speech_is_not_a_quote_of_its_own(nlp):
    _, quotes = quotes_of(nlp, "Councillor Tobin Marsh said she thinks the tunnel is far too expensive.")
    assert [q.text for q in quotes] == ["she thinks the tunnel is far too expensive"]
    assert quotes[0].cue.text == "said"
    assert "Marsh" in quotes[0].speaker


def test_cue_less_quotation_paragraph_carries_the_last_speaker(nlp):
    text = (
        '"We have no choice but to close the harbour," Mayor Ilsa Brandt said on Monday.\n\n'
        "The harbour has served the town of Dunmere for more than two centuries, and its closure "
        "will end a trade that once employed most families along the northern shore, from the "
        "net makers to the smokehouses that lined the old quay before the railway arrived.\n\n"
        '"The money is simply not there any more and we cannot pretend otherwise."'
    )
    _, quotes = quotes_of(nlp, text)
    last = only(quotes, "The money is simply not there")
    assert last.cue is None and last.source is None
    assert last.speaker == "Ilsa Brandt"


def test_headline_speaker_is_the_holder_not_the_one_spoken_to():
    """'Doe jokes to Roe: "…"': the quote is Doe's, whatever the parse makes of the headline."""
    from storyline.analyze.quotes import find_quotes
    from storyline.model import Article
    from storyline.models import get_nlp

    text = ("The two ministers at the harbour summit. Photo via Kestrel Images\n\n"
            "Brannock jokes to Ostrova: 'Don't sink the ferry deal, please'\n\n"
            "Minister Aldo Brannock met Lena Ostrova for the first time on Tuesday.")
    article = Article(id="h1", source="h1", text=text, language="en")
    quotes = [q for q in find_quotes(get_nlp()(text), article) if "sink the ferry" in q.text]
    assert quotes and all("Ostrova" not in (q.speaker or "") for q in quotes)
