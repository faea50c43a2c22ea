"""Store: every stage's records in one database (SQLite by default, any SQLAlchemy URL later)."""

from heuer.store.db import Store, default_db_url

__all__ = ["Store", "default_db_url"]
