"""Files: the assembled draft (/draft), the answers file (/export) and importing one."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from bot import texts
from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.draft.assemble import PENDING, Document
from bot.draft.content import DraftContent
from bot.draft.material_file import MaterialFileError, read_material
from bot.draft.material_import import import_material
from bot.draft.tidy import char_count
from bot.export import export_filename
from bot.material.changes import ChangeSet
from bot.parsing import shown_file_name
from bot.profiles import Profile
from bot.texts import files as T
from bot.usecases import confirm, meeting
from bot.usecases.asking import ask, choose_profile
from bot.usecases.linking import positional_links
from bot.usecases.replies import Attachment, Reply
from bot.usecases.scope import Deps, Scope, write_all
from bot.usecases.viewing import document, summary


def draft_text(scope: Scope) -> tuple[list[Reply], Document, int] | list[Reply]:
    """/draft inside the transaction: the header and text; the files are made after it."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    doc = document(scope)
    progress = scope.interview.progress(scope.answers, scope.focus)
    text = doc.text()
    state = T.DRAFT_DONE if progress.done else T.DRAFT_PARTIAL.format(percent=progress.percent, pending=PENDING)
    header = T.DRAFT_HEADER.format(state=state, chars=char_count(text))
    if scope.profile.length is not None:
        header += T.DRAFT_LENGTH.format(min=scope.profile.length.min, max=scope.profile.length.max)
    header += f"\n{summary(scope, doc)}"
    if scope.deps.exporter is not None:
        # The unit's format may end with the name and the meeting date (config: document.signature).
        doc = scope.deps.exporter.sign(doc, scope.interview.content(scope.answers).author.name,
                                       scope.material.meeting_date)
    return [Reply(header), Reply(text, long=True)], doc, scope.profile.year


def draft_files(deps: Deps, doc: Document, year: int) -> list[Reply]:
    """Page-1 picture first (people on phones look before they open files), then Word, PDF, text."""
    replies: list[Reply] = []
    made = meeting.today(deps)  # the officials' day, not the server's
    if deps.exporter is not None:
        rendered = deps.exporter.for_chat(doc, made)
        if rendered.preview_png is not None:
            pages = T.PAGES.format(pages=rendered.pages) if rendered.pages else ""
            replies.append(Reply(T.PREVIEW.format(pages=pages), attachment=Attachment(
                export_filename(year, "png", made), rendered.preview_png, as_photo=True)))
        replies.append(Reply(T.WORD_FILE, attachment=Attachment(export_filename(year, "docx", made), rendered.docx)))
        if rendered.pdf is not None:
            replies.append(Reply(T.PDF_FILE, attachment=Attachment(export_filename(year, "pdf", made), rendered.pdf)))
    replies.append(Reply(T.TEXT_FILE, attachment=Attachment(export_filename(year, "txt", made),
                                                            doc.text().encode("utf-8"))))
    return replies


def content_with_links(scope: Scope) -> DraftContent:
    """Everything the official wrote, their /link marks included (the answers file keeps them)."""
    assert scope.interview is not None
    return replace(scope.interview.content(scope.answers), links=positional_links(scope))


