import pytest

from voiceguide.coaching import numbers as words


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (115, "one hundred fifteen"),
        (1000, "one thousand"),
        (2026, "two thousand twenty-six"),
    ],
)
def test_number(n: int, text: str) -> None:
    assert words.number(n) == text


@pytest.mark.parametrize(
    "ms, text",
    [
        (30_000, "thirty seconds"),
        (1_000, "one second"),
        (60_000, "one minute"),
        (90_000, "one minute thirty seconds"),
        (2_500, "two and a half seconds"),
        (15_000, "fifteen seconds"),
        (120_000, "two minutes"),
    ],
)
def test_seconds(ms: int, text: str) -> None:
    assert words.seconds(ms) == text


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("8-10 reps", "eight to ten reps"),
        ("a 45 degree angle", "a forty-five degree angle"),
        ("no digits", "no digits"),
        ("3 - 4 reps", "three to four reps"),
    ],
)
def test_speakable_spells_out_digits_and_ranges(text: str, spoken: str) -> None:
    assert words.speakable(text) == spoken


def test_minutes_round_and_never_say_zero() -> None:
    assert words.minutes(12 * 60_000 + 20_000) == "about twelve minutes"
    assert words.minutes(40_000) == "about one minute"
    assert words.minutes(20_000) == "under a minute"
