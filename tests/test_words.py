"""The coach's words: every text from a phrase pack or the routine file, the routine file's phrases by scope,
cues turned off, and each language's voice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT, SEED
from voiceguide.coaching import Chapter, Say, Window, compile_routine
from voiceguide.coaching.words import Words, words_for
from voiceguide.errors import SynthesisError
from voiceguide.phrases import Pack, Phrase, load_pack
from voiceguide.phrases.templates import Slot, Template
from voiceguide.routine import Exercise, Rest, Routine, load_collection, parse_collection
from voiceguide.settings import VoiceSettings
from voiceguide.sounds import SpeechKey
from voiceguide.speech.engine import check_language
from voiceguide.speech.pyttsx3_worker import resolve_voice

EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
MARK = re.compile(r"⟦[a-z_]+:([^⟦⟧]*)⟧")


class Sentinel(Pack):
    """A pack whose every template only names itself and its placeholders, and whose numbers are '#n'."""

    def number(self, n: int, form: str) -> str:
        return f"#{n}"


def marked(name: str, phrase: Phrase) -> Phrase:
    def mark(template: Template) -> Template:
        slots = [p for p in template.parts if isinstance(p, Slot)]
        parts: list[str | Slot] = [f"⟦{name}:"]
        for slot in slots:
            parts += [slot, "|"]
        return Template((*parts, "⟧"))

    return Phrase(tuple((key, mark(t)) for key, t in phrase.forms), phrase.count, phrase.gender)


def sentinel(language: str) -> Words:
    pack = load_pack(language)
    phrases = {name: marked(name, phrase) for name, phrase in pack.phrases.items()}
    sides = (("right", "<right>"), ("left", "<left>"))
    return Words(Sentinel(language, pack.name, pack.code3, phrases, sides, pack.lower_cues))


def peel(text: str) -> str:
    """The text with every phrase mark replaced by what was put into it."""
    while (inner := MARK.sub(lambda m: f" {m.group(1).replace('|', ' ')} ", text)) != text:
        text = inner
    return text


def routine_texts(routine: Routine) -> set[str]:
    """Every text the routine file gives this routine: names, instructions, cues and its phrases' own words."""
    texts = {routine.title, routine.coach, routine.credit, routine.intro, routine.outro}
    for section in routine.sections:
        texts.add(section.title)
        for step in section.steps:
            texts |= {step.say}
            if isinstance(step, Exercise):
                texts |= {step.name, step.how, step.set_rest_say, step.set_name, *(step.side_names or ())}
                texts |= {c.say for c in step.cues}
                texts |= {p.say for p in getattr(step.work, "phases", ())}
                texts |= {c.say for c in getattr(step.work, "cycle", ())}
    overrides = [routine.phrases] + [s.phrases for s in routine.sections]
    overrides += [step.phrases for s in routine.sections for step in s.steps]
    for level in overrides:
        for _, phrase in level:
            texts |= {p for _, t in phrase.forms for p in t.parts if isinstance(p, str)}
    return {t for t in texts if t}


def leftover(text: str, fragments: list[str], numbers: str) -> str:
    """What is left of a text once marks, the routine file's texts, numbers and sides are taken out."""
    text = peel(text)
    for fragment in fragments:
        text = text.replace(fragment, " ")
    return re.sub(rf"{numbers}|<right>|<left>", " ", text).strip()


def foreign_texts(routine: Routine, words: Words) -> list[str]:
    """Every spoken text, chapter title and label of the routine that holds words from neither source."""
    texts = routine_texts(routine)
    fragments = set(texts)
    for text in texts:
        spoken = peel(words.spoken(text))
        fragments |= {spoken, spoken.rstrip(".!"), words._mid_sentence(spoken.rstrip(".!"))}
    ordered = sorted({f.strip() for f in fragments if f.strip()}, key=len, reverse=True)
    foreign = []
    for brief in ("full", "brief"):
        for item in compile_routine(routine, brief, words.within(routine.phrases)).items:
            spoken = [item.text] if isinstance(item, Say) else []
            spoken += [c.text for c in item.cues] if isinstance(item, Window) else []
            shown = [item.title] if isinstance(item, Chapter) else [item.label] if isinstance(item, Window) else []
            foreign += [t for t in spoken if leftover(t, ordered, r"#\d+")]
            foreign += [t for t in shown if leftover(t, ordered, r"\d+")]
    return foreign


def every_routine() -> list[tuple[str, Routine]]:
    found = [(r.id, r) for r in load_collection(SEED).routines]
    return found + [(r.id, r) for path in EXAMPLES for r in load_collection(path).routines]


