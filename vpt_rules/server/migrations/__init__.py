"""The register's schema migrations (Alembic), applied by `vpt admin migrate`."""
