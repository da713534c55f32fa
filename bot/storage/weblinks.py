"""The bot's one-time links to open a web account.

Queries only; bot/usecases/weblink.py makes the links, bot/web/accounts.py redeems them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.storage.models import WebAccount, WebLink


class WebLinks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, telegram_id: int, code_hash: str, now: datetime, expires: datetime) -> None:
        self.session.add(WebLink(code_hash=code_hash, telegram_id=telegram_id, created_at=now, expires_at=expires))

    def by_code(self, code_hash: str) -> WebLink | None:
        return self.session.scalars(select(WebLink).where(WebLink.code_hash == code_hash).with_for_update()).first()

    def account_of(self, user_id: int) -> WebAccount | None:
        return self.session.scalars(select(WebAccount).where(WebAccount.user_id == user_id)).first()

    def login_taken(self, login: str) -> bool:
        return bool(self.session.scalar(select(exists().where(WebAccount.login == login))))
