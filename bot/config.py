"""Configuration: config.yaml loaded into frozen dataclasses; the environment overrides it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class TelegramConfig:
    token: str | None = field(repr=False)  # a secret: never printed with the config or in a log
    api_base_url: str
    # PTB's AIORateLimiter on every outbound call: Telegram's ~30 messages a second, a 429's
    # retry_after waited out. Off only for a Bot API server of one's own on the same machine
    # or a benchmark (docs/deploy.md).
    rate_limiter: bool = True


@dataclass(frozen=True)
class WebhookConfig:
    """`selfreview webhook`: where this worker listens and what Telegram is told."""

    listen: str = "127.0.0.1"  # behind a reverse proxy; 0.0.0.0 only if Telegram connects directly
    port: int = 8443
    path: str = "/telegram"
    public_url: str | None = None  # https://… as Telegram reaches it (the proxy), path included
    # X-Telegram-Bot-Api-Secret-Token; from the environment, never printed.
    secret_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AccessConfig:
    """Who may use the Telegram bot besides those who redeemed an invite (closed by default)."""

    allowed_users: frozenset[int] = frozenset()
    # Flood guard per chat: `flood_burst` messages at once, then `flood_per_second`.
    flood_burst: int = 10
    flood_per_second: float = 1.0


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class DocumentConfig:
    """The Word/PDF format (GB/T 9704-2012 by default); a unit may prescribe other fonts."""

    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    h1_font: str = "黑体"  # 一、 headings
    h2_font: str = "楷体_GB2312"  # （一） headings
    page_number_font: str = "宋体"
    latin_font: str = "Times New Roman"  # Latin letters and digits in the text
    title_size_pt: float = 22.0  # 二号
    body_size_pt: float = 16.0  # 三号
    page_number_size_pt: float = 14.0  # 四号
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    lines_per_page: int = 22
    chars_per_line: int = 28
    # None: the exact spacing that fits lines_per_page in the text block (28.95 pt for A4).
    line_spacing_pt: float | None = None
    first_line_indent_chars: int = 2
    page_number_gap_mm: float = 7.0  # from the text block to the page number line
    # Chat: also send a PDF and a PNG preview of page 1 (LibreOffice takes seconds per draft).
    pdf_in_chat: bool = True
    libreoffice: str = "soffice"
    conversion_timeout_s: float = 120.0
    # Aliases from the official font names to installed free fonts, used for PDF conversion.
    fontconfig: Path | None = None
    # The signature block after the closing (name, then the meeting date as 2026年12月1日),
    # which most units add; off by default.
    signature: bool = False
    # How many exports (Word file, PDF, preview) of unchanged materials are kept in memory to
    # send again instead of rebuilding; 0: none (bot/export/cache.py says why this is acceptable).
    export_cache: int = 32


@dataclass(frozen=True)
class ReminderConfig:
    """Reminders for idle drafts and an approaching meeting (see bot/reminders.py)."""

    enabled: bool = True
    idle_days: int = 3  # remind once a draft in progress has not changed for this many days
    before_days: tuple[int, ...] = (7, 3, 1)  # and this many days before the meeting date
    check_seconds: float = 1800.0  # how often the database is swept for reminders due
    utc_offset_hours: int = 8  # officials' local time (China has no daylight saving time)
    send_from_hour: int = 9  # reminders go out only between these local hours
    send_until_hour: int = 21


@dataclass(frozen=True)
class Config:
    database_url: str
    telegram: TelegramConfig
    profiles_dir: Path
    templates_dir: Path
    console_user_id: int
    webhook: WebhookConfig = field(default_factory=WebhookConfig)
    access: AccessConfig = AccessConfig()
    # SELFREVIEW_ENCRYPTION_KEY: encrypt what officials type at rest ("new,old" while rotating).
    encryption_key: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    document: DocumentConfig = field(default_factory=DocumentConfig)
    reminders: ReminderConfig = field(default_factory=ReminderConfig)
    # unit: the notice this unit's materials cite, e.g. 县委《关于开好{meeting}的通知》
    # ({year} and {meeting} are the profile's); None: the profile's own notice.
    notice: str | None = None
    # unit.options: the unit's usual form, option id -> choice id (e.g. {items: dot}); an
    # official's own choice in the material wins. Options a profile lacks are ignored.
    option_defaults: Mapping[str, str] = field(default_factory=dict)
    # The web front end's public https address (SELFREVIEW_WEB_URL): the bot's /web opens it as a Mini App.
    web_url: str | None = None


# Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"config: {key} 应为映射")
    return value


def _sqlite_relative(url: str, base: Path) -> str:
    """sqlite:///relative/path is taken relative to the config file, not the cwd."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str((base / url[len(prefix):]).resolve())
    return url


