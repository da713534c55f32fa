"""The one table of actions: command or button -> use case.

Telegram's handlers and command menu, the terminal's commands and the service's button
routing are all built from ACTIONS, so a new action is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import texts
from bot.texts.actions import MENU
from bot.usecases import (
    answering,
    files,
    history,
    holding,
    leaving,
    linking,
    materials,
    meeting,
    pages,
    revising,
    sharing,
    starting,
    viewing,
    weblink,
)
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope

Run = Callable[[Scope, str], list[Reply]]


@dataclass(frozen=True)
class Action:
    name: str  # the /command and the button's action word
    # The use case in one scope; None for /draft, whose Word and PDF files are made after the
    # transaction (DraftingService.draft), and for the stateless ones, which have `reply`.
    run: Run | None
    typed: bool = True  # can be typed as /name (else a button only)
    menu: bool = True  # listed in the command menu
    off_loop: bool = False  # takes seconds (Word, LibreOffice): run in a worker thread
    scrub: bool = False  # deletes data: scrub the database file afterwards
    redelivered_quiet: bool = False  # a duplicate update shows nothing (it deleted what it would show)
    # Answers without reading or writing anything (no user row is made): its reply to the arguments.
    reply: Callable[[str], list[Reply]] | None = None

    @property
    def description(self) -> str:
        return MENU.get(self.name, self.name)


def _button(name: str, run: Run, scrub: bool = False, redelivered_quiet: bool = False) -> Action:
    return Action(name, run, typed=False, menu=False, scrub=scrub, redelivered_quiet=redelivered_quiet)


def _hidden(name: str, run: Run) -> Action:
    return Action(name, run, menu=False)


ACTIONS: tuple[Action, ...] = (
    # the interview
    Action("start", starting.start),
    Action("materials", materials.materials),
    Action("new", starting.new),
    Action("status", viewing.status),
    Action("draft", None, off_loop=True),
    Action("section", viewing.section),
    Action("edit", revising.edit),
    Action("add", revising.add),
    Action("remove", revising.remove),
    Action("move", revising.move),
    Action("up", revising.up),
    Action("down", revising.down),
    Action("skip", answering.skip),
    Action("back", answering.back),
    Action("hint", answering.hint),
    _hidden("keep", answering.keep),
    # the reviewer's check, marks, history
    Action("check", viewing.check),
    Action("comments", sharing.comments_command),
    Action("web", pages.web_link),
    Action("webaccount", weblink.web_account),
    Action("link", linking.link),
    Action("history", history.history),
    Action("undo", history.undo),
    Action("redo", history.redo),
    # my materials
    Action("open", materials.open_material),
    Action("rename", materials.rename),
    Action("duplicate", materials.duplicate),
    Action("archive", materials.archive),
    Action("restore", materials.restore),
    Action("drop", materials.drop),
    # the meeting
    Action("date", meeting.set_date),
    Action("remind", meeting.remind),
    # files
    Action("export", files.export),
    _hidden("import", files.import_command),
    Action("held", holding.held),
    Action("cancel", answering.cancel),
    Action("delete", leaving.delete, scrub=True, redelivered_quiet=True),
    Action("help", None, reply=lambda args: [Reply(texts.HELP)]),
    # buttons only: their argument names what they were shown for
    _button("pick", answering.pick),
    _button("phr", answering.pick_phrase),
    _button("me", answering.confirm_edited),
    _button("lk", linking.link_press),
    _button("imp", files.press_import),
    _button("del", leaving.press, scrub=True, redelivered_quiet=True),
    _button("cf", lambda scope, arg: starting.press_carry(scope, arg, True)),
    _button("nf", lambda scope, arg: starting.press_carry(scope, arg, False)),
    _button("rm", revising.press_remove),
    _button("asis", holding.press_as_is),
    _button("asdetail", holding.press_as_detail),
    _button("paste", holding.press_paste),
)

BY_NAME = {action.name: action for action in ACTIONS}
# Buttons whose argument is the question they were shown under ("skip:themes.1.lead").
QUESTION_BUTTONS = frozenset({"skip", "keep", "back", "hint"})


def menu() -> list[tuple[str, str]]:
    """(command, description) for the Telegram command menu and /help of the terminal."""
    return [(a.name, a.description) for a in ACTIONS if a.typed and a.menu]


def off_loop() -> frozenset[str]:
    return frozenset(a.name for a in ACTIONS if a.off_loop)
