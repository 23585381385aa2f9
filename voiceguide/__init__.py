"""voiceguide: workout routines in YAML to follow-along audio tracks.

The stages, as a library: load_collection -> compile_routine -> Speaker.clips ->
schedule -> render_blocks -> write_track; run_build does all of it for a folder.
"""

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "BuildOptions",
    "DEFAULTS",
    "Speaker",
    "VoiceguideError",
    "RoutineError",
    "compile_routine",
    "load_collection",
    "render_blocks",
    "run_build",
    "schedule",
    "write_track",
]

_HOMES = {
    "BuildOptions": "builder",
    "DEFAULTS": "settings",
    "run_build": "builder",
    "Speaker": "speech",
    "VoiceguideError": "errors",
    "RoutineError": "errors",
    "compile_routine": "coaching",
    "load_collection": "routine",
    "render_blocks": "render",
    "schedule": "timeline",
    "write_track": "output",
}


def __getattr__(name: str) -> object:
    """The public names, imported on first use so `import voiceguide` (and the CLI) starts fast."""
    from importlib import import_module

    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
