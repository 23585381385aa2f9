"""The command line: a thin layer that parses, calls one library function and reports."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .errors import Interrupted, RoutineError, VoiceguideError

class Group(click.Group):
    """Turns the project's errors into one line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RoutineError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            n = len(exc.problems)
            click.echo(f"Error: {n} problem{'s' if n != 1 else ''} in the routine file; nothing was written.", err=True)
            ctx.exit(2)
        except Interrupted as exc:
            click.echo(str(exc), err=True)
            ctx.exit(exc.exit_code)
        except VoiceguideError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="voiceguide")
def cli() -> None:
    """Turn workout routines written in YAML into follow-along MP3s.

    A voice says what comes next, counts your reps, paces your breaths, says
    when to switch sides and beeps when a hold ends, so you can follow a
    workout lying on a mat with your eyes closed.

    \b
    Example:
      voiceguide check routines.yaml     # validate, one line per routine
      voiceguide build                   # every routine -> build/NN-id.mp3
      voiceguide plan hip-opening-mobility-flow   # read the track as text
    """


def routine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by build and plan."""

    @click.option("--routines", "routines_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("routines.yaml"), show_default=True, help="The routine file.")
    @click.option("--coaching", type=click.Choice(["full", "brief"]), default=None, help="brief leaves out 'how' instructions and rep counting. [default: the file's setting, else full]")
    @click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Speech cache folder. [default: $VOICEGUIDE_CACHE or your user cache folder]")
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return f(*args, **kwargs)

    return wrapper


def _load(path: Path):  # noqa: ANN202 - returns a Collection
    from .routine import load_collection

    return load_collection(path)


def _cache_dir(cache: Path | None) -> Path:
    from .cache import default_cache_dir

    return cache or default_cache_dir()


def _base_url(value: str | None) -> str | None:
    """--base-url checked before anything is built: an http(s) folder URL, ending in '/'."""
    from .feed import normalize_base_url

    try:
        return normalize_base_url(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--base-url'") from None


@cli.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@routine_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), show_default=True, help="Output folder.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Tracks built at once, each in its own process. [default: the number of cores]")
@click.option("--force", is_flag=True, help="Rebuild every track, even those that are up to date.")
@click.option("--base-url", default=None, callback=lambda ctx, param, value: _base_url(value), help="Public URL of the output folder, for the podcast feed's links.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(ids: tuple[str, ...], routines_file: Path, coaching: str | None, cache: Path | None, out: Path, jobs: int | None, force: bool, base_url: str | None, quiet: bool) -> None:
    """Build one MP3 per routine (or only the routines named by ID).

    Each track is written as OUT/NN-ID.mp3 with chapters and tags, beside its
    captions (NN-ID.vtt), a playlist (playlist.m3u8) and a manifest
    (index.json). Tracks that are up to date are skipped.

    \b
    Example:
      voiceguide build                       # all routines into build/
      voiceguide build pilates --out ~/Music/workouts
    """
    from .build import BuildOptions, default_jobs, run_build
    from .progress import ProgressView

    collection = _load(routines_file)
    options = BuildOptions(out=out, cache=_cache_dir(cache), ids=ids, jobs=jobs or default_jobs(), force=force, coaching=coaching, base_url=base_url)
    view = ProgressView(quiet=quiet)
    summary = run_build(collection, options, view.report())
    view.summary(summary, out)


@cli.command()
@click.argument("routine_id", metavar="ID")
@routine_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable: every event's start and end in seconds, and the total.")
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
    from .build import select
    from .planview import plan_json, plan_text
    from .cache import SpeechCache
    from .speech import Speaker
    from .track import load_beeps, plan_routine, sound_paths

    collection = _load(routines_file)
    routine = select(collection, (routine_id,))[0]
    speaker = Speaker(SpeechCache(_cache_dir(cache)))
    try:
        planned = plan_routine(routine, speaker, load_beeps(sound_paths(collection)), coaching)
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
    from .compile import estimate_ms
    from .timeline import clock

    collection = _load(file)
    for r in collection.routines:
        n = len(r.exercises())
        click.echo(f"{r.number:02d}  {r.id:<36} {clock(estimate_ms(r) / 1000)[:-2]:>6}  {n:>2} exercise{'s' if n != 1 else ' '}  {r.title}")
    click.echo(f"{file}: {len(collection.routines)} routines, valid.")


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="List every voice, not only English ones.")
def voices(show_all: bool) -> None:
    """List the speech engine's voices (use an id or language tag as voice.name).

    \b
    Example:
      voiceguide voices
      voiceguide voices --all
    """
    from .speech import WorkerVoice

    engine = WorkerVoice()
    try:
        info = engine.info()
    finally:
        engine.close()
    click.echo(f"engine: {info.engine} ({info.version}, {info.library})")
    for v in info.voices:
        langs = ", ".join(v["languages"])
        if show_all or any(lang.startswith("en") for lang in v["languages"]) or v["name"].lower().startswith("english"):
            click.echo(f"{v['id']:<28} {langs:<18} {v['name']}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of routines.yaml (for editors; the same file ships in the package).

    \b
    Example:
      voiceguide schema > routines.schema.json
    """
    from .format import json_schema_text

    click.echo(json_schema_text(), nl=False)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), show_default=True, help="Output folder to check.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Speech cache folder to check.")
def doctor(out: Path, cache: Path | None) -> None:
    """Check every part a build needs and say how to fix what is missing.

    \b
    Example:
      voiceguide doctor
    """
    from .doctor import run_checks

    ok = True
    for check_result in run_checks(out, _cache_dir(cache)):
        mark = "ok" if check_result.ok else "FAIL"
        click.echo(f"{mark:<4}  {check_result.name:<14} {check_result.detail}")
        ok = ok and check_result.ok
    if not ok:
        raise click.exceptions.Exit(1)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), show_default=True, help="Build folder to serve.")
@click.option("--host", default=None, help="Address to listen on; 127.0.0.1 keeps it on this computer. [default: this computer's local-network address]")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0 picks a free one).")
def serve(out: Path, host: str | None, port: int) -> None:
    """Serve the build folder read-only to a phone on the same Wi-Fi.

    Prints the web player's URL, the podcast feed's URL and a QR code of the
    player to scan with the phone's camera. Stop it with Ctrl-C.

    \b
    Example:
      voiceguide serve                      # build/ on your local network, port 8000
      voiceguide serve --host 127.0.0.1 --port 8080
    """
    from .serve import Server, banner

    server = Server(out, host, port)
    click.echo(banner(server, host is not None))
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        raise click.exceptions.Exit(130) from None


def main() -> None:
    """The console script: no traceback ever reaches the user."""
    try:
        status = cli.main(prog_name="voiceguide", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("VOICEGUIDE_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (run with VOICEGUIDE_DEBUG=1 for details, and please report it)", err=True)
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)

