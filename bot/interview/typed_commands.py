"""Commands typed as text: "／draft", "、status", "status", "查看草稿", "跳过" ….

Officials type on Chinese keyboards: the IME turns "/" into "、" (or a full-width "／"),
some leave the slash out, and many type the words on the buttons instead of pressing
them. Such a message is a command, never an answer; this module only recognises it,
the front end decides whether to run it or ask first.

Pure: no Telegram, no storage. Command names are those of the command menu
(bot.texts.actions.MENU, which the action table follows) plus the ones the service also
accepts (keep, import).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.texts.actions import MENU

__all__ = ["TypedCommand", "command_name", "parse_typed_command"]

# Names a command may have; "keep" (keep the current answer) and "import" (console) are
# served too though not advertised in the menu.
NAMES: frozenset[str] = frozenset(MENU) | {"keep", "import"}

# What officials type for the buttons and the menu, exactly as a whole message (after
# trimming spaces and a final 。/！). Only whole messages count: "跳过这一步的理由是……"
# is an answer.
WORDS: dict[str, str] = {
    "跳过": "skip", "跳过此题": "skip", "跳过这题": "skip", "跳过本题": "skip", "下一题": "skip",
    "上一题": "back", "返回上一题": "back", "回到上一题": "back", "返回": "back", "后退": "back",
    "查看草稿": "draft", "生成草稿": "draft", "草稿": "draft", "看草稿": "draft",
    "取消": "cancel", "取消修改": "cancel", "取消导入": "cancel", "结束修改": "cancel",
    "查看进度": "status", "进度": "status", "查看填写进度": "status",
    "提示": "hint", "查看提示": "hint", "填写提示": "hint",
    "帮助": "help", "使用说明": "help",
    "审读": "check", "开始审读": "check",
    "导出": "export", "导出答案文件": "export",
    "开始": "start", "继续填写": "start",  # not "继续": it answers "再写一个吗？"
    "新建材料": "new", "撤销": "undo", "保留": "keep", "保留原内容": "keep",
    "我的材料": "materials", "查看材料": "materials", "恢复撤销": "redo",
}

# A leading slash as the keyboards give it: ASCII, full-width, the IME's 、, a division
# slash, a fraction slash, a big solidus.
_SLASHES = "/／、∕⁄⧸"
_HEAD = re.compile(r"^([A-Za-z]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
_TRAILING = "。.！!？?，,"


@dataclass(frozen=True)
class TypedCommand:
    name: str  # a key of NAMES: "draft", "skip" …
    args: str = ""  # what follows the name ("2.1" in "／edit 2.1")
    slash: bool = True  # typed with some slash; a bare word ("status", "跳过") is less certain


def parse_typed_command(text: str) -> TypedCommand | None:
    """The command a message typed as text means, or None when it is an answer.

    "/draft" itself is returned too (slash=True), so a caller may use this for every message.
    """
    typed = unicodedata.normalize("NFKC", text).strip()
    # NFKC turns "／" into "/" but leaves "、" alone; both open a command.
    if not typed:
        return None
    if typed[0] in _SLASHES:
        match = _HEAD.match(typed[1:].lstrip())
        if match is None:
            return None
        name = match.group(1).lower()
        return TypedCommand(name, (match.group(2) or "").strip()) if name in NAMES else None
    word = typed.rstrip(_TRAILING).strip()
    if word in WORDS:
        return TypedCommand(WORDS[word], "", slash=False)
    match = _HEAD.match(word)
    if match is not None and match.group(1).lower() in NAMES:
        args = (match.group(2) or "").strip()
        # "edit 2.1", "section 3", "status": a known name, then at most a short argument.
        if len(args) <= 20 and "\n" not in args:
            return TypedCommand(match.group(1).lower(), args, slash=False)
    return None


def command_name(text: str) -> str | None:
    """The command name ("draft", "status", "skip" …) a text means, or None."""
    found = parse_typed_command(text)
    return found.name if found else None
