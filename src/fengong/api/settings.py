"""The service's settings, one class read from the environment (``FENGONG_*``) or given by the caller."""

from __future__ import annotations

from pydantic import Field, SecretStr

from fengong.graph.config import StoreSettings


class Settings(StoreSettings):
    """Where the graph is (:class:`~fengong.graph.config.StoreSettings`, the same ``FENGONG_*``
    variables every command reads), who may write to it, and how much a request may ask for."""

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
