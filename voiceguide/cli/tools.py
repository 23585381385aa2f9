"""The commands about the parts around a build: voices, phrases, the schema, doctor and serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from ..phrases import languages
from ..text import printable
from .commands import Folder, _cache_dir, out_option
from .group import cli


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), default=Path("routines.yaml"), required=False)
def new(file: Path) -> None:
    """Start a routine file: a commented example routine to edit (FILE, default routines.yaml).

    The JSON Schema is written beside it as routines.schema.json, so that
    editors complete and check its keys. An existing FILE is never replaced.

    \b
    Example:
      voiceguide new my-workouts.yaml
      voiceguide check my-workouts.yaml
    """
    import shlex

    from ..routine.starter import write_starter

    shown = shlex.quote(str(file))
    build = "voiceguide build"
    if str(file) != "routines.yaml":  # into a folder of its own: build/ may hold another file's tracks
        build += f" --routines {shown} --out {shlex.quote(str(file.with_suffix('')))}"
    commands = [f"voiceguide check {shown}", build]
    schema = write_starter(file, commands)
    click.echo(f"Wrote {file} (a routine to edit) and {schema} (for your editor).")
    click.echo("Edit it, then: " + ", then ".join(commands))


def _driver_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    from ..settings import VoiceSettings

    return click.option("--driver", type=click.Choice(VoiceSettings.DRIVERS), default=None, help=help_text)


def _voice(driver: str | None) -> Any:
    """The default voice, with pyttsx3's driver chosen on the command line."""
    import dataclasses

    from ..settings import DEFAULTS

    return dataclasses.replace(DEFAULTS.voice, driver=driver) if driver else DEFAULTS.voice


def _routine_voices(routines_file: Path | None, driver: str | None) -> list[Any]:
    """The voices a routine file uses (VoiceSettings): the one named, else ./routines.yaml when it is valid;
    pyttsx3's driver chosen on the command line."""
    import dataclasses

    from ..errors import RoutineError
    from ..routine.loader import load_collection

    if routines_file is None:
        if not Path("routines.yaml").is_file():
            return []
        try:
            collection = load_collection(Path("routines.yaml"))
        except RoutineError:
            return []
    else:
        collection = load_collection(routines_file)
    used = dict.fromkeys(r.voice for r in collection.routines)
    return [dataclasses.replace(v, driver=driver) if driver and v.engine == "pyttsx3" else v for v in used]


ROUTINES_FOR_VOICES = click.option(
    "--routines",
    "routines_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A routine file whose voices to check too. [default: routines.yaml, when there is one]",
)


@cli.command()
@click.option(
    "--all", "show_all", is_flag=True, help="List every voice, not only those of the phrase packs' languages."
)
@_driver_option("pyttsx3's driver whose voices to list. [default: the platform's: nsss, sapi5 or espeak]")
@ROUTINES_FOR_VOICES
def voices(show_all: bool, driver: str | None, routines_file: Path | None) -> None:
    """List each speech engine's voices: pyttsx3's, the Piper voices found, the commands in use.

    A pyttsx3 voice's id or language tag goes in voice.name; a Piper voice's
    name in voice.model (with voice: {engine: piper}). Without --all: the
    voices of the languages voiceguide has phrases for (en, de, es, fr; see
    'language:' in the routine format).

    \b
    Example:
      voiceguide voices
      voiceguide voices --all --driver espeak
    """
    from ..speech.catalog import catalog

    voice = _voice(driver)
    wanted = set(languages())
    for entry in catalog(voice, _routine_voices(routines_file, driver)):
        click.echo(f"engine: pyttsx3, {entry.about}" if entry.engine == "pyttsx3" else f"{entry.engine}: {entry.about}")
        for v in entry.voices:
            langs = ", ".join(v["languages"])
            primary = {lang.lower().replace("_", "-").split("-")[0] for lang in v["languages"]}
            if show_all or primary & wanted or not v["languages"]:
                click.echo(f"{v['id']:<28} {langs:<18} {v['name']}")
        if entry.note:
            click.echo(f"  ({entry.note})")


@cli.command()
@click.option(
    "--language",
    type=click.Choice(languages()),
    default="en",
    show_default=True,
    help="The language whose phrases to print.",
)
def phrases(language: str) -> None:
    """Print every phrase the coach says, its template and when it is said.

    Copy a phrase under 'phrases:' in a routine file (collection, routine,
    section or step) and change its words; '' turns a spoken cue off.

    \b
    Example:
      voiceguide phrases
      voiceguide phrases --language de > phrases-de.yaml
    """
    from ..phrases.listing import phrase_listing

    click.echo(phrase_listing(language), nl=False)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of routines.yaml (for editors; the same file ships in the package).

    \b
    Example:
      voiceguide schema > routines.schema.json
    """
    from ..routine.format import json_schema_text

    click.echo(json_schema_text(), nl=False)


@cli.command()
@out_option("Output folder to check.")
@click.option("--cache", type=Folder(), default=None, help="Speech cache folder to check.")
@_driver_option("pyttsx3's driver to check. [default: the platform's: nsss, sapi5 or espeak]")
@ROUTINES_FOR_VOICES
def doctor(out: Path, cache: Path | None, driver: str | None, routines_file: Path | None) -> None:
    """Check every part a build needs and say how to fix what is missing.

    The speech check says a test sentence with each voice the routine file
    uses (its engine and voice model), or with the default voice.

    \b
    Example:
      voiceguide doctor
      voiceguide doctor --driver nsss
      voiceguide doctor --routines legs.yaml
    """
    from ..builder.doctor import run_checks

    ok = True
    for check_result in run_checks(out, _cache_dir(cache), _routine_voices(routines_file, driver) or [_voice(driver)]):
        mark = "ok" if check_result.ok else "FAIL"
        click.echo(printable(f"{mark:<4}  {check_result.name:<14} {check_result.detail}"))
        ok = ok and check_result.ok
    if not ok:
        raise click.exceptions.Exit(1)


@cli.command()
@out_option("Build folder to serve.")
@click.option(
    "--host",
    default=None,
    help="Address to listen on; 127.0.0.1 keeps it on this computer. [default: this computer's local-network address]",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0 picks a free one).",
)
def serve(out: Path, host: str | None, port: int) -> None:
    """Serve the build folder read-only to a phone on the same Wi-Fi.

    Prints the web player's URL, the podcast feed's URL and a QR code of the
    player to scan with the phone's camera. Stop it with Ctrl-C.

    \b
    Example:
      voiceguide serve                      # build/ on your local network, port 8000
      voiceguide serve --host 127.0.0.1 --port 8080
    """
    from ..serve.server import Server
    from .banner import banner

    click.get_current_context().obj["out"] = out
    server = Server(out, host, port)
    click.echo(banner(server, host is not None))
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        raise click.exceptions.Exit(130) from None
