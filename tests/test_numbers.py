"""Numbers and lengths in words: voiceguide's English speller, and num2words' words in the form a noun needs."""

import pytest

from voiceguide.coaching.words import ENGLISH, Words
from voiceguide.phrases import load_pack
from voiceguide.phrases.numbers import english, spell


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
        (101, "one hundred one"),
        (115, "one hundred fifteen"),
        (1000, "one thousand"),
        (1100, "one thousand one hundred"),
        (2026, "two thousand twenty-six"),
    ],
)
def test_english_keeps_its_own_words(n: int, text: str) -> None:
    assert english(n) == text
    assert spell(n, "en", "f") == text  # English has one form


@pytest.mark.parametrize(
    "ms, text",
    [
        (30_000, "thirty seconds"),
        (1_000, "one second"),
        (60_000, "one minute"),
        (90_000, "one minute thirty seconds"),
        (2_500, "two and a half seconds"),
        (1_500, "one and a half seconds"),
        (500, "half a second"),
        (60_500, "one minute half a second"),
        (15_000, "fifteen seconds"),
        (120_000, "two minutes"),
        (750, "one second"),
    ],
)
def test_durations_in_english(ms: int, text: str) -> None:
    assert ENGLISH.duration(ms) == text


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("8-10 reps", "eight to ten reps"),
        ("a 45 degree angle", "a forty-five degree angle"),
        ("no digits", "no digits"),
        ("3 - 4 reps", "three to four reps"),
    ],
)
def test_spoken_text_spells_out_digits_and_ranges(text: str, spoken: str) -> None:
    assert ENGLISH.spoken(text) == spoken


def test_the_length_rounds_to_minutes_and_never_says_zero() -> None:
    assert ENGLISH.length(12 * 60_000 + 20_000) == "This workout takes about twelve minutes."
    assert ENGLISH.length(40_000) == "This workout takes about one minute."
    assert ENGLISH.length(20_000) == "This workout takes under a minute."


@pytest.mark.parametrize(
    "n, language, form, text",
    [
        (1, "de", "count", "eins"),
        (1, "de", "f", "eine"),
        (1, "de", "m", "ein"),
        (1, "de", "m/acc", "einen"),
        (1, "de", "m/dat", "einem"),
        (1, "de", "f/dat", "einer"),
        (1, "de", "compound", "ein"),
        (21, "de", "f", "einundzwanzig"),
        (100, "de", "count", "hundert"),
        (101, "de", "count", "hunderteins"),
        (101, "de", "f", "hundertein"),
        (1, "es", "count", "uno"),
        (1, "es", "m", "un"),
        (1, "es", "f", "una"),
        (21, "es", "m", "veintiún"),
        (21, "es", "f", "veintiuna"),
        (31, "es", "m", "treinta y un"),
        (101, "es", "f", "ciento una"),
        (200, "es", "f", "doscientas"),
        (500, "es", "f", "quinientas"),
        (21000, "es", "count", "veintiún mil"),
        (31000, "es", "count", "treinta y un mil"),
        (1, "fr", "f", "une"),
        (21, "fr", "f", "vingt et une"),
        (81, "fr", "f", "quatre-vingt-une"),
        (101, "fr", "f", "cent une"),
        (21000, "fr", "f", "vingt et un mille"),
        (80, "fr", "count", "quatre-vingts"),
    ],
)
def test_other_languages_get_the_form_the_noun_needs(n: int, language: str, form: str, text: str) -> None:
    assert spell(n, language, form) == text


@pytest.mark.parametrize(
    "language, ms, text",
    [
        ("de", 500, "eine halbe Sekunde"),
        ("de", 1_500, "eineinhalb Sekunden"),
        ("de", 21_000, "einundzwanzig Sekunden"),
        ("de", 90_000, "eine Minute dreißig Sekunden"),
        ("es", 500, "medio segundo"),
        ("es", 1_500, "un segundo y medio"),
        ("es", 21_000, "veintiún segundos"),
        ("es", 101_000, "un minuto y cuarenta y un segundos"),
        ("fr", 500, "une demi-seconde"),
        ("fr", 1_500, "une seconde et demie"),
        ("fr", 2_500, "deux secondes et demie"),
        ("fr", 21_000, "vingt et une secondes"),
    ],
)
def test_durations_in_other_languages(language: str, ms: int, text: str) -> None:
    assert Words(load_pack(language)).duration(ms) == text


def test_digits_in_german_text_and_their_ranges() -> None:
    words = Words(load_pack("de"))
    assert words.spoken("1-2 Minuten, 8-10 Wiederholungen, 21 Mal") == (
        "ein bis zwei Minuten, acht bis zehn Wiederholungen, einundzwanzig Mal"
    )
