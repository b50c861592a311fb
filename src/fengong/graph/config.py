"""Where the graph is: the store settings every command and the service read, and opening that store.

One place for ``FENGONG_STORE``, ``FENGONG_DB`` and ``FENGONG_NEO4J_*``, in the store layer, so
that ``fengong load`` opens a store without importing the web service, and the Neo4j driver is
imported only when Neo4j is the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from fengong.graph.store import GraphStore, open_store

DEFAULT_DB = Path("var/fengong.lbug")
DEFAULT_NEO4J_URI = "bolt://localhost:7687"


class StoreSettings(BaseSettings):
    """Which store, and where: the embedded one's directory or Neo4j's address and credentials."""

    model_config = SettingsConfigDict(env_prefix="FENGONG_", extra="ignore")

    store: Literal["embedded", "neo4j"] = "embedded"
    db: Path = DEFAULT_DB
    neo4j_uri: str = DEFAULT_NEO4J_URI
    neo4j_user: str | None = None
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None


def open_configured_store(settings: StoreSettings) -> GraphStore:
    """The store the settings name, schema in place; a store that cannot be opened is a FengongError."""
    if settings.store == "embedded":
        store: GraphStore = open_store("embedded", path=settings.db)
    else:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        store = open_store(
            "neo4j",
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=password,
            database=settings.neo4j_database,
        )
    try:
        store.ensure_schema()
    except BaseException:
        store.close()
        raise
    return store
