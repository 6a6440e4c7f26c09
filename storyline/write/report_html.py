"""The self-contained HTML report (one file: inline CSS, no scripts, no external assets).

Article text is hostile input: everything is rendered through Jinja2 with
autoescaping on, a Content-Security-Policy forbids scripts and remote loads,
and article URLs are only linked when they are http(s).  Missing keys render
as empty (a partial document still gives a report).  A citation is a
superscript link to its entry under "Sources cited"; its tooltip shows the
cited source words.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlparse

from markupsafe import Markup, escape

from storyline.write.markdown import build_view


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("storyline.write", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=False,
    )
    return env.get_template("report.html")


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    return url if urlparse(url).scheme in ("http", "https") else None


def render(doc: dict) -> str:
    """The export document as one HTML page."""
    view = build_view(doc)
    quotes = {c["n"]: c for c in view["citations"]}

    def cite(n: int) -> Markup:
        c = quotes.get(n, {})
        tip = f"{c.get('outlet', '')}: {c.get('quote', '')}"
        return Markup('<a class="cite" href="#cite-{n}" title="{tip}">[{n}]</a>').format(n=int(n), tip=escape(tip))

    for st in view["stories"]:
        for ev in st["events"]:
            for src in ev["sources"]:
                src["url"] = _safe_url(src.get("url"))
    return _template().render(view=view, cite=cite, st_index=0)