def _allowed_users(data: Mapping[str, Any], env: Mapping[str, str]) -> frozenset[int]:
    """access.allowed_users, or SELFREVIEW_ALLOWED_USERS (comma-separated) when it is set at all."""
    if "SELFREVIEW_ALLOWED_USERS" in env:
        raw: Any = [part for part in env["SELFREVIEW_ALLOWED_USERS"].replace("，", ",").split(",") if part.strip()]
        where = "SELFREVIEW_ALLOWED_USERS"
    else:
        raw = _section(data, "access").get("allowed_users") or []
        where = "access.allowed_users"
    if not isinstance(raw, list):
        raise ConfigError(f"{where} 应为 Telegram 用户编号的列表")
    ids: set[int] = set()
    for item in raw:
        try:
            if isinstance(item, bool):
                raise ValueError(item)
            ids.add(int(str(item).strip()))
        except ValueError as exc:
            raise ConfigError(f"{where} 中的“{str(item)[:40]}”不是 Telegram 用户编号（应为整数）") from exc
    return frozenset(ids)


def _flood(data: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """access.flood {burst, per_second}; SELFREVIEW_FLOOD_BURST / _PER_SECOND override it."""
    section = _section(data, "access").get("flood") or {}
    if not isinstance(section, Mapping):
        raise ConfigError("access.flood 应为映射（burst、per_second）")
    default = AccessConfig()
    try:
        burst = int(env.get("SELFREVIEW_FLOOD_BURST") or section.get("burst", default.flood_burst))
        rate = float(env.get("SELFREVIEW_FLOOD_PER_SECOND") or section.get("per_second", default.flood_per_second))
    except (TypeError, ValueError) as exc:
        raise ConfigError("access.flood 的 burst 应为整数、per_second 应为数字") from exc
    if burst < 1 or rate <= 0:
        raise ConfigError("access.flood 的 burst 至少为1，per_second 应大于0")
    return {"flood_burst": burst, "flood_per_second": rate}
_OFF = ("0", "off", "false", "no")
_ON = ("1", "on", "true", "yes")


def _rate_limiter(section: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    """telegram.rate_limiter (default true); SELFREVIEW_RATE_LIMITER=off|on overrides it."""
    if "SELFREVIEW_RATE_LIMITER" in env:
        value = env["SELFREVIEW_RATE_LIMITER"].strip().lower()
        if value not in _OFF + _ON:
            raise ConfigError(f"SELFREVIEW_RATE_LIMITER 应为 on 或 off，实际为“{value[:20]}”")
        return value in _ON
    value = section.get("rate_limiter", True)
    if not isinstance(value, bool):
        raise ConfigError("config: telegram.rate_limiter 应为 true 或 false")
    return value


def _document(data: Mapping[str, Any], base: Path) -> DocumentConfig:
    """The document: section; unknown keys and wrong types are reported, not ignored."""
    defaults = DocumentConfig()
    known = {f.name: getattr(defaults, f.name) for f in fields(DocumentConfig)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"config: document.{key} 不是可用的设置项")
        default = known[key]
        if key == "fontconfig":
            values[key] = (base / str(value)) if value else None
        elif key == "line_spacing_pt" and value in (None, "auto"):
            values[key] = None
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"config: document.{key} 应为 true 或 false")
            values[key] = value
        elif key == "export_cache":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"config: document.{key} 应为非负整数（0 为不缓存）：{value!r}")
            values[key] = value
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigError(f"config: document.{key} 应为正整数：{value!r}")
            values[key] = value
        elif isinstance(default, float) or key == "line_spacing_pt":
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"config: document.{key} 应为正数：{value!r}")
            values[key] = float(value)
        else:
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"config: document.{key} 应为非空文字")
            values[key] = value.strip()
    return DocumentConfig(**values)
