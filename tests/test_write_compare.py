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
        assert {"article_id", "outlet", "text", "start", "end"} <= set(claim) <= {
            "article_id", "outlet", "text", "start", "end", "speaker"}
    # the report says which value each outlet gives
    assert "Brackwater Echo gives 11" in con["why"] and "Fennel Valley News gives 7" in con["why"]


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


# --- false alarms seen on real multi-outlet news (ECB+), rebuilt on invented text ----------------------


def _with_people(n: int, text: str, *names: str) -> Article:
    from storyline.model import EntityMention

    art = _article(n, text)
    art.entities = [EntityMention(text.index(name), text.index(name) + len(name), name, "PERSON") for name in names]
    return art


def test_figures_of_two_people_do_not_conflict():
    """"He" is the last person named before it: two players' season figures are no contradiction."""
    cons = _compare(
        _with_people(0, "Tomas Brell joined the Ostry club in May. He has 548 rushing yards for the Ostry club.",
                     "Tomas Brell"),
        _with_people(1, "Ilan Vesk started every match. He has 420 rushing yards for the Ostry club.", "Ilan Vesk"),
    )
    assert "number" not in _kinds(cons)
    same = _compare(
        _with_people(0, "Tomas Brell joined the Ostry club in May. He has 548 rushing yards for the Ostry club.",
                     "Tomas Brell"),
        _with_people(1, "Tomas Brell started every match. He has 420 rushing yards for the Ostry club.",
                     "Tomas Brell"),
    )
    assert _kinds(same) == ["number"]


def test_a_forecast_and_a_report_are_two_happenings():
    a = quantities("Brell will miss the final two games of the season.")[0]
    b = quantities("Brell missed four games of the season after surgery.")[0]
    assert a.future and not b.future and quantity_match(a, b) == 0.0
    assert quantities("Injured striker Tomas Brell to miss two games")[0].future  # a headline


def test_bounds_conversions_and_dozens():
    low = quantities("The blast injured at least two people near the Saltmere depot.")[0]
    many = quantities("The blast injured 40 people near the Saltmere depot.")[0]
    assert low.bound == "min" and not low.disagrees(many) and not many.disagrees(low)
    converted = quantities("Repairs cost 2 million euros (2.9 million dollars), the council said.")
    assert [q.value for q in converted] == ["2"]
    assert [q.value for q in quantities("About two dozen dockers walked out.")] == ["24"]
    assert quantities("See http://ostry.example/2031/04/report for 12 photos.")[0].value == "12"


def test_kinds_of_a_noun_and_breakdowns_are_not_one_count():
    dui = quantities("Varn has three prior DUI convictions.")[0]
    theft = quantities("Varn also has two motor vehicle theft convictions.")[0]
    assert quantity_match(dui, theft) == 0.0
    parts = quantities("The patrol held 12 British and 11 French sailors.")
    assert {q.role for q in parts} == {"part"}
    total = quantities("The patrol held 23 sailors.")[0]
    assert all(quantity_match(p, total) == 0.0 for p in parts)


def test_counterfactuals_participles_and_directions_assert_nothing_opposite():
    cons = _compare(
        _article(0, "The Tarrin board would not have approved the harbour levy if the vote had been held."),
        _article(1, "The Tarrin board approved the harbour levy after the vote was held."),
    )
    assert "polarity" not in _kinds(cons)
    cons = _compare(
        _article(0, "Lena Marsh never checked into the Brightwater clinic, her lawyer told the court."),
        _article(1, "Lena Marsh checked out of the Brightwater clinic on Friday, her lawyer told the court."),
    )
    assert "polarity" not in _kinds(cons)


def test_quote_spacing_is_no_wording_difference():
    assert compare._normal("I ’ m in the middle of it") == compare._normal("I'm in the middle of it")