def export(scope: Scope, args: str = "") -> list[Reply]:
    """/export: the answers file of the open material."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    data = dump_answers(content_with_links(scope)).encode("utf-8")
    filename = T.ANSWERS_FILE.format(profile=scope.profile.id, day=meeting.today(scope.deps))
    return [Reply(T.EXPORTED, attachment=Attachment(filename, data))]


def refused(name: str, exc: AnswersFileError) -> Reply:
    listed = "\n".join(f"· {p}" for p in exc.problems[:15])
    more = T.IMPORT_MORE.format(count=len(exc.problems) - 15) if len(exc.problems) > 15 else ""
    return Reply(T.IMPORT_REFUSED.format(name=name[:60], problems=listed, more=more))


def offer_import(scope: Scope, content: DraftContent, text: str) -> list[Reply]:
    """Keep a received answers file until the official confirms (any process may take the press)."""
    profile = scope.deps.catalog.get(content.profile_id)
    scope.set_user(pending_import=text)
    scope.bump()
    problems = sum(len(t.problems) for t in content.themes)
    return [Reply(T.IMPORT_OFFER.format(name=profile.name, themes=len(content.themes), problems=problems,
                                        causes=len(content.causes), measures=len(content.measures)),
                  confirm.import_buttons(scope.user))]


MATERIAL_SUFFIXES = (".docx", ".txt", ".doc")


def is_material_file(filename: str, data: bytes) -> bool:
    """A Word or text material (read into the profile's structure), not an answers file."""
    return filename.lower().endswith(MATERIAL_SUFFIXES) or data[:2] == b"PK"


_YEAR = re.compile(r"(20\d\d)\s*年")


def meeting_of(deps: Deps, paragraphs: list[str], open_profile: Profile | None) -> Profile | None:
    """The meeting a material was written for: the year its title names (last year's Word file
    becomes last year's material, which /new then offers to carry over), of the open meeting's kind."""
    match = next((m for p in paragraphs[:3] if (m := _YEAR.search(p))), None)
    if match is None:
        return open_profile
    year = int(match.group(1))
    same_year = [p for p in deps.catalog.all() if p.year == year]
    if open_profile is not None and open_profile.year == year:
        return open_profile
    kind = open_profile.meeting if open_profile is not None else None
    voice = open_profile.voice if open_profile is not None else "personal"
    return (next((p for p in same_year if p.meeting == kind and p.voice == voice), None)
            or next((p for p in same_year if p.voice == voice), None) or open_profile)


def offer_material(scope: Scope, filename: str, data: bytes) -> list[Reply]:
    """A material sent as .docx or .txt: read into its meeting's structure, shown, kept until confirmed."""
    name = shown_file_name(filename)[:60]
    try:
        paragraphs = read_material(data, filename)
        profile = meeting_of(scope.deps, paragraphs, scope.profile)
        if profile is None:
            return [choose_profile(scope.deps, T.MATERIAL_CHOOSE)]
        imported = import_material(paragraphs, profile)
    except MaterialFileError as exc:
        return [Reply(T.MATERIAL_REFUSED.format(name=name, why=exc))]
    content = imported.content
    if not (any(t.problems for t in content.themes) or content.causes or content.measures):
        return [Reply(T.MATERIAL_EMPTY.format(name=name))]
    scope.set_user(pending_import=json.dumps({
        "answers": dump_answers(content),
        "unplaced": [[u.where, u.text] for u in imported.unplaced]}, ensure_ascii=False))
    scope.bump()
    text = T.MATERIAL_OFFER.format(
        name=name, meeting=profile.name, themes=len(content.themes),
        problems=sum(len(t.problems) for t in content.themes), causes=len(content.causes),
        measures=len(content.measures), declarations=len(content.declarations))
    if imported.unplaced:
        listed = "\n".join(f"· （{u.where}）{u.text[:40]}{'…' if len(u.text) > 40 else ''}"
                           for u in imported.unplaced[:8])
        text += T.MATERIAL_UNPLACED.format(count=len(imported.unplaced), texts=listed)
    if imported.notes:
        text += T.MATERIAL_NOTES.format(notes="；".join(imported.notes))
    return [Reply(text + T.MATERIAL_CONFIRM, confirm.import_buttons(scope.user), long=True)]


def import_material_now(scope: Scope, filename: str, data: bytes) -> int:
    """The command line's import of a .docx/.txt material: no preview; unplaced text goes to /held.

    Returns how many paragraphs found no place; raises MaterialFileError for an unreadable file.
    """
    paragraphs = read_material(data, filename)
    profile = meeting_of(scope.deps, paragraphs, scope.profile)
    if profile is None:
        raise MaterialFileError(T.MATERIAL_CHOOSE)
    imported = import_material(paragraphs, profile)
    import_text(scope, dump_answers(imported.content))
    for unplaced in imported.unplaced:
        scope.repo.hold(scope.user, scope.material, unplaced.text, "unplaced", where=unplaced.where[:100])
    return len(imported.unplaced)


def import_command(scope: Scope, args: str = "") -> list[Reply]:
    """/import 确认 (typed now) confirms a pending import; otherwise explain how to import."""
    if args.strip() in T.CONFIRM_WORDS:
        return confirm_import(scope, "yes")
    return [Reply(T.IMPORT_HOW)]


def press_import(scope: Scope, arg: str) -> list[Reply]:
    """The 确认导入 ("yes~stamp") and 取消 ("no") buttons; a stale 确认导入 imports nothing."""
    what, token = confirm.split(arg)
    if what == "yes" and not confirm.valid(scope.user, token):
        return [Reply(texts.STALE_BUTTON)]
    return confirm_import(scope, what)


def confirm_import(scope: Scope, what: str) -> list[Reply]:
    """Import the pending answers file as a new open material ("yes"), or drop it ("no")."""
    pending = scope.user.pending_import
    if pending is None:
        return [Reply(T.NOTHING_PENDING)]
    scope.set_user(pending_import=None)
    scope.bump()
    if what != "yes":
        return [ask(scope, T.IMPORT_CANCELLED)]
    if pending.startswith("{"):  # a material read from .docx/.txt, with what found no place
        kept = json.loads(pending)
        import_text(scope, kept["answers"])
        for where, text in kept["unplaced"]:
            scope.repo.hold(scope.user, scope.material, text, "unplaced", where=where[:100])
        if kept["unplaced"]:
            return [ask(scope, T.MATERIAL_KEPT.format(count=len(kept["unplaced"])))]
        return [ask(scope, T.IMPORTED)]
    import_text(scope, pending)
    return [ask(scope, T.IMPORTED)]


def import_text(scope: Scope, text: str) -> int:
    """A new material from an answers file, opened; the earlier ones stay. Returns its id."""
    content = parse_answers(text, scope.deps.catalog.find)
    profile = scope.deps.catalog.get(content.profile_id)
    material = scope.repo.add_material(scope.user, profile.id, profile.digest, profile.source)
    scope.open_material(material)
    assert scope.interview is not None and scope.layout is not None
    change = ChangeSet("import")
    write_all(scope, change, scope.interview.answers_from_content(content))
    scope.settle(False)
    links: set[tuple[int, str]] = set()
    for measure, refs in content.links.items():
        measure_key = scope.layout.stored_key(f"measures.{measure}")
        for ref in refs:
            problem_key = scope.layout.stored_key(ref)
            if measure_key is not None and problem_key is not None:
                links.add((int(measure_key.split(".")[1]), problem_key))
    scope.relink(change, links)
    scope.finish(change)
    scope.bump()
    return material.id
