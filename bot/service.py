"""The service layer: every front end (Telegram, terminal) calls these functions.

Each public method handles one thing the official does, in one database
transaction, and returns the replies to show. Where the official stands is
recomputed from the stored answers every time; nothing about a user is kept in
this process between calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from bot import texts
from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.draft.assemble import Assembler, Document
from bot.draft.tidy import char_count, tidy
from bot.interview.engine import Interview, InterviewError, Progress, Question
from bot.profiles import Profile, ProfileCatalog, profile_from_snapshot
from bot.storage.db import Database
from bot.storage.models import Draft, User
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


@dataclass(frozen=True)
class Reply:
    text: str  # with an attachment: its caption
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    long: bool = False  # may exceed one chat message; front ends split at paragraph breaks


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
    def __init__(self, db: Database, catalog: ProfileCatalog, assembler: Assembler) -> None:
        self.db = db
        self.catalog = catalog
        self.assembler = assembler
        self._commands: dict[str, Callable[[int, str], list[Reply]]] = {
            "start": self.start, "new": self.new, "status": self.status, "draft": self.draft,
            "section": self.section, "edit": self.edit, "skip": self.skip, "back": self.back,
            "hint": self.hint, "export": self.export, "cancel": self.cancel, "delete": self.delete,
            "help": self.help, "keep": self.keep, "import": self.import_command,
        }
        # Profile versions by digest: a few per year, never one per user.
        self._pinned: dict[str, tuple[Profile, Interview]] = {}

    # ---- plumbing --------------------------------------------------------------------

    def _open(self, session: Session, telegram_id: int) -> _Context:
        repo = Repository(session)
        # Row lock: two workers handling the same official serialise here (PostgreSQL).
        user = repo.user(telegram_id, lock=True) or repo.add_user(telegram_id)
        ctx = _Context(session, repo, user)
        if user.active_draft_id is not None:
            draft = repo.draft(user.active_draft_id)
            if draft is not None:
                self._load_draft(ctx, draft)
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
        q = ctx.interview.current(ctx.answers, ctx.draft.focus)
        if q is None:
            return Reply((prefix + "\n" if prefix else "") + texts.DONE)
        progress = ctx.interview.progress(ctx.answers, ctx.draft.focus)
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
        """/new [profile]: list the meetings, or start a draft for one."""
        choice = args.strip()
        if not choice:
            with self.db.transaction() as session:
                self._open(session, telegram_id)
            return [self._choose_profile_reply("请选择会议（新建材料不会删除已有材料）：")]
        profiles = self.catalog.all()
        profile = self.catalog.find(choice)
        if profile is None and choice.isdigit() and 1 <= int(choice) <= len(profiles):
            profile = profiles[int(choice) - 1]
        if profile is None:
            return [self._choose_profile_reply(f"没有找到会议“{choice[:40]}”。请从下列会议中选择：")]
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            draft = ctx.repo.add_draft(ctx.user, profile.id, profile.digest, profile.source)
            ctx.user.active_draft_id = draft.id
            self._load_draft(ctx, draft)
            intro = (f"已新建：{profile.name}。\n会议主题：{profile.theme}\n"
                     f"共{len(profile.aspects)}个方面。下面逐项提问，请用自己的话回答。")
            return [self._ask(ctx, intro)]

    # ---- answering -------------------------------------------------------------------

    def answer(self, telegram_id: int, text: str) -> list[Reply]:
        """A text message: the answer to the current question."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.user.pending_import is not None:
                return [Reply("请先确认或取消导入（点击按钮，或发送 /cancel 取消）。", _import_buttons())]
            if ctx.draft is None or ctx.interview is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            q = ctx.interview.current(ctx.answers, ctx.draft.focus)
            if q is None:
                return [Reply("全部问题已回答完毕，无需继续输入。\n如需修改，请发送 /edit 加编号（如 /edit 2.1）；"
                              "查看各部分编号请发送 /status。")]
            verdict = ctx.interview.check(q, text)
            if not verdict.ok:
                return [self._ask(ctx, f"⚠️ {verdict.error}")]
            return [self._store(ctx, q, verdict.value, "answer")]

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
        """/status: progress, and what each section holds."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            progress = ctx.interview.progress(ctx.answers, ctx.draft.focus)
            plan = ctx.interview.plan(ctx.answers)
            filled = 10 * progress.percent // 100
            lines = [f"{ctx.profile.name}", f"进度：{'■' * filled}{'□' * (10 - filled)} {progress.percent}%"]
            for section in ctx.interview.sections:
                questions = [q for q in plan if q.section == section.number]
                if section.in_flow:
                    answered = sum(1 for q in questions if q.id in ctx.answers)
                    mark = "✅" if answered == len(questions) else ("✏️" if answered else "⬜")
                    lines.append(f"{mark} {section.number}. {section.title}（{answered}/{len(questions)}）")
                else:
                    lines.append(f"➕ {section.number}. {section.title}")
            lines.append("查看某部分：/section 编号；修改：/edit 编号（如 /edit 2.1）。")
            return [Reply("\n".join(lines)), self._ask(ctx)]

    def _document(self, ctx: _Context) -> Document:
        assert ctx.interview is not None and ctx.profile is not None
        return self.assembler.document(ctx.profile, ctx.interview.content(ctx.answers))

    def draft(self, telegram_id: int, args: str = "") -> list[Reply]:
        """/draft: the assembled material so far, as messages and as a text file."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            if ctx.draft is None or ctx.interview is None or ctx.profile is None:
                return [self._choose_profile_reply(texts.NO_DRAFT)]
            document = self._document(ctx)
            progress = ctx.interview.progress(ctx.answers, ctx.draft.focus)
            text = document.text()
            state = "已全部填写" if progress.done else f"已完成{progress.percent}%，未填写的部分暂缺"
            header = f"【草稿】{state}，共{char_count(text)}字。"
            filename = f"对照检查材料-{ctx.profile.year}年度-{date.today():%Y%m%d}.txt"
            return [
                Reply(header),
                Reply(text, long=True),
                Reply("草稿文本文件（可在电脑上打开）。", attachment=Attachment(filename, text.encode("utf-8"))),
            ]

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
            data = dump_answers(ctx.interview.content(ctx.answers)).encode("utf-8")
            filename = f"答案-{ctx.profile.id}-{date.today():%Y%m%d}.yaml"
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
            assert ctx.interview is not None
            return dump_answers(ctx.interview.content(ctx.answers))

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
            if user is not None:
                repo.delete_user(user)
        return [Reply("您的全部数据已删除。如需重新开始，请发送 /start。")]

    def help(self, telegram_id: int, args: str = "") -> list[Reply]:
        return [Reply(texts.HELP)]

    def not_text(self, telegram_id: int) -> list[Reply]:
        """A photo, sticker, voice message … where text is expected."""
        with self.db.transaction() as session:
            ctx = self._open(session, telegram_id)
            return [self._ask(ctx, f"⚠️ {texts.NOT_TEXT}")]

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
        return [Reply(texts.STALE_BUTTON)]


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
    "title": "标题", "preamble": "开头段落", "closing": "结尾段落",
}


def _short_label(q: Question) -> str:
    return _SHORT_LABELS.get(q.kind, q.kind)


__all__ = ["Attachment", "Button", "DraftingService", "Reply", "tidy"]
