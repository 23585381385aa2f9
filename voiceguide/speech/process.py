"""A long-lived helper program spoken to in lines on stdin, each answer awaited with a timeout."""

from __future__ import annotations

import collections
import logging
import os
import queue
import subprocess
import threading
from typing import Deque, Mapping, Sequence

from ..errors import SynthesisError
from ..settings import DEFAULTS

log = logging.getLogger(__name__)


def clip_timeout_s(text: str) -> float:
    """Seconds a slow engine (piper, command) may take for one clip: VOICEGUIDE_SPEECH_TIMEOUT, else the slow
    engines' default, plus some per character."""
    base = float(os.environ.get("VOICEGUIDE_SPEECH_TIMEOUT", DEFAULTS.speech.slow_timeout_s))
    return base + DEFAULTS.speech.slow_timeout_per_char_s * len(text)


class LineProcess:
    """A child process that answers each line written to it with one line, started on first use.

    By default answers are the lines of its stdout and its stderr is discarded. A program that
    answers on stderr among other messages (Piper logs `INFO:__main__:Wrote <path>`) is read with
    `channel="stderr"` and the answers' `prefix`; its other lines are kept in `tail` for messages.
    """

    def __init__(
        self,
        command: Sequence[str],
        what: str,
        fix: str,
        cwd: str | None = None,
        *,
        channel: str = "stdout",
        prefix: str = "",
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.command = list(command)
        self.what = what
        """What the program is, for messages ('the speech engine')."""
        self.fix = fix
        """How to make it start, for the message when it cannot."""
        self.cwd = cwd
        self.channel = channel
        self.prefix = prefix
        self.env = dict(env) if env is not None else None
        self.process: subprocess.Popen[str] | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()
        self.tail: Deque[str] = collections.deque(maxlen=40)
        """The last lines the program wrote on its answering channel that were not answers."""

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process (a running one is left as it is)."""
        if self.running:
            return
        log.debug("starting %s: %s", self.what, " ".join(self.command))
        on_stderr = self.channel == "stderr"
        try:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL if on_stderr else subprocess.PIPE,
                stderr=subprocess.PIPE if on_stderr else subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
                cwd=self.cwd,
                env=self.env,
            )
        except OSError as exc:
            raise SynthesisError(f"cannot start {self.what} ({exc.strerror}); {self.fix}") from None
        self.replies = queue.Queue()
        self.tail.clear()
        stream = self.process.stderr if on_stderr else self.process.stdout
        threading.Thread(target=self._pump, args=(stream, self.replies, self.tail), daemon=True).start()

    def _pump(self, stream: object, replies: queue.Queue[str | None], tail: Deque[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            if line.startswith(self.prefix):
                replies.put(line[len(self.prefix) :])
            else:
                tail.append(line.rstrip("\n"))
        replies.put(None)

    def ask(self, line: str, timeout_s: float) -> str | None:
        """Write one line and wait for the answer; None when the process ended, TimeoutError when it is late.

        A late process is stopped, so the next request starts a fresh one.
        """
        self.start()
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the process died; its answer is None below
        try:
            answer = self.replies.get(timeout=timeout_s)
        except queue.Empty:
            self.stop()
            raise TimeoutError from None
        if answer is None:
            self.stop()
        return answer

    def stop(self) -> None:
        """Stop the process (closing its input first)."""
        process, self.process = self.process, None  # another thread may be stopping it too (a build that failed)
        if process is not None:
            try:
                if process.stdin:
                    process.stdin.close()
            except OSError:
                pass
            process.kill()
            process.wait()
