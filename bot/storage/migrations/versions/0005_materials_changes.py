"""Materials and one change log: labels, archive, item order, and revisions carried into changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Every revision row becomes one change with one value: what the answer was before it (the
previous revision of the same question, if any) and after. The values are copied as stored,
so an encrypted database needs no key here (ciphertext moves as it is). Items keep their
positions as their ids, so answers, measure links and answer messages need no rewriting;
drafts.items stays NULL until a material's first structural change.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Revision sources that name what the official did; the rest are edits.
_KINDS = {"answer": "answer", "edit": "edit", "import": "import", "phrase": "answer", "carry": "carry",
          "message": "message", "undo": "edit"}
_FIELDS = ("title", "detail", "example", "more", "done", "remaining", "answer", "lead")


def _target(question_id: str) -> str:
    """The part a question belongs to: its id without the field name (or the id itself)."""
    head, _, last = question_id.rpartition(".")
    if head and last in _FIELDS and not question_id.startswith("author"):
        return head
    return "author" if question_id.startswith("author.") else question_id


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite batch mode copies and drops the table,
    # and dropping drafts would cascade to every answer (foreign keys are on).
    op.add_column("users", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("drafts", sa.Column("label", sa.Text(), nullable=True))
    op.add_column("drafts", sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("drafts", sa.Column("items", sa.Text(), nullable=True))
    changes = op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_changes_draft_id", "changes", ["draft_id"], unique=False)
    values = op.create_table(
        "change_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("before_set", sa.Boolean(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after_set", sa.Boolean(), nullable=False),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["change_id"], ["changes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_values_change_id", "change_values", ["change_id"], unique=False)

    conn = op.get_bind()
    revisions = sa.table("revisions", sa.column("id", sa.Integer), sa.column("draft_id", sa.Integer),
                         sa.column("question_id", sa.String), sa.column("value", sa.Text),
                         sa.column("source", sa.String), sa.column("created_at", sa.DateTime(timezone=True)))
    previous: dict[tuple[int, str], str | None] = {}
    rows = conn.execute(sa.select(revisions).order_by(revisions.c.id)).all()
    for row in rows:
        key = (row.draft_id, row.question_id)
        change_id = conn.execute(changes.insert().values(
            draft_id=row.draft_id, kind=_KINDS.get(row.source, "edit"), target=_target(row.question_id),
            undone=False, created_at=row.created_at).returning(changes.c.id)).scalar_one()
        conn.execute(values.insert().values(
            change_id=change_id, key=row.question_id, before_set=key in previous, before=previous.get(key),
            after_set=True, after=row.value))
        previous[key] = row.value
    op.drop_index("ix_revisions_draft_id", table_name="revisions")
    op.drop_table("revisions")


def downgrade() -> None:
    # Each answer value a change set becomes a revision again; structure, labels and undo
    # marks have no place in the old schema and are dropped with their tables and columns.
    revisions = op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisions_draft_id", "revisions", ["draft_id"], unique=False)
    conn = op.get_bind()
    changes = sa.table("changes", sa.column("id", sa.Integer), sa.column("draft_id", sa.Integer),
                       sa.column("kind", sa.String), sa.column("created_at", sa.DateTime(timezone=True)))
    values = sa.table("change_values", sa.column("id", sa.Integer), sa.column("change_id", sa.Integer),
                      sa.column("key", sa.String), sa.column("after_set", sa.Boolean),
                      sa.column("after", sa.Text))
    rows = conn.execute(
        sa.select(changes.c.draft_id, changes.c.kind, changes.c.created_at, values.c.key, values.c.after)
        .join(values, values.c.change_id == changes.c.id)
        .where(values.c.after_set.is_(True), ~values.c.key.startswith("@"))
        .order_by(values.c.id)).all()
    for row in rows:
        source = row.kind if row.kind in ("answer", "edit", "import", "carry", "message") else "edit"
        conn.execute(revisions.insert().values(draft_id=row.draft_id, question_id=row.key, value=row.after,
                                               source=source, created_at=row.created_at))
    op.drop_index("ix_change_values_change_id", table_name="change_values")
    op.drop_table("change_values")
    op.drop_index("ix_changes_draft_id", table_name="changes")
    op.drop_table("changes")
    # Batch mode would recreate users and drafts on SQLite (and cascade to every answer);
    # DROP COLUMN is native in SQLite 3.35+ and PostgreSQL.
    op.execute("ALTER TABLE users DROP COLUMN version")
    for column in ("items", "archived", "label"):
        op.execute(f"ALTER TABLE drafts DROP COLUMN {column}")
