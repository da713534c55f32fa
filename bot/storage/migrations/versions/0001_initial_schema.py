"""Initial schema: users, profile snapshots, drafts, answers, revisions.

Exactly what bot/storage/models.py defined before migrations existed, so a database
made by the old create_schema() is this revision (bot.storage.migrate stamps it).

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profile_snapshots",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.String(length=100), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    # users.active_draft_id -> drafts.id is a cycle (drafts.user_id -> users.id): the
    # foreign key is added once both tables exist.
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active_draft_id", sa.Integer(), nullable=True),
        sa.Column("pending_import", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_users_telegram_id", "users", ["telegram_id"], unique=True)
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.String(length=100), nullable=False),
        sa.Column("profile_digest", sa.String(length=64), nullable=False),
        sa.Column("focus", sa.String(length=200), nullable=True),
        sa.Column("focus_part", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["profile_digest"], ["profile_snapshots.digest"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_drafts_user_id", "drafts", ["user_id"], unique=False)
    # Batch mode: PostgreSQL gets ALTER TABLE ADD CONSTRAINT; SQLite, which cannot add
    # a constraint, gets the table copied with the constraint in place.
    with op.batch_alter_table("users") as batch:
        batch.create_foreign_key(
            "fk_users_active_draft", "drafts", ["active_draft_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "question_id", name="uq_answers_draft_question"),
    )
    op.create_index("ix_answers_draft_id", "answers", ["draft_id"], unique=False)
    op.create_table(
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


def downgrade() -> None:
    op.drop_table("revisions")
    op.drop_table("answers")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_active_draft", type_="foreignkey")
    op.drop_table("drafts")
    op.drop_table("users")
    op.drop_table("profile_snapshots")
