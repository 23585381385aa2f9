"""The commands: each parses its options, calls one library function and reports."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Callable

import click

from ..text import printable
from .group import cli


class Folder(click.Path):
    """A folder option: like click.Path, but an empty value is refused rather than taken as the current folder."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("it is empty; name a folder", param, ctx)
        return super().convert(value, param, ctx)


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
        type=Folder(),
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


def out_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The --out option (default build/) with its own help line, as build, doctor and serve take it."""
    return click.option("--out", type=Folder(), default=Path("build"), show_default=True, help=help)


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
@out_option("Output folder: a new or empty one, or one voiceguide built.")
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
    """Build one MP3 per routine (or only the routines named by ID, or by the start of one).

    Each track is written as OUT/NN-ID.mp3 with chapters and tags, beside its
    captions (NN-ID.vtt) and its timeline as a picture (NN-ID.svg), with a
    playlist (playlist.m3u8) and a manifest (index.json). Tracks that are up
    to date are skipped. OUT must be a new or empty folder, or one voiceguide
    built: other folders are left alone.

    \b
    Example:
      voiceguide build                       # all routines into build/
      voiceguide build pilates --out ~/Music/workouts   # pilates-for-lower-back-pain only
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
@click.option(
    "--svg",
    "svg",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    metavar="FILE",
    help="Draw the track as a picture (SVG) into FILE, or - for standard output, instead of the text.",
)
@click.option(
    "--estimate",
    is_flag=True,
    help="Estimate how long each sentence takes, as check does, instead of asking the speech engine.",
)
def plan(
    routine_id: str,
    routines_file: Path,
    coaching: str | None,
    cache: Path | None,
    as_json: bool,
    svg: Path | None,
    estimate: bool,
) -> None:
    """Show a routine's track as text: when each cue is spoken, without encoding.

    ID is a routine's id or the start of one. Columns: time (mm:ss.s), kind, text. Windows (holds, sets, rests) show
    their exact length; cues left out because they did not fit are listed
    with the reason. --svg draws the same timeline as a picture (what the
    build writes beside each track as NN-ID.svg); with --estimate it needs
    no speech engine and is the same on every machine.

    \b
    Example:
      voiceguide plan yoga-poses-for-lower-back-pain
      voiceguide plan pilates --json > pilates.json
      voiceguide plan standing-strength --svg standing.svg
    """
    from ..errors import UsageError
    from ..output.files import write_text
    from ..timeline.picture import picture_svg
    from ..timeline.plan import plan_json, plan_text

    if as_json and svg is not None:
        raise UsageError("--json and --svg each say what to print; choose one")
    collection = _load(routines_file)
    timeline = _timeline(collection, routine_id, coaching, cache, estimate)
    if svg is None:
        click.echo(json.dumps(plan_json(timeline), indent=2) if as_json else plan_text(timeline))
    elif str(svg) == "-":
        click.echo(picture_svg(timeline), nl=False)
    else:
        write_text(svg, picture_svg(timeline))


def _timeline(collection: Any, routine_id: str, coaching: str | None, cache: Path | None, estimate: bool) -> Any:
    """The routine's timeline, with its clips' real lengths or (estimate) the engine-free estimate's."""
    from ..audio.beeps import load_beeps, sound_paths
    from ..builder.run import select
    from ..builder.track import estimated_timeline, plan_track
    from ..coaching.walk import compile_routine
    from ..speech.cache import SpeechCache
    from ..speech.speaker import Speaker

    routine = select(collection, (routine_id,))[0]
    script = compile_routine(routine, coaching)
    if estimate:
        return estimated_timeline(script, routine)
    speaker = Speaker(SpeechCache(_cache_dir(cache)))
    try:
        return plan_track(script, routine, speaker, load_beeps(sound_paths(collection))).timeline
    finally:
        speaker.close()


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
    n = len(collection.routines)
    click.echo(printable(f"{file}: {n} routine{'s' if n != 1 else ''}, valid."))
