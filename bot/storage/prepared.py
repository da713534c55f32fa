"""The hot path's statements run on the driver's cursor, compiled once per dialect and set of keys.

An answer or a button press runs about eight small statements. Through SQLAlchemy's Connection
each costs some 40–60 µs of Python (execution context, parameter processing, result
metadata) for a few µs of work in sqlite3 or psycopg; this module pays the compilation once
and then does only what the statement needs: the column types' bind processors (dates for
SQLite, the encryption of stored text), the driver's execute, and the result processors of the
columns read (the decryption). Everything else stays with SQLAlchemy:

- a statement whose compiled form needs Python-side defaults filled in (`default=utcnow`
  with the column left out of the parameters) is run the usual way, so no default is lost;
- so is everything while a `before_cursor_execute` or `after_cursor_execute` listener is
  registered (the tests that count statements, any tracing a deployment adds);
- a driver error goes through the Connection's own handling, which wraps it in SQLAlchemy's
  exception classes (the front ends tell an outage by them) and invalidates a dead connection.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine.interfaces import Dialect

Params = dict[str, Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # parameter names in order for a positional paramstyle (sqlite3: ?)
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]  # the bind processors that exist, by name
    results: tuple[Callable[[Any], Any] | None, ...]  # one per column read; None where none is needed
    constants: tuple[tuple[str, Any], ...]  # parameters whose value the statement itself holds
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns with a result processor


# By dialect (the engine's own instance: the column types' processors are made for it, and the
# encryption key is installed on it), then by statement and parameter names. The statements are
# module constants of bot/storage/repository.py: a few dozen entries per engine, dropped with it.
_COMPILED: weakref.WeakKeyDictionary[Dialect, dict[tuple[Any, tuple[str, ...]], _Compiled | None]] = \
    weakref.WeakKeyDictionary()


class Rows:
    """What the repository reads of a result: all rows, the first, or the one scalar."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def all(self) -> list[tuple[Any, ...]]:
        return self._rows

    def first(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


def execute(connection: Connection, statement: Any, params: Params | Sequence[Params]) -> Any:
    """Run a statement built once, with one set of parameters (a dict) or many (a list of dicts)."""
    batch: list[Params] = [params] if isinstance(params, dict) else list(params)
    many, first = len(batch) > 1 or not isinstance(params, dict), batch[0]
    dispatch = connection.dispatch
    compiled = None
    if not (dispatch.before_cursor_execute or dispatch.after_cursor_execute):
        compiled = _compiled(statement, connection.dialect, tuple(first))
    if compiled is None:
        return connection.execute(statement, params)
    rows_in = [_bound(compiled, p) for p in batch] if many else _bound(compiled, first)
    driver = connection.connection.driver_connection
    assert driver is not None, "a connection in use has its driver connection"
    cursor = driver.cursor()
    try:
        if many:
            cursor.executemany(compiled.sql, rows_in)
        else:
            cursor.execute(compiled.sql, rows_in)
        fetched = cursor.fetchall() if cursor.description is not None else []
    except Exception as exc:
        if not isinstance(exc, connection.dialect.loaded_dbapi.Error):
            raise
        connection._handle_dbapi_exception(exc, compiled.sql, rows_in, cursor, None)
    finally:
        cursor.close()
    if fetched and compiled.processed:
        fetched = _processed(compiled, fetched)
    return Rows(list(fetched))


def _processed(compiled: _Compiled, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with the columns' result processors applied (the decryption of stored text)."""
    processed = compiled.processed
    if len(processed) == 1 and len(compiled.results) == 2:
        # The common shape (a key and its stored text): no per-row generator.
        index, process = processed[0]
        if index == 1:
            return [(key, process(value)) for key, value in rows]
        return [(process(value), other) for value, other in rows]
    out = [list(row) for row in rows]
    for index, process in processed:
        for row in out:
            row[index] = process(row[index])
    return [tuple(row) for row in out]


def _bound(compiled: _Compiled, params: Params) -> Any:
    if compiled.binds or compiled.constants:
        params = {**params, **dict(compiled.constants)}
        for name, process in compiled.binds:
            params[name] = process(params[name])
    if compiled.positions is not None:
        return tuple(params[name] for name in compiled.positions)
    return params


def _compiled(statement: Any, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled | None:
    known = _COMPILED.get(dialect)
    if known is None:
        known = _COMPILED.setdefault(dialect, {})
    cache_key = (statement, keys)
    try:
        return known[cache_key]
    except KeyError:
        pass
    found = known[cache_key] = _compile(statement, dialect, keys)
    return found


def _compile(statement: Any, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled | None:
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch:
        return None  # Python-side defaults to fill in: SQLAlchemy's execution does that
    if compiled.literal_execute_params or compiled.post_compile_params or compiled.escaped_bind_names:
        return None  # parameters expanded or renamed at execution
    constants: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        if name in keys:
            continue
        if bind.callable is not None or bind.required:
            return None  # a parameter this call does not give
        constants[name] = bind.value  # a value written into the statement (`pending_value: None`)
    processors = compiled._bind_processors
    binds = tuple((name, processors[name]) for name in sorted(set(keys) | set(constants)) if name in processors)
    positions = tuple(compiled.positiontup) if compiled.positional else None
    results = tuple(column.type._cached_result_processor(dialect, None) for column in compiled._result_columns)
    processed = tuple((index, process) for index, process in enumerate(results) if process is not None)
    return _Compiled(compiled.string, positions, binds, results, tuple(constants.items()), processed)
