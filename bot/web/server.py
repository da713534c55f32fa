"""`selfreview web`: the web front end served by uvicorn (one process, or several on PostgreSQL).

With --workers above 1 uvicorn starts each worker from the import string below, so the app is
built from the configuration in every worker (SELFREVIEW_CONFIG, DATABASE_URL … as for the bot).
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from bot.app import build_service
from bot.config import Config, load_config
from bot.web.site import create_app

SECURE_ENV = "SELFREVIEW_WEB_SECURE_COOKIES"


def app_from_config(config: Config | None = None) -> Starlette:
    config = config or load_config()
    # Behind nginx with HTTPS the session cookie must say Secure; on plain http (a test, a
    # laptop) a Secure cookie would never come back, so it is a setting.
    secure = os.environ.get(SECURE_ENV, "").lower() in ("1", "true", "yes")
    return create_app(build_service(config), secure_cookies=secure, secret=os.environ.get("SELFREVIEW_WEB_SECRET"),
                      bot_token=config.telegram.token, allowed_users=config.access.allowed_users)


def factory() -> Starlette:
    return app_from_config()


def serve(config: Config, host: str, port: int, workers: int, proxy: bool) -> int:
    import uvicorn

    options = {"host": host, "port": port, "proxy_headers": proxy,
               "forwarded_allow_ips": "127.0.0.1" if proxy else None, "server_header": False, "log_level": "info"}
    if workers > 1:
        uvicorn.run("bot.web.server:factory", factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        uvicorn.run(app_from_config(config), **options)  # type: ignore[arg-type]
    return 0
