"""Every error crosses a process boundary intact: same class, message and fields (a worker's error is the build's)."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

from voiceguide import errors
from voiceguide.errors import Interrupted, Problem, RoutineError, VoiceguideError

EXAMPLES: dict[type[VoiceguideError], VoiceguideError] = {
    errors.VoiceguideError: errors.VoiceguideError("something broke", option="cache"),
    errors.RoutineError: errors.RoutineError(
        [Problem("r.yaml", 3, 5, "reps: must be a whole number")], option="routines"
    ),
    errors.UsageError: errors.UsageError("no routine with id 'x'"),
    errors.SynthesisError: errors.SynthesisError("the speech engine did not answer"),
    errors.SoundError: errors.SoundError("the beep is missing"),
    errors.MusicError: errors.MusicError("the music file loop.mp3 is silent; choose a file with music in it"),
    errors.EncodeError: errors.EncodeError("the MP3 encoder failed"),
    errors.OutputError: errors.OutputError("cannot write in /x", option="out"),
    errors.ServeError: errors.ServeError("port 80 is in use", option="port"),
    errors.Interrupted: errors.Interrupted("terminated: 1 of 2 tracks finished", 143),
}


def every_error_class() -> list[type[VoiceguideError]]:
    found = [VoiceguideError]
    for cls in found:
        found += [sub for sub in cls.__subclasses__() if sub.__module__ == "voiceguide.errors" and sub not in found]
    return found


def test_every_error_class_has_an_example() -> None:
    assert set(every_error_class()) == set(EXAMPLES)


def _raise(error: VoiceguideError) -> None:
    raise error


@pytest.fixture(scope="module")
def pool():
    with multiprocessing.get_context("spawn").Pool(1) as p:
        yield p


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_an_error_raised_in_a_worker_arrives_whole(cls: type[VoiceguideError], pool) -> None:
    sent = EXAMPLES[cls]
    with pytest.raises(cls) as caught:
        pool.apply(_raise, (sent,))
    got = caught.value
    assert type(got) is cls and str(got) == str(sent)
    assert got.exit_code == sent.exit_code and got.option == sent.option
    assert {k: v for k, v in vars(got).items() if not k.startswith("__")} == vars(sent)


def test_routine_errors_keep_their_problems_and_interrupted_its_status() -> None:
    routine = pickle.loads(pickle.dumps(EXAMPLES[RoutineError]))
    assert (
        isinstance(routine, RoutineError)
        and routine.problems == EXAMPLES[RoutineError].problems
        and routine.exit_code == 2
    )
    stopped = pickle.loads(pickle.dumps(EXAMPLES[Interrupted]))
    assert isinstance(stopped, Interrupted) and stopped.exit_code == 143
