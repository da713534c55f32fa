"""Drafting help: measure-problem links, which message answered which question,
reminders sent, the meeting date and the reminder switch.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite batch mode copies and drops the table,
    # and dropping drafts would cascade to every answer (foreign keys are on).
    op.add_column("users", sa.Column("reminders_enabled", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("drafts", sa.Column("meeting_date", sa.Date(), nullable=True))
    op.create_table(
        "measure_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "measure", "problem", name="uq_measure_links"),
    )
    op.create_index("ix_measure_links_draft_id", "measure_links", ["draft_id"], unique=False)
    op.create_table(
        "answer_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("pending_value", sa.Text(), nullable=True),  # encrypted by the application when a key is set
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "message_id", name="uq_answer_messages_user_message"),
    )
    op.create_index("ix_answer_messages_user_id", "answer_messages", ["user_id"], unique=False)
    op.create_index("ix_answer_messages_draft_id", "answer_messages", ["draft_id"], unique=False)
    op.create_table(
        "sent_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "kind", "key", name="uq_sent_reminders"),
    )
    op.create_index("ix_sent_reminders_draft_id", "sent_reminders", ["draft_id"], unique=False)


def downgrade() -> None:
    op.drop_table("sent_reminders")
    op.drop_table("answer_messages")
    op.drop_table("measure_links")
    op.drop_column("drafts", "meeting_date")  # SQLite 3.35+ drops columns in place
    op.drop_column("users", "reminders_enabled")
