"""The service's settings, one class read from the environment (``FENGONG_*``) or given by the caller."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from fengong.graph.neo4j_store import DEFAULT_URI

DEFAULT_DB = Path("var/fengong.lbug")


class Settings(BaseSettings):
    """Where the graph is, who may write to it, and how much a request may ask for.

    The Neo4j fields read the same variables as ``fengong load --store neo4j``
    (FENGONG_NEO4J_URI, _USER, _PASSWORD, _DATABASE).
    """

    model_config = SettingsConfigDict(env_prefix="FENGONG_", extra="ignore")

    store: Literal["embedded", "neo4j"] = "embedded"
    db: Path = DEFAULT_DB
    neo4j_uri: str = DEFAULT_URI
    neo4j_user: str | None = None
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None

    allowed_hosts: str | None = Field(
        default=None,
        description="Host header values served, comma-separated ('*': any); unset: localhost and 127.0.0.1 only",
    )
    api_key: SecretStr | None = Field(default=None, description="required in X-API-Key to upload; unset: no uploads")
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_request_bytes: int = Field(default=1024 * 1024, gt=0, description="any other request body: queries, forms")
    default_page_size: int = Field(default=50, gt=0)
    max_page_size: int = Field(default=500, gt=0)
    cypher_timeout_s: float = Field(default=10.0, gt=0)
    cypher_row_limit: int = Field(default=1000, gt=0)
    sparql_timeout_s: float = Field(default=10.0, gt=0)
    sparql_row_limit: int = Field(default=10_000, gt=0, description="rows of a SELECT, triples of a CONSTRUCT")
    sparql_memory_mb: int = Field(default=2048, ge=1024, description="address space of a SPARQL worker process")
    sparql_workers: int = Field(default=1, gt=0, description="SPARQL queries that run at once")


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def served_hosts(settings: Settings) -> list[str]:
    """The Host names the service answers (a foreign one is refused: DNS rebinding against a local server)."""
    if settings.allowed_hosts is None:
        return list(LOOPBACK_HOSTS)
    return [h.strip() for h in settings.allowed_hosts.split(",") if h.strip()]


def default_hosts_for(bound: str) -> str:
    """The ``allowed_hosts`` for a server bound to ``bound`` when none is configured."""
    if bound in ("0.0.0.0", "::", ""):
        return "*"  # every interface: clients reach it by names this server cannot know
    return ",".join(dict.fromkeys([bound, *LOOPBACK_HOSTS]))
