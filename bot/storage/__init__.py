"""Storage: tables, the session factory and repositories."""