@pytest.mark.parametrize("routine", [r for _, r in every_routine()], ids=[i for i, _ in every_routine()])
def test_every_text_comes_from_a_phrase_pack_or_the_routine_file(routine: Routine) -> None:
    assert foreign_texts(routine, sentinel(routine.language)) == []


def test_the_check_finds_words_written_in_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    routine = load_collection(SEED).routine("yoga-poses-for-lower-back-pain")
    assert routine is not None
    monkeypatch.setattr(Words, "ten_left", lambda self: "Ten seconds left.")
    monkeypatch.setattr(Words, "get_ready_label", lambda self, name: f"{name}: get ready")
    found = set(foreign_texts(routine, sentinel("en")))
    assert found == {
        "Ten seconds left.",
        "Child's pose: get ready",
        "Cat-cow pose: get ready",
        "Supine twist: get ready",
    }


def test_the_examples_are_in_german_and_spanish() -> None:
    languages = sorted(load_collection(p).routines[0].language for p in EXAMPLES)
    assert "de" in languages and "es" in languages


# --- the routine file's phrases, level by level -------------------------------------------------------------

SCOPED = """\
title: T
phrases: {halfway: "Halfway, keep breathing.", rest: "Shake it out."}
routines:
  - id: a
    title: A
    phrases: {rest: "Breathe, {time}.", countdown: ""}
    sections:
      - title: Warm-up
        phrases: {halfway: "Half done."}
        steps:
          - {exercise: Plank, hold: 20s}
          - {exercise: Bridge, hold: 20s, phrases: {halfway: ""}}
      - title: Main
        steps:
          - {exercise: Squat, reps: 2, sets: 2, rest: 5s, phrases: {set: "Round {n} of {total}."}}
          - {rest: 10s}
          - {exercise: Plank, hold: 20s}
  - id: b
    title: B
    steps:
      - {exercise: Squat, reps: 2, sets: 2, rest: 5s}
      - {exercise: Plank, hold: 20s}
"""


def spoken(routine: Routine) -> list[str]:
    texts = []
    for item in compile_routine(routine).items:
        texts += (
            [item.text] if isinstance(item, Say) else [c.text for c in item.cues] if isinstance(item, Window) else []
        )
    return texts


def kinds(routine: Routine) -> set[str]:
    return {c.kind for i in compile_routine(routine).items if isinstance(i, Window) for c in i.cues}


def test_phrases_apply_at_their_level_and_below() -> None:
    a, b = parse_collection(SCOPED.encode(), "t.yaml").routines
    said = spoken(a)
    assert said.count("Half done.") == 1  # the Warm-up's Plank; its Bridge turned 'halfway' off
    assert said.count("Halfway, keep breathing.") == 1  # the Main section's Plank: the collection's phrase
    assert "Round one of two." in said and "Set one of two." not in said  # the Squat's own 'set'
    assert (
        said.count("Breathe, five seconds.") == 1 and "Breathe, ten seconds." in said
    )  # the routine over the collection
    assert "countdown" not in kinds(a) and "countdown" in kinds(b)  # turned off in routine a only
    said_b = spoken(b)
    assert "Shake it out." in said_b and "Halfway, keep breathing." in said_b and "three" in said_b
    assert "Set one of two." in said_b


def test_a_cue_turned_off_leaves_no_sound_and_shortens_the_estimate() -> None:
    base = "title: T\nroutines:\n  - id: a\n    title: A\n    coach: C\n{}    steps:\n"
    base += "      - {{exercise: Side plank, hold: 5s, per_side: true}}\n"
    plain = parse_collection(base.format("").encode(), "t.yaml").routines[0]
    quiet = "    phrases: {title: '', credit: '', switch: '', side: '', countdown: ''}\n"
    off = parse_collection(base.format(quiet).encode(), "t.yaml").routines[0]
    said = spoken(off)
    assert "A." not in said and "Coached by C." not in said and "Right side." not in said
    assert not [i for i in compile_routine(off).items if isinstance(i, Say) and i.kind in ("side", "title", "credit")]
    assert "countdown" not in kinds(off) and "three" not in said
    switch = next(i for i in compile_routine(off).items if isinstance(i, Window) and i.kind == "switch")
    assert switch.cues == ()
    assert compile_routine(off).estimate_ms < compile_routine(plain).estimate_ms
    assert "Switch sides. Left side." in spoken(plain)


def test_side_forms_and_a_switch_with_only_the_side() -> None:
    base = "title: T\nroutines:\n  - id: a\n    title: A\n    phrases: {}\n    steps:\n"
    base += "      - {{exercise: Lunge, hold: 5s, per_side: true}}\n"
    text = base.format('{side: {right: "Right leg.", left: "Left leg."}, switch: ""}')
    said = spoken(parse_collection(text.encode(), "t.yaml").routines[0])
    assert "Right leg." in said and "Left leg." in said and not any("Switch" in t for t in said)


