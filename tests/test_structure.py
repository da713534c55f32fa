"""The shape of the code: small modules, no import cycles, the engine free of Telegram and SQL."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "bot"
LIMIT = 500  # lines; a module over ~400 is asking to be split


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue  # Alembic revisions are loaded by Alembic, not imported
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """The bot modules a module imports at run time, at any depth of its code (lazy imports count
    too); imports under `if TYPE_CHECKING:` are for the type checker only and are left out."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                   for stmt in node.body for inner in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name in known:
                found.add(name)
    return found


def test_no_module_is_over_the_limit() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert long == {}


def test_no_import_cycle_among_bot_modules() -> None:
    found = modules()
    graph = {name: imports(path, set(found)) - {name} for name, path in found.items()}
    # A package's __init__ re-exporting its modules is not a cycle of theirs.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (t != name and name.startswith(t + ".") and
                                                        found[t].name == "__init__.py")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target):], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_the_engine_and_the_material_model_import_no_telegram_and_no_sql() -> None:
    for name, path in modules().items():
        if name.startswith(("bot.interview", "bot.material", "bot.draft", "bot.review")):
            source = path.read_text(encoding="utf-8")
            assert "import telegram" not in source and "from telegram" not in source, name
            assert "sqlalchemy" not in source, name


def test_the_command_menu_is_the_action_table() -> None:
    """One table feeds Telegram's menu, the typed-command words and the service's routing."""
    from bot.interview.typed_commands import NAMES
    from bot.texts.actions import MENU
    from bot.usecases.actions import ACTIONS, BY_NAME, menu

    assert [name for name, _ in menu()] == [a.name for a in ACTIONS if a.typed and a.menu]
    assert set(MENU) == {a.name for a in ACTIONS if a.typed and a.menu}
    assert set(BY_NAME) >= NAMES
