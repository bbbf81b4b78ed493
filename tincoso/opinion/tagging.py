"""Topic suggestions that can be explained: phrase rules over folded Vietnamese.

Each topic lists phrases (``Topic.keywords``, one a line). A text and the phrases
are folded (``core.text.fold``: lower case, no diacritics, đ→d), and a phrase
matches where it stands as whole words. A topic's score is the sum of its matched
phrases' weights (the number of words in the phrase, three times that for a phrase
written with a leading ``*``); the best score is suggested, and the page shows the
words of the text that matched ("gợi ý vì: ‘giá điện’, ‘tăng giá’"). Folding keeps
one character for one, so the matched words are cut from the original text.
The officer confirms or picks another topic; nothing is tagged without a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tincoso.core.text import fold, nfc


@dataclass(frozen=True)
class Rule:
    slug: str
    phrase: str
    weight: int
    pattern: re.Pattern[str]


@dataclass
class Suggestion:
    slug: str
    score: int
    because: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _compile(phrase: str) -> re.Pattern[str]:
    words = fold(phrase).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def rules_of(topics: Iterable[tuple[str, Iterable[str]]]) -> list[Rule]:
    """(slug, phrases) pairs → rules; ``*`` before a phrase triples its weight."""
    rules = []
    for slug, phrases in topics:
        for raw in phrases:
            strong = raw.startswith("*")
            phrase = raw.lstrip("*").strip()
            if not phrase:
                continue
            weight = len(phrase.split()) * (3 if strong else 1)
            rules.append(Rule(slug, phrase, weight, _compile(phrase)))
    return rules


def suggest(text: str, rules: list[Rule]) -> list[Suggestion]:
    """Topics whose phrases occur in ``text``, best first (ties keep taxonomy order)."""
    original = nfc(text or "")
    folded = fold(original)
    found: dict[str, Suggestion] = {}
    for rule in rules:
        for match in rule.pattern.finditer(folded):
            suggestion = found.setdefault(rule.slug, Suggestion(rule.slug, 0))
            suggestion.score += rule.weight
            words = original[match.start():match.end()]
            if words not in suggestion.because:
                suggestion.because.append(words)
    order = {slug: i for i, slug in enumerate(dict.fromkeys(r.slug for r in rules))}
    return sorted(found.values(), key=lambda s: (-s.score, order[s.slug]))


def best(text: str, rules: list[Rule]) -> Suggestion | None:
    ranked = suggest(text, rules)
    return ranked[0] if ranked else None


def taxonomy_rules() -> list[Rule]:
    """The rules of the active topics in the database."""
    from tincoso.opinion.models import Topic

    return rules_of((t.slug, t.phrases()) for t in Topic.objects.filter(active=True))
