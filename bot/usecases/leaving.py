"""Leaving: /delete removes everything of this user, after a confirmation bound to this moment."""

from __future__ import annotations

from bot import texts
from bot.texts import leaving as T
from bot.usecases import confirm
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope


def delete(scope: Scope, args: str = "") -> list[Reply]:
    """/delete: ask; /delete 确认 (typed now) deletes at once."""
    if args.strip() in T.CONFIRM_WORDS:
        return erase(scope)
    return [Reply(T.ASK, ((confirm.bound(T.YES, "del", "yes", scope.user, "/delete 确认"),
                           Button(T.CANCEL, "del", "no", "/cancel")),))]


def press(scope: Scope, arg: str) -> list[Reply]:
    """The 确认删除 / 取消 buttons: "yes~stamp" or "no"."""
    what, token = confirm.split(arg)
    if what != "yes":
        return [Reply(T.CANCELLED)]
    if not confirm.valid(scope.user, token):
        # Shown before something changed (or before an earlier deletion): it deletes nothing.
        return [Reply(texts.STALE_BUTTON)]
    return erase(scope)


def erase(scope: Scope) -> list[Reply]:
    scope.repo.delete_user(scope.user)
    scope.material = None
    return [Reply(T.DONE)]
