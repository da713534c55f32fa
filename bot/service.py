"""The service layer: every front end (Telegram, terminal) calls these functions.

Each public method handles one thing the official does, in one database
transaction, and returns the replies to show. Where the official stands is
recomputed from the stored answers every time; nothing about a user is kept in
this process between calls.

Telegram may deliver an update more than once (polling after a crash, webhook retries).
A front end that knows the update runs the call through ``DraftingService.handle``: the
call's transaction then records the update id next to whatever it stores, and a second
delivery stores nothing (see ``_open``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bot import texts
from bot.carryover import CarriedMeasure, carried_answers, measures_of
from bot.config import ReminderConfig
from bot.dates import local_date, local_today, meeting_date_problem
from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.draft.assemble import PENDING, Assembler, Document
from bot.draft.content import DraftContent
from bot.draft.numerals import chinese_number
from bot.draft.tidy import char_count, tidy
from bot.export import Exporter, export_filename
from bot.interview.engine import Interview, InterviewError, Part, Progress, Question
from bot.interview.missing import label, missing
from bot.interview.phrases import phrase, phrase_choices
from bot.parsing import parse_number
from bot.profiles import Profile, ProfileCatalog, profile_from_snapshot
from bot.reminders import OFF_WORDS, ON_WORDS, due_reminders, local_zone, parse_meeting_date
from bot.review import Report, default_rules, format_report, review, summary_line
from bot.revisions import UNDO, source_label, standing
from bot.storage.db import Database
from bot.storage.models import Draft, Revision, User
from bot.storage.repository import Repository


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data (≤ 64 bytes)
    typed: str  # what to type for the same effect where there are no buttons (terminal)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    as_photo: bool = False  # a picture to show in the chat (page preview), not a file to open


@dataclass(frozen=True)
class Reply:
    text: str  # with an attachment: its caption
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    long: bool = False  # may exceed one chat message; front ends split at paragraph breaks
    replace: bool = False  # answering a button: replace the message the button was on, where possible


@dataclass(frozen=True)
class OutgoingReminder:
    """A reminder claimed in the database, to be sent to one official."""

    telegram_id: int
    text: str
    claims: tuple[int, ...]  # sent_reminders rows; released if sending fails


@dataclass(frozen=True)
class UpdateRef:
    """One Telegram update: the bot that received it and its update_id (unique per bot)."""

    bot_id: int
    update_id: int


@dataclass
class _UpdateScope:
    ref: UpdateRef
    claimed: bool = False


class _AlreadyHandled(Exception):
    """A redelivered update: leave the database alone and send these replies instead."""

    def __init__(self, replies: list[Reply]) -> None:
        super().__init__("update already handled")
        self.replies = replies


# The update the current call handles. A context variable rather than a parameter of
# every action: it is set and reset around one call by handle() (per asyncio task, so
# concurrent handlers never see each other's), and no user state outlives the call.
_current_update: ContextVar[_UpdateScope | None] = ContextVar("selfreview_current_update", default=None)


@dataclass
class _Context:
    """What one call works on, loaded inside its transaction."""

    session: Session
    repo: Repository
    user: User
    draft: Draft | None = None
    profile: Profile | None = None
    interview: Interview | None = None
    answers: dict[str, str | None] = field(default_factory=dict)


_PINNED_PROFILES = 64
_EDIT_ARGS = re.compile(r"^\s*(\d{1,3})(?:[.．。](\d{1,3}))?\s*$")


class DraftingService:
    def __init__(self, db: Database, catalog: ProfileCatalog, assembler: Assembler,
                 exporter: Exporter | None = None, reminders: ReminderConfig | None = None) -> None:
        self.db = db
        self.catalog = catalog
        self.assembler = assembler
        self.exporter = exporter
        self.reminders = reminders or ReminderConfig()
        self._commands: dict[str, Callable[[int, str], list[Reply]]] = {
            "start": self.start, "new": self.new, "status": self.status, "draft": self.draft,
            "section": self.section, "edit": self.edit, "skip": self.skip, "back": self.back,
            "hint": self.hint, "export": self.export, "cancel": self.cancel, "delete": self.delete,
            "help": self.help, "keep": self.keep, "import": self.import_command,
            # drafting help: the reviewer's check, measure marks, history, dates and reminders
            "check": self.check, "link": self.link, "history": self.history, "undo": self.undo,
            "date": self.date, "remind": self.remind,
        }
        # Profile versions by digest: a few per year, never one per user.
        self._pinned: dict[str, tuple[Profile, Interview]] = {}

    # ---- plumbing --------------------------------------------------------------------

    def handle(self, update: UpdateRef | None, action: Callable[[], list[Reply]]) -> list[Reply]:
        """Run one front-end call for a Telegram update, with effect at most once per update.

        The first transaction the call opens records the update as handled, atomically
        with what it stores. A redelivery stores nothing, moves nothing, and only shows
        the official the question they are at (the first delivery may have crashed
        before its replies went out).
        """
        if update is None:
            return action()
        token = _current_update.set(_UpdateScope(update))
        try:
            return action()
        except _AlreadyHandled as handled:
            return handled.replies
        finally:
            _current_update.reset(token)

    def _claim(self, repo: Repository) -> bool:
        """Record the update being handled, in this transaction; False if it already was."""
        scope = _current_update.get()
        if scope is None or scope.claimed:
            return True
        if not repo.claim_update(scope.ref.bot_id, scope.ref.update_id):
            return False
        scope.claimed = True
        return True

    def _open(self, session: Session, telegram_id: int) -> _Context:
        repo = Repository(session)
        # Row lock: two workers handling the same official serialise here (PostgreSQL).
        # It is taken before the redelivery check, so a duplicate racing the original
        # waits for it and then finds its update id recorded.
        user = repo.locked_user(telegram_id)
        ctx = _Context(session, repo, user)
        if user.active_draft_id is not None:
            draft = repo.draft(user.active_draft_id)
            if draft is not None:
                self._load_draft(ctx, draft)
        if not self._claim(repo):
            raise _AlreadyHandled([self._ask(ctx)])
        return ctx

    def _load_draft(self, ctx: _Context, draft: Draft) -> None:
        ctx.draft = draft
        ctx.profile, ctx.interview = self._pinned_profile(ctx.repo, draft)
        ctx.answers = ctx.repo.answers(draft)

    def _pinned_profile(self, repo: Repository, draft: Draft) -> tuple[Profile, Interview]:
        """The profile version the draft pins, and its interview, read and parsed once per process.

        A snapshot never changes (its key is the sha256 of its text), so caching it by digest
        is safe in every process; it also keeps the interview's memoised plans across updates.
        """
        pinned = self._pinned.get(draft.profile_digest)
        if pinned is None:
            snapshot = repo.snapshot(draft.profile_digest)
            assert snapshot is not None, "every draft pins a profile snapshot"
            profile = profile_from_snapshot(snapshot.source, f"{draft.profile_id}@{draft.profile_digest[:8]}")
            pinned = (profile, Interview(profile))
            if len(self._pinned) < _PINNED_PROFILES:
                self._pinned[draft.profile_digest] = pinned
        return pinned

    def command(self, telegram_id: int, name: str, args: str = "") -> list[Reply]:
        """Run a slash command by name; unknown names get a polite reply."""
        handler = self._commands.get(name.lower())
        if handler is None:
            return [Reply(texts.UNKNOWN_COMMAND.format(name=name[:32]))]
        return handler(telegram_id, args)

    # ---- prompts ---------------------------------------------------------------------

    def _ask(self, ctx: _Context, prefix: str = "") -> Reply:
        """The current question, with its progress line and buttons."""
        if ctx.interview is None or ctx.draft is None:
            return self._choose_profile_reply(prefix + texts.NO_DRAFT)
        plan = ctx.interview.plan(ctx.answers)
        q = ctx.interview.current(ctx.answers, ctx.draft.focus, plan)
        if q is None:
            return Reply((prefix + "\n" if prefix else "") + texts.DONE)
        progress = ctx.interview.progress(ctx.answers, ctx.draft.focus, plan)
        lines = [prefix] if prefix else []
        lines.append(_progress_line(progress, ctx.draft.focus is not None))
        lines.append(q.prompt)
        current = ctx.answers.get(q.id)
        if q.id in ctx.answers and ctx.draft.focus is not None:
            shown = _choice_label(q, current) if q.is_choice else current
            lines.append(f"当前内容：{shown if shown else '（已跳过）'}")
        if not q.required:
            lines.append("（此项可选，可点击“跳过”。）")
        buttons: list[tuple[Button, ...]] = []
        if q.is_choice:
            buttons.append(tuple(Button(c.label, f"pick:{q.id}:{c.value}", c.label) for c in q.choices))
        buttons.extend(self._phrase_buttons(ctx, q, lines))
        row = [Button("提示", f"hint:{q.id}", "/hint")]
        if not q.required:
            row.append(Button("跳过", f"skip:{q.id}", "/skip"))
        if q.id in ctx.answers and ctx.draft.focus is not None:
            row.append(Button("保持不变", f"keep:{q.id}", "/keep"))
        row.append(Button("上一题", f"back:{q.id}", "/back"))
        buttons.append(tuple(row))
        return Reply("\n".join(lines), tuple(buttons))

    def _choose_profile_reply(self, text: str) -> Reply:
        profiles = self.catalog.all()
        lines = [text]
        for number, profile in enumerate(profiles, start=1):
            lines.append(f"{number}. {profile.name}")
        buttons = tuple((Button(p.name[:60], f"new:{p.id}", f"/new {p.id}"),) for p in profiles)
        return Reply("\n".join(lines), buttons)

    # ---- starting --------------------------------------------------------------------

    def start(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/start: greet, and continue where the official left off."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None:
                return [self._choose_profile_reply(texts.WELCOME + "\n\n请选择要参加的会议：")]
            assert ctx.profile is not None
            return [Reply(f"欢迎回来！您正在起草：{ctx.profile.name}。"), self._ask(ctx)]

    def new(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/new [profile] [沿用|全新]: list the meetings, or start a draft for one.

        When the official has a draft of an earlier year, they are first offered to
        start from it (沿用) or afresh (全新).
        """
        choice, _, option = args.strip().partition(" ")
        option = option.strip()
        if not choice:
            with self.db.transaction() as session:
                self._open(session, telegram_id)
            return [self._choose_profile_reply("请选择会议（新建材料不会删除已有材料）：")]
        profile = self._listed_profile(choice)
        if profile is None:
            return [self._choose_profile_reply(f"没有找到会议“{choice[:40]}”。请从下列会议中选择：")]
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            previous = self._previous_draft(ctx, profile)
            if previous is not None and option not in ("沿用", "全新"):
                return [self._carry_offer(profile, *previous)]
            draft = ctx.repo.add_draft(ctx.user, profile.id, profile.digest, profile.source)
            ctx.user.active_draft_id = draft.id
            self._load_draft(ctx, draft)
            intro = (f"已新建：{profile.name}。\n会议主题：{profile.theme}\n"
                     f"共{len(profile.aspects)}个方面。下面逐项提问，请用自己的话回答。")
            if previous is not None and option == "沿用":
                intro += "\n" + self._carry_over(ctx, *previous)
            if previous is not None and ctx.profile is not None and ctx.profile.rectification_place is not None:
                intro += "\n" + self._prefill_rectification(ctx, *previous)
            return [self._ask(ctx, intro)]

    def _listed_profile(self, choice: str) -> Profile | None:
        """The meeting named by its id or name, or by its number in the list we show (1 = newest)."""
        def plain(text: str) -> str:  # full-width digits and brackets as an IME types them
            return unicodedata.normalize("NFKC", text).strip().rstrip("。.")

        choice = plain(choice)
        profiles = self.catalog.all()
        profile = self.catalog.find(choice) or next((p for p in profiles if plain(p.name) == choice), None)
        if profile is None and (number := parse_number(choice)) is not None and 1 <= number <= len(profiles):
            profile = profiles[number - 1]
        return profile

    def _prefill_rectification(self, ctx: _Context, old: Profile, old_draft: Draft) -> str:
        """Last year's measures become this year's 上年度整改落实情况 items (carried over or not):
        the official is then asked only what was done and what remains for each."""
        assert ctx.draft is not None and ctx.interview is not None
        measures = measures_of(old, ctx.repo.answers(old_draft))
        if not measures or any(qid.startswith("rectification.") for qid in ctx.answers):
            return ""
        for qid, value in ctx.interview.prefill("rectification", [m.title for m in measures]).items():
            ctx.repo.put_answer(ctx.draft, qid, value, "carry")
            ctx.answers[qid] = value
        return (f"“上年度整改落实情况”已列出您上一份材料的{len(measures)}条整改措施，"
                "届时逐条填写落实情况即可。")

    # ---- answering -------------------------------------------------------------------

    def answer(self, telegram_id: int, text: str, message_id: int | None = None) -> list[Reply]:
        """A text message: the answer to the current question.

        message_id: the chat message that carried it, remembered so that editing that
        message later can update this answer.
        """
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.user.pending_import is not None:
                return [Reply("请先确认或取消导入（点击按钮，或发送 /cancel 取消）。", _import_buttons())]
            if ctx.draft is not None and ctx.interview is not None:
                q = ctx.interview.current(ctx.answers, ctx.draft.focus)
                if q is None:
                    return [Reply("全部问题已回答完毕，无需继续输入。\n如需修改，请发送 /edit 加编号（如 /edit 2.1）；"
                                  "查看各部分编号请发送 /status。")]
                verdict = ctx.interview.check(q, text)
                if not verdict.ok:
                    return [self._ask(ctx, f"⚠️ {verdict.error}")]
                if message_id is not None:
                    ctx.repo.record_answer_message(ctx.user, ctx.draft, message_id, q.id)
                reply = self._store(ctx, q, verdict.value, "answer")
                if q.kind == "measure.detail":
                    # Right after a measure is written: which problems does it answer?
                    return [self._link_picker(ctx, int(q.id.split(".")[1])), reply]
                return [reply]
            # No draft yet, and we have just listed the meetings: "2" (or a meeting's name)
            # typed instead of tapping a button picks the meeting, as /new 2 would.
            chosen = self._listed_profile(text)
            if chosen is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
        return self.new(telegram_id, chosen.id)

    def pick(self, telegram_id: int, question_id: str, value: str) -> list[Reply]:
        """A choice button (yes/no, one more item?) pressed for question_id."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            q = self._current_or_none(ctx)
            if q is None or q.id != question_id or not q.is_choice:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            if value not in {c.value for c in q.choices}:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            return [self._store(ctx, q, value, "answer")]

    def _current_or_none(self, ctx: _Context) -> Question | None:
        if ctx.interview is None or ctx.draft is None:
            return None
        return ctx.interview.current(ctx.answers, ctx.draft.focus)

    def _store(self, ctx: _Context, q: Question, value: str | None, source: str) -> Reply:
        assert ctx.draft is not None and ctx.interview is not None
        editing = ctx.draft.focus is not None
        ctx.repo.put_answer(ctx.draft, q.id, value, "edit" if editing else source, stored=q.id in ctx.answers)
        ctx.answers[q.id] = value
        self._advance(ctx, q)
        saved = "已跳过。" if value is None else texts.SAVED
        if editing and ctx.draft.focus is None:
            saved += "修改已完成。"
        return self._ask(ctx, saved)

    def _advance(self, ctx: _Context, answered: Question) -> None:
        """Move the focus after an answer: through an /edit walk, else back to the flow."""
        assert ctx.draft is not None and ctx.interview is not None
        if ctx.draft.focus is None:
            return
        nxt = ctx.interview.next_focus(ctx.answers, answered.id, ctx.draft.focus_part)
        ctx.draft.focus = nxt
        if nxt is None:
            ctx.draft.focus_part = None

    def skip(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        """/skip: leave an optional question empty."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            q = self._current_or_none(ctx)
            if q is None:
                return [self._ask(ctx)]
            if question_id is not None and q.id != question_id:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            if q.required:
                return [self._ask(ctx, "⚠️ 这是必答问题，不能跳过。")]
            return [self._store(ctx, q, None, "answer")]

    def keep(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        """Keep the current text of the question being revised and move on."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            q = self._current_or_none(ctx)
            if q is None or ctx.draft is None or ctx.draft.focus is None or q.id not in ctx.answers:
                return [self._ask(ctx, "当前没有正在修改的内容。")]
            if question_id is not None and q.id != question_id:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            self._advance(ctx, q)
            done = "修改已完成。" if ctx.draft.focus is None else ""
            return [self._ask(ctx, "已保持原内容。" + done)]

    def back(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        """/back: revise the previous question, then return to where the official was."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            q = self._current_or_none(ctx)
            if question_id is not None and (q is None or q.id != question_id):
                return [self._ask(ctx, texts.STALE_BUTTON)]
            previous = ctx.interview.previous(ctx.answers, ctx.draft.focus)
            if previous is None:
                return [self._ask(ctx, "已经是第一题了。")]
            ctx.draft.focus = previous.id
            ctx.draft.focus_part = None
            return [self._ask(ctx, "回到上一题。")]

    def hint(self, telegram_id: int, args: str = "", question_id: str | None = None) -> list[Reply]:
        """/hint: how to write a good answer to the current question."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            q = self._current_or_none(ctx)
            if q is None:
                return [Reply("当前没有待回答的问题。发送 /help 查看使用说明。")]
            if question_id is not None and q.id != question_id:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            bounds = "" if q.is_choice else f"\n字数：{q.min_length}～{q.max_length}字。"
            return [Reply(f"💡 提示：{q.hint}{bounds}")]

    def cancel(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/cancel: stop revising or importing and return to the flow."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            notes = []
            if ctx.user.pending_import is not None:
                ctx.user.pending_import = None
                notes.append("已取消导入。")
            if ctx.draft is not None and ctx.draft.focus is not None:
                ctx.draft.focus = None
                ctx.draft.focus_part = None
                notes.append("已结束修改，已保存的内容不受影响。")
            return [self._ask(ctx, "".join(notes) or "当前没有需要取消的操作。")]

    # ---- looking at the draft --------------------------------------------------------

    def status(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/status: a progress bar, the meeting date, and what each section still lacks."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            plan = ctx.interview.plan(ctx.answers)
            progress = ctx.interview.progress(ctx.answers, ctx.draft.focus, plan)
            lacking = missing(ctx.interview, ctx.answers)
            filled = max(20 * progress.percent // 100, 1 if progress.answered else 0)  # any start shows
            lines = [f"{ctx.profile.name}",
                     f"进度：{'▓' * filled}{'░' * (20 - filled)} {progress.percent}%"
                     f"（已答{progress.answered}/{progress.total}题）",
                     self._date_line(ctx.draft)]
            for section in ctx.interview.sections:
                questions = [q for q in plan if q.section == section.number]
                if not section.in_flow:
                    lines.append(f"➕ {section.number}. {section.title}")
                    continue
                answered = sum(1 for q in questions if q.id in ctx.answers)
                mark = "✅" if answered == len(questions) else ("✏️" if answered else "⬜")
                lines.append(f"{mark} {section.number}. {section.title}（{answered}/{len(questions)}）")
                gap = lacking.get(section.number)
                if gap is not None and gap.required:
                    shown = "、".join(gap.required[:4]) + (f"等{len(gap.required)}项" if len(gap.required) > 4 else "")
                    lines.append(f"　　还缺：{shown}")
                elif gap is not None:
                    lines.append(f"　　另有{gap.optional}项可选内容未填写")
            if progress.done:
                lines.append(self._summary(ctx, self._document(ctx)))
            lines.append("查看某部分：/section 编号；修改：/edit 编号（如 /edit 2.1）；会议日期：/date。")
            return [Reply("\n".join(lines)), self._ask(ctx)]

    def _document(self, ctx: _Context) -> Document:
        assert ctx.interview is not None and ctx.profile is not None
        return self.assembler.document(ctx.profile, ctx.interview.content(ctx.answers))

    def draft(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/draft: the assembled material so far, as messages, Word (and PDF) files and a page preview."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            document = self._document(ctx)
            progress = ctx.interview.progress(ctx.answers, ctx.draft.focus)
            year = ctx.profile.year
            length = ctx.profile.length
            summary = self._summary(ctx, document)
        # Word and PDF are made after the transaction: LibreOffice takes seconds,
        # and the user's row lock must not wait for it.
        text = document.text()
        state = "已全部填写" if progress.done else f"已完成{progress.percent}%，未填写处标有“{PENDING}”"
        header = f"【草稿】{state}，共{char_count(text)}字。"
        if length is not None:
            header += f"（此类材料一般为{length.min}～{length.max}字。）"
        header += f"\n{summary}"
        replies = [Reply(header), Reply(text, long=True)]
        if self.exporter is not None:
            replies.extend(self._document_files(document, year))
        replies.append(Reply("草稿文本文件（可在电脑上打开）。",
                             attachment=Attachment(export_filename(year, "txt", self._today()), text.encode("utf-8"))))
        return replies

    def _document_files(self, document: Document, year: int) -> list[Reply]:
        """Page-1 picture first (people on phones look before they open files), then Word and PDF."""
        assert self.exporter is not None
        rendered = self.exporter.for_chat(document)
        replies: list[Reply] = []
        if rendered.preview_png is not None:
            pages = f"（共{rendered.pages}页）" if rendered.pages else ""
            replies.append(Reply(f"第1页预览{pages}，按正式公文格式排版。", attachment=Attachment(
                export_filename(year, "png", self._today()), rendered.preview_png, as_photo=True)))
        replies.append(Reply(
            "Word 文件：按党政机关公文格式（GB/T 9704）排版，可直接修改、打印。",
            attachment=Attachment(export_filename(year, "docx", self._today()), rendered.docx)))
        if rendered.pdf is not None:
            replies.append(Reply(
                "PDF 文件：便于在手机上查看；服务器上用免费字体代替公文字体，正式提交请以 Word 文件为准。",
                attachment=Attachment(export_filename(year, "pdf", self._today()), rendered.pdf)))
        return replies

    def section(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/section N: what section N holds, and how to edit each of its parts."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            match = _EDIT_ARGS.match(args)
            if not match or match.group(2):
                return [Reply(f"用法：/section 编号，如 /section 2（共{len(ctx.interview.sections)}部分）。")]
            try:
                number = int(match.group(1))
                section = ctx.interview.section(number)
                parts = ctx.interview.parts(ctx.answers, number)
            except InterviewError as exc:
                return [Reply(str(exc))]
            lines = [f"第{number}部分：{section.title}"]
            for part in parts:
                if part.adds:
                    continue
                lines.append(f"\n〔{part.number}〕{part.label}")
                for q in ctx.interview.part_questions(ctx.answers, part.key):
                    value = ctx.answers.get(q.id)
                    shown = _choice_label(q, value) if q.is_choice else value
                    state = shown if shown else ("（已跳过）" if q.id in ctx.answers else "（未填写）")
                    lines.append(f"· {_short_label(q)}：{state}")
            lines.append("\n修改请发送 /edit 编号。")
            return [Reply("\n".join(lines), long=True)]

    # ---- revising --------------------------------------------------------------------

    def edit(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/edit N[.M]: rewrite one part, keeping the rest unchanged."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            match = _EDIT_ARGS.match(args)
            if not match:
                return [Reply("用法：/edit 编号，如 /edit 2 或 /edit 2.1。发送 /status 查看各部分编号。")]
            number = int(match.group(1))
            item = int(match.group(2)) if match.group(2) is not None else None
            try:
                ctx.interview.section(number)
                parts = ctx.interview.parts(ctx.answers, number)
                if item is None and len(parts) > 1:
                    buttons = tuple((Button(p.label[:40], f"edit:{p.number}", f"/edit {p.number}"),)
                                    for p in parts)
                    return [Reply(f"请选择要修改的内容（第{number}部分）：", buttons)]
                part = ctx.interview.find_part(ctx.answers, number, item)
            except InterviewError as exc:
                return [Reply(f"⚠️ {exc}")]
            if part.adds:
                # Adding item k means answering "one more" after item k-1.
                for qid, value in ctx.interview.answers_for_adding(ctx.answers, part.key).items():
                    if ctx.answers.get(qid) != value:
                        ctx.repo.put_answer(ctx.draft, qid, value, "edit")
                        ctx.answers[qid] = value
            questions = ctx.interview.part_questions(ctx.answers, part.key)
            if not questions:
                return [Reply(f"⚠️ 第{part.number}项目前无法修改。")]
            ctx.draft.focus = questions[0].id
            ctx.draft.focus_part = part.key
            return [self._ask(ctx, f"修改〔{part.number}〕{part.label}。逐项回复新内容，不需要改的点“保持不变”。")]

    # ---- files -----------------------------------------------------------------------

    def export(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/export: the answers file of the active draft."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            data = dump_answers(self._content_with_links(ctx)).encode("utf-8")
            filename = f"答案-{ctx.profile.id}-{self._today():%Y%m%d}.yaml"
            return [Reply("答案文件已导出。可在电脑上修改后发回给我导入。",
                          attachment=Attachment(filename, data))]

    def export_yaml(self, telegram_id: int) -> str | None:
        """The active draft's answers file, for the command line; None if there is none."""
        with self.db.transaction() as session:
            repo = Repository(session)
            user = repo.user(telegram_id)
            draft = repo.draft(user.active_draft_id) if user and user.active_draft_id else None
            if user is None or draft is None:
                return None
            ctx = _Context(session, repo, user)
            self._load_draft(ctx, draft)
            return dump_answers(self._content_with_links(ctx))

    @staticmethod
    def _content_with_links(ctx: _Context) -> DraftContent:
        """Everything the official wrote, their /link marks included (the answers file keeps them)."""
        assert ctx.interview is not None and ctx.draft is not None
        return replace(ctx.interview.content(ctx.answers), links=ctx.repo.measure_links(ctx.draft))

    def receive_file(self, telegram_id: int, filename: str, data: bytes) -> list[Reply]:
        """A document sent in chat: an answers file to import after confirmation."""
        try:
            content = parse_answers(data, self.catalog.find)
        except AnswersFileError as exc:
            listed = "\n".join(f"· {p}" for p in exc.problems[:15])
            more = f"\n……另有{len(exc.problems) - 15}处" if len(exc.problems) > 15 else ""
            return [Reply(f"⚠️ 无法导入“{filename[:60]}”：\n{listed}{more}\n未作任何修改。")]
        profile = self.catalog.get(content.profile_id)
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            ctx.user.pending_import = data.decode("utf-8-sig")
        problems = sum(len(t.problems) for t in content.themes)
        return [Reply(
            f"收到答案文件：{profile.name}，{len(content.themes)}个方面共{problems}个问题，"
            f"{len(content.causes)}条原因，{len(content.measures)}条措施。\n"
            "导入后将新建一份材料并设为当前材料（原有材料保留）。确认导入吗？",
            _import_buttons())]

    def import_command(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/import 确认 confirms a pending import; otherwise explain how to import."""
        if args.strip() in ("确认", "确认导入", "yes"):
            return self.confirm_import(telegram_id, True)
        return [Reply("导入方法：把答案文件（.yaml）作为文件发给我，确认后即导入。")]

    def confirm_import(self, telegram_id: int, accept: bool) -> list[Reply]:
        """Import the pending answers file as a new active draft, or drop it."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            pending = ctx.user.pending_import
            ctx.user.pending_import = None
            if pending is None:
                return [Reply("没有待导入的文件。")]
            if not accept:
                return [self._ask(ctx, "已取消导入。")]
            self._import(ctx, pending)
            return [self._ask(ctx, "导入完成。")]

    def import_answers(self, telegram_id: int, data: bytes) -> int:
        """Import an answers file from the command line; returns the new draft's id."""
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        parse_answers(data, self.catalog.find)  # raises AnswersFileError before touching the database
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            return self._import(ctx, text)

    def _import(self, ctx: _Context, text: str) -> int:
        content = parse_answers(text, self.catalog.find)
        profile = self.catalog.get(content.profile_id)
        draft = ctx.repo.add_draft(ctx.user, profile.id, profile.digest, profile.source)
        ctx.user.active_draft_id = draft.id
        self._load_draft(ctx, draft)
        assert ctx.interview is not None
        for qid, value in ctx.interview.answers_from_content(content).items():
            ctx.repo.put_answer(draft, qid, value, "import")
            ctx.answers[qid] = value
        for measure, refs in content.links.items():
            for ref in refs:
                ctx.repo.set_measure_link(draft, measure, ref, True)
        return draft.id

    # ---- leaving ---------------------------------------------------------------------

    def delete(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/delete: ask for confirmation; /delete 确认 deletes everything of this user."""
        if args.strip() in ("确认", "确认删除", "yes"):
            return self.confirm_delete(telegram_id, True)
        return [Reply("⚠️ 将永久删除您的全部材料和答案，无法恢复。确定删除吗？",
                      ((Button("确认删除", "del:yes", "/delete 确认"), Button("取消", "del:no", "/cancel")),))]

    def confirm_delete(self, telegram_id: int, accept: bool) -> list[Reply]:
        if not accept:
            return [Reply("已取消，您的数据没有变化。")]
        with self.db.transaction() as session:
            repo = Repository(session)
            user = repo.user(telegram_id, lock=True)
            if not self._claim(repo):  # a late redelivery must not delete data added since
                raise _AlreadyHandled([])
            if user is not None:
                repo.delete_user(user)
            else:
                repo.forget_invites(telegram_id)
        self.db.scrub()  # SQLite: no copy of the deleted text left in the write-ahead log
        return [Reply("您的全部数据已删除。如需重新开始，请发送 /start。")]

    def help(self, telegram_id: int, args: str = "") -> list[Reply]:
        return [Reply(texts.HELP)]

    def not_text(self, telegram_id: int) -> list[Reply]:
        """A photo, sticker, voice message … where text is expected."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            return [self._ask(ctx, f"⚠️ {texts.NOT_TEXT}")]

    # ---- the reviewer's check -----------------------------------------------------------

    def _report(self, ctx: _Context, document: Document | None = None) -> Report:
        assert ctx.draft is not None and ctx.interview is not None and ctx.profile is not None
        return review(ctx.profile, ctx.interview.content(ctx.answers), document or self._document(ctx),
                      default_rules(), ctx.repo.measure_links(ctx.draft),
                      complete=ctx.interview.current(ctx.answers) is None)

    def _summary(self, ctx: _Context, document: Document) -> str:
        return summary_line(self._report(ctx, document), default_rules())

    def check(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/check: what a reviewer would send back, part by part, quoting the official's words."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            report = self._report(ctx)
            return [Reply(format_report(ctx.profile, report, default_rules()), long=True)]

    # ---- phrase help and measure marks ---------------------------------------------------

    def _phrase_buttons(self, ctx: _Context, q: Question, lines: list[str]) -> list[tuple[Button, ...]]:
        """Common headings of the profile for a title question, one button each."""
        if ctx.profile is None or (ctx.draft is not None and ctx.draft.focus is not None):
            return []  # revising: the official is rewriting their own words
        choices = phrase_choices(ctx.profile, q, ctx.answers)
        if not choices:
            return []
        lines.append("可点击下方常见表述作为标题，再用自己的话写具体表现和事例；也可以直接输入。")
        return [(Button(text, f"phr:{q.id}:{index}", text),) for index, text in choices]

    def pick_phrase(self, telegram_id: int, question_id: str, index: str) -> list[Reply]:
        """A common heading pressed: it becomes the title; the detail is asked next."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            q = self._current_or_none(ctx)
            if q is None or ctx.profile is None or q.id != question_id or not index.isdigit():
                return [self._ask(ctx, texts.STALE_BUTTON)]
            text = phrase(ctx.profile, q, ctx.answers, int(index))
            if text is None:
                return [self._ask(ctx, texts.STALE_BUTTON)]
            return [self._store(ctx, q, text, "phrase")]

    def _problems(self, ctx: _Context) -> list[tuple[str, str, str]]:
        """(ref, number as /edit takes it, title) of every problem written so far."""
        assert ctx.interview is not None
        found = []
        for section in ctx.interview.sections:
            if not section.key.startswith("themes."):
                continue
            k = 1
            while (title := ctx.answers.get(f"{section.key}.problems.{k}.title")) is not None:
                found.append((f"{section.key}.problems.{k}", f"{section.number}.{k}", tidy(title, final_stop=False)))
                k += 1
        return found

    def _link_picker(self, ctx: _Context, measure: int) -> Reply:
        """The problems as buttons: which of them does measure k answer?"""
        assert ctx.draft is not None
        title = tidy(ctx.answers.get(f"measures.{measure}.title") or "", final_stop=False)
        linked = ctx.repo.measure_links(ctx.draft).get(measure, frozenset())
        rows = tuple(
            (Button(f"{'✅' if ref in linked else '▫️'} {number} {title_[:18]}",
                    f"lk:{measure}:{ref.split('.')[1]}.{ref.split('.')[3]}", f"/link {measure} {number}"),)
            for ref, number, title_ in self._problems(ctx))
        done = ((Button("完成", f"lk:{measure}:ok", "/link"),),)
        return Reply(f"第{measure}条措施“{title}”回应了前面哪些问题？点击问题即可标注或取消（可多选），"
                     "标好后点“完成”。/check 会据此检查措施与问题是否对应。", rows + done)

    def _link_summary(self, ctx: _Context, measure: int) -> str:
        assert ctx.draft is not None
        linked = ctx.repo.measure_links(ctx.draft).get(measure, frozenset())
        chosen = [f"{number} {title}" for ref, number, title in self._problems(ctx) if ref in linked]
        if not chosen:
            return f"第{measure}条措施尚未标注回应的问题。需要时发送 /link {measure} 标注。"
        return f"第{measure}条措施回应：" + "；".join(chosen) + "。"

    def link(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/link: the marks of every measure; /link N shows measure N's buttons; /link N 2.1 toggles one."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            words = args.split()
            measures = [k for k in range(1, 100) if ctx.answers.get(f"measures.{k}.title") is not None]
            if not measures:
                return [Reply("还没有写整改措施。写完措施后即可标注每条措施回应哪些问题。")]
            if not words:
                linked = ctx.repo.measure_links(ctx.draft)
                lines = [self._link_summary(ctx, k) for k in measures]
                answered = set().union(*linked.values()) if linked else set()
                open_problems = [number for ref, number, _ in self._problems(ctx) if ref not in answered]
                if open_problems:
                    lines.append("尚无措施回应的问题：" + "、".join(open_problems) + "。")
                lines.append("标注某条措施：/link 措施序号（如 /link 1）。")
                return [Reply("\n".join(lines))]
            measure = parse_number(words[0])
            if measure is None or measure not in measures:
                return [Reply(f"没有第{words[0][:8]}条措施。共{len(measures)}条，请用数字写序号，如 /link 1。")]
            for number in words[1:]:
                ref = next((r for r, n, _ in self._problems(ctx) if n == number.replace("．", ".")), None)
                if ref is None:
                    return [Reply(f"没有编号为{number[:8]}的问题。问题编号见 /status，如 2.1。")]
                current = ref in ctx.repo.measure_links(ctx.draft).get(measure, frozenset())
                ctx.repo.set_measure_link(ctx.draft, measure, ref, not current)
            if words[1:]:
                return [Reply(self._link_summary(ctx, measure))]
            return [self._link_picker(ctx, measure)]

    def link_press(self, telegram_id: int, measure: str, problem: str) -> list[Reply]:
        """A problem button under a measure: mark or unmark it; "完成" closes the buttons."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or not measure.isdigit():
                return [Reply(texts.STALE_BUTTON)]
            k = int(measure)
            if ctx.answers.get(f"measures.{k}.title") is None:
                return [Reply(texts.STALE_BUTTON)]
            if problem == "ok":
                return [Reply(self._link_summary(ctx, k), replace=True)]
            aspect, _, item = problem.partition(".")
            ref = f"themes.{aspect}.problems.{item}"
            if ref not in {r for r, _, _ in self._problems(ctx)}:
                return [Reply(texts.STALE_BUTTON)]
            current = ref in ctx.repo.measure_links(ctx.draft).get(k, frozenset())
            ctx.repo.set_measure_link(ctx.draft, k, ref, not current)
            return [replace_reply(self._link_picker(ctx, k))]

    # ---- editing a sent message, history and undo ----------------------------------------

    def edited(self, telegram_id: int, message_id: int, text: str) -> list[Reply]:
        """The official edited an earlier message: if it answered a question, offer to update that answer."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            row = ctx.repo.answer_message(ctx.user, message_id)
            if row is None:
                return [Reply("您修改的这条消息不是对某个问题的回答，材料没有变化。"
                              "如需修改内容，请发送 /edit 编号（编号见 /status）。")]
            if ctx.draft is None or ctx.interview is None or row.draft_id != ctx.draft.id:
                return [Reply("这条消息回答的是您以前的另一份材料，当前材料没有变化。")]
            q = ctx.interview.question(ctx.answers, row.question_id)
            if q is None:
                return [Reply("这条消息回答的问题在当前材料中已不再需要，材料没有变化。")]
            verdict = ctx.interview.check(q, text)
            if not verdict.ok:
                return [Reply(f"⚠️ 修改后的内容无法使用：{verdict.error}\n原回答保持不变。")]
            current = ctx.answers.get(q.id)
            if current == verdict.value:
                return [Reply("修改后的内容与当前回答相同，无需更新。")]
            row.pending_value = verdict.value
            return [Reply(
                f"您修改了对〔{self._part_number(ctx, q)}〕{self._question_label(ctx, q)}的回答。\n"
                f"当前内容：{_shown(q, current, None)}\n修改后：{_shown(q, verdict.value, None)}\n"
                "要用修改后的内容替换吗？",
                ((Button("替换", f"me:{message_id}:y", "/cancel"),
                  Button("不替换", f"me:{message_id}:n", "/cancel")),))]

    def confirm_edited(self, telegram_id: int, message_id: int, accept: bool) -> list[Reply]:
        """Replace the answer with the edited message's text, or leave it."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            row = ctx.repo.answer_message(ctx.user, message_id)
            if row is None or row.pending_value is None or ctx.draft is None or row.draft_id != ctx.draft.id:
                return [Reply(texts.STALE_BUTTON, replace=True)]
            value, row.pending_value = row.pending_value, None
            if not accept:
                return [Reply("已保留原回答，材料没有变化。", replace=True)]
            assert ctx.interview is not None
            q = ctx.interview.question(ctx.answers, row.question_id)
            if q is None:
                return [Reply("这条消息回答的问题在当前材料中已不再需要，材料没有变化。", replace=True)]
            ctx.repo.put_answer(ctx.draft, q.id, value, "message")
            ctx.answers[q.id] = value
            number = self._part_number(ctx, q)
            return [Reply(f"已按修改后的消息更新〔{number}〕{self._question_label(ctx, q)}。"
                          f"如需恢复，发送 /undo {number}。", replace=True), self._ask(ctx)]

    def _part_number(self, ctx: _Context, q: Question) -> str:
        assert ctx.interview is not None
        for part in ctx.interview.parts(ctx.answers, q.section):
            if part.key == q.part:
                return part.number
        return str(q.section)

    def _question_label(self, ctx: _Context, q: Question) -> str:
        assert ctx.interview is not None
        return label(ctx.interview, q) if q.kind not in ("title", "preamble", "closing") else _short_label(q)

    def _when(self, revision: Revision) -> str:
        moment = revision.created_at if revision.created_at.tzinfo else revision.created_at.replace(tzinfo=UTC)
        return f"{moment.astimezone(local_zone(self.reminders)):%m-%d %H:%M}"

    def history(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/history N[.M]: every version of one part; without a number, the latest changes."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            if not args.strip():
                lines = ["最近的修改（由近到远）："]
                for revision in ctx.repo.latest_revisions(ctx.draft, 10):
                    q = ctx.interview.question(ctx.answers, revision.question_id)
                    if q is not None:
                        lines.append(f"· {self._when(revision)} 〔{self._part_number(ctx, q)}〕"
                                     f"{self._question_label(ctx, q)}（{source_label(revision.source)}）："
                                     f"{_shown(q, revision.value)}")
                lines.append("查看某一项的全部版本：/history 编号（如 /history 2.1）；撤销最近一次修改：/undo。")
                return [Reply("\n".join(lines), long=True)]
            part = self._part_from_args(ctx, args)
            if isinstance(part, Reply):
                return [part]
            lines = [f"〔{part.number}〕{part.label}的修改记录（由早到晚）："]
            for q in ctx.interview.part_questions(ctx.answers, part.key):
                revisions = ctx.repo.revisions(ctx.draft, q.id)
                if not revisions:
                    continue
                lines.append(f"【{_short_label(q)}】")
                current = standing(revisions)[-1].id
                for number, revision in enumerate(revisions, start=1):
                    mark = "（当前）" if revision.id == current else ""
                    lines.append(f"{number}. {self._when(revision)} {source_label(revision.source)}："
                                 f"{_shown(q, revision.value, None)}{mark}")
            if len(lines) == 1:
                lines.append("（尚无记录）")
            lines.append(f"恢复上一版本：/undo {part.number}。")
            return [Reply("\n".join(lines), long=True)]

    def _part_from_args(self, ctx: _Context, args: str) -> Part | Reply:
        assert ctx.interview is not None
        match = _EDIT_ARGS.match(args)
        if not match:
            return Reply("用法：编号如 2 或 2.1，发送 /status 查看各部分编号。")
        try:
            item = int(match.group(2)) if match.group(2) is not None else None
            part = ctx.interview.find_part(ctx.answers, int(match.group(1)), item)
        except InterviewError as exc:
            return Reply(f"⚠️ {exc}")
        if part.adds:
            return Reply(f"第{part.number}项还没有内容。")
        return part

    def undo(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/undo [N.M]: restore the version before the latest change (of one part, or of any)."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            allowed: set[str] | None = None
            if args.strip():
                part = self._part_from_args(ctx, args)
                if isinstance(part, Reply):
                    return [part]
                allowed = {q.id for q in ctx.interview.part_questions(ctx.answers, part.key)}
            seen: set[str] = set()
            for latest in ctx.repo.latest_revisions(ctx.draft):
                qid = latest.question_id
                if qid in seen or (allowed is not None and qid not in allowed):
                    continue
                seen.add(qid)
                versions = standing(ctx.repo.revisions(ctx.draft, qid))
                q = ctx.interview.question(ctx.answers, qid)
                if len(versions) < 2 or q is None:
                    continue
                before, restored = ctx.answers.get(qid), versions[-2].value
                ctx.repo.put_answer(ctx.draft, qid, restored, UNDO)
                ctx.answers[qid] = restored
                number = self._part_number(ctx, q)
                return [self._ask(ctx, f"已撤销最近一次修改：〔{number}〕{self._question_label(ctx, q)}"
                                       f"恢复为：{_shown(q, restored)}\n（撤销前：{_shown(q, before)}）"
                                       f"\n再发送 /undo 可继续撤销；查看全部版本：/history {number}。")]
            where = "这一项" if allowed is not None else "当前材料"
            return [Reply(f"{where}没有可以撤销的修改（每个回答的第一个版本不能撤销，可用 /edit 修改）。")]

    # ---- meeting date and reminders -------------------------------------------------------

    def _today(self) -> date:
        return local_today(self.reminders.utc_offset_hours)

    def _example_date(self) -> str:
        """An example in the full form that is never in the past: the coming 20 December."""
        today = self._today()
        return f"{today.year if (today.month, today.day) <= (12, 20) else today.year + 1}-12-20"

    def _date_line(self, draft: Draft) -> str:
        if draft.meeting_date is None:
            return "会议日期：未设置（发送 /date 12月20日 这样的日期，临近时会提醒您）。"
        days = (draft.meeting_date - self._today()).days
        when = "今天" if days == 0 else (f"还有{days}天" if days > 0 else f"已过去{-days}天")
        day = draft.meeting_date
        return f"会议日期：{day.year}年{day.month}月{day.day}日（{when}）。"

    def date(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/date YYYY-MM-DD: the date of the meeting; /date 清除 forgets it."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            text = args.strip()
            if not text:
                return [Reply(self._date_line(ctx.draft) + f"\n设置：/date 12月20日（或 {self._example_date()}）；"
                              "清除：/date 清除。")]
            if text in ("清除", "取消", "clear"):
                ctx.draft.meeting_date = None
                return [Reply("已清除会议日期，不再发送会前提醒。")]
            day = parse_meeting_date(text, self._today())
            if day is None:
                return [Reply(f"无法识别日期“{text[:20]}”。请按 12月20日 或 {self._example_date()} 的格式输入。")]
            if (problem := meeting_date_problem(day, self._today())) is not None:
                return [Reply(problem)]
            ctx.draft.meeting_date = day
            steps = "、".join(str(d) for d in sorted(self.reminders.before_days, reverse=True) if d > 0)
            note = (f"会前{steps}天会提醒您（可发送 /remind 关闭 关闭提醒）。"
                    if self.reminders.enabled and ctx.user.reminders_enabled and steps else "")
            return [Reply(f"已设置：{self._date_line(ctx.draft)}{note}")]

    def remind(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/remind 开启|关闭: whether this official gets reminders."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            word = args.strip().lower()
            if word in OFF_WORDS:
                ctx.user.reminders_enabled = False
            elif word in ON_WORDS:
                ctx.user.reminders_enabled = True
            elif word:
                return [Reply("用法：/remind 开启 或 /remind 关闭。")]
            if not self.reminders.enabled:
                return [Reply("本机器人未启用提醒功能（由管理员在配置中设置）。")]
            state = "已开启" if ctx.user.reminders_enabled else "已关闭"
            return [Reply(f"提醒{state}：材料{self.reminders.idle_days}天未填写时提醒，"
                          "设置会议日期（/date）后会前提醒。开启：/remind 开启；关闭：/remind 关闭。")]

    def claim_reminders(self, now: datetime) -> list[OutgoingReminder]:
        """Reminders due now, recorded as sent in the same transaction (each goes out once)."""
        if not self.reminders.enabled:
            return []
        local_hour = now.astimezone(local_zone(self.reminders)).hour
        if not self.reminders.send_from_hour <= local_hour < self.reminders.send_until_hour:
            return []  # nothing goes out at night; skip reading every draft
        idle_after = timedelta(days=self.reminders.idle_days)
        outgoing: list[OutgoingReminder] = []
        with self.db.transaction() as session:
            repo = Repository(session)
            for user, draft in repo.reminder_candidates():
                last_activity = repo.last_activity(draft)
                if draft.meeting_date is None and now - last_activity < idle_after:
                    continue  # nothing can be due: spare loading its profile and answers
                ctx = _Context(session, repo, user)
                self._load_draft(ctx, draft)
                assert ctx.interview is not None and ctx.profile is not None
                progress = ctx.interview.progress(ctx.answers)
                due = due_reminders(self.reminders, now, name=ctx.profile.name, percent=progress.percent,
                                    done=progress.done, last_activity=last_activity,
                                    meeting_date=draft.meeting_date)
                claimed = [(claim, item.text) for item in due
                           if (claim := repo.claim_reminder(draft, item.kind, item.key)) is not None]
                if claimed:
                    text = "\n".join(t for _, t in claimed) + "\n（不需要提醒可发送 /remind 关闭。）"
                    outgoing.append(OutgoingReminder(user.telegram_id, text, tuple(c for c, _ in claimed)))
        return outgoing

    def release_reminders(self, claims: tuple[int, ...]) -> None:
        """A reminder could not be sent: forget its claims so the next sweep sends it."""
        with self.db.transaction() as session:
            repo = Repository(session)
            for claim in claims:
                repo.release_reminder(claim)

    # ---- carrying over last year's draft --------------------------------------------------

    def _previous_draft(self, ctx: _Context, profile: Profile) -> tuple[Profile, Draft] | None:
        """The official's latest draft of an earlier year than profile's, with anything in it."""
        best: tuple[Profile, Draft] | None = None
        for draft in ctx.repo.drafts(ctx.user):
            snapshot = ctx.repo.snapshot(draft.profile_digest)
            if snapshot is None:
                continue
            old = profile_from_snapshot(snapshot.source, f"{draft.profile_id}@{draft.profile_digest[:8]}")
            if old.year >= profile.year or (best is not None and old.year <= best[0].year):
                continue
            if ctx.repo.answers(draft):
                best = (old, draft)
        return best

    def _carry_offer(self, profile: Profile, old_profile: Profile, previous: Draft) -> Reply:
        started = local_date(previous.created_at, self.reminders.utc_offset_hours)
        return Reply(
            f"您有一份以前的材料（{old_profile.name}，{started:%Y年%m月%d日}起草）。"
            f"要以它为基础新建“{profile.name}”吗？\n"
            "以它为基础：复制题目相同的回答（职务、需要说明的事项、原因、措施，以及检视方面相同的问题），"
            "复制后请逐项核对修改；全新开始：从第一题起重新填写。两种方式都不会改动以前的材料。",
            ((Button("以上年材料为基础", f"cf:{profile.id}", f"/new {profile.id} 沿用"),
              Button("全新开始", f"nf:{profile.id}", f"/new {profile.id} 全新")),))

    def _carry_over(self, ctx: _Context, old: Profile, previous: Draft) -> str:
        """Copy last year's answers where the question is the same; say what was copied."""
        assert ctx.draft is not None and ctx.profile is not None
        carried = carried_answers(old, ctx.repo.answers(previous), ctx.profile)
        for qid, value in carried.items():
            ctx.repo.put_answer(ctx.draft, qid, value, "carry")
            ctx.answers[qid] = value
        themes = sorted({int(qid.split(".")[1]) for qid in carried if qid.startswith("themes.")})
        kept = [name for name, prefix in (("基本信息", "author."), ("需要说明的事项", "declarations."),
                                          ("原因", "causes."), ("措施", "measures.")) if any(
            qid.startswith(prefix) for qid in carried)]
        if themes:
            kept.append("第" + "、".join(chinese_number(i) for i in themes) + "个方面的问题")
        if not carried:
            return "以前材料中没有与本次题目相同的回答，请从第一题开始填写。"
        return (f"已从以前的材料复制{len(carried)}项回答（{'、'.join(kept)}）。"
                "请发送 /status 查看，/edit 编号逐项核对修改。")

    def last_year_measures(self, telegram_id: int) -> tuple[CarriedMeasure, ...]:
        """Last year's measures (title and detail) for the active draft's 上年度整改落实情况.

        The draft of the latest earlier year than the active draft's profile; empty
        when there is none. A rectification section asks one question per measure.
        """
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.profile is None:
                return ()
            previous = self._previous_draft(ctx, ctx.profile)
            if previous is None:
                return ()
            old, draft = previous
            return measures_of(old, ctx.repo.answers(draft))

    # ---- buttons ---------------------------------------------------------------------

    def press(self, telegram_id: int, data: str) -> list[Reply]:
        """An inline button. Its data only ever names this user's own current state."""
        action, _, rest = data.partition(":")
        if action == "pick":
            qid, _, value = rest.rpartition(":")
            return self.pick(telegram_id, qid, value)
        if action in ("skip", "keep", "back", "hint") and rest:
            method = {"skip": self.skip, "keep": self.keep, "back": self.back, "hint": self.hint}[action]
            return method(telegram_id, "", question_id=rest)
        if action == "new" and rest:
            return self.new(telegram_id, rest)
        if action == "edit" and rest:
            return self.edit(telegram_id, rest)
        if action == "del" and rest in ("yes", "no"):
            return self.confirm_delete(telegram_id, rest == "yes")
        if action == "imp" and rest in ("yes", "no"):
            return self.confirm_import(telegram_id, rest == "yes")
        if action == "phr" and rest:
            qid, _, index = rest.rpartition(":")
            return self.pick_phrase(telegram_id, qid, index)
        if action == "lk" and rest:
            measure, _, problem = rest.partition(":")
            return self.link_press(telegram_id, measure, problem)
        if action == "me" and rest:
            message_id, _, verdict = rest.partition(":")
            if message_id.isdigit() and verdict in ("y", "n"):
                return self.confirm_edited(telegram_id, int(message_id), verdict == "y")
        if action in ("cf", "nf") and rest:
            return self.new(telegram_id, f"{rest} {'沿用' if action == 'cf' else '全新'}")
        return [Reply(texts.STALE_BUTTON)]


def replace_reply(reply: Reply) -> Reply:
    """The same reply, shown in place of the message whose button was pressed."""
    return Reply(reply.text, reply.buttons, reply.attachment, reply.long, replace=True)


def _shown(q: Question, value: str | None, limit: int | None = 60) -> str:
    """An answer as the official sees it: a choice's label, "skipped", or the text (clipped)."""
    text = _choice_label(q, value) if q.is_choice else value
    if not text:
        return "（已跳过）"
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _import_buttons() -> tuple[tuple[Button, ...], ...]:
    return ((Button("确认导入", "imp:yes", "/import 确认"), Button("取消", "imp:no", "/cancel")),)


def _progress_line(progress: Progress, editing: bool) -> str:
    if editing:
        return f"【修改中 · {progress.section_title}】"
    return (f"【第{progress.section}/{progress.sections}部分 · 本部分第{progress.question}/{progress.questions}题"
            f" · 总进度{progress.percent}%】")


def _choice_label(q: Question, value: str | None) -> str | None:
    for choice in q.choices:
        if choice.value == value:
            return choice.label
    return value


_SHORT_LABELS = {
    "author.position": "职务", "author.name": "姓名", "author.unit": "单位",
    "theme.lead": "开头段", "problem.title": "标题", "problem.detail": "具体表现",
    "problem.example": "事例", "declaration.answer": "情况", "declaration.detail": "具体说明",
    "cause.title": "标题", "cause.detail": "分析", "measure.title": "标题", "measure.detail": "内容",
    "title": "标题", "preamble": "开头段落", "closing": "结尾段落", "count": "数字",
    "rectification.title": "措施", "rectification.done": "整改情况", "rectification.remaining": "仍需努力",
    "case.title": "案例", "case.detail": "剖析",
}


def _short_label(q: Question) -> str:
    return _SHORT_LABELS.get(q.kind, q.kind)


__all__ = ["Attachment", "Button", "DraftingService", "OutgoingReminder", "Reply", "UpdateRef", "tidy"]