def test_name_abbreviations_are_no_variant_and_variants_are_grouped():
    assert compare._variant_ratio("Kerrow Ave", "Kerrow Avenue") == 0.0
    assert compare._variant_ratio("Dana Rait", "Dana Raite") > 0
    from storyline.model import EntityMention

    def art(n: int, text: str, name: str) -> Article:
        a = _article(n % 3, text)
        a.id, a.outlet = f"n{n}", f"Outlet {n}"
        at = text.index(name)
        a.entities = [EntityMention(at, at + len(name), name, "PERSON")]
        return a

    arts = [art(0, "Climber Dana Raite died on the ridge.", "Dana Raite")] + [
        art(n, "Climber Dana Rait died on the ridge.", "Dana Rait") for n in (1, 2, 3)]
    names = [c for c in compare.name_variants(arts) if c["kind"] == "name"]
    assert len(names) == 1  # one outlet spells it the rare way: one report, the others listed in "why"
    assert "Outlet 1" in names[0]["why"] and "Outlet 3" in names[0]["why"]


def test_background_happenings_are_not_compared():
    """A claim opening on "It" speaks of the previous sentence's happening; a yearless month takes the
    article's year; past perfect outside reported speech is background."""
    report = _article(0, "The Kessing quake injured five people on the island, officials said on Monday.",
                      {"Monday": "2031-04-07"}, published="2031-04-08")
    earlier = _article(1, "The last big quake struck the island in February. It injured 40 people on the island.",
                       {"February": "XXXX-02"}, published="2031-04-08")
    assert "number" not in _kinds(_compare(report, earlier))
    before = _article(2, "In March the Ostry coastguard had rescued eight sailors near the reef.")
    now = _article(1, "The Ostry coastguard rescued 23 sailors near the reef.")
    assert "number" not in _kinds(_compare(now, before))


def test_implicit_negation_is_no_flip():
    cons = _compare(
        _article(0, "Mara Quell had yet to regain consciousness on Wednesday, doctors at Kessing General said."),
        _article(1, "Mara Quell had not yet regained consciousness on Wednesday, doctors at Kessing General said."),
    )
    assert "polarity" not in _kinds(cons)


def test_a_date_both_claims_give_is_no_conflict():
    cons = _compare(
        _article(0, "On May 19 the patrol boat Venn sank a trawler, its third strike since it deployed on May 2.",
                 {"May 19": "2031-05-19", "May 2": "2031-05-02"}),
        _article(1, "On May 19 the patrol boat Venn sank a trawler held by smugglers off the cape.",
                 {"May 19": "2031-05-19"}),
    )
    assert "date" not in _kinds(cons)


# --- what only one outlet carries ---------------------------------------------------------------------


def test_only_one_outlet_lists_statements_not_scraps_or_paraphrased_quotes():
    a = _article(0, '"We will reopen the Kessing bridge to lorries in May," Mayor Rell told the council. '
                    'She described the closure as "the worst of times". '
                    '"Every family in Tarrow has paid for this delay," a resident said.')
    b = _article(1, "Mayor Rell said the council would reopen the Kessing bridge to lorries in May. "
                    "Traders have lost custom since the closure, the chamber said.")
    comp = compare.compare_event(Event("e1", "test event", ["a0", "a1"]), {"a0": a, "a1": b})
    only = [r["text"] for r in comp["only_one_outlet"] if r["kind"] == "quote"]
    assert not any("reopen" in t for t in only)  # outlet b carries it in its own words
    assert not any(t.startswith("the worst of times") for t in only)  # a scrap, no clause
    assert any("Every family" in t for t in only)
    assert compare.is_statement("Every family in Tarrow has paid for this delay")
    assert not compare.is_statement("the worst of times") and not compare.is_statement("FRIDAY, MAY 9, 2031, 4: 10 PM")


def test_a_planned_date_is_not_compared_with_a_past_one():
    """"will open the fair this year" is a plan even though this year is not over."""
    cons = _compare(
        _article(0, "Mayor Quell will open the Brackwater fair this year, the council said.", {"this year": "2031"}),
        _article(1, "Mayor Quell opened the Brackwater fair in 2027, the council said.", {"2027": "2027"}),
    )
    assert "date" not in _kinds(cons)


def test_two_people_doing_and_not_doing_one_thing_is_no_polarity_conflict():
    declined = _with_people(0, "Oren Pask said on Friday that he would not host the Tarrin gala again.", "Oren Pask")
    accepted = _with_people(1, "Dara Venn will host the Tarrin gala again, the board said on Friday.", "Dara Venn")
    assert "polarity" not in _kinds(_compare(declined, accepted))
    same = _with_people(1, "Oren Pask will host the Tarrin gala again, the board said on Friday.", "Oren Pask")
    assert "polarity" in _kinds(_compare(declined, same))
