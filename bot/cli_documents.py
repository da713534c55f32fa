"""The `selfreview` commands about documents: render, check, import, export, materials, check-profile."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Config
from bot.draft.answers_file import AnswersFileError, parse_answers
from bot.draft.assemble import Assembler, Document
from bot.draft.content import DraftContent
from bot.draft.decode import TextEncodingError, decode_text
from bot.draft.material_file import MaterialFileError
from bot.draft.preview import preview_content
from bot.interview.engine import Interview
from bot.profiles import Profile, ProfileCatalog, ProfileError, load_profile
from bot.profiles.loader import duplicate_ids
from bot.usecases.files import is_material_file

if TYPE_CHECKING:
    pass

log = logging.getLogger("bot.cli")


def catalog_of(config: Config) -> ProfileCatalog:
    return ProfileCatalog.from_dir(config.profiles_dir)


def _read_answers(catalog: ProfileCatalog, file: str) -> DraftContent | None:
    """An answers file, or None after saying on stderr why it cannot be used."""
    try:
        return parse_answers(Path(file).read_bytes(), catalog.find)
    except OSError as exc:
        print(f"无法读取 {file}：{exc}", file=sys.stderr)
    except AnswersFileError as exc:
        print(f"{file}：无法使用：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
    return None


def _assembled(config: Config, file: str) -> tuple[Profile, DraftContent, Document] | None:
    """An answers file read and assembled, or None after saying on stderr why it cannot be used."""
    catalog = catalog_of(config)
    content = _read_answers(catalog, file)
    if content is None:
        return None
    profile = catalog.get(content.profile_id)
    assembler = Assembler(config.templates_dir, config.notice, config.option_defaults)
    return profile, content, assembler.document(profile, content)


def cmd_render(config: Config, args: argparse.Namespace) -> int:
    assembled = _assembled(config, args.file)
    if assembled is None:
        return 1
    profile, _, document = assembled
    if args.format in ("docx", "pdf"):
        from bot.export import export_filename

        return _render_file(config, document, args.format, args.output or export_filename(profile.year, args.format))
    output = document.markdown() if args.format == "markdown" else document.text()
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0


def _render_file(config: Config, document: Document, fmt: str, output: str) -> int:
    """Word or PDF: binary files, so always written to a file (named like the chat's by default)."""
    from bot.export import ConversionError, Exporter

    exporter = Exporter(config.document)
    data = exporter.docx(document)
    if fmt == "pdf":
        try:
            data = exporter.pdf(data)
        except ConversionError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        print(f"无法写入 {output}：{exc}", file=sys.stderr)
        return 1
    print(f"已生成 {output}", file=sys.stderr)
    return 0


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service

    data = build_service(config).export_yaml(args.user, args.material)
    if data is None:
        which = f"第{args.material}份材料" if args.material else "正在起草的材料"
        print(f"用户 {args.user} 没有{which}。可用 selfreview materials --user {args.user} 查看。", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)
    return 0


def cmd_import(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service

    service = build_service(config)
    held = 0
    try:
        raw = Path(args.file).read_bytes()
        if is_material_file(args.file, raw):  # last year's Word file, or a prepared text
            held = service.import_material(args.user, Path(args.file).name, raw)
        else:
            # GBK (Notepad on Chinese Windows), UTF-16 (Word), UTF-8 with or without BOM: as in chat.
            service.import_answers(args.user, decode_text(raw).encode("utf-8"))
    except MaterialFileError as exc:
        print(f"{args.file}：无法导入，未作任何修改：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法读取 {args.file}：{exc}", file=sys.stderr)
        return 1
    except TextEncodingError as exc:
        print(f"{args.file}：无法导入，未作任何修改：{exc}", file=sys.stderr)
        return 1
    except AnswersFileError as exc:
        print(f"{args.file}：无法导入，未作任何修改：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    number = len(service.materials(args.user))
    print(f"已导入为用户 {args.user} 的第{number}份材料，并设为当前材料（原有材料保留）。")
    if held:
        print(f"另有{held}段文字没有找到对应位置，已暂存（在对话中发送 /held 查看）。")
    return 0


def cmd_materials(config: Config, args: argparse.Namespace) -> int:
    """Every material of one user, as /materials lists them (numbers as export --material takes them)."""
    from bot.app import build_service

    rows = build_service(config).materials(args.user)
    if not rows:
        print(f"用户 {args.user} 没有材料。", file=sys.stderr)
        return 1
    for row in rows:
        mark = "▶" if row.is_open else " "
        state = "（已归档）" if row.archived else ""
        print(f"{mark} {row.number}. {row.name}{state}  {row.author or '—'}  {row.percent}%  {row.chars}字  "
              f"{row.changed:%Y-%m-%d %H:%M}")
    return 0


def cmd_check(config: Config, args: argparse.Namespace) -> int:
    """The reviewer's report on an answers file (its measures' `answers` marks, where it has them)."""
    from bot.review import default_rules, format_report, review

    assembled = _assembled(config, args.file)
    if assembled is None:
        return 1
    profile, content, document = assembled
    rules = default_rules()
    report = review(profile, content, document, rules, links=content.links or None)
    sys.stdout.write(format_report(profile, report, rules, in_chat=False) + "\n")
    return 0


def cmd_check_profile(config: Config, args: argparse.Namespace) -> int:
    """Validate profiles (parents they extend are looked up in the profiles folder too)."""
    files = [Path(f) for f in args.files] or sorted(config.profiles_dir.glob("*.yaml"))
    assembler = Assembler(config.templates_dir)
    # Two files with one id: each may be fine alone, but the bot refuses the folder.
    duplicates = duplicate_ids(config.profiles_dir) if not args.files else []
    for problem in duplicates:
        print(problem)
    failed = len(duplicates)
    for path in files:
        try:
            profile = load_profile(path, search=[config.profiles_dir])
            interview = Interview(profile)
            # A trial render proves the wording fills in and the template accepts the layout.
            document = assembler.document(profile, preview_content(interview))
        except ProfileError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            continue
        parts = "、".join(s.title for s in interview.sections if s.key in
                         ("counts", "rectification", "case", "declarations"))
        extra = f"；另有：{parts}" if parts else ""
        print(f"{path}: 通过（{profile.id}，{profile.year}年，{len(profile.aspects)}个方面{extra}）")
        if args.preview:
            print(document.text())
    return 1 if failed else 0
