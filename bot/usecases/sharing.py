"""Review: the official shares a material read-only with a reviewer, who comments; comments never enter the document.

The official makes a one-time code for the open material; the first signed-in account to enter it
becomes its reviewer, and nobody else can use that code. The reviewer reads the material laid out
and comments on a part or an item (by its stable key, so the comment follows the item when it
moves); the official answers or resolves each comment, sees what changed since the reviewer last
read it, and can end the share at any time. A reviewer reaches a material only through a share
that names them and is not ended.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import texts
from bot.storage.models import Comment, Share
from bot.storage.shares import Shares
from bot.texts import sharing as T
from bot.usecases import pages
from bot.usecases.asking import choose_profile
from bot.usecases.history import describe
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope

MAX_COMMENT = 2000


@dataclass(frozen=True)
class CommentView:
    id: int
    where: str  # "2.3" now, or "" when its item is gone
    quote: str
    body: str
    reply: str
    resolved: bool


@dataclass(frozen=True)
class ShareView:
    id: int
    number: int
    joined: bool
    ended: bool
    created: datetime
    changed: tuple[str, ...]  # what changed since the reviewer last read it


@dataclass(frozen=True)
class ReviewView:
    share_id: int
    material: pages.MaterialView
    comments: dict[str, tuple[CommentView, ...]]  # by target key
    changed: tuple[str, ...]


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().upper().encode("ascii", "ignore")).hexdigest()


def _comment_views(view: pages.MaterialView | None, comments: list[Comment]) -> dict[str, tuple[CommentView, ...]]:
    numbers: dict[str, str] = {}
    for section in view.sections if view is not None else ():
        numbers.update({item.key: item.number for item in section.items})
        numbers.update({part.key: part.number for part in section.parts})
    found: dict[str, list[CommentView]] = {}
    for c in comments:
        found.setdefault(c.target, []).append(CommentView(c.id, numbers.get(c.target, ""), c.quote or "", c.body,
                                                          c.reply or "", c.resolved_at is not None))
    return {key: tuple(values) for key, values in found.items()}


def _changed(scope: Scope, since: int | None) -> tuple[str, ...]:
    """The change-log entries after `since`, in the official's words (none before the first reading)."""
    assert scope.material is not None
    if since is None:
        return ()
    lines = []
    for change, values in reversed(scope.repo.changes(scope.material, 50)):
        if change.id > since and not change.undone:
            lines.append(describe(scope, values, 1))
    return tuple(lines)


# ---- the official's side ---------------------------------------------------------------------

def create(scope: Scope) -> str | None:
    """A new one-time code for the open material (shown once: only its hash is kept)."""
    if scope.material is None:
        return None
    raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii")
    Shares(scope.session).add(scope.material, _hash(raw))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def shares(scope: Scope) -> list[ShareView]:
    if scope.material is None:
        return []
    return [ShareView(s.id, n, s.reviewer_id is not None, s.ended_at is not None, s.created_at,
                      _changed(scope, s.seen_change) if s.reviewer_id is not None and s.ended_at is None else ())
            for n, s in enumerate(Shares(scope.session).of_material(scope.material), start=1)]


def end(scope: Scope, share_id: int) -> bool:
    """End a share of the open material (any other id: nothing happens)."""
    share = scope.session.get(Share, share_id)
    if scope.material is None or share is None or share.draft_id != scope.material.id or share.ended_at is not None:
        return False
    share.ended_at = datetime.now(UTC)
    return True


def comments(scope: Scope, view: pages.MaterialView | None = None) -> dict[str, tuple[CommentView, ...]]:
    """The open material's comments by the key of what they are on (`view`: the material view, if made)."""
    if scope.material is None:
        return {}
    found = Shares(scope.session).comments(scope.material)
    return _comment_views(view or pages.material(scope), found) if found else {}


def answer(scope: Scope, comment_id: int, reply: str | None, resolve: bool) -> bool:
    """Answer a comment on the open material, or mark it resolved (any other id: nothing happens)."""
    comment = scope.session.get(Comment, comment_id)
    if scope.material is None or comment is None or comment.draft_id != scope.material.id:
        return False
    if reply is not None and reply.strip():
        comment.reply = reply.strip()[:MAX_COMMENT]
    if resolve:
        comment.resolved_at = datetime.now(UTC)
    return True


