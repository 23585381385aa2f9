"""The commands: each parses its options, calls one library function and reports."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Callable

import click

from .group import cli


def routine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by build and plan."""

    @click.option(
        "--routines",
        "routines_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("routines.yaml"),
        show_default=True,
        help="The routine file.",
    )
    @click.option(
        "--coaching",
        type=click.Choice(["full", "brief"]),
        default=None,
        help="brief leaves out 'how' instructions and rep counting. [default: the file's setting, else full]",
    )
    @click.option(
        "--cache",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Speech cache folder. [default: $VOICEGUIDE_CACHE or your user cache folder]",
    )
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return f(*args, **kwargs)

    return wrapper


def _load(path: Path) -> Any:
    """The routine file loaded and checked, track lengths included (a Collection)."""
    from ..coaching.limits import check_lengths
    from ..routine.loader import load_collection

    return check_lengths(load_collection(path))


def _cache_dir(cache: Path | None) -> Path:
    from ..speech.cache import default_cache_dir

    return cache or default_cache_dir()


def _base_url(value: str | None) -> str | None:
    """--base-url checked before anything is built: an http(s) folder URL, ending in '/' (else one line, exit 2)."""
    from ..errors import UsageError
    from ..output.feed import normalize_base_url

    try:
        return normalize_base_url(value) if value is not None else None
    except ValueError as exc:
        raise UsageError(f"the base URL {exc}", option="base_url") from None


@cli.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@routine_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Tracks built at once, each in its own process. [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild every track, even those that are up to date.")
@click.option(
    "--base-url",
    default=None,
    callback=lambda ctx, param, value: _base_url(value),
    help="Public URL of the output folder, for the podcast feed's links.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    ids: tuple[str, ...],
    routines_file: Path,
    coaching: str | None,
    cache: Path | None,
    out: Path,
    jobs: int | None,
    force: bool,
    base_url: str | None,
    quiet: bool,
) -> None:
    """Build one MP3 per routine (or only the routines named by ID).

    Each track is written as OUT/NN-ID.mp3 with chapters and tags, beside its
    captions (NN-ID.vtt), a playlist (playlist.m3u8) and a manifest
    (index.json). Tracks that are up to date are skipped.

    \b
    Example:
      voiceguide build                       # all routines into build/
      voiceguide build pilates --out ~/Music/workouts
    """
    from ..builder.options import BuildOptions
    from ..builder.run import default_jobs, run_build
    from .progress import ProgressView

    click.get_current_context().obj["out"] = out
    collection = _load(routines_file)
    options = BuildOptions(
        out=out,
        cache=_cache_dir(cache),
        ids=ids,
        jobs=jobs or default_jobs(),
        force=force,
        coaching=coaching,
        base_url=base_url,
    )
    view = ProgressView(quiet=quiet)
    summary = run_build(collection, options, view.report())
    view.summary(summary, out)


@cli.command()
@click.argument("routine_id", metavar="ID")
@routine_options
@click.option(
    "--json", "as_json", is_flag=True, help="Machine-readable: every event's start and end in seconds, and the total."
)
def plan(routine_id: str, routines_file: Path, coaching: str | None, cache: Path | None, as_json: bool) -> None:
    """Show a routine's track as text: when each cue is spoken, without encoding.

    Columns: time (mm:ss.s), kind, text. Windows (holds, sets, rests) show
    their exact length; cues left out because they did not fit are listed
    with the reason.

    \b
    Example:
      voiceguide plan yoga-poses-for-lower-back-pain
      voiceguide plan pilates --json > pilates.json
    """
    from ..audio.beeps import load_beeps, sound_paths
    from ..builder.run import select
    from ..builder.track import plan_track
    from ..coaching.walk import compile_routine
    from ..speech.cache import SpeechCache
    from ..speech.speaker import Speaker
    from ..timeline.plan import plan_json, plan_text

    collection = _load(routines_file)
    routine = select(collection, (routine_id,))[0]
    speaker = Speaker(SpeechCache(_cache_dir(cache)))
    try:
        script = compile_routine(routine, coaching)
        planned = plan_track(script, routine, speaker, load_beeps(sound_paths(collection)))
    finally:
        speaker.close()
    click.echo(json.dumps(plan_json(planned.timeline), indent=2) if as_json else plan_text(planned.timeline))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), default=Path("routines.yaml"), required=False)
