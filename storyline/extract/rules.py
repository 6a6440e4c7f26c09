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


def match_rule(text: str, actions: tuple[str, ...] = ("drop", "cut", "embed")) -> Rule | None:
    """First rule of the given actions matching ``text`` (a clean line)."""
    sample = text[:1000]
    for rule in load_rules():
        if rule.action in actions and rule.pattern.search(sample):
            return rule
    return None


def strip_prefix(text: str) -> int:
    """Length of a boilerplate prefix glued to the start of ``text`` (0 if none)."""
    for rule in load_rules():
        if rule.action == "prefix":
            match = rule.pattern.match(text)
            if match:
                return match.end()
    return 0
