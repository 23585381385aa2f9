"""A long-lived helper program spoken to in lines on stdin and stdout, each answer awaited with a timeout."""

from __future__ import annotations

import logging
import queue
import subprocess
import threading
from typing import Sequence

from ..errors import SynthesisError

log = logging.getLogger(__name__)


class LineProcess:
    """A child process that answers each line written to it with one line, started on first use."""

    def __init__(self, command: Sequence[str], what: str, fix: str, cwd: str | None = None) -> None:
        self.command = list(command)
        self.what = what
        """What the program is, for messages ('the speech engine')."""
        self.fix = fix
        """How to make it start, for the message when it cannot."""
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process (a running one is left as it is)."""
        if self.running:
            return
        log.debug("starting %s: %s", self.what, " ".join(self.command))
        try:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
                cwd=self.cwd,
            )
        except OSError as exc:
            raise SynthesisError(f"cannot start {self.what} ({exc.strerror}); {self.fix}") from None
        self.replies = queue.Queue()
        threading.Thread(target=self._pump, args=(self.process, self.replies), daemon=True).start()

    @staticmethod
    def _pump(process: subprocess.Popen[str], replies: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            replies.put(line)
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
        if self.process is not None:
            try:
                if self.process.stdin:
                    self.process.stdin.close()
            except OSError:
                pass
            self.process.kill()
            self.process.wait()
            self.process = None
