"""Which verbs attribute content to a source: a small learned scorer over the parse.

News attributes far more than speech: "X endorsed Y", "X sees a risk", "polls
show …".  The word lists in ``quote_data/`` cover the common cues; this scorer
generalises them, and also judges nouns and adjectives with a complement
("support for", "critical of").  Each candidate verb gets sparse features (its lemma, the
complement it governs, its subject's kind, whether a word list knows it) and a
logistic-regression weight table trained on PolNeAR's training split by
``python -m storyline.analyze.quote_train`` turns them into a probability.
The weights ship as ``quote_data/cue_model.json``; without that file the
scorer returns None and only the word lists decide.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from storyline.analyze import quote_roles as roles

MODEL_FILE = "cue_model.json"


def complement(tok) -> tuple[str, object] | None:
    """The complement that would be the content, by priority: clause, infinitive, object, prepositional object."""
    children = list(tok.children)
    for c in children:
        if c.dep_ == "ccomp":
            return "ccomp", c
    for c in children:
        if c.dep_ == "xcomp" and c.i > tok.i:
            return "xcomp", c
    for c in children:
        if c.dep_ == "dobj" and c.i > tok.i:
            return "dobj", c
    if any(c.dep_ == "agent" for c in children):
        for c in children:
            if c.dep_ == "nsubjpass" and c.i < tok.i and c.lower_ not in ("who", "which", "that"):
                return "passive", c  # "the plan was praised by Doe": the plan is the content
    for c in children:
        if c.dep_ == "prep" and c.i > tok.i and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return "prep:" + c.lower_, c
    return None


def _subject_kind(subj) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron:" + subj.lower_
    if subj.ent_type_:
        return "ent:" + subj.ent_type_
    return "noun"


def _length_bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "20+"


def features(tok, subj, comp: tuple[str, object] | None) -> list[str]:
    """Sparse features of a candidate cue verb, its subject and its complement."""
    lemma = tok.lemma_.lower()
    comp_kind = comp[0] if comp else None
    feats = [
        "bias",
        "lemma=" + lemma,
        "dep=" + tok.dep_,
        "tag=" + tok.tag_,
        "comp=" + str(comp_kind),
        "lemma_comp=" + lemma + "|" + str(comp_kind),
        "subj=" + _subject_kind(subj),
        "lemma_subj=" + lemma + "|" + ("none" if subj is None else "some"),
    ]
    if comp is not None:
        node = comp[1]
        size = node.right_edge.i - node.left_edge.i + 1
        feats.append("comp_len=" + _length_bucket(size))
        feats.append("comp_pos=" + node.pos_)
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
            feats.append("comp_that")
    if subj is not None and subj.pos_ != "PROPN" and not subj.ent_type_:
        # common nouns only ("officials", "poll"): no weights for particular names
        feats.append("subj_lemma=" + subj.lemma_.lower())
    if lemma in roles.speech_verbs():
        feats.append("list=speech")
    if lemma in roles.object_cues():
        feats.append("list=object")
    if lemma in roles.xcomp_cues():
        feats.append("list=xcomp")
    feats += _context_features(tok, lemma, subj, comp)
    if any(c.dep_ == "neg" for c in tok.children):
        feats.append("neg")
    if any(c.dep_ == "auxpass" for c in tok.children):
        feats.append("passive")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children):
        feats.append("modal")
    return feats


def _context_features(tok, lemma: str, subj, comp: tuple[str, object] | None) -> list[str]:
    """Where the verb sits and what its complement says: attribution verbs head
    the main clause, take a named or official subject, and govern a clause with
    its own subject and verb; "want to win" differs from "want a sandwich"."""
    feats = ["subj_pos=" + ("none" if subj is None else subj.pos_)]
    if subj is not None and subj.ent_type_:
        feats.append("lemma_ent=" + lemma + "|" + subj.ent_type_)
    head_dep = tok.head.dep_ if tok.head is not tok else "self"
    feats.append("head_dep=" + tok.dep_ + "|" + head_dep)
    if tok.dep_ != "ROOT" and tok.head is not tok:
        feats.append("head_lemma_list=" + str(tok.head.lemma_.lower() in roles.cue_lemmas()))
    feats.append("sent_pos=" + ("first" if tok.i - tok.sent.start <= 3 else "late" if tok.sent.end - tok.i <= 3 else "mid"))
    if comp is not None:
        kind, node = comp
        clemma = node.lemma_.lower()
        feats.append("comp_head=" + kind + "|" + clemma)
        feats.append("lemma_comp_head=" + lemma + "|" + clemma)
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            feats.append("comp_has_subj=" + kind)
        if any(c.tag_ == "MD" for c in node.children):
            feats.append("comp_modal")
        if clemma in roles.cue_lemmas():
            feats.append("comp_is_cue")
    return feats


# prepositions that introduce what a nominal cue is about: "support for", "attacks on"
NOUN_PREPS = frozenset(["of", "about", "on", "for", "against", "over"])


def noun_complement(tok) -> tuple[str, object] | None:
    """The content of a candidate nominal cue: a "that" clause ("the claim that …")
    or a prepositional object ("criticism of the plan", "support for Doe")."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp") and c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            return "that", c
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i and c.lower_ in NOUN_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return "prep:" + c.lower_, c
    if tok.pos_ == "ADJ":
        for c in tok.children:
            if c.dep_ == "xcomp" and c.i > tok.i:
                return "xcomp", c  # "willing to negotiate"
    return None


def noun_source(tok):
    """Who holds a nominal cue: its possessor ("Doe's claim"), its "by" agent ("a
    report by the agency"), or the subject of the verb it is the object of ("Doe
    voiced support for …", "Doe came out in support of …")."""
    from storyline.analyze.quote_frames import subject_of  # a cycle at import time otherwise

    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    head = tok.head
    if tok.dep_ in ("acomp", "oprd") and head.pos_ in ("VERB", "AUX"):
        return subject_of(head)  # "Doe is critical of the plan"
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head is not head:
        head = head.head
    elif tok.dep_ != "dobj":
        return None
    if head.pos_ in ("VERB", "AUX"):
        return subject_of(head)
    return None


def noun_features(tok, src, comp: tuple[str, object]) -> list[str]:
    """Sparse features of a candidate nominal cue (prefixed, so they never mix with the verbs')."""
    lemma = tok.lemma_.lower()
    kind, node = comp
    size = node.right_edge.i - node.left_edge.i + 1
    src_rel = "none" if src is None else "poss" if src.dep_ == "poss" else "by" if src.head.lower_ == "by" else "verb"
    feats = [
        "bias",
        "noun" if tok.pos_ == "NOUN" else "adj",
        "n_lemma=" + lemma,
        "n_comp=" + kind,
        "n_lemma_comp=" + lemma + "|" + kind,
        "n_dep=" + tok.dep_,
        "n_src=" + src_rel,
        "n_src_kind=" + _subject_kind(src),
        "n_comp_len=" + _length_bucket(size),
    ]
    if tok.head is not tok:
        feats.append("n_head=" + tok.head.lemma_.lower())
    if lemma in roles.noun_cues():
        feats.append("list=noun")
    if tok.tag_ == "NNS":
        feats.append("n_plural")
    return feats


@lru_cache(maxsize=None)
def load_model() -> dict | None:
    try:
        raw = resources.files("storyline.analyze.quote_data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return json.loads(raw)


def probability(feats: list[str]) -> float | None:
    model = load_model()
    if model is None:
        return None
    weights = model["weights"]
    z = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold() -> float:
    model = load_model()
    return float(model["threshold"]) if model else 0.5
