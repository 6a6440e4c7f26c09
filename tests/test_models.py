"""The shared spaCy pipeline: a paragraph break always ends a sentence."""

from __future__ import annotations

from storyline.models import get_nlp


def test_paragraph_break_ends_a_sentence():
    text = ("Harbor board votes to close Quay Road\n\nThe board voted on Monday. Members said the road was unsafe."
            "\n\nA caption line without a full stop\n\nThe vote was six to one.")
    sents = [s.text.strip() for s in get_nlp()(text).sents]
    assert sents == [
        "Harbor board votes to close Quay Road",
        "The board voted on Monday.",
        "Members said the road was unsafe.",
        "A caption line without a full stop",
        "The vote was six to one.",
    ]


def test_pipeline_is_loaded_once_with_the_component():
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names.index("paragraph_breaks") < get_nlp().pipe_names.index("parser")
