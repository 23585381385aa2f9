"""Piper voices on disk: where they are looked for, what their config says, and how to get a missing one.

A Piper voice is two files, NAME.onnx and NAME.onnx.json, as `python -m piper.download_voices NAME`
writes them. This module only reads them as data; Piper itself runs in its own process
(`piper_engine`), never in voiceguide's.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import SynthesisError
from ..reading import read_regular
from ..settings import DEFAULTS, VoiceSettings

VOICES_ENV = "VOICEGUIDE_VOICES"
"""Folders of Piper voices, separated like PATH."""


def download(name: str, folder: Path | None = None) -> str:
    """The command that downloads a voice (into folder)."""
    where = f" --download-dir {folder}" if folder else ""
    return f"python -m piper.download_voices {name}{where}"


@dataclass(frozen=True)
class PiperVoice:
    """A Piper voice found on disk, its config read and checked."""

    name: str
    model: Path
    config: Path
    sample_rate: int
    speakers: int
    language: str
    """The voice's language code (en_US), else the espeak voice it pronounces with."""
    quality: str = ""


def voice_folders(data_dir: str = "") -> list[Path]:
    """Where a voice named without a path is looked for, in order: voice.data_dir, $VOICEGUIDE_VOICES, this folder.

    The current folder is where `python -m piper.download_voices` saves voices by default.
    """
    names = ([data_dir] if data_dir else []) + [p for p in os.environ.get(VOICES_ENV, "").split(os.pathsep) if p]
    folders: list[Path] = []
    for folder in [*(Path(n).expanduser().absolute() for n in names), Path.cwd()]:
        if folder not in folders:
            folders.append(folder)
    return folders


def find_voice(voice: VoiceSettings) -> PiperVoice:
    """The voice a `voice:` setting names, found and checked; SynthesisError says how to get a missing one."""
    if VoiceSettings.names_file(voice.model):
        model = Path(voice.model)
        if not model.is_file():
            name = model.name.removesuffix(".onnx")
            raise SynthesisError(
                f"there is no Piper voice file {model}; download the voice with: {download(name, model.parent)}"
            )
        return read_voice(model)
    folders = voice_folders(voice.data_dir)
    for folder in folders:
        candidate = folder / f"{voice.model}.onnx"
        if candidate.is_file():
            return read_voice(candidate)
    looked = ", ".join(str(f) for f in folders)
    raise SynthesisError(
        f"there is no Piper voice '{voice.model}' (looked in {looked}); download it with: "
        f"{download(voice.model, folders[0])} (or put {voice.model}.onnx and {voice.model}.onnx.json in a folder "
        f"named by voice.data_dir or ${VOICES_ENV})"
    )


def read_voice(model: Path) -> PiperVoice:
    """A voice's config (NAME.onnx.json beside NAME.onnx) read and checked, without running Piper."""
    name = model.name.removesuffix(".onnx")
    config = model.with_name(model.name + ".json")
    again = download(name, model.parent)
    if not model.is_file():
        raise SynthesisError(f"the Piper voice {model} is not a file; download the voice with: {again}")
    if not config.is_file():
        raise SynthesisError(f"the Piper voice {model} has no {config.name} beside it; download both with: {again}")
    if model.stat().st_size == 0:
        raise SynthesisError(
            f"the Piper voice file {model} is empty; download it again with: {again} --force-redownload"
        )
    try:
        data = json.loads(read_regular(config, DEFAULTS.limits.voice_config_bytes).decode("utf-8"))
        rate, speakers = int(data["audio"]["sample_rate"]), int(data.get("num_speakers", 1))
        data["num_symbols"], data["phoneme_id_map"]  # noqa: B018 - Piper needs both
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        what = f"no {exc}" if isinstance(exc, KeyError) else type(exc).__name__
        raise SynthesisError(
            f"{config} is not a Piper voice config ({what}); download the voice again with: {again} --force-redownload"
        ) from None
    language = _language(data)
    quality = str((data.get("audio") or {}).get("quality", ""))
    return PiperVoice(name, model.absolute(), config.absolute(), rate, speakers, language, quality)


def _language(data: dict[str, Any]) -> str:
    language = data.get("language")
    if isinstance(language, dict) and language.get("code"):
        return str(language["code"])
    espeak = data.get("espeak")
    return str(espeak.get("voice", "")) if isinstance(espeak, dict) else ""


def list_voices(folders: Iterable[Path]) -> list[PiperVoice]:
    """Every readable voice in these folders (each name once, the first folder's), sorted by name."""
    found: dict[str, PiperVoice] = {}
    for folder in folders:
        try:
            models = sorted(folder.glob("*.onnx"))
        except OSError:
            continue
        for model in models:
            try:
                voice = read_voice(model)
            except (SynthesisError, OSError):
                continue
            found.setdefault(voice.name, voice)
    return sorted(found.values(), key=lambda v: v.name)
