"""Boilerplate rules as data (``boilerplate_rules.tsv``): widget wording shared by outlets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Rule:
    reason: str
    action: str  # drop | cut | embed | signature | prefix | inline
    pattern: re.Pattern[str]
    triggers: tuple[str, ...] = ()  # the regex runs only on lines containing one (none: always)

    def triggered(self, lowered: str) -> bool:
        """Whether the lower-cased line holds a trigger word (plain substring tests are
        several times cheaper than the regex, which most prose lines never need)."""
        return not self.triggers or any(word in lowered for word in self.triggers)

    def applies(self, text: str, lowered: str) -> re.Match[str] | None:
        if not self.triggered(lowered):
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
        triggers = tuple(t for t in rest[0].split(",") if t) if rest else ()
        rules.append(Rule(reason, action, re.compile(pattern, re.IGNORECASE), triggers))
    return tuple(rules)


def match_rule(text: str, actions: tuple[str, ...] = ("drop", "cut", "embed")) -> Rule | None:
    """First rule (file order) of the given actions matching ``text`` (a clean line).

    Runs on every line of every page, so the loop is kept flat (no generator per rule).
    """
    sample = text[:1000]
    lowered = sample.lower()
    for action, search, triggers, rule in _flat_rules():
        if action not in actions:
            continue
        if triggers:
            for word in triggers:
                if word in lowered:
                    break
            else:
                continue
        if search(sample):
            return rule
    return None


@lru_cache(maxsize=1)
def _flat_rules() -> tuple[tuple[str, Callable[[str], re.Match[str] | None], tuple[str, ...], Rule], ...]:
    return tuple((rule.action, rule.pattern.search, rule.triggers, rule) for rule in load_rules())


def inline_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that inline rules delete (sorted, non-overlapping)."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for rule in _rules_of("inline"):
        if rule.triggered(lowered):
            spans.extend(m.span() for m in rule.pattern.finditer(text) if m.end() > m.start())
    if not spans:
        return spans
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
    for rule in _rules_of("prefix"):
        match = rule.pattern.match(text)
        if match:
            return match.end()
    return 0


@lru_cache(maxsize=8)
def _rules_of(action: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in load_rules() if rule.action == action)
