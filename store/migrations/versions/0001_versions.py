"""Versions of the dataset: versions, blobs, version_files, observations, current_observations.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "versions",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("parent", sa.Integer, sa.ForeignKey("versions.number"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("restores", sa.Integer, sa.ForeignKey("versions.number"), nullable=True),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "version_files",
        sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), primary_key=True),
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
    )
    op.create_table(
        "observations",
        sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), primary_key=True),
        sa.Column("indicator", sa.Text, primary_key=True),
        sa.Column("period", sa.Text, primary_key=True),
        sa.Column("name_zh", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("period_start", sa.Text, nullable=False),
        sa.Column("period_end", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("qualifier", sa.Text, nullable=False),
        sa.Column("yoy_pct", sa.Float),
        sa.Column("change", sa.Float),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("formula", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_quote", sa.Text, nullable=False),
    )
    op.execute(
        "CREATE VIEW current_observations AS SELECT * FROM observations "
        "WHERE version = (SELECT max(number) FROM versions)"
    )


def downgrade() -> None:
    op.execute("DROP VIEW current_observations")
    for name in ("observations", "version_files", "blobs", "versions"):
        op.drop_table(name)