# --- language and voice -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "top, routine, language, voice",
    [
        ("", "", "en", "en-us"),
        ("language: de\n", "", "de", "de"),
        ("language: de\n", "    language: fr\n", "fr", "fr"),
        ("language: de\nvoice: {name: de-at}\n", "", "de", "de-at"),
        ("voice: {name: en-gb}\n", "    language: es\n", "es", "es"),
        ("language: es\n", "    voice: {name: es-419, rate: 150}\n", "es", "es-419"),
        ("language: fr\nvoice: {rate: 140}\n", "", "fr", "fr"),
    ],
)
def test_the_language_picks_the_pack_and_the_default_voice(top: str, routine: str, language: str, voice: str) -> None:
    text = f"title: T\n{top}routines:\n  - id: a\n    title: A\n{routine}    steps:\n"
    text += "      - {exercise: Squat, reps: 2}\n"
    loaded = parse_collection(text.encode(), "t.yaml")
    r = loaded.routines[0]
    assert (r.language, r.voice.name) == (language, voice)
    assert words_for(r).pack.language == language
    assert loaded.language == (top.split()[1] if top.startswith("language") else "en")


SPEAKER_VOICES = [
    {"id": "gmw/de", "name": "German", "languages": ["de"]},
    {"id": "gmw/en", "name": "English (Great Britain)", "languages": ["en-gb"]},
    {"id": "gmw/en-us", "name": "English (America)", "languages": ["en-us"]},
    {"id": "roa/es", "name": "Spanish (Spain)", "languages": ["es"]},
    {"id": "roa/es-419", "name": "Spanish (Latin America)", "languages": ["es-419"]},
    {"id": "roa/fr-be", "name": "French (Belgium)", "languages": ["fr-be"]},
    {"id": "roa/fr", "name": "French (France)", "languages": ["fr-fr"]},
]
"""espeak-ng's voices for these languages as pyttsx3 lists them (from espeakng-loader 0.2.4), in its order."""


@pytest.mark.parametrize(
    "wanted, found",
    [
        ("de", "gmw/de"),
        ("de-DE", "gmw/de"),
        ("de_DE", "gmw/de"),
        ("es", "roa/es"),
        ("es-ES", "roa/es"),
        ("es_MX", "roa/es"),
        ("es-419", "roa/es-419"),
        ("fr", "roa/fr"),
        ("fr_FR", "roa/fr"),
        ("fr-be", "roa/fr-be"),
        ("en-us", "gmw/en-us"),
        ("en_US", "gmw/en-us"),
        ("German", "gmw/de"),
        ("roa/fr", "roa/fr"),
    ],
)
def test_a_voice_is_found_by_tag_in_any_spelling(wanted: str, found: str) -> None:
    assert resolve_voice(SPEAKER_VOICES, wanted) == found


def test_an_unknown_voice_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="no voice 'xx-yy'"):
        resolve_voice(SPEAKER_VOICES, "xx-yy")


class SpeakingEngine:
    """Just enough of an engine for the language check: each voice's languages."""

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        tags = {"en-us": ("en-us",), "de": ("de",), "fr": ("fr-fr",)}
        return tags.get(voice.name, ())


@pytest.mark.parametrize("voice, language", [("en-us", "en"), ("de", "de"), ("fr", "fr")])
def test_a_voice_that_speaks_the_language_passes(voice: str, language: str) -> None:
    check_language(SpeakingEngine(), SpeechKey("x", VoiceSettings(name=voice), language))  # type: ignore[arg-type]


def test_a_voice_that_cannot_speak_the_language_is_a_clear_error() -> None:
    key = SpeechKey("Halbzeit.", VoiceSettings(name="en-us"), "de")
    with pytest.raises(SynthesisError) as caught:
        check_language(SpeakingEngine(), key)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "the voice 'en-us' speaks en-us, not 'de', the routine's language; set voice.name to a voice for 'de' "
        "(list them with: voiceguide voices), or leave voice.name out to use the language's default voice"
    )


def test_a_rest_step_takes_phrases(tmp_path: Path) -> None:
    text = "title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n      - {exercise: Squat, reps: 2}\n"
    text += "      - {rest: 10s, phrases: {rest: 'Sit down, {time}.', next_exercise: 'Then {name}.'}}\n"
    text += "      - {exercise: Plank, hold: 5s}\n"
    routine = parse_collection(text.encode(), "t.yaml").routines[0]
    assert isinstance(routine.sections[0].steps[1], Rest)
    said = spoken(routine)
    assert "Sit down, ten seconds." in said and "Then Plank." in said
