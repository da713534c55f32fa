"""Configuration: config.yaml loaded into frozen dataclasses; the environment overrides it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class TelegramConfig:
    token: str | None
    api_base_url: str


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
    reminders: ReminderConfig = field(default_factory=ReminderConfig)


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
        database_url=_sqlite_relative(url, base),
        telegram=TelegramConfig(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or str(
                telegram.get("api_base_url") or "https://api.telegram.org")).rstrip("/"),
        ),
        profiles_dir=base / str(_section(data, "profiles").get("dir", "prompts")),
        templates_dir=base / str(_section(data, "templates").get("dir", "templates")),
        console_user_id=console_user_id,
        reminders=_reminders(data, env),
    )