def comments_command(scope: Scope, args: str = "") -> list[Reply]:
    """/comments: the reviewer's comments on the open material, open ones first."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    found = [c for views in comments(scope).values() for c in views]
    if not found:
        return [Reply(T.NO_COMMENTS)]
    found.sort(key=lambda c: (c.resolved, c.id))
    lines = [T.COMMENTS_TITLE.format(count=sum(1 for c in found if not c.resolved))]
    for c in found:
        where = f"〔{c.where}〕" if c.where else T.GONE
        lines.append(T.COMMENT_LINE.format(where=where, body=c.body, state=T.RESOLVED if c.resolved else ""))
        if c.reply:
            lines.append(T.REPLY_LINE.format(reply=c.reply))
    lines.append(T.COMMENTS_FOOT)
    return [Reply("\n".join(lines), long=True)]


# ---- the reviewer's side ----------------------------------------------------------------------

def join(scope: Scope, code: str) -> str:
    """The reviewer enters a code: the share becomes theirs, or the reason it cannot."""
    store = Shares(scope.session)
    share = store.by_code(_hash(code))
    if share is None:
        return T.CODE_UNKNOWN
    if share.ended_at is not None:
        return T.SHARE_ENDED
    if share.reviewer_id == scope.user.id:
        return T.JOINED
    material = scope.repo.material(share.draft_id)
    if material is None or material.user_id == scope.user.id:
        return T.OWN_MATERIAL
    if share.reviewer_id is not None or not store.join(share, scope.user.id, datetime.now(UTC)):
        return T.CODE_USED
    return T.JOINED


def _owner_scope(scope: Scope, share_id: int) -> tuple[Share, Scope] | None:
    """The shared material, read through its owner's scope, if this reviewer holds a live share of it."""
    share = scope.session.get(Share, share_id)
    if share is None or share.reviewer_id != scope.user.id or share.ended_at is not None:
        return None
    material = scope.repo.material(share.draft_id)
    owner = scope.repo.user_by_id(material.user_id) if material is not None else None
    if material is None or owner is None:
        return None
    shared = Scope(scope.deps, scope.session, owner)
    shared.load(material)
    return share, shared


def reviewing(scope: Scope) -> list[tuple[int, str]]:
    """(share id, material name) of every live share this reviewer holds."""
    found = []
    for share in Shares(scope.session).of_reviewer(scope.user.id):
        material = scope.repo.material(share.draft_id)
        if material is not None:
            profile, _, _ = scope.read(material)
            found.append((share.id, material.label or profile.name))
    return found


def review(scope: Scope, share_id: int) -> ReviewView | None:
    """The shared material as the reviewer reads it; marks it read (what changed is counted from here)."""
    found = _owner_scope(scope, share_id)
    if found is None:
        return None
    share, shared = found
    view = pages.material(shared)
    assert view is not None and shared.material is not None
    changed = _changed(shared, share.seen_change)
    share.seen_change = Shares(scope.session).newest_change(shared.material)
    return ReviewView(share.id, view, _comment_views(view, Shares(scope.session).comments_of_share(share)), changed)


def comment(scope: Scope, share_id: int, target: str, body: str) -> str:
    """The reviewer's comment on one part or item of the shared material; the notice to show."""
    found = _owner_scope(scope, share_id)
    if found is None:
        return ""
    share, shared = found
    body = body.strip()
    if not body:
        return T.EMPTY_COMMENT
    view = pages.material(shared)
    quotes = {}
    for section in view.sections if view is not None else ():
        quotes.update({item.key: item.title + item.body for item in section.items})
        quotes.update({part.key: "；".join(f"{n}：{v}" for n, v in part.fields) for part in section.parts})
    if target not in quotes:
        return T.NO_SUCH_PART
    Shares(scope.session).add_comment(share, target, quotes[target][:300], body[:MAX_COMMENT])
    return T.COMMENTED

