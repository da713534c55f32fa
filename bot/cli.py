"""The `selfreview` command: run the bot or the terminal front end, render, import, export, check."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from bot.cli_documents import (
    cmd_check,
    cmd_check_profile,
    cmd_export,
    cmd_import,
    cmd_materials,
    cmd_render,
)
from bot.config import Config, ConfigError, load_config
from bot.profiles import ProfileError
from bot.profiles.scaffold import new_profile
from bot.storage.migrate import SchemaVersionError

if TYPE_CHECKING:
    from bot.usecases import DraftingService

log = logging.getLogger("bot.cli")


def _no_token(command: str) -> int:
    print(
        "未设置 TELEGRAM_BOT_TOKEN。\n"
        "请在 Telegram 中与 @BotFather 对话，发送 /newbot 创建机器人并取得令牌，然后运行：\n"
        f"  TELEGRAM_BOT_TOKEN=<令牌> selfreview {command}\n"
        "不使用 Telegram 时，可运行终端版：selfreview console",
        file=sys.stderr,
    )
    return 2


def _service_for_bot(config: Config) -> DraftingService:
    """The service for a long-running bot process: schema upgraded, old update ids pruned."""
    from bot.app import build_service
    from bot.storage.retention import prune_processed_updates

    service = build_service(config)
    pruned = prune_processed_updates(service.db)
    if pruned:
        log.info("pruned %d old processed-update records", pruned)
    return service


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    if not config.telegram.token:
        return _no_token("run")
    from bot.logs import configure_logging, secrets_of
    from bot.telegram.handlers import build_application
    from bot.telegram.runner import poll, run_until_signalled

    # Explicit, tested logging: no answer text and no token at any level (bot/logs.py).
    configure_logging(config.log_level, secrets_of(config.telegram.token, config.encryption_key))
    _warn_if_closed(config)
    _warn_if_unlimited(config)
    app = build_application(config, _service_for_bot(config))
    return _run_bot(lambda: run_until_signalled(lambda stop: poll(app, stop, interval=float(args.poll_interval))))


def _warn_if_unlimited(config: Config) -> None:
    if not config.telegram.rate_limiter:
        print("提示：已关闭发送限速（telegram.rate_limiter: false / SELFREVIEW_RATE_LIMITER=off），"
              "仅适用于同机自建的 Bot API 服务器或基准测试；直连 Telegram 时超过约每秒30条会被拒绝（429），"
              "消息可能发送失败。详见 docs/deploy.md。", file=sys.stderr)


def _warn_if_closed(config: Config) -> None:
    if not config.access.allowed_users:
        print("提示：白名单为空（access.allowed_users / SELFREVIEW_ALLOWED_USERS），"
              "只有使用邀请码的人可以使用本机器人；可用 selfreview invite 生成邀请码。"
              "被拒绝的人会看到自己的用户编号，可据此加入白名单。", file=sys.stderr)


def _run_bot(run: Callable[[], None]) -> int:
    """Run the bot; failures are reported through logging, which hides the token."""
    from telegram.error import InvalidToken

    try:
        run()
    except InvalidToken:
        # PTB's own message for this error quotes the token: never print it.
        print("Telegram 拒绝了该令牌：TELEGRAM_BOT_TOKEN 无效或已被撤销，请向 @BotFather 核对。", file=sys.stderr)
        return 2
    except Exception:
        log.critical("the bot stopped because of an error", exc_info=True)
        return 1
    return 0


def cmd_webhook(config: Config, args: argparse.Namespace) -> int:
    if not config.telegram.token:
        return _no_token("webhook")
    webhook = config.webhook
    if args.port is not None:
        webhook = replace(webhook, port=args.port)
    if args.listen is not None:
        webhook = replace(webhook, listen=args.listen)
    if not webhook.secret_token:
        print(
            "未设置 Webhook 密钥。请设置环境变量 SELFREVIEW_WEBHOOK_SECRET（1～256个字母、数字、下划线或连字符，"
            "可用 `openssl rand -hex 32` 生成），所有工作进程使用同一个密钥。",
            file=sys.stderr,
        )
        return 2
    from bot.logs import configure_logging, secrets_of
    from bot.telegram.handlers import build_application
    from bot.telegram.runner import run_until_signalled, serve_webhook

    configure_logging(config.log_level, secrets_of(config.telegram.token, config.encryption_key,
                                                   webhook.secret_token))
    _warn_if_closed(config)
    _warn_if_unlimited(config)
    if not webhook.public_url:
        log.warning("webhook.public_url (SELFREVIEW_WEBHOOK_URL) is not set: not registering the webhook")
    app = build_application(config, _service_for_bot(config))
    return _run_bot(lambda: run_until_signalled(lambda stop: serve_webhook(app, webhook, stop)))


def cmd_migrate(config: Config, args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.db import make_engine

    engine = make_engine(config.database_url)
    try:
        result = migrate.upgrade(engine)
    finally:
        engine.dispose()
    if result.before == result.after:
        print(f"数据库结构已是最新版本（{result.after}），无需升级。")
    else:
        print(f"数据库结构已从{result.before or '空库'}升级到{result.after}，原有数据全部保留。")
    return 0


def cmd_prune_updates(config: Config, args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.db import Database, make_engine
    from bot.storage.retention import prune_processed_updates

    if args.days < 1:
        print("--days 至少为1（Telegram 可能在一天内重发消息）。", file=sys.stderr)
        return 2
    engine = make_engine(config.database_url)
    try:
        migrate.upgrade(engine)
        pruned = prune_processed_updates(Database(engine), args.days)
    finally:
        engine.dispose()
    print(f"已清理{pruned}条{args.days}天前的消息处理记录。")
    return 0


def cmd_web(config: Config, args: argparse.Namespace) -> int:
    """The web front end (docs/deploy.md); several workers share the database like webhook workers."""
    from bot.web.server import serve

    if args.config is not None:  # each of several workers loads the configuration itself
        os.environ["SELFREVIEW_CONFIG"] = str(args.config)
    return serve(config, args.listen, args.port, args.workers, args.proxy)


def cmd_console(config: Config, args: argparse.Namespace) -> int:
    from bot.app import build_service
    from bot.console import run_console

    user_id = args.user if args.user is not None else config.console_user_id
    return run_console(build_service(config), user_id)


def cmd_invite(config: Config, args: argparse.Namespace) -> int:
    from bot.access import create_invites
    from bot.app import build_service

    if not 1 <= args.count <= 100:
        print("--count 应在 1～100 之间。", file=sys.stderr)
        return 2
    valid_for = timedelta(days=args.days) if args.days else None
    codes = create_invites(build_service(config).db, args.count, valid_for)
    limit = f"，{args.days}天内有效" if args.days else ""
    print(f"已生成{len(codes)}个一次性邀请码（每个只能让一人使用{limit}）。数据库中只保存其摘要，请现在妥善转交：",
          file=sys.stderr)
    for code in codes:
        print(code)
    print("受邀人在与机器人的私聊中发送“/start 邀请码”，或打开链接 https://t.me/<机器人用户名>?start=<邀请码>。",
          file=sys.stderr)
    return 0


def cmd_invites(config: Config, args: argparse.Namespace) -> int:
    from bot.access import list_invites
    from bot.app import build_service

    invites = list_invites(build_service(config).db)
    if not invites:
        print("尚未生成邀请码。")
    for invite in invites:
        if invite.redeemed_at is not None:
            who = f"用户 {invite.redeemed_by}" if invite.redeemed_by is not None else "已删除数据或已撤销的用户"
            state = f"已使用（{invite.redeemed_at:%Y-%m-%d %H:%M} UTC，{who}）"
        elif invite.expires_at is not None:
            state = f"未使用，{invite.expires_at:%Y-%m-%d %H:%M} UTC 过期"
        else:
            state = "未使用，长期有效"
        print(f"#{invite.id} 生成于 {invite.created_at:%Y-%m-%d %H:%M} UTC：{state}")
    return 0


def cmd_revoke(config: Config, args: argparse.Namespace) -> int:
    from bot.access import revoke_user
    from bot.app import build_service

    count = revoke_user(build_service(config).db, args.user)
    print(f"已撤销用户 {args.user} 通过邀请码取得的使用权限（{count}个邀请码）。"
          "白名单（access.allowed_users / SELFREVIEW_ALLOWED_USERS）中的用户需在配置中删除。"
          "其已保存的材料不受影响，用户可自行发送 /delete 删除。")
    return 0


def cmd_keygen(config: Config, args: argparse.Namespace) -> int:
    from bot.storage.crypto import generate_key

    print(generate_key())
    print("请把上面的密钥设为环境变量 SELFREVIEW_ENCRYPTION_KEY，并另行妥善备份：密钥丢失，加密的内容无法恢复。",
          file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="selfreview", description="对照检查材料起草助手")
    top.add_argument("--config", type=Path, help="配置文件（默认 config.yaml 或 SELFREVIEW_CONFIG）")
    sub = top.add_subparsers(dest="command")
    run = sub.add_parser("run", help="以轮询方式运行 Telegram 机器人")
    run.add_argument("--poll-interval", default="0", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)
    webhook = sub.add_parser("webhook", help="以 Webhook 方式运行一个工作进程（可运行多个，见 docs/deploy.md）")
    webhook.add_argument("--port", type=int, help="本进程监听的端口（默认 config 中的 webhook.port）")
    webhook.add_argument("--listen", help="监听地址（默认 config 中的 webhook.listen）")
    webhook.set_defaults(func=cmd_webhook)
    migrate = sub.add_parser("migrate", help="把数据库结构升级到本程序的版本（启动时也会自动进行）")
    migrate.set_defaults(func=cmd_migrate)
    prune = sub.add_parser("prune-updates", help="清理旧的消息处理记录（启动时也会自动清理30天前的）")
    prune.add_argument("--days", type=int, default=30, help="保留最近多少天（默认30）")
    prune.set_defaults(func=cmd_prune_updates)
    web = sub.add_parser("web", help="运行网页版（单位内网使用，见 docs/deploy.md）")
    web.add_argument("--listen", default="127.0.0.1", help="监听地址（默认 127.0.0.1，由 nginx 转发）")
    web.add_argument("--port", type=int, default=8080, help="端口（默认 8080）")
    web.add_argument("--workers", type=int, default=1, help="工作进程数（多于1个时须使用 PostgreSQL）")
    web.add_argument("--proxy", action="store_true", help="位于 nginx 之后：按 X-Forwarded-For 识别来访地址")
    web.set_defaults(func=cmd_web)
    console = sub.add_parser("console", help="终端版（无需 Telegram）")
    console.add_argument("--user", type=int, help="以哪个用户编号起草（默认 config 中的 console.user_id）")
    console.set_defaults(func=cmd_console)
    render = sub.add_parser("render", help="把答案文件排成材料")
    render.add_argument("file")
    render.add_argument("--format", choices=["text", "markdown", "docx", "pdf"], default="text",
                        help="docx：公文格式 Word 文件；pdf：经 LibreOffice 转换（需安装）")
    render.add_argument("-o", "--output", help="输出文件；docx/pdf 默认为“对照检查材料-年度-日期”")
    render.set_defaults(func=cmd_render)
    materials = sub.add_parser("materials", help="列出某用户的全部材料")
    materials.add_argument("--user", type=int, required=True, help="Telegram 用户编号")
    materials.set_defaults(func=cmd_materials)
    export = sub.add_parser("export", help="导出某用户当前材料（或第N份材料）的答案文件")
    export.add_argument("--user", type=int, required=True)
    export.add_argument("-o", "--output")
    export.add_argument("--material", type=int, help="材料序号（见 selfreview materials），默认为当前材料")
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
    check.add_argument("--preview", action="store_true", help="检查通过后显示材料框架（各部分用〔〕标出）")
    check.set_defaults(func=cmd_check_profile)
    new = sub.add_parser("new-profile", help="依据上年度的会议配置生成新年度的配置（待填写主题、方面、通知）")
    new.add_argument("year", type=int)
    new.add_argument("--from", dest="source", required=True, help="所依据的会议配置编号，如 2025-zuofeng")
    new.add_argument("--id", help="新配置的编号（默认：年份-niandu）")
    new.add_argument("-o", "--output", help="输出文件（默认：会议配置目录中的“编号.yaml”）")
    new.set_defaults(func=lambda config, args: new_profile(
        config.profiles_dir, args.year, args.source, args.id, Path(args.output) if args.output else None))
    invite = sub.add_parser("invite", help="生成一次性邀请码")
    invite.add_argument("-n", "--count", type=int, default=1, help="生成几个（默认 1）")
    invite.add_argument("--days", type=int, help="有效天数（默认长期有效，直至使用）")
    invite.set_defaults(func=cmd_invite)
    invites = sub.add_parser("invites", help="列出邀请码的使用情况")
    invites.set_defaults(func=cmd_invites)
    revoke = sub.add_parser("revoke", help="撤销某用户通过邀请码取得的使用权限")
    revoke.add_argument("--user", type=int, required=True)
    revoke.set_defaults(func=cmd_revoke)
    keygen = sub.add_parser("keygen", help="生成加密密钥（SELFREVIEW_ENCRYPTION_KEY）")
    keygen.set_defaults(func=cmd_keygen)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["console"])
    try:
        config = load_config(args.config)
        return int(args.func(config, args))
    except (ConfigError, ProfileError, SchemaVersionError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"无法打开数据库：{exc.orig or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
