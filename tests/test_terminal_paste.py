"""A multi-line paste at the terminal is one entry, a typed line is one entry (issue 14, point 3)."""

from __future__ import annotations

import os
import pty
import threading
import time
from collections.abc import Iterator
from typing import TextIO

import pytest

from bot.terminal_paste import PASTE_END, PASTE_START, read_entry


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A pseudo-terminal: what the official types or pastes goes in at `master`."""
    master, slave = pty.openpty()
    stream = os.fdopen(slave, "r", encoding="utf-8")
    try:
        yield master, stream
    finally:
        stream.close()
        os.close(master)


def test_a_paste_is_one_entry_typed_lines_are_one_each(terminal: tuple[int, TextIO]) -> None:
    master, stream = terminal
    paste = "一是调研走过场。听汇报多。\n二是跟踪问效不够。很少回头看。\n三是服务群众不主动。\n"
    os.write(master, paste.encode())
    assert read_entry(stream) == paste.rstrip("\n")

    def type_slowly() -> None:
        os.write(master, "县委副书记、县长\n".encode())
        time.sleep(0.3)  # the next answer comes after the reply, like a person typing
        os.write(master, "张三\n".encode())

    typist = threading.Thread(target=type_slowly)
    typist.start()
    assert read_entry(stream) == "县委副书记、县长"
    assert read_entry(stream) == "张三"
    typist.join()


def test_bracketed_paste_marks_are_removed(terminal: tuple[int, TextIO]) -> None:
    master, stream = terminal
    os.write(master, f"{PASTE_START}第一行\n第二行{PASTE_END}\n".encode())
    assert read_entry(stream, settle=0.0) == "第一行\n第二行"


def test_a_pipe_without_a_descriptor_reads_line_by_line() -> None:
    import io

    stream = io.StringIO("第一条回答\n第二条回答\n")
    assert read_entry(stream) == "第一条回答"
    assert read_entry(stream) == "第二条回答"
    assert read_entry(stream) is None
