"""Configuration: config.yaml loaded into frozen dataclasses; the environment overrides it."""

from __future__ import annotations

import os
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
    token: str | None
    api_base_url: str


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


@dataclass(frozen=True)
class Config:
    database_url: str
    telegram: TelegramConfig
    profiles_dir: Path
    templates_dir: Path
    console_user_id: int
    document: DocumentConfig = field(default_factory=DocumentConfig)


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
        document=_document(_section(data, "document"), base),
    )
