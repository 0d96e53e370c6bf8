"""`neuralmem chat` in a real terminal (a pty), on the tiny packaged model, with a real
SQLite file: streamed answers, /memory, resuming after a restart, /forget, /quit."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from langchain_neuralmem.cli import main


class Terminal:
    """A process attached to a pseudo-terminal; read what it prints, type lines into it."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 240.0) -> str:
        """Read until ``text`` has appeared (after what earlier expects consumed)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or (self.proc.poll() is not None and not self._read(0.1)):
                raise AssertionError(f"{text!r} never appeared; the terminal shows:\n{self.seen}")
            self._read(min(left, 1.0))
        before, _, self.seen = self.seen.partition(text)
        return before

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(data)

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.master)


def _chat(db: Path) -> Terminal:
    return Terminal(
        [
            sys.executable,
            "-m",
            "langchain_neuralmem.cli",
            "chat",
            "--session",
            "trip",
            "--user",
            "alice",
            "--db",
            str(db),
            "--model",
            "smollm2",
            "--max-new-tokens",
            "12",
        ]
    )


@pytest.mark.slow
def test_chat_streams_remembers_resumes_and_forgets(tmp_path):
    db = tmp_path / "chat.db"
    term = _chat(db)
    term.expect("0 turns remembered")
    term.expect("you> ")
    term.type("My passport number ends in 4417 and I fly to Lisbon on the 12th.")
    answer = term.expect("you> ")
    assert "bot> " in answer and answer.split("bot> ", 1)[1].strip()
    term.type("/memory passport")
    shown = term.expect("you> ")
    assert "4417" in shown and "tokens]" in shown
    term.type("/quit")
    assert term.close() == 0

    # A new process on the same file resumes the session.
    term = _chat(db)
    term.expect("2 turns remembered")
    term.expect("you> ")
    term.type("/memory When do I fly?")
    assert "Lisbon" in term.expect("you> ")
    term.type("/nonsense")
    assert "Unknown command" in term.expect("you> ")
    term.type("/forget")
    assert "Forgot this session (2 turns)" in term.expect("you> ")
    term.type("/memory Lisbon")
    assert "nothing remembered" in term.expect("you> ")
    term.type("/quit")
    assert term.close() == 0


def test_chat_refuses_bad_options_clearly(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["chat", "--db", str(tmp_path / "x.db")])  # --session is required
    assert "--session" in capsys.readouterr().err
