"""Numbers and lengths as words, so speech engines never stumble on digits or ranges."""

from __future__ import annotations

import re

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number(n: int) -> str:
    """A whole number from 0 to 999,999 in English words: 21 -> 'twenty-one'."""
    if n < 0:
        return "minus " + number(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{number(thousands)} thousand" + (f" {number(rest)}" if rest else "")
    return str(n)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'one rep', 'eight reps'."""
    return f"{number(n)} {noun if n == 1 else (plural or noun + 's')}"


def seconds(ms: int) -> str:
    """A length in words: 30000 -> 'thirty seconds', 2500 -> 'two and a half seconds'."""
    half = (ms % 1000) >= 250 and (ms % 1000) < 750
    whole = ms // 1000 + (1 if ms % 1000 >= 750 else 0)
    mins, secs = divmod(whole, 60)
    parts = [count(mins, "minute")] if mins else []
    if half and not secs:
        parts.append("and half a second" if mins else "half a second")
    elif half:
        parts.append(f"{number(secs)} and a half seconds")
    elif secs or not mins:
        parts.append(count(secs, "second"))
    return " ".join(parts)


def minutes(total_ms: int) -> str:
    """A rounded length in minutes: 'about twelve minutes', 'under a minute'."""
    mins = round(total_ms / 60000)
    if mins < 1:
        return "under a minute"
    return "about " + count(mins, "minute")


def ordinal_of(n: int, of: int, noun: str) -> str:
    """'set two of three'."""
    return f"{noun} {number(n)} of {number(of)}"


def year(n: int) -> str:
    """A year as people say it: 2013 -> 'twenty thirteen', 1996 -> 'nineteen ninety-six'."""
    century, rest = divmod(n, 100)
    if century == 20 and rest < 10:
        return number(n)
    return f"{number(century)} {'hundred' if rest == 0 else ('oh ' + number(rest) if rest < 10 else number(rest))}"


def speakable(text: str) -> str:
    """Text with digits and ranges spelt out: '8-10 reps' -> 'eight to ten reps'."""

    def rng(m: re.Match[str]) -> str:
        return f"{number(int(m.group(1)))} to {number(int(m.group(2)))}"

    text = re.sub(r"\b(\d{1,6})\s*-\s*(\d{1,6})\b", rng, text)
    text = re.sub(r"\b(1[1-9]|20)(\d\d)\b", lambda m: year(int(m.group())), text)
    return re.sub(r"\b\d{1,6}\b", lambda m: number(int(m.group())), text)
