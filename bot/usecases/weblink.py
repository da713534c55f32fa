"""/webaccount: a one-time link to open a web account for this official, on the same material.

The bot admits the official (allowlist or invite); the link lets them set a login name and a
password in the web front end, and the account they open is their own users row, so the bot,
the terminal and the web all work on the same materials. The link is good for 15 minutes, once;
only its hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from bot.storage.weblinks import WebLinks
from bot.texts import web as T
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope

VALID_FOR = timedelta(minutes=15)


def link_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode("ascii", "ignore")).hexdigest()


def web_account(scope: Scope, args: str = "") -> list[Reply]:
    url = scope.deps.web_url
    if url is None:
        return [Reply(T.BOT_WEB_NOT_SET)]
    links = WebLinks(scope.session)
    account = links.account_of(scope.user.id)
    if account is not None:
        return [Reply(T.BOT_ACCOUNT_EXISTS.format(login=account.login, url=f"{url}/login"))]
    code = secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    links.add(scope.user.telegram_id, link_hash(code), now, now + VALID_FOR)
    return [Reply(T.BOT_ACCOUNT_LINK.format(url=f"{url}/register?link={code}", minutes=VALID_FOR.seconds // 60))]
