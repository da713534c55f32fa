"""Configuration of the webhook worker, and secrets kept out of reprs and logs."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter

from bot import cli
from bot.config import Config, ConfigError, WebhookConfig, load_config
from bot.logs import REDACTED, RedactingFormatter, configure_logging, secrets_of
from bot.telegram.handlers import build_application
from bot.usecases import DraftingService
from tests.conftest import ROOT

TOKEN = "123456:AAH-secret-part-of-the-token"


def test_webhook_defaults_and_file_values(tmp_path: Path) -> None:
    assert load_config(ROOT / "config.yaml", env={}).webhook == WebhookConfig()
    config_file = tmp_path / "config.yaml"
    config_file.write_text("webhook:\n  listen: 0.0.0.0\n  port: 9001\n  path: /tg/hook\n"
                           "  public_url: https://bot.example.org/tg/hook\n", encoding="utf-8")
    webhook = load_config(config_file, env={}).webhook
    assert (webhook.listen, webhook.port, webhook.path, webhook.public_url, webhook.secret_token) == (
        "0.0.0.0", 9001, "/tg/hook", "https://bot.example.org/tg/hook", None)


def test_the_environment_overrides_the_webhook_section() -> None:
    webhook = load_config(ROOT / "config.yaml", env={
        "SELFREVIEW_WEBHOOK_SECRET": "s3cret_-X", "SELFREVIEW_WEBHOOK_URL": "https://h.example.org/x",
        "SELFREVIEW_WEBHOOK_PORT": "8100", "SELFREVIEW_WEBHOOK_LISTEN": "10.0.0.5",
        "SELFREVIEW_WEBHOOK_PATH": "/x"}).webhook
    assert webhook == WebhookConfig("10.0.0.5", 8100, "/x", "https://h.example.org/x", "s3cret_-X")


@pytest.mark.parametrize(("env", "message"), [
    ({"SELFREVIEW_WEBHOOK_URL": "http://insecure.example.org/x"}, "https://"),
    ({"SELFREVIEW_WEBHOOK_SECRET": "has space"}, "密钥"),
    ({"SELFREVIEW_WEBHOOK_SECRET": "x" * 257}, "密钥"),
    ({"SELFREVIEW_WEBHOOK_PORT": "eighty"}, "webhook.port"),
    ({"SELFREVIEW_WEBHOOK_PATH": "telegram"}, "webhook.path"),
])
def test_bad_webhook_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(ROOT / "config.yaml", env=env)


def test_secrets_are_not_in_the_config_repr() -> None:
    config = load_config(ROOT / "config.yaml", env={"TELEGRAM_BOT_TOKEN": TOKEN, "SELFREVIEW_WEBHOOK_SECRET": "hush"})
    assert config.telegram.token == TOKEN and config.webhook.secret_token == "hush"
    assert TOKEN not in repr(config) and "hush" not in repr(config)


def test_webhook_without_a_secret_refuses_to_start(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("SELFREVIEW_WEBHOOK_SECRET", raising=False)
    assert cli.main(["--config", str(ROOT / "config.yaml"), "webhook"]) == 2
    assert "SELFREVIEW_WEBHOOK_SECRET" in capsys.readouterr().err


def test_log_lines_never_show_the_token_or_the_secret() -> None:
    formatter = RedactingFormatter(secrets_of(TOKEN, None, "hush-webhook-secret"), "%(message)s")
    try:
        raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except ConnectionError as exc:  # an OSError: its message is kept (and redacted)
        record = logging.LogRecord("bot.telegram.runner", logging.ERROR, __file__, 1, "request to %s with %s",
                                   (f"/bot{TOKEN}/sendMessage", "hush-webhook-secret"), (type(exc), exc, exc.__traceback__))
    line = formatter.format(record)
    assert TOKEN not in line and "secret-part-of-the-token" not in line and "hush" not in line
    assert line.count(REDACTED) == 3  # message (token, secret) and the traceback's exception text


def test_configure_logging_quietens_request_logs() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO", secrets_of(TOKEN, None, "hush-webhook-secret"))
        assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
        assert isinstance(root.handlers[0].formatter, RedactingFormatter)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_the_outbound_rate_limiter_is_on_by_default(tmp_path: Path) -> None:
    assert load_config(ROOT / "config.yaml", env={}).telegram.rate_limiter is True
    config_file = tmp_path / "config.yaml"
    config_file.write_text("telegram:\n  api_base_url: http://127.0.0.1:8081\n", encoding="utf-8")
    assert load_config(config_file, env={}).telegram.rate_limiter is True


def test_the_rate_limiter_is_turned_off_in_the_file_or_the_environment(tmp_path: Path) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("telegram:\n  rate_limiter: false\n", encoding="utf-8")
    assert load_config(config_file, env={}).telegram.rate_limiter is False
    assert load_config(config_file, env={"SELFREVIEW_RATE_LIMITER": "on"}).telegram.rate_limiter is True
    assert load_config(ROOT / "config.yaml", env={"SELFREVIEW_RATE_LIMITER": "off"}).telegram.rate_limiter is False


@pytest.mark.parametrize(("text", "env", "message"), [
    ("telegram:\n  rate_limiter: sometimes\n", {}, "telegram.rate_limiter 应为 true 或 false"),
    ("", {"SELFREVIEW_RATE_LIMITER": "maybe"}, "SELFREVIEW_RATE_LIMITER 应为 on 或 off"),
])
def test_a_bad_rate_limiter_setting_is_refused(tmp_path: Path, text: str, env: dict[str, str], message: str) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(config_file, env=env)


def test_the_application_has_the_rate_limiter_the_config_says(config: Config, service: DraftingService) -> None:
    on = replace(config, telegram=replace(config.telegram, token=TOKEN, rate_limiter=True))
    off = replace(on, telegram=replace(on.telegram, rate_limiter=False))
    assert isinstance(build_application(on, service).bot.rate_limiter, AIORateLimiter)
    assert build_application(off, service).bot.rate_limiter is None
    # the benchmark's keyword still wins over the config, either way
    assert build_application(on, service, rate_limited=False).bot.rate_limiter is None
    assert isinstance(build_application(off, service, rate_limited=True).bot.rate_limiter, AIORateLimiter)


def test_the_command_line_warns_when_the_rate_limiter_is_off(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    cli._warn_if_unlimited(config)
    assert capsys.readouterr().err == ""
    cli._warn_if_unlimited(replace(config, telegram=replace(config.telegram, rate_limiter=False)))
    assert "已关闭发送限速" in capsys.readouterr().err