def check(file: Path) -> None:
    """Validate a routine file: one line per routine, or every problem with FILE:LINE:COLUMN.

    Exits 0 when the file is valid and 2 when it is not. Lengths are planned
    from the counts and the pace settings, with speech estimated.

    \b
    Example:
      voiceguide check routines.yaml
    """
    from ..builder.track import estimated_timeline
    from ..coaching.walk import compile_routine
    from ..timeline.schedule import clock

    collection = _load(file)
    warnings = []
    for r in collection.routines:
        n = len(r.exercises())
        script = compile_routine(r)
        length = clock(script.estimate_ms / 1000)[:-2]
        click.echo(f"{r.number:02d}  {r.id:<36} {length:>6}  {n:>2} exercise{'s' if n != 1 else ' '}  {r.title}")
        dropped = len(estimated_timeline(script, r).dropped)
        if dropped:
            cues = f"about {dropped} cue{'s' if dropped != 1 else ''}"
            warnings.append(f"Warning: {r.id}: {cues} may not fit; see which with: voiceguide plan {r.id}")
    for warning in warnings:
        click.echo(warning, err=True)
    click.echo(f"{file}: {len(collection.routines)} routines, valid.")


def _routine_voices(routines_file: Path | None) -> list[Any]:
    """The voices a routine file uses (VoiceSettings): the one named, else ./routines.yaml when it is valid."""
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
    return list(dict.fromkeys(r.voice for r in collection.routines))


ROUTINES_FOR_VOICES = click.option(
    "--routines",
    "routines_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A routine file whose voices to check too. [default: routines.yaml, when there is one]",
)


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="List every voice, not only English ones.")
@ROUTINES_FOR_VOICES
def voices(show_all: bool, routines_file: Path | None) -> None:
    """List each speech engine's voices: pyttsx3's, the Piper voices found, the commands in use.

    A pyttsx3 voice's id or language tag goes in voice.name; a Piper voice's
    name in voice.model (with voice: {engine: piper}).

    \b
    Example:
      voiceguide voices
      voiceguide voices --all
    """
    from ..speech.catalog import catalog

    for entry in catalog(_routine_voices(routines_file)):
        click.echo(f"{entry.engine}: {entry.about}")
        for v in entry.voices:
            langs = ", ".join(v["languages"])
            english = any(lang.lower().startswith("en") for lang in v["languages"]) or not v["languages"]
            if show_all or english or v["name"].lower().startswith("english"):
                click.echo(f"  {v['id']:<28} {langs:<18} {v['name']}")
        if entry.note:
            click.echo(f"  ({entry.note})")


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
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder to check.",
)
@click.option(
    "--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Speech cache folder to check."
)
@ROUTINES_FOR_VOICES
def doctor(out: Path, cache: Path | None, routines_file: Path | None) -> None:
    """Check every part a build needs and say how to fix what is missing.

    The speech check says a test sentence with each voice the routine file
    uses (its engine and voice model), or with the default voice.

    \b
    Example:
      voiceguide doctor
      voiceguide doctor --routines legs.yaml
    """
    from ..builder.doctor import run_checks

    ok = True
    for check_result in run_checks(out, _cache_dir(cache), _routine_voices(routines_file)):
        mark = "ok" if check_result.ok else "FAIL"
        click.echo(f"{mark:<4}  {check_result.name:<14} {check_result.detail}")
        ok = ok and check_result.ok
    if not ok:
        raise click.exceptions.Exit(1)


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Build folder to serve.",
)
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
