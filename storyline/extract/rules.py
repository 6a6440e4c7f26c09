"""Boilerplate rules as data (``boilerplate_rules.tsv``): widget wording shared by outlets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Rule:
    reason: str
    action: str  # drop | cut | embed | prefix
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    text = resources.files(__package__).joinpath("boilerplate_rules.tsv").read_text("utf-8")
    rules = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        reason, action, pattern = raw.split("\t", 2)
        rules.append(Rule(reason, action, re.compile(pattern, re.IGNORECASE)))
    return tuple(rules)


@lru_cache(maxsize=8)
def _combined(actions: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, Rule]]:
    """All rules of ``actions`` in one alternation (one regex pass per line)."""
    rules = {f"r{i}": rule for i, rule in enumerate(load_rules()) if rule.action in actions}
    pattern = "|".join(f"(?P<{name}>{rule.pattern.pattern})" for name, rule in rules.items())
    return re.compile(pattern or r"(?!)", re.IGNORECASE), rules


def match_rule(text: str, actions: tuple[str, ...] = ("drop", "cut", "embed")) -> Rule | None:
    """A rule of the given actions matching ``text`` (a clean line), if any."""
    pattern, rules = _combined(actions)
    match = pattern.search(text[:1000])
    return rules[match.lastgroup] if match and match.lastgroup else None


def inline_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that inline rules delete (sorted, non-overlapping)."""
    spans: list[tuple[int, int]] = []
    for rule in load_rules():
        if rule.action == "inline":
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
