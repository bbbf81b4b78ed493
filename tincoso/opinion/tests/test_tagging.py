"""Topic suggestions: accuracy on the labelled set, explanations, folding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tincoso.opinion.seeds import SEED_TOPICS
from tincoso.opinion.tagging import Rule, best, rules_of, suggest

LABELLED = Path(__file__).with_name("labelled_topics.jsonl")
MIN_ACCURACY = 0.9


def seed_rules() -> list[Rule]:
    return rules_of((slug, phrases) for slug, _name, phrases in SEED_TOPICS)


def accuracy() -> tuple[int, int]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    rules = seed_rules()
    right = 0
    for row in rows:
        top = best(row["text"], rules)
        right += top is not None and top.slug == row["topic"]
    return right, len(rows)


def test_the_labelled_set_is_big_and_covers_every_topic() -> None:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert {r["topic"] for r in rows} == {slug for slug, _n, _p in SEED_TOPICS}


def test_the_seed_rules_tag_the_labelled_set_accurately() -> None:
    right, total = accuracy()
    assert right / total >= MIN_ACCURACY, f"{right}/{total}"


def test_a_suggestion_says_which_words_of_the_text_suggested_it() -> None:
    top = best("Người dân lo vì giá điện tháng này, ai cũng nói tăng giá", seed_rules())
    assert top is not None and top.slug == "gia-ca"
    assert top.because == ["giá điện", "tăng giá"]


def test_text_typed_without_diacritics_matches_and_is_quoted_as_typed() -> None:
    top = best("nha toi bi mat trom xe may dem qua", seed_rules())
    assert top is not None and top.slug == "an-ninh"
    assert top.because == ["trom"]


def test_phrases_match_whole_words_only() -> None:
    # "giáo" inside "tuyên giáo" is not the education phrase "giáo viên", and "bão"
    # alone (a newspaper: "báo") suggests no storm.
    assert suggest("Ban tuyên giáo đã báo cáo", seed_rules()) == []


@pytest.mark.parametrize("text,slug", [
    ("Có tin đồn giá điện sắp tăng gấp đôi", "tin-gia"),
    ("Bà con lo giá điện tăng", "gia-ca"),
])
def test_a_rumour_outweighs_its_subject(text: str, slug: str) -> None:
    top = best(text, seed_rules())
    assert top is not None and top.slug == slug
