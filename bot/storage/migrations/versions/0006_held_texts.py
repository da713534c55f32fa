"""Held texts (bursts, over-long answers, pastes, unplaced imported text) and the burst marks.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (never batch mode, which would recreate users and cascade).
    op.add_column("users", sa.Column("last_message_id", sa.BigInteger(), nullable=True))
    op.add_column("users", sa.Column("holding", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "held",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("question", sa.String(length=200), nullable=True),
        sa.Column("where", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_held_user_id", "held", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_held_user_id", table_name="held")
    op.drop_table("held")
    op.execute("ALTER TABLE users DROP COLUMN holding")
    op.execute("ALTER TABLE users DROP COLUMN last_message_id")
