"""The service every front end calls: one method per thing an official does, over the action table.

Each call runs in one Scope (bot/usecases/scope.py): one transaction, the user locked, the
update claimed, the open material loaded. Front ends stay thin: they turn an update into one
of these calls and the replies into messages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from bot import texts
from bot.carryover import CarriedMeasure, measures_of
from bot.config import ReminderConfig
from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.draft.assemble import Assembler, Document
from bot.draft.decode import decode_text
from bot.export import Exporter
from bot.interview.typed_commands import parse_typed_command
from bot.profiles import ProfileCatalog
from bot.storage.db import Database
from bot.storage.repository import Repository
from bot.usecases import answering, files, holding, meeting, starting
from bot.usecases.actions import BY_NAME, QUESTION_BUTTONS, Action
from bot.usecases.asking import ask, ask_again, choose_profile
from bot.usecases.materials import Listed, in_order, listing
from bot.usecases.replies import OutgoingReminder, Reply, UpdateRef
from bot.usecases.scope import Deps, Scope, handle

T = TypeVar("T")


class DraftingService:
    def __init__(self, db: Database, catalog: ProfileCatalog, assembler: Assembler,
                 exporter: Exporter | None = None, reminders: ReminderConfig | None = None) -> None:
        self.deps = Deps(db, catalog, assembler, exporter, reminders or ReminderConfig())

    @property
    def db(self) -> Database:
        return self.deps.db

    @property
    def catalog(self) -> ProfileCatalog:
        return self.deps.catalog

    @catalog.setter
    def catalog(self, catalog: ProfileCatalog) -> None:
        self.deps.catalog = catalog

    # ---- plumbing ----------------------------------------------------------------------

    @staticmethod
    def handle(update: UpdateRef | None, action: Callable[[], list[Reply]]) -> list[Reply]:
        """Run one front-end call for a Telegram update, with effect at most once per update.

        The first transaction the call opens records the update as handled, atomically with
        what it stores. A redelivery stores nothing and only shows the question the official
        is at (the first delivery may have crashed before its replies went out).
        """
        return handle(update, action)

    def run(self, telegram_id: int, use: Callable[[Scope], list[Reply]], quiet: bool = False,
            message_id: int | None = None) -> list[Reply]:
        """One use case in one scope; message_id: the chat message it answers (bursts are told by it)."""
        def redelivered(scope: Scope) -> list[Reply]:
            return [] if quiet else [ask(scope)]

        with Scope.open(self.deps, telegram_id, redelivered) as scope:
            holding.note_message(scope, message_id)
            return use(scope)

    def _action(self, telegram_id: int, action: Action, arg: str, message_id: int | None = None) -> list[Reply]:
        if action.reply is not None:
            return action.reply(arg)
        run = action.run
        if run is None:  # /draft: the text in the transaction, the files after it
            return self.draft(telegram_id, arg, message_id)
        replies = self.run(telegram_id, lambda scope: run(scope, arg), quiet=action.redelivered_quiet,
                           message_id=message_id)
        if action.scrub:
            self.db.scrub()  # SQLite: no copy of deleted text left in the write-ahead log
        return replies

    def command(self, telegram_id: int, name: str, args: str = "", message_id: int | None = None) -> list[Reply]:
        """Run a typed /command by name; unknown names get a polite reply."""
        action = BY_NAME.get(name.lower())
        if action is None or not action.typed:
            return [Reply(texts.UNKNOWN_COMMAND.format(name=name[:32]))]
        return self._action(telegram_id, action, args, message_id)

    def press(self, telegram_id: int, data: str) -> list[Reply]:
        """An inline button ("action:arg"). Its argument only ever names this user's own state."""
        name, _, arg = data.partition(":")
        action = BY_NAME.get(name)
        if action is None:
            return [Reply(texts.STALE_BUTTON)]
        if name in QUESTION_BUTTONS:
            pressed = {"skip": self.skip, "keep": self.keep, "back": self.back, "hint": self.hint}[name]
            return pressed(telegram_id, "", arg or None)
        return self._action(telegram_id, action, arg)

    # ---- what front ends call directly ---------------------------------------------------

    def answer(self, telegram_id: int, text: str, message_id: int | None = None) -> list[Reply]:
        """A text message: the answer to the current question (or, with no material, a meeting's number)."""
        typed = parse_typed_command(text)
        if typed is not None and typed.slash:
            # "／draft", "、status": a slash as a Chinese keyboard types it is still a command.
            return self.command(telegram_id, typed.name, typed.args, message_id)

        def use(scope: Scope) -> list[Reply]:
            replies = answering.answer(scope, text, message_id)
            if replies is not None:
                return replies
            # No material yet, and we have just listed the meetings: "2" (or a meeting's name)
            # typed instead of tapping a button picks the meeting, as /new 2 would.
            chosen = starting.listed_profile(self.deps, text)
            if chosen is None:
                return [choose_profile(self.deps, texts.NO_DRAFT)]
            return starting.new(scope, chosen.id)

        return self.run(telegram_id, use, message_id=message_id)

    def edited(self, telegram_id: int, message_id: int, text: str) -> list[Reply]:
        return self.run(telegram_id, lambda scope: answering.edited(scope, message_id, text))

    def not_text(self, telegram_id: int) -> list[Reply]:
        return self.run(telegram_id, answering.not_text)

    def draft(self, telegram_id: int, args: str = "", message_id: int | None = None) -> list[Reply]:
        """/draft: the text in the transaction; Word, PDF and the picture after it (LibreOffice
        takes seconds, and the user's row lock must not wait for it)."""
        made: list[tuple[Document, int]] = []
        pending: list[Reply] = []

        def use(scope: Scope) -> list[Reply]:
            result = files.draft_text(scope)
            if isinstance(result, tuple):
                replies, doc, year = result
                made.append((doc, year))
                again = ask_again(scope)
                pending.extend([again] if again is not None else [])
                return replies
            return result

        replies = self.run(telegram_id, use, message_id=message_id)
        if made:
            doc, year = made[0]
            replies.extend(files.draft_files(self.deps, doc, year))
        # The question still open comes last, so it is not buried under the files.
        return replies + pending

    def receive_file(self, telegram_id: int, filename: str, data: bytes) -> list[Reply]:
        """A document sent in chat: a material (.docx/.txt) or an answers file, imported after confirmation."""
        if files.is_material_file(filename, data):
            return self.run(telegram_id, lambda scope: files.offer_material(scope, filename, data))
        try:
            content = parse_answers(data, self.catalog.find)
        except AnswersFileError as exc:
            return [files.refused(filename, exc)]
        text = decode_text(data)  # parse_answers read it: one of the encodings decode_text knows
        return self.run(telegram_id, lambda scope: files.offer_import(scope, content, text))

    def import_answers(self, telegram_id: int, data: bytes | str) -> int:
        """Import an answers file from the command line as a new material; returns its id."""
        text = decode_text(data) if isinstance(data, bytes) else data
        parse_answers(text, self.catalog.find)  # raises AnswersFileError before touching the database
        ids: list[int] = []

        def use(scope: Scope) -> list[Reply]:
            ids.append(files.import_text(scope, text))
            return []

        self.run(telegram_id, use)
        return ids[0]

    def scope(self, session: Session, telegram_id: int) -> Scope:
        """The scope of one user inside a caller's transaction (no update claimed): tools and tests."""
        scope = Scope(self.deps, session, Repository(session).locked_user(telegram_id))
        if scope.user.active_draft_id is not None:
            material = scope.repo.material(scope.user.active_draft_id)
            if material is not None:
                scope.load(material)
        return scope

    def import_material(self, telegram_id: int, filename: str, data: bytes) -> int:
        """Import a .docx/.txt material from the command line as a new material; how many texts were held."""
        held: list[int] = []

        def use(scope: Scope) -> list[Reply]:
            held.append(files.import_material_now(scope, filename, data))
            return []

        self.run(telegram_id, use)
        return held[0]

    def _read(self, telegram_id: int, material_number: int | None, use: Callable[[Scope], T]) -> T | None:
        """Read one material of a user outside any update (the command line); None if there is none."""
        with self.db.transaction() as session:
            user = Repository(session).user(telegram_id)
            if user is None:
                return None
            scope = Scope(self.deps, session, user)
            found = in_order(scope)
            if material_number is not None:
                material = found[material_number - 1] if 1 <= material_number <= len(found) else None
            else:
                material = scope.repo.material(user.active_draft_id) if user.active_draft_id else None
            if material is None:
                return None
            scope.load(material)
            return use(scope)

    def export_yaml(self, telegram_id: int, material_number: int | None = None) -> str | None:
        """The answers file of the open material (or of material N), for the command line."""
        return self._read(telegram_id, material_number, lambda scope: dump_answers(files.content_with_links(scope)))

    def materials(self, telegram_id: int) -> list[Listed]:
        """Every material of the user (the command line's `selfreview materials`)."""
        with self.db.transaction() as session:
            user = Repository(session).user(telegram_id)
            return [] if user is None else listing(Scope(self.deps, session, user))

    def answers(self, telegram_id: int) -> dict[str, str | None]:
        """The open material's answers by position, as the interview reads them (tests, tools)."""
        return self._read(telegram_id, None, lambda scope: dict(scope.answers)) or {}

    def last_year_measures(self, telegram_id: int) -> tuple[CarriedMeasure, ...]:
        """Last year's measures (title and detail) for the open material's 上年度整改落实情况."""
        def use(scope: Scope) -> tuple[CarriedMeasure, ...]:
            if scope.profile is None:
                return ()
            previous = starting.previous_material(scope, scope.profile)
            if previous is None:
                return ()
            old, material = previous
            return measures_of(old, scope.read(material)[2].positional())

        return self._read(telegram_id, None, use) or ()

    def claim_reminders(self, now: datetime) -> list[OutgoingReminder]:
        return meeting.claim_reminders(self.deps, now)

    def release_reminders(self, claims: tuple[int, ...]) -> None:
        meeting.release_reminders(self.deps, claims)

    # ---- named shortcuts of typed commands (the terminal, the command line and tests) ----------

    def start(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "start", args)

    def new(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "new", args)

    def status(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "status", args)

    def section(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "section", args)

    def edit(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "edit", args)

    def check(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "check", args)

    def link(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "link", args)

    def history(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "history", args)

    def undo(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "undo", args)

    def redo(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "redo", args)

    def date(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "date", args)

    def remind(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "remind", args)

    def export(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "export", args)

    def cancel(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "cancel", args)

    def delete(self, telegram_id: int, args: str = "") -> list[Reply]:
        return self.command(telegram_id, "delete", args)

    def skip(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        return self.run(telegram_id, lambda scope: answering.skip(scope, args, question_id))

    def keep(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        return self.run(telegram_id, lambda scope: answering.keep(scope, args, question_id))

    def back(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        return self.run(telegram_id, lambda scope: answering.back(scope, args, question_id))

    def hint(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        return self.run(telegram_id, lambda scope: answering.hint(scope, args, question_id))

    def confirm_import(self, telegram_id: int, accept: bool) -> list[Reply]:
        return self.run(telegram_id, lambda scope: files.confirm_import(scope, "yes" if accept else "no"))

    def confirm_delete(self, telegram_id: int, accept: bool) -> list[Reply]:
        return self.delete(telegram_id, "确认") if accept else self.press(telegram_id, "del:no")
