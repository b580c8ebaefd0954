"""Outbox indexes for the claim: walk pending rows in priority order, find the held ones at once.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_claimed_until", ["claimed_until"], unique=False)
        batch_op.create_index(
            "ix_deliveries_queue", ["status", sa.literal_column("priority DESC"), "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_queue")
        batch_op.drop_index("ix_deliveries_claimed_until")
