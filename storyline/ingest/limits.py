"""Size and time limits applied to every input, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one input may cost.

    ``max_bytes`` caps a file or a download *after* decompression, so a small
    gzip bomb is refused as surely as a large file.
    """

    max_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 15.0
    max_redirects: int = 5
