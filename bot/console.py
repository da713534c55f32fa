"""Terminal front end: the same service, one answer per line, from a terminal or a pipe."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.terminal_paste import read_entry
from bot.usecases import DraftingService, Reply

QUIT = {"/quit", "/exit", "/q"}


def show(replies: list[Reply], out: TextIO, files_dir: Path) -> None:
    """Print replies; buttons become what to type, attachments are saved as files."""
    for reply in replies:
        if reply.attachment is not None:
            files_dir.mkdir(parents=True, exist_ok=True)
            target = files_dir / reply.attachment.filename
            target.write_bytes(reply.attachment.content)
            out.write(f"{reply.text}（文件已保存：{target}）\n\n")
            continue
        out.write(reply.text.rstrip("\n") + "\n")
        for row in reply.buttons:
            out.write("   " + "  ".join(f"[{b.label}] 输入 {b.typed}" for b in row) + "\n")
        out.write("\n")
    out.flush()


def handle_line(service: DraftingService, user_id: int, line: str) -> list[Reply]:
    """One typed line: a /command, a local file to import, or an answer."""
    text = line.rstrip("\r\n").replace("\r\n", "\n")
    if text.startswith("/"):
        head, _, args = text[1:].partition(" ")
        if head == "import" and args.strip() and Path(args.strip()).is_file():
            path = Path(args.strip())
            return service.receive_file(user_id, path.name, path.read_bytes())
        return service.command(user_id, head, args)
    if not text.strip():
        return []  # a blank line in a terminal is not an answer
    return service.answer(user_id, text)


def run_console(service: DraftingService, user_id: int, stdin: TextIO = sys.stdin,
                out: TextIO = sys.stdout, files_dir: Path | None = None) -> int:
    files_dir = files_dir or Path.cwd() / "selfreview-files"
    interactive = stdin.isatty()
    if interactive:
        out.write("对照检查材料起草助手（终端版）。每行回答一个问题；/help 查看命令，/quit 退出。\n\n")
    show(service.start(user_id), out, files_dir)
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        # At a terminal the lines of a paste arrive together: they are one answer (a paste of
        # several items is then shown split and filed after one yes). A pipe is one answer a line.
        entry = read_entry(stdin) if interactive else stdin.readline() or None
        if entry is None:  # end of input ("" is an empty line typed at the terminal)
            break
        line = entry
        if line.strip() in QUIT:
            break
        show(handle_line(service, user_id, line), out, files_dir)
    if interactive:
        out.write("已退出。您的回答均已保存，下次运行 selfreview console 即可继续。\n")
    return 0
