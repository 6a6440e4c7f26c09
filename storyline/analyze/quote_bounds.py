"""Where an indirect content stops: one reported clause per attribution.

The parse often hangs a second reporting verb inside the first one's complement:
"Doe said the plan had failed and accused the mayor of lying" comes out with
"accused" conjoined to "failed", so the complement of "said" runs to the end of
the sentence and swallows a second attribution ("accused … of lying").  A reader,
and PolNeAR, see two attributions there: the second verb has a content of its
own.  So a content ends before a conjunct verb inside it that is itself a cue with
a content; the conjunct's attribution then stands on its own instead of being
dropped as nested in the first, and a conjunct with no subject of its own shares
the first cue's source (the parse would have it inherit the inner clause's subject).
"""

from __future__ import annotations

from storyline.analyze.quote_frames import SUBJECT_DEPS, Cue

# words left dangling at the end of a content cut before a conjunct
_CONNECTIVES = frozenset(["and", "but", "or", "while", "whereas", ",", ";", "—", "–", "-"])


def cut_at_conjoined_cues(doc, cues: list[Cue]) -> None:
    """Shorten, in place, each cue's content that holds another cue's verb coordinated
    with a word of that content (``conj``), when that other cue has a content of its own."""
    by_token = {c.token_i: c for c in cues if c.token_i >= 0 and c.content}
    for cue in cues:
        if not cue.content:
            continue
        lo, hi = cue.content
        cut = None
        for tok_i, other in by_token.items():
            if other is cue:
                continue
            verb = doc[tok_i]
            if not (lo <= verb.idx < hi) or verb.dep_ != "conj" or not (lo <= verb.head.idx < hi):
                continue
            if other.content[0] < verb.idx:
                continue  # the other content is not after its verb: not a clause of its own
            first = verb.left_edge.i
            cut = first if cut is None else min(cut, first)
            if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
                # "Doe said A and accused B": Doe accused, not A's subject
                other.source, other.source_token = cue.source, cue.source_token
        if cut is None:
            continue
        end_i = cut
        while end_i > 0 and (doc[end_i - 1].lower_ in _CONNECTIVES or doc[end_i - 1].is_space) and doc[end_i - 1].idx > lo:
            end_i -= 1
        if end_i <= 0 or doc[end_i - 1].idx < lo:
            continue
        end = doc[end_i - 1].idx + len(doc[end_i - 1].text)
        if end > lo:
            cue.content = (lo, min(end, hi))