def _reminders(data: Mapping[str, Any], env: Mapping[str, str]) -> ReminderConfig:
    raw = _section(data, "reminders")
    default = ReminderConfig()
    try:
        enabled = raw.get("enabled", default.enabled)
        if "SELFREVIEW_REMINDERS" in env:
            enabled = env["SELFREVIEW_REMINDERS"].strip().lower() not in ("0", "off", "false", "no")
        before = raw.get("before_days", list(default.before_days))
        config = ReminderConfig(
            enabled=bool(enabled),
            idle_days=int(raw.get("idle_days", default.idle_days)),
            before_days=tuple(sorted({int(d) for d in before})),
            check_seconds=float(raw.get("check_seconds", default.check_seconds)),
            utc_offset_hours=int(raw.get("utc_offset_hours", default.utc_offset_hours)),
            send_from_hour=int(raw.get("send_from_hour", default.send_from_hour)),
            send_until_hour=int(raw.get("send_until_hour", default.send_until_hour)),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"reminders 配置有误：{exc}") from exc
    if config.idle_days < 1 or config.check_seconds <= 0 or any(d < 0 for d in config.before_days):
        raise ConfigError("reminders：idle_days 至少为 1，check_seconds 应大于 0，before_days 不能为负数")
    if not 0 <= config.send_from_hour < config.send_until_hour <= 24:
        raise ConfigError("reminders：应满足 0 ≤ send_from_hour < send_until_hour ≤ 24")
    return config


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read config.yaml (or SELFREVIEW_CONFIG) and apply environment overrides."""
    env = os.environ if env is None else env
    path = path or Path(env.get("SELFREVIEW_CONFIG") or DEFAULT_CONFIG)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc}") from exc
    if not isinstance(data, Mapping):
        raise ConfigError(f"配置文件 {path} 应为映射")
    base = path.resolve().parent
    database = _section(data, "database")
    telegram = _section(data, "telegram")
    url = env.get("DATABASE_URL") or str(database.get("url") or "sqlite:///data/selfreview.db")
    console_user = env.get("SELFREVIEW_CONSOLE_USER") or _section(data, "console").get("user_id", 0)
    try:
        console_user_id = int(console_user)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"console.user_id 应为整数：{console_user!r}") from exc
    return Config(
        webhook=_webhook(_section(data, "webhook"), env),
        database_url=_sqlite_relative(url, base),
        telegram=TelegramConfig(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or str(
                telegram.get("api_base_url") or "https://api.telegram.org")).rstrip("/"),
            rate_limiter=_rate_limiter(telegram, env),
        ),
        profiles_dir=base / str(_section(data, "profiles").get("dir", "prompts")),
        templates_dir=base / str(_section(data, "templates").get("dir", "templates")),
        console_user_id=console_user_id,
        access=AccessConfig(allowed_users=_allowed_users(data, env), **_flood(data, env)),
        encryption_key=env.get("SELFREVIEW_ENCRYPTION_KEY") or None,
        log_level=_log_level(env.get("SELFREVIEW_LOG_LEVEL") or _section(data, "logging").get("level") or "INFO"),
        document=_document(_section(data, "document"), base),
        reminders=_reminders(data, env),
        notice=_notice(_section(data, "unit")),
        option_defaults=_option_defaults(_section(data, "unit")),
        web_url=_web_url(_section(data, "web"), env),
    )


def _option_defaults(section: Mapping[str, Any]) -> Mapping[str, str]:
    raw = section.get("options") or {}
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise ConfigError("config: unit.options 应为映射：可选写法编号: 写法编号，如 items: dot")
    return dict(raw)


def _notice(section: Mapping[str, Any]) -> str | None:
    """The unit: section: whose notice the preamble cites (most real materials cite their own 县委's)."""
    for key in section:
        if key not in ("notice_issuer", "notice_title", "options"):
            raise ConfigError(f"config: unit.{key} 不是可用的设置项；可用：notice_issuer、notice_title、options")
    issuer = str(section.get("notice_issuer") or "").strip()
    title = str(section.get("notice_title") or "").strip()
    if not issuer and not title:
        return None
    if not title:
        raise ConfigError("config: unit.notice_title 应写明通知标题，如“关于开好{meeting}的通知”")
    unknown = set(re.findall(r"{([^{}]*)}", title)) - {"year", "meeting"}
    if unknown:
        raise ConfigError(f"config: unit.notice_title 中只能使用 {{year}}、{{meeting}}，实际有 {{{unknown.pop()}}}")
    return f"{issuer}《{title.strip('《》')}》"


def _web_url(section: Mapping[str, Any], env: Mapping[str, str]) -> str | None:
    url = env.get("SELFREVIEW_WEB_URL") or section.get("public_url") or None
    if url is not None and not str(url).startswith("https://"):
        raise ConfigError(f"web.public_url 应为 https:// 开头的地址（Telegram 只打开 HTTPS 页面）：{url!r}")
    return str(url).rstrip("/") if url else None


def _webhook(section: Mapping[str, Any], env: Mapping[str, str]) -> WebhookConfig:
    """The webhook section; SELFREVIEW_WEBHOOK_{LISTEN,PORT,PATH,URL,SECRET} override it."""
    default = WebhookConfig()
    port_value = env.get("SELFREVIEW_WEBHOOK_PORT") or section.get("port", default.port)
    try:
        port = int(port_value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"webhook.port 应为整数：{port_value!r}") from exc
    path = str(env.get("SELFREVIEW_WEBHOOK_PATH") or section.get("path") or default.path)
    if not path.startswith("/"):
        raise ConfigError(f"webhook.path 应以“/”开头：{path!r}")
    public_url = env.get("SELFREVIEW_WEBHOOK_URL") or section.get("public_url") or None
    if public_url is not None and not str(public_url).startswith("https://"):
        raise ConfigError(f"webhook.public_url 应为 https:// 开头的地址（Telegram 只向 HTTPS 推送）：{public_url!r}")
    secret = env.get("SELFREVIEW_WEBHOOK_SECRET") or section.get("secret_token") or None
    if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
        raise ConfigError("webhook 密钥（SELFREVIEW_WEBHOOK_SECRET）应为1～256个字母、数字、下划线或连字符")
    return WebhookConfig(
        listen=str(env.get("SELFREVIEW_WEBHOOK_LISTEN") or section.get("listen") or default.listen),
        port=port,
        path=path,
        public_url=str(public_url) if public_url else None,
        secret_token=str(secret) if secret else None,
    )


def _log_level(value: Any) -> str:
    level = str(value).strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"logging.level 应为 {'、'.join(LOG_LEVELS)} 之一，实际为“{str(value)[:20]}”")
    return level
