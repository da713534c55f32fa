"""The `selfreview` command: run the bot or the terminal front end, render, import, export, check."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from bot.draft.answers_file import AnswersFileError, parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import DraftContent
from bot.profiles import ProfileCatalog, ProfileError, load_profile


def _catalog(config: Config) -> ProfileCatalog:
    return ProfileCatalog.from_dir(config.profiles_dir)


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    if not config.telegram.token:
        print(
            "未设置 TELEGRAM_BOT_TOKEN。\n"
            "请在 Telegram 中与 @BotFather 对话，发送 /newbot 创建机器人并取得令牌，然后运行：\n"
            "  TELEGRAM_BOT_TOKEN=<令牌> selfreview run\n"
            "不使用 Telegram 时，可运行终端版：selfreview console",
            file=sys.stderr,
        )
        return 2
    from bot.app import build_service
    from bot.telegram.handlers import build_application

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    app = build_application(config, build_service(config))
    app.run_polling(poll_interval=float(args.poll_interval))
    return 0


def cmd_console(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service
    from bot.console import run_console

    user_id = args.user if args.user is not None else config.console_user_id
    return run_console(build_service(config), user_id)


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


def cmd_render(config: Config, args: argparse.Namespace) -> int:
    catalog = _catalog(config)
    content = _read_answers(catalog, args.file)
    if content is None:
        return 1
    document = Assembler(config.templates_dir).document(catalog.get(content.profile_id), content)
    output = document.markdown() if args.format == "markdown" else document.text()
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service

    data = build_service(config).export_yaml(args.user)
    if data is None:
        print(f"用户 {args.user} 没有正在起草的材料。", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)
    return 0


def cmd_import(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service

    try:
        draft_id = build_service(config).import_answers(args.user, Path(args.file).read_bytes())
    except OSError as exc:
        print(f"无法读取 {args.file}：{exc}", file=sys.stderr)
        return 1
    except AnswersFileError as exc:
        print(f"{args.file}：无法导入，未作任何修改：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"已导入为用户 {args.user} 的新材料（编号 {draft_id}），并设为当前材料。")
    return 0


def cmd_check(config: Config, args: argparse.Namespace) -> int:
    """The reviewer's report on an answers file (no measure marks: shared wording stands in)."""
    from bot.review import default_rules, format_report, review

    catalog = _catalog(config)
    content = _read_answers(catalog, args.file)
    if content is None:
        return 1
    profile = catalog.get(content.profile_id)
    document = Assembler(config.templates_dir).document(profile, content)
    rules = default_rules()
    report = review(profile, content, document, rules)
    sys.stdout.write(format_report(profile, report, rules, in_chat=False) + "\n")
    return 0


def cmd_check_profile(config: Config, args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files] or sorted(config.profiles_dir.glob("*.yaml"))
    failed = 0
    for path in files:
        try:
            profile = load_profile(path)
        except ProfileError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            continue
        print(f"{path}: 通过（{profile.id}，{len(profile.aspects)}个方面）")
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="selfreview", description="对照检查材料起草助手")
    top.add_argument("--config", type=Path, help="配置文件（默认 config.yaml 或 SELFREVIEW_CONFIG）")
    sub = top.add_subparsers(dest="command")
    run = sub.add_parser("run", help="以轮询方式运行 Telegram 机器人")
    run.add_argument("--poll-interval", default="0", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)
    console = sub.add_parser("console", help="终端版（无需 Telegram）")
    console.add_argument("--user", type=int, help="以哪个用户编号起草（默认 config 中的 console.user_id）")
    console.set_defaults(func=cmd_console)
    render = sub.add_parser("render", help="把答案文件排成材料")
    render.add_argument("file")
    render.add_argument("--format", choices=["text", "markdown"], default="text")
    render.add_argument("-o", "--output")
    render.set_defaults(func=cmd_render)
    export = sub.add_parser("export", help="导出某用户当前材料的答案文件")
    export.add_argument("--user", type=int, required=True)
    export.add_argument("-o", "--output")
    export.set_defaults(func=cmd_export)
    imp = sub.add_parser("import", help="为某用户导入答案文件（新建一份材料）")
    imp.add_argument("--user", type=int, required=True)
    imp.add_argument("file")
    imp.set_defaults(func=cmd_import)
    review = sub.add_parser("check", help="审读答案文件，列出常被退回的问题")
    review.add_argument("file")
    review.set_defaults(func=cmd_check)
    check = sub.add_parser("check-profile", help="检查会议配置文件")
    check.add_argument("files", nargs="*")
    check.set_defaults(func=cmd_check_profile)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["console"])
    try:
        config = load_config(args.config)
        return int(args.func(config, args))
    except (ConfigError, ProfileError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
