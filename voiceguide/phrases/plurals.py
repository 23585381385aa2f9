"""Plural categories by CLDR's rules, through Babel: which form of a phrase a number takes."""

from __future__ import annotations

import functools
from typing import Callable

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories."""
_SAMPLES = (*range(0, 1001), *range(1000, 1_000_000, 1000))
"""The whole numbers a workout can say, enough to meet every category a language gives them."""


def _english(n: int) -> str:
    return "one" if n == 1 else "other"  # CLDR's English rule for whole numbers (a test compares it with Babel's)


@functools.lru_cache(maxsize=None)
def _rule(language: str) -> Callable[[int], str]:
    if language == "en":
        return _english
    from babel import Locale  # imported on first use: about 0.1 s, and only for other languages

    rule: Callable[[int], str] = Locale.parse(language).plural_form
    return rule


def category(language: str, n: int) -> str:
    """The CLDR plural category of n in the language: 'one', 'other', ... (French 0 is 'one')."""
    return _rule(language)(n)


@functools.lru_cache(maxsize=None)
def categories(language: str) -> frozenset[str]:
    """Every plural category the language has ('other' included)."""
    if language == "en":
        return frozenset({"one", "other"})
    from babel import Locale

    return frozenset(Locale.parse(language).plural_form.tags) | {"other"}


@functools.lru_cache(maxsize=None)
def whole_number_examples(language: str) -> dict[str, tuple[int, ...]]:
    """For each category that the whole numbers up to 999,999 take: those numbers, in order."""
    found: dict[str, list[int]] = {}
    for n in _SAMPLES:
        found.setdefault(category(language, n), []).append(n)
    return {name: tuple(numbers) for name, numbers in found.items()}
