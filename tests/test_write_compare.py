"""Contradiction precision (issue 7) on invented text: values conflict only when they are about the same thing.

Every outlet, person and place here is fictional.  Embeddings are off so the
tests are fast and depend on words and the parse alone.
"""

from __future__ import annotations

import pytest

from storyline.model import Article, Event, TimeMention
from storyline.write import compare
from storyline.write.claims import date_match, dated_frames, quantities, quantity_match
from storyline.write.faithfulness import check

OUTLETS = ("Brackwater Echo", "Fennel Valley News", "Ostry Courier")


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch):
    monkeypatch.setattr(compare, "USE_EMBEDDINGS", False)


def _article(n: int, text: str, dates: dict[str, str] | None = None, published: str = "2031-04-10") -> Article:
    mentions = []
    for surface, value in (dates or {}).items():
        at = text.index(surface)
        mentions.append(TimeMention(at, at + len(surface), surface, "DATE", value))
    return Article(id=f"a{n}", source=f"a{n}.txt", text=text, outlet=OUTLETS[n], published=published,
                   time_mentions=mentions)


def _compare(*arts: Article) -> list[dict]:
    articles = {a.id: a for a in arts}
    comp = compare.compare_event(Event("e1", "test event", list(articles)), articles)
    assert check({"comparisons": [comp]}, articles) == []  # every claim span is faithful to its article
    return comp["contradictions"]


def _kinds(cons: list[dict]) -> list[str]:
    return [c["kind"] for c in cons]


# --- numbers -----------------------------------------------------------------------------------------


def test_same_counted_group_with_different_numbers_conflicts():
    cons = _compare(
        _article(0, "Eleven dockers were injured at the Saltmere quay on Friday when a crane toppled over."),
        _article(1, "Seven dockers were injured at the Saltmere quay on Friday after a crane toppled over."),
    )
    assert _kinds(cons) == ["number"]
    con = cons[0]
    assert con["cue"] == ["11", "7"] and 0.3 <= con["confidence"] <= 0.95
    for claim in con["claims"]:
        assert set(claim) == {"article_id", "outlet", "text", "start", "end"}


def test_people_nouns_of_one_group_and_a_shared_predicate_conflict():
    cons = _compare(
        _article(0, "The Dornbeck trial was halted after three participants were hospitalised with rashes."),
        _article(1, "The Dornbeck trial was halted after five volunteers were rushed to hospital with rashes."),
    )
    assert _kinds(cons) == ["number"]


def test_different_groups_on_one_topic_do_not_conflict():
    cons = _compare(
        _article(0, "Twelve strikers were injured at the Saltmere depot gate during the morning clash."),
        _article(1, "Two officers were injured at the Saltmere depot gate during the morning clash."),
    )
    assert cons == []


def test_different_quantities_in_similar_sentences_do_not_conflict():
    cons = _compare(
        _article(0, "The Velden vaccine trial resumed after three volunteers suffered reactions to the dose."),
        _article(1, "None of the 1,100 volunteers in the Velden vaccine trial suffered reactions to the new dose."),
    )
    assert cons == []


def test_amounts_of_money_compare_as_money():
    cons = _compare(
        _article(0, "The Tarrin council will spend £4 million on repairs to the harbour pier, officials said."),
        _article(1, "The Tarrin council will spend £6 million on repairs to the harbour pier, officials said."),
    )
    assert _kinds(cons) == ["number"] and cons[0]["cue"] == ["4", "6"]
    money = quantities("The pier repairs will cost £4 million.")[0]
    visitors = quantities("The pier drew 6 million visitors.")[0]
    assert money.noun == "money" and quantity_match(money, visitors) == 0.0


def test_ratios_fractions_and_contrast_values_are_not_counts():
    assert quantities("The drug prevented two in three infections in the Velden study.") == ()
    assert quantities("The drug prevented two thirds of infections in the Velden study.") == ()
    kept = quantities("The board will automate two cranes rather than the three it first planned.")
    assert [q.value for q in kept] == ["2"]
    rose = quantities("Rescuers had saved 9 sailors by noon, up from 5 sailors in the morning.")
    assert [q.value for q in rose] == ["9"]
    assert [q.value for q in quantities("More than 400 residents were moved out.")] == ["400"]


def test_whole_and_part_are_different_roles():
    part = quantities("Nine of the 40 ferries were withdrawn from service.")
    assert {(q.value, q.role) for q in part} == {("9", "count"), ("40", "whole")}
    other = quantities("Forty ferries were withdrawn from service.")[0]
    whole = next(q for q in part if q.role == "whole")
    assert quantity_match(whole, other) == 0.0


# --- dates -------------------------------------------------------------------------------------------


def test_one_action_dated_differently_conflicts():
    cons = _compare(
        _article(0, "The Tarrin council approved the harbour levy on Monday after a long debate.",
                 {"Monday": "2031-04-07"}),
        _article(1, "The Tarrin council approved the harbour levy on Wednesday after a long debate.",
                 {"Wednesday": "2031-04-09"}),
    )
    assert _kinds(cons) == ["date"]
    assert cons[0]["cue"] == ["2031-04-07", "2031-04-09"]


def test_different_actions_at_different_dates_do_not_conflict():
    cons = _compare(
        _article(0, "The Tarrin ferry service was suspended in March because of storm damage to the pier.",
                 {"March": "2031-03"}),
        _article(1, "The Tarrin ferry service was restored in June after storm damage to the pier.",
                 {"June": "2031-06"}),
    )
    assert cons == []


