"""The numbers a report gives (death tolls, magnitudes, ages, sums): a sparse vector.

Two reports of one happening repeat its figures ("6.1", "12 people", "$160
million"); a report of another happening of the same kind gives other figures.
Years are left out (the term vector already weighs them) and so are 0 and 1.
Single digits are everywhere (counts of days, ranks), so they weigh less than
longer, more specific figures.  Spelled-out small numbers count as digits.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from storyline.link.features import Sparse, term_hash

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_WORD = re.compile(r"[a-z]+")
_SPELLED = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
SINGLE_DIGIT_WEIGHT = 0.3


def _weight(value: str) -> float:
    """Longer figures are more specific: 7 weighs 0.3, 12 weighs 1.0, 160 1.3, 4,000+ 1.9."""
    return SINGLE_DIGIT_WEIGHT if len(value) == 1 else 1.0 + 0.3 * min(3, len(value.replace(".", "")) - 2)


def number_vector(text: str) -> Sparse:
    counts: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        value = m.group(1).replace(",", "")
        if not _YEAR.match(value) and value not in ("0", "1"):
            counts[value] += 1
    for word in _WORD.findall(text.lower()):
        value = _SPELLED.get(word)
        if value is not None and value not in ("0", "1"):
            counts[value] += 1
    return Sparse.from_counter(
        {term_hash("n:" + value): (1.0 + math.log(n)) * _weight(value) for value, n in counts.items()}
    )
