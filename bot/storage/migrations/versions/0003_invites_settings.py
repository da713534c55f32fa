"""Access and privacy: one-time invite codes (hashes only) and database settings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

The encrypted columns (answers.value, revisions.value, users.pending_import) stay TEXT in
the database; encryption happens in the application (bot/storage/encryption.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_by", sa.BigInteger(), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_invites_redeemed_by", "invites", ["redeemed_by"], unique=False)
    op.create_table(
        "settings",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


# bot.storage.encryption.CHECK_NAME; spelled out so the migration does not change with the code.
_ENCRYPTION_CHECK = "encryption_check"


def downgrade() -> None:
    # Dropping settings drops the key check value: the database would then pass for plain
    # text (a start without the key is not refused) and a start with the key would encrypt
    # every value a second time. So an encrypted database stays at 0003 or later.
    settings = sa.table("settings", sa.column("name", sa.String()))
    check = op.get_bind().execute(sa.select(settings.c.name).where(settings.c.name == _ENCRYPTION_CHECK)).first()
    if check is not None:
        raise CommandError(
            "该数据库已加密（SELFREVIEW_ENCRYPTION_KEY），不能降级到 0003 以下：降级会删除密钥校验值，"
            "之后再启动会把已加密的内容当作明文或再次加密。未作任何修改。"
            "如确需使用旧版本，请先导出各用户的答案文件，在旧版本的新数据库中导入。")
    op.drop_table("settings")
    op.drop_index("ix_invites_redeemed_by", table_name="invites")
    op.drop_table("invites")
