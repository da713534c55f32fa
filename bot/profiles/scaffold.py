"""`selfreview new-profile 2026 --from 2025-zuofeng`: next year's profile in minutes.

Writes a profile that extends last year's and leaves exactly the facts a new
notice brings — theme, aspects, notice title — marked TODO, so the secretary
copies them from the notice. The loader refuses any value still holding the
marker, so an unfilled profile can never reach an official.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from bot.profiles.loader import load_profile
from bot.profiles.model import TODO_MARK as TODO
from bot.profiles.model import Profile

_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def default_id(year: int, parent: Profile) -> str:
    """2025-zuofeng -> 2026-niandu: the new year's meeting may have another emphasis."""
    suffix = "-banzi" if parent.voice == "team" else ""
    return f"{year}-niandu{suffix}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold_text(year: int, parent: Profile, profile_id: str | None = None) -> str:
    """The YAML text of a new profile for `year` that extends `parent`."""
    if not 2000 <= year <= 2100:
        raise ValueError(f"year out of range: {year}")
    new_id = profile_id or default_id(year, parent)
    if not _ID.match(new_id):
        raise ValueError(f"bad profile id: {new_id!r}")
    meeting = re.sub(r"\d{4}", str(year), parent.meeting, count=1) if re.search(r"\d{4}", parent.meeting) \
        else f"{year}年度民主生活会"
    name = re.sub(r"（.*?）$", "", re.sub(r"\d{4}", str(year), parent.name, count=1)) or meeting
    aspects = "\n".join(f"  - {_quoted(f'{TODO}第{k}个方面，照抄通知原文')}"
                        for k in range(1, len(parent.aspects) + 1))
    return f"""# {meeting}（由 selfreview new-profile 依据 {parent.id} 生成）。
# 继承 {parent.id} 的全部写法（版式、措辞、提问、可选写法），只写本年度不同之处。
# 请照抄本年度通知原文，填写标有“{TODO}”的三处：notice（通知名称）、theme（主题）、aspects（检视方面）。
# 填写之前，selfreview check-profile 不会通过，机器人也不会使用这份配置。
# 方面的个数与上年度不同时，直接增删 aspects 下的行。
# 事实来源：请在这里写明通知的发文单位、文号和日期；有未能核对的内容，也请写明。
extends: {parent.id}
id: {new_id}
version: 1
year: {year}
name: {name}
meeting: {meeting}
notice: {_quoted(TODO + "通知名称，如《关于开好" + meeting + "的通知》")}
theme: {_quoted(TODO + "会议主题，照抄通知原文")}

aspects:
{aspects}
"""


def write_scaffold(folder: Path, year: int, parent: Profile, profile_id: str | None = None,
                   path: Path | None = None) -> Path:
    """Write the new profile into folder (or path); refuses to overwrite a file."""
    text = scaffold_text(year, parent, profile_id)
    target = path or folder / f"{profile_id or default_id(year, parent)}.yaml"
    if target.exists():
        raise FileExistsError(str(target))
    target.write_text(text, encoding="utf-8")
    return target


def find_profile(folder: Path, profile_id: str) -> Profile | None:
    """The profile with this id in folder, loaded alone (another file's problems do not matter)."""

    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("id") == profile_id:
            return load_profile(path, [folder])
    return None


def new_profile(folder: Path, year: int, source: str, profile_id: str | None = None,
                output: Path | None = None) -> int:
    """The `new-profile` command: write the file and say what to fill; 0 on success."""
    parent = find_profile(folder, source)
    if parent is None:
        print(f"没有找到编号为“{source}”的会议配置（{folder}）", file=sys.stderr)
        return 1
    try:
        target = write_scaffold(folder, year, parent, profile_id, output)
    except FileExistsError as exc:
        print(f"{exc} 已存在，未覆盖；请用 --id 或 -o 另取文件名", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"无法生成：{exc}", file=sys.stderr)
        return 1
    shown = _shown(target)
    print(f"已生成 {shown}（继承 {parent.id}）。")
    print(f"请照抄{year}年度通知原文，填写其中标有“{TODO}”的三处：notice（通知名称）、theme（主题）、aspects（检视方面）；")
    print(f"填好后运行 selfreview check-profile --preview {shown} 检查。")
    return 0


def _shown(path: Path) -> Path:
    """The path as the secretary would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
