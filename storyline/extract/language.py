"""Language identification (py3langid), so non-English articles are flagged."""

from __future__ import annotations

_SAMPLE_CHARS = 1000  # enough for news prose; cost grows with length


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (first few thousand chars), None if too short."""
    import py3langid

    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
