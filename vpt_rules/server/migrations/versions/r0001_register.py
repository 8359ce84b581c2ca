"""The register: organisations, people and their sessions, API keys, cases, events, deadlines, generated
documents and the audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table("organisations", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(200), nullable=False, unique=True), _moment("created_at"))
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("email", sa.String(254), nullable=False, unique=True),
                    sa.Column("password_hash", sa.String(200), nullable=False),
                    sa.Column("role", sa.String(16), nullable=False),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
                    sa.Column("failed_logins", sa.Integer, nullable=False),
                    _moment("locked_until", nullable=True), _moment("created_at"))
    op.create_index("ix_users_organisation_id", "users", ["organisation_id"])
    op.create_table("memberships",
                    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), primary_key=True))
    op.create_table("login_sessions", sa.Column("token_hash", sa.String(64), primary_key=True),
                    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
                    sa.Column("csrf", sa.String(64), nullable=False), _moment("created_at"), _moment("expires_at"))
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"])
    op.create_table("api_keys", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("key_hash", sa.String(64), nullable=False, unique=True), _moment("created_at"))
    op.create_index("ix_api_keys_organisation_id", "api_keys", ["organisation_id"])
    op.create_table("cases", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
                    sa.Column("key", sa.String(32), nullable=False, unique=True),
                    sa.Column("case_id", sa.String(64), nullable=True),
                    sa.Column("status", sa.String(16), nullable=False),
                    sa.Column("version", sa.Integer, nullable=False),
                    sa.Column("data", sa.JSON, nullable=False), _moment("updated_at"),
                    sa.UniqueConstraint("organisation_id", "case_id"))
    op.create_index("ix_cases_organisation_id", "cases", ["organisation_id"])
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
                    sa.Column("kind", sa.String(32), nullable=False), sa.Column("data", sa.JSON, nullable=False),
                    sa.Column("actor", sa.String(260), nullable=False), _moment("recorded_at"))
    op.create_index("ix_events_case_pk", "events", ["case_pk"])
    op.create_table("deadlines", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
                    sa.Column("action", sa.String(80), nullable=False),
                    sa.Column("title", sa.String(300), nullable=False),
                    _moment("due", nullable=True), _moment("done_at", nullable=True))
    op.create_index("ix_deadlines_case_pk", "deadlines", ["case_pk"])
    op.create_index("ix_deadlines_organisation_due", "deadlines", ["organisation_id", "due"])
    op.create_table("generated_documents", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
                    sa.Column("document", sa.String(80), nullable=False),
                    sa.Column("format", sa.String(8), nullable=False),
                    sa.Column("sha256", sa.String(64), nullable=False),
                    sa.Column("actor", sa.String(260), nullable=False), _moment("at"),
                    sa.Column("rules_digest", sa.String(64), nullable=True))
    op.create_index("ix_generated_documents_case_pk", "generated_documents", ["case_pk"])
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
                    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
                    sa.Column("actor", sa.String(260), nullable=False), _moment("at"),
                    sa.Column("what", sa.String(200), nullable=False),
                    sa.Column("rules_digest", sa.String(64), nullable=True),
                    sa.Column("document_hash", sa.String(64), nullable=True))
    op.create_index("ix_audit_organisation_id", "audit", ["organisation_id"])
    op.create_index("ix_audit_case_pk", "audit", ["case_pk"])


def downgrade() -> None:
    for table in ("audit", "generated_documents", "deadlines", "events", "cases", "api_keys", "login_sessions",
                  "memberships", "users", "organisations"):
        op.drop_table(table)
