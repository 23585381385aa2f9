"""Whole numbers in words, in the form a phrase needs: English by our own speller, other languages by num2words.

num2words (LGPL-2.1, pinned to 0.5.14) gives only the counting form ("eins", "uno", "un"); the
gender or case a noun asks for ("eine Wiederholung", "una serie", "veintiún segundos", "vingt et une
secondes") comes from the small corrections below, checked against CLDR's spell-out rules.
"""

from __future__ import annotations

import re

FORMS = ("count", "m", "f", "n", "compound", "m/acc", "f/acc", "n/acc", "m/dat", "f/dat", "n/dat")
"""How a number is spelt: count (counting, or standing alone: one, eins, uno, un); m, f, n before a noun of
that gender; compound, German's uninflected "ein" (einmal, ein bis zwei); and German's cases for 1."""

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

_DE_ONE = {
    "m": "ein",
    "n": "ein",
    "f": "eine",
    "compound": "ein",
    "m/acc": "einen",
    "n/acc": "ein",
    "f/acc": "eine",
    "m/dat": "einem",
    "n/dat": "einem",
    "f/dat": "einer",
}
"""German 1 before a noun, by gender and case (num2words says only "eins")."""


def english(n: int) -> str:
    """A whole number from 0 to 999,999 in English words: 21 -> 'twenty-one', 101 -> 'one hundred one'."""
    if n < 0:
        return "minus " + english(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {english(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{english(thousands)} thousand" + (f" {english(rest)}" if rest else "")
    return str(n)


def spell(n: int, language: str, form: str = "count") -> str:
    """n in words in `language`, in the form the phrase needs (one of FORMS; English has only one form).

    English keeps voiceguide's own speller ("one hundred one"), not num2words' British "one hundred and one".
    """
    if language == "en":
        return english(n)
    from num2words import num2words  # imported on first use: about 60 ms, and only for other languages

    text = str(num2words(n, lang=language))
    fix = _FIXES.get(language)
    return fix(n, text, form) if fix else text


def _german(n: int, text: str, form: str) -> str:
    if re.match(r"ein(hundert|tausend)", text):
        text = text[3:]  # said "hundert", "tausend"
    if n == 1 and form != "count":
        return _DE_ONE[form]
    if form != "count" and n > 100 and n % 100 == 1 and text.endswith("eins"):
        return text[:-1]  # before a plural noun the last "ein" has no ending: "hundertein Wiederholungen"
    return text


def _spanish(n: int, text: str, form: str) -> str:
    # num2words says "veintiuno mil" and "treinta y uno mil" (its issue #515); before "mil" it is "un"
    text = re.sub(r"\bveintiuno(?= mil\b| mill)", "veintiún", text)
    text = re.sub(r"\buno(?= mil\b| mill)", "un", text)
    if form == "m":
        text = re.sub(r"\bveintiuno$", "veintiún", text)
        text = re.sub(r"\buno$", "un", text)
    elif form == "f":
        text = re.sub(r"\bveintiuno$", "veintiuna", text)
        text = re.sub(r"\buno$", "una", text)
        text = re.sub(r"ientos\b(?! mill)", "ientas", text)  # doscientas; "ciento" never changes
    return text


def _french(n: int, text: str, form: str) -> str:
    if form == "f":
        text = re.sub(r"\bun$", "une", text)  # une, vingt et une, quatre-vingt-une, cent une
    return text


_FIXES = {"de": _german, "es": _spanish, "fr": _french}


def year(n: int, language: str) -> str:
    """A year as people say it: 2013 -> 'twenty thirteen', 1996 -> 'nineteen ninety-six', 'zweitausenddreizehn'."""
    if language != "en":
        from num2words import num2words

        return str(num2words(n, lang=language, to="year"))
    century, rest = divmod(n, 100)
    if century == 20 and rest < 10:
        return english(n)
    return f"{english(century)} {'hundred' if rest == 0 else ('oh ' + english(rest) if rest < 10 else english(rest))}"
