"""Web accounts: opened with an invite code, signed in with a password (argon2), signed out everywhere.

A web account belongs to one users row. The bot's one-time link (/webaccount) opens one for a
Telegram user the bot admits, on their own users row. An invite code opens a new account for a new official:
their users row gets telegram_id = -(the invite's id) (Telegram ids are positive, so it can never
be a Telegram user's), and the invite is marked redeemed by that id, so `selfreview invites` shows
it and `selfreview revoke --user -N` withdraws the web account's access as it does a Telegram
user's. Everything below the web front end then works on that users row as on any other.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from bot.access import _CODE_SHAPE, hash_code, normalize_code
from bot.storage.db import Database
from bot.storage.models import Invite, Setting, User, WebAccount
from bot.storage.repository import Repository
from bot.storage.weblinks import WebLinks
from bot.texts import web as T
from bot.usecases.weblink import link_hash

LOGIN_SHAPE = re.compile(r"^[\w.\-]{2,32}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
# After this many wrong passwords in a row the account refuses sign-in for a while, in every
# worker (the count is in the database); each further failure doubles the wait, up to a day.
FREE_FAILURES = 5
FIRST_LOCK = timedelta(minutes=5)
LONGEST_LOCK = timedelta(days=1)

_hasher = PasswordHasher()
# Verified against when the login name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    telegram_id: int  # the users row's key, which the service takes
    epoch: int


class AccountError(Exception):
    """Why an account could not be opened or signed in; the message is for the official."""


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def check_new_password(password: str, again: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(T.PASSWORD_SHORT)
    if len(password) > MAX_PASSWORD:
        raise AccountError(T.PASSWORD_LONG)
    if password != again:
        raise AccountError(T.PASSWORD_MISMATCH)


def open_account(db: Database, code: str, login: str, password: str, again: str,
                 now: datetime | None = None) -> Account:
    """Redeem an invite code for a new official and open their web account, in one transaction."""
    login = login.strip()
    if not LOGIN_SHAPE.match(login):
        raise AccountError(T.BAD_LOGIN_NAME)
    check_new_password(password, again)
    code = normalize_code(code)
    if not _CODE_SHAPE.match(code):
        raise AccountError(T.INVITE_UNKNOWN)
    now = now or datetime.now(UTC)
    password_hash = _hasher.hash(password)
    with db.transaction() as session:
        if session.scalar(select(exists().where(WebAccount.login == login))):
            raise AccountError(T.LOGIN_TAKEN)
        invite = session.scalars(select(Invite).where(Invite.code_hash == hash_code(code))).first()
        if invite is None:
            raise AccountError(T.INVITE_UNKNOWN)
        if invite.redeemed_at is not None:
            raise AccountError(T.INVITE_USED)
        expires = _aware(invite.expires_at)
        if expires is not None and expires <= now:
            raise AccountError(T.INVITE_EXPIRED)
        telegram_id = -invite.id
        # Conditional update: of two people redeeming the same code at once, one wins.
        won = session.execute(update(Invite).where(Invite.id == invite.id, Invite.redeemed_at.is_(None))
                              .values(redeemed_by=telegram_id, redeemed_at=now)
                              .execution_options(synchronize_session=False))
        if won.rowcount != 1:  # type: ignore[attr-defined]
            raise AccountError(T.INVITE_USED)
        user = User(telegram_id=telegram_id)
        session.add(user)
        session.flush()
        account = WebAccount(user_id=user.id, login=login, password_hash=password_hash, created_at=now)
        session.add(account)
        try:
            session.flush()
        except IntegrityError as exc:  # the same name taken a moment ago by another worker
            raise AccountError(T.LOGIN_TAKEN) from exc
        return Account(account.id, login, telegram_id, 0)


def open_linked_account(db: Database, code: str, login: str, password: str, again: str,
                        now: datetime | None = None) -> Account:
    """A web account for the Telegram user the bot sent this one-time link to (their own users row)."""
    login = login.strip()
    if not LOGIN_SHAPE.match(login):
        raise AccountError(T.BAD_LOGIN_NAME)
    check_new_password(password, again)
    now = now or datetime.now(UTC)
    password_hash = _hasher.hash(password)
    with db.transaction() as session:
        links = WebLinks(session)
        link = links.by_code(link_hash(code))
        if link is None or link.used_at is not None or (_aware(link.expires_at) or now) <= now:
            raise AccountError(T.LINK_INVALID)
        if links.login_taken(login):
            raise AccountError(T.LOGIN_TAKEN)
        user = Repository(session).locked_user(link.telegram_id)
        if links.account_of(user.id) is not None:
            raise AccountError(T.LINK_HAS_ACCOUNT)
        link.used_at = now
        account = WebAccount(user_id=user.id, login=login, password_hash=password_hash, created_at=now)
        session.add(account)
        try:
            session.flush()
        except IntegrityError as exc:
            raise AccountError(T.LOGIN_TAKEN) from exc
        return Account(account.id, login, user.telegram_id, 0)


def sign_in(db: Database, login: str, password: str, now: datetime | None = None) -> Account:
    """The account for a login name and password; AccountError (saying why) otherwise."""
    now = now or datetime.now(UTC)
    refused: str | None = None
    with db.transaction() as session:  # commits the failure count too, so the refusal is raised after it
        row = session.execute(select(WebAccount, User.telegram_id).join(User, User.id == WebAccount.user_id)
                              .where(WebAccount.login == login.strip()).with_for_update()).first()
        if row is None:
            _verify(_DUMMY_HASH, password)
            raise AccountError(T.LOGIN_FAILED)
        found, telegram_id = row
        locked = _aware(found.locked_until)
        if locked is not None and locked > now:
            minutes = max(1, int((locked - now).total_seconds() // 60) + 1)
            raise AccountError(T.LOGIN_LOCKED.format(minutes=minutes))
        if _verify(found.password_hash, password):
            found.failed_logins = 0
            found.locked_until = None
            if _hasher.check_needs_rehash(found.password_hash):
                found.password_hash = _hasher.hash(password)
            signed_in = Account(found.id, found.login, telegram_id, found.session_epoch)
        else:
            found.failed_logins += 1
            if found.failed_logins >= FREE_FAILURES:
                wait = FIRST_LOCK * 2 ** min(found.failed_logins - FREE_FAILURES, 10)
                found.locked_until = now + min(wait, LONGEST_LOCK)
            refused = T.LOGIN_FAILED
    if refused is not None:
        raise AccountError(refused)
    return signed_in


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def account(db: Database, account_id: int, epoch: int) -> Account | None:
    """The account a session cookie names, if the session is still good (access: bot/web/app.py begin)."""
    with db.transaction() as session:
        row = session.execute(select(WebAccount, User.telegram_id).join(User, User.id == WebAccount.user_id)
                              .where(WebAccount.id == account_id)).first()
        if row is None or row[0].session_epoch != epoch:
            return None
        found, telegram_id = row
        return Account(found.id, found.login, telegram_id, found.session_epoch)


def sign_out_everywhere(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.execute(update(WebAccount).where(WebAccount.id == account_id)
                        .values(session_epoch=WebAccount.session_epoch + 1))


def change_password(db: Database, account_id: int, old: str, new: str, again: str) -> Account:
    """A new password; every other session ends. Returns the account with its new epoch."""
    check_new_password(new, again)
    with db.transaction() as session:
        found = session.get(WebAccount, account_id, with_for_update=True)
        if found is None or not _verify(found.password_hash, old):
            raise AccountError(T.OLD_PASSWORD_WRONG)
        found.password_hash = _hasher.hash(new)
        found.session_epoch += 1
        user = session.get(User, found.user_id)
        assert user is not None
        return Account(found.id, found.login, user.telegram_id, found.session_epoch)


def web_secret(db: Database) -> str:
    """The key that signs session cookies: made once, kept in the database, so every worker shares it."""
    with db.transaction() as session:
        found = session.get(Setting, "web_secret")
        if found is not None:
            return found.value
    try:
        with db.transaction() as session:
            session.add(Setting(name="web_secret", value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another worker made it first: use theirs
    with db.transaction() as session:
        made = session.get(Setting, "web_secret")
        assert made is not None
        return made.value
