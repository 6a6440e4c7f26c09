"""Ingest: turn what the user points at into RawDocuments, one bad input at a time.

Inputs are files, folders (walked recursively), ``-`` for standard input and
``http(s)://`` URLs.  Every problem with one input becomes an :class:`InputError`
(one line naming the input and the reason) and the rest of the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.ingest.files import iter_path, read_stdin
from storyline.ingest.limits import Limits
from storyline.ingest.web import fetch_url, is_url
from storyline.model import InputError, RawDocument

__all__ = ["iter_inputs", "Limits"]


def iter_inputs(
    inputs: Iterable[str], *, allow_private: bool = False, limits: Limits | None = None
) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument for every article found, an InputError for every bad input."""
    limits = limits or Limits()
    for spec in inputs:
        if spec == "-":
            yield from read_stdin(limits)
        elif is_url(spec):
            yield from fetch_url(spec, allow_private=allow_private, limits=limits)
        else:
            yield from iter_path(spec, limits, allow_private)
