"""Boilerplate rules as data (``boilerplate_rules.tsv``): widget wording shared by outlets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Rule:
    reason: str
    action: str  # drop | cut | embed | signature | prefix | inline
    pattern: re.Pattern[str]
    triggers: re.Pattern[str] | None = None  # the regex runs only on lines containing one

    def applies(self, text: str, lowered: str) -> re.Match[str] | None:
        if self.triggers is not None and not self.triggers.search(lowered):
            return None
        return self.pattern.search(text)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    text = resources.files(__package__).joinpath("boilerplate_rules.tsv").read_text("utf-8")
    rules = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        reason, action, pattern, *rest = raw.split("\t")
        words = [t for t in rest[0].split(",") if t] if rest else []
        triggers = re.compile("|".join(re.escape(w) for w in words)) if words else None
        rules.append(Rule(reason, action, re.compile(pattern, re.IGNORECASE), triggers))
    return tuple(rules)


def match_rule(text: str, actions: tuple[str, ...] = ("drop", "cut", "embed")) -> Rule | None:
    """First rule (file order) of the given actions matching ``text`` (a clean line)."""
    sample = text[:1000]
    lowered = sample.lower()
    for rule in load_rules():
        if rule.action in actions and rule.applies(sample, lowered):
            return rule
    return None


def inline_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that inline rules delete (sorted, non-overlapping)."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for rule in load_rules():
        if rule.action == "inline" and (rule.triggers is None or rule.triggers.search(lowered)):
            spans.extend(m.span() for m in rule.pattern.finditer(text) if m.end() > m.start())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def strip_prefix(text: str) -> int:
    """Length of a boilerplate prefix glued to the start of ``text`` (0 if none)."""
    for rule in load_rules():
        if rule.action == "prefix":
            match = rule.pattern.match(text)
            if match:
                return match.end()
    return 0