def test_date_roles_and_attributes():
    def frame(text: str, year: str):
        at = text.index(year)
        return dated_frames(text, ((year, at, at + 4),))[0]

    since = frame("The mill has been closed since 2024, the owners said.", "2024")
    point = frame("The mill closed in 2026, the owners said.", "2026")
    assert since.role == "start" and point.role == "point"
    assert date_match(since, point) == 0.0
    assert frame("Critics blamed the 2027 decision for the closure.", "2027").role == "attribute"
    assert frame("The new mill must open by 2029, the owners said.", "2029").role == "deadline"


def test_same_words_resolved_to_two_values_are_not_a_conflict():
    """"by the end of the year" in two articles: a difference of anchoring, not of the sources."""
    text = "The Ostry plant will add a second kiln by the end of the year, the company said."
    cons = _compare(
        _article(0, text, {"the end of the year": "2031"}),
        _article(1, text.replace("company", "firm"), {"the end of the year": "2032"}),
    )
    assert cons == []


# --- polarity ----------------------------------------------------------------------------------------


def test_denial_and_affirmation_of_one_predicate_conflict():
    cons = _compare(
        _article(0, 'Mayor Quillan told reporters: "We did not discuss the levy." The talks lasted two hours.'),
        _article(1, 'Mayor Ferro said afterwards: "We discussed everything, including the levy." '
                    "The talks lasted two hours."),
    )
    assert "polarity" in _kinds(cons)


def test_same_verb_with_other_arguments_is_no_polarity_conflict():
    cons = _compare(
        _article(0, 'Mayor Quillan told reporters: "We did not discuss the levy." The talks lasted two hours.'),
        _article(1, "Mayor Quillan said the two had discussed bus timetables and a joint bid for funding. "
                    "The talks lasted two hours."),
    )
    assert "polarity" not in _kinds(cons)


def test_imperatives_and_infinitive_fragments_assert_nothing():
    cons = _compare(
        _article(0, 'Quillan told the regulator: "Don\'t raise the tolls, please." He left at noon.'),
        _article(1, "The regulator did raise the tolls in the spring, Quillan said. He left at noon."),
    )
    assert "polarity" not in _kinds(cons)


def test_stronger_alignment_gives_higher_confidence():
    strong = _compare(
        _article(0, "Eleven dockers were injured at the Saltmere quay on Friday when a crane toppled over."),
        _article(1, "Seven dockers were injured at the Saltmere quay on Friday after a crane toppled over."),
    )[0]
    weaker = _compare(
        _article(0, "The Dornbeck trial was halted after three participants were hospitalised with rashes."),
        _article(1, "The Dornbeck trial was halted after five volunteers were rushed to hospital with rashes."),
    )[0]
    assert strong["confidence"] > weaker["confidence"]


# --- names -------------------------------------------------------------------------------------------


def test_possessive_is_not_a_second_spelling():
    from storyline.model import EntityMention

    def art(n: int, text: str, name: str) -> Article:
        a = _article(n, text)
        at = text.index(name)
        a.entities = [EntityMention(at, at + len(name), name, "PERSON")]
        return a

    cons = _compare(
        art(0, "Inspector Dana Whitlow's report on the pier was published on Tuesday.", "Dana Whitlow's"),
        art(1, "The report by Inspector Dana Whitlow on the pier was published on Tuesday.", "Dana Whitlow"),
    )
    assert "name" not in _kinds(cons)


# --- rules learned from real multi-outlet news (invented text here) ---------------------------------


def test_another_doer_is_another_count():
    a = quantities("The Brackwater coastguard rescued 23 sailors near the reef.")[0]
    b = quantities("The Ostry harbour police rescued eight sailors near the reef.")[0]
    assert quantity_match(a, b) == 0.0
    same = quantities("The Brackwater coastguard said it rescued 19 sailors near the reef.")[0]
    assert quantity_match(a, same) > 0


def test_round_figures_disagree_only_when_far_apart():
    over = quantities("Over 20 trawlers are patrolling the Ostry strait.")[0]
    close = quantities("17 trawlers are patrolling the Ostry strait.")[0]
    far = quantities("Three trawlers are patrolling the Ostry strait.")[0]
    assert not over.disagrees(close) and over.disagrees(far)


def test_labels_clock_times_attributes_and_totals():
    assert [q.value for q in quantities("Inspectors found six KR - 9 rifles on the trawler.")] == ["6"]
    assert quantities("The blaze was out by 7 a. m., crews said.") == ()
    assert quantities("The club offered him an eight-year contract.") == ()
    total = quantities("Patrols have seized a total of 14 rifles so far.")[0]
    once = quantities("Patrols seized six rifles from the boat.")[0]
    assert total.role == "total" and quantity_match(total, once) == 0.0


def test_same_figure_given_by_both_is_no_conflict():
    cons = _compare(
        _article(0, "Inspectors found six KR - 9 rifles and 12 magazines on the Ostry trawler at dawn."),
        _article(1, "Inspectors found six KR 9 rifles and 12 magazines on the Ostry trawler at dawn."),
    )
    assert "number" not in _kinds(cons)


def test_bracketed_insertion_is_no_wording_difference():
    assert compare._normal("The ship altered (its course) towards the buoy.") == compare._normal(
        "The ship altered towards the buoy.")


def test_rates_compare_only_with_rates():
    rate = quantities("The Ostry club offered him £3 million per season.")[0]
    sum_ = quantities("The Ostry club offered him £21 million.")[0]
    assert rate.role == "rate" and quantity_match(rate, sum_) == 0.0


def test_a_figure_dated_months_earlier_is_another_happening():
    cons = _compare(
        _article(0, "Eleven dockers were injured at the Saltmere quay on Friday when a crane toppled over.",
                 {"on Friday": "2031-04-04"}),
        _article(1, "In January seven dockers were injured at the Saltmere quay when a crane toppled over.",
                 {"In January": "2031-01"}),
    )
    assert "number" not in _kinds(cons)
