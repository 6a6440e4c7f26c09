"""Speaker choice on invented text: the source noun phrase the parse makes hard to find.

Each case is a kind of speaker error classified on held-out PolNeAR train (see the
"Quotes (issue 5)" section of docs/benchmarks.md).  Every person and place is fictional.
"""

from __future__ import annotations

import pytest

from quote_helpers import quote_with, quotes_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_poll_share_the_parser_leaves_unlabelled_is_the_source(nlp):
    quotes = quotes_of(nlp, "About 4 in 10 say they want the next mayor to have lower taxes.")
    q = quote_with(quotes, "they want the next mayor")
    assert q.source is not None and q.source.text == "About 4 in 10"


def test_poll_share_before_a_participle_tagged_verb(nlp):
    quotes = quotes_of(nlp, "Less than a third agreed with the mayor that the town would have to wait.")
    q = quote_with(quotes, "the town would have to wait")
    assert q.source is not None and q.source.text == "Less than a third"


def test_a_date_is_never_a_poll_share(nlp):
    from storyline.analyze.quote_frames import subject_of

    doc = nlp("Friday said Doe that it was fine.")
    said = next(t for t in doc if t.lower_ == "said")
    subject = subject_of(said)
    assert subject is None or subject.text != "Friday"


def test_participle_on_a_group_pronoun_takes_the_pronoun(nlp):
    quotes = quotes_of(nlp, "Among the surveyed, those describing themselves as very conservative favour Mayor Pell by 21 points.")
    q = quote_with(quotes, "themselves as very conservative")
    assert q.source is not None and q.source.text == "those"


def test_conjoined_verb_takes_the_passive_subject_not_the_agent(nlp):
    quotes = quotes_of(nlp, "The hearing ended. Mary Pell, the clerk, was booed by the crowd and said that the count must start again.")
    q = quote_with(quotes, "the count must start again")
    assert q.speaker == "Mary Pell"


def test_second_participle_of_a_group_inherits_the_group(nlp):
    quotes = quotes_of(nlp, "The new ad features farmers telling their stories and criticizing the mayor's water plan for the valley.")
    q = quote_with(quotes, "water plan")
    assert q.source is not None and q.source.text == "farmers"


def test_cue_that_opens_the_next_quotation_is_weak_for_the_one_before():
    from storyline.analyze.quote_frames import Cue
    from storyline.analyze.quote_marks import find_marked
    from storyline.analyze.quote_frames import quote_mask
    from storyline.analyze.quotes import _introduces_next

    text = "Vale replied, “This was a good day.” He added, “I will remember it.”"
    marked = find_marked(text)
    mask = quote_mask(marked, len(text) + 1)
    first = marked[0]
    added = text.index("added")
    cue = Cue(start=added, end=added + len("added"), token_i=0, source_chars=(added - 3, added - 1))
    assert _introduces_next(first, cue, text, mask)

    split = "“This was a good day,” he added, “and I will remember it.”"
    marked = find_marked(split)
    mask = quote_mask(marked, len(split) + 1)
    added = split.index("added")
    cue = Cue(start=added, end=added + len("added"), token_i=0, source_chars=(added - 3, added - 1))
    assert not _introduces_next(marked[0], cue, split, mask)  # a split quote keeps its cue


def test_possessive_name_inside_the_source_is_not_the_speaker(nlp):
    quotes = quotes_of(nlp, "Mary Pell, John Vale's lawyer, argued that her client had never urged violence.")
    q = quote_with(quotes, "never urged violence")
    assert q.speaker == "Mary Pell"


def test_source_misparsed_as_a_clause_before_the_verb(nlp):
    """A hand-built parse of the slip: "Lowe, who backed Kurz and opposed Vale, said Vale
    lost." with "Lowe … opposed Vale" hung on "said" as a clause of its own."""
    from spacy.tokens import Doc

    from storyline.analyze.quote_frames import subject_of

    words = ["Lowe", ",", "who", "backed", "Kurz", "and", "opposed", "Vale", ",", "said", "Vale", "lost", "."]
    heads = [6, 0, 3, 0, 3, 3, 9, 6, 9, 9, 11, 9, 9]
    deps = ["nsubj", "punct", "nsubj", "relcl", "dobj", "cc", "ccomp", "dobj", "punct", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["PROPN", "PUNCT", "PRON", "VERB", "PROPN", "CCONJ", "VERB", "PROPN", "PUNCT", "VERB", "PROPN", "VERB", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert subject_of(doc[9]).text == "Lowe"
    # with the real content on its right only: no second clause, no guess
    words2 = ["Lowe", "opposed", "Vale", ",", "said", "Poe", "."]
    doc2 = Doc(nlp.vocab, words=words2, heads=[1, 4, 1, 4, 4, 4, 4], deps=["nsubj", "ccomp", "dobj", "punct", "ROOT", "dobj", "punct"], pos=["PROPN", "VERB", "PROPN", "PUNCT", "VERB", "PROPN", "PUNCT"])
    found = subject_of(doc2[4], fallback=False)
    assert found is None


def test_name_set_off_before_the_verb_is_the_role_subject_s_apposition(nlp):
    """The parser hangs "Mike Murfy" on the nearer "mayor"; the name closing the subject is its apposition."""
    quotes = quotes_of(nlp, "The head of the largest party backing former Gov. Tim Wale for mayor, Mike Murfy, praised the efforts of a donor to attack Vale.")
    q = quote_with(quotes, "the efforts of a donor")
    assert q.speaker == "Mike Murfy"
    assert q.source is not None and q.source.text == "Mike Murfy"


def test_name_inside_a_relative_clause_of_the_source_is_not_the_speaker(nlp):
    quotes = quotes_of(nlp, "The mayor of the town, who met Jon Vale, said the plan was dead.")
    q = quote_with(quotes, "the plan was dead")
    assert q.speaker != "Jon Vale"


def test_quotation_parsed_as_the_subject_of_an_inverted_cue(nlp):
    quotes = quotes_of(nlp, '"Meh," wrote a Vale supporter who runs the account @WomenForVale. "What does the firm know about it?"')
    q = quote_with(quotes, "What does the firm know")
    assert q.source is not None and "supporter" in q.source.text


def test_participle_on_an_issued_article_speaks_for_its_sender(nlp):
    quotes = quotes_of(nlp, "The Fooville Party, in its daily summary Monday, emailed a news article reporting that the mayor had lied.")
    assert quotes
    assert all(q.source is None or q.source.text != "a news article" for q in quotes)
    q = next(q for q in quotes if "the mayor had lied" in q.text)
    assert q.source is not None and q.source.text.startswith("The Fooville Party")


def test_possessor_of_a_nominal_act_is_the_source(nlp):
    quotes = quotes_of(nlp, "Senator Pell's endorsement of Kurz, and Kurz's refusal to disavow the endorsement of a man who betrayed the town, will raise questions.")
    q = quote_with(quotes, "the endorsement of a man")
    assert q.source is not None and q.source.text == "Kurz's"
    assert q.speaker == "Kurz"


def test_possessive_pronoun_before_its_person_points_ahead_to_the_subject(nlp):
    quotes = quotes_of(nlp, "In her statement condemning the test, Mary Pell defended her record as mayor.")
    q = quote_with(quotes, "the test")
    assert q.source is not None and q.source.text == "her"
    assert q.speaker == "Mary Pell"
