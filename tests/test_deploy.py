"""The production files (docker-compose.yml, Dockerfile) read as intended; Docker itself does not run here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from fengong.data import BUNDLED_CORPUS
from fengong.graph.neo4j_store import ENV_PASSWORD, ENV_URI, ENV_USER

REPO = Path(__file__).resolve().parents[1]
# Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}; $$ is a literal $.
_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def interpolate(value: str, env: dict[str, str]) -> str:
    """``value`` as ``docker compose`` would see it with ``env`` set; a missing ``:?`` variable is an error."""

    def one(m: re.Match[str]) -> str:
        if m[0] == "$$":
            return "$"
        if env.get(m["name"]):
            return env[m["name"]]
        if m["op"] == ":?":
            raise KeyError(f"{m['name']}: {m['arg']}")
        return m["arg"] or ""

    return _VARIABLE.sub(one, value)


def environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment whether written as a mapping or as a list of NAME=value."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_neo4j_service(compose):
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert {str(p).split(":")[-1] for p in neo4j["ports"]} == {"7474", "7687"}
    (volume,) = neo4j["volumes"]
    name, mount = volume.split(":")
    assert mount == "/data" and name in compose["volumes"]
    auth = environment(neo4j)["NEO4J_AUTH"]
    assert interpolate(auth, {"NEO4J_PASSWORD": "s3cret/pw"}) == "neo4j/s3cret/pw"
    assert interpolate(auth, {"NEO4J_USER": "ops", "NEO4J_PASSWORD": "pw"}) == "ops/pw"
    with pytest.raises(KeyError, match="NEO4J_PASSWORD"):
        interpolate(auth, {})


def test_healthcheck_asks_cypher_shell_with_the_servers_credentials(compose):
    check = compose["services"]["neo4j"]["healthcheck"]
    kind, command = check["test"]
    assert kind == "CMD-SHELL"
    shell = interpolate(command, {"NEO4J_PASSWORD": "pw"})
    assert shell.startswith("cypher-shell ")
    assert '-u "${NEO4J_AUTH%%/*}"' in shell and '-p "${NEO4J_AUTH#*/}"' in shell  # left to the container's shell
    assert check["retries"] >= 3


def test_fengong_service_points_at_the_neo4j_service(compose):
    fengong = compose["services"]["fengong"]
    env = environment(fengong)
    assert env["FENGONG_STORE"] == "neo4j"
    uri = urlsplit(env[ENV_URI])
    assert (uri.scheme, uri.hostname, uri.port) == ("bolt", "neo4j", 7687)
    assert interpolate(env[ENV_USER], {"NEO4J_PASSWORD": "pw"}) == "neo4j"
    assert interpolate(env[ENV_PASSWORD], {"NEO4J_PASSWORD": "pw"}) == "pw"
    assert fengong["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (REPO / fengong["build"]["context"] / fengong["build"]["dockerfile"]).is_file()


def test_fengong_service_loads_the_bundled_corpus_then_serves(compose):
    fengong = compose["services"]["fengong"]
    command = " ".join(fengong["command"])
    assert re.search(r"fengong load --store neo4j &&", command)  # no paths: the bundled corpus
    assert any(BUNDLED_CORPUS.glob("*.txt"))
    serve = re.search(r"fengong serve --host 0\.0\.0\.0 --port (\d+)$", command.rstrip())
    assert serve and f"{serve[1]}:{serve[1]}" in fengong["ports"]
    assert fengong["environment"]["FENGONG_STORE"] == "neo4j"
    assert "fengong" in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]


def test_only_documented_variables_are_needed(compose):
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    assert {m["name"] for m in _VARIABLE.finditer(text) if m["name"]} == {"NEO4J_USER", "NEO4J_PASSWORD", "FENGONG_API_KEY"}


def test_dockerfile_installs_this_repository():
    lines = [
        line.strip()
        for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines[0] == "FROM python:3.11-slim"
    workdir = next(line.split()[1] for line in lines if line.startswith("WORKDIR "))
    copy = next(line.split()[1:] for line in lines if line.startswith("COPY "))
    assert copy[0] == "." and copy[1].rstrip("/") in {workdir, "."}
    install = next(line for line in lines if line.startswith("RUN ") and "pip install" in line)
    # A plain install, as a user's: the image runs what the wheel carries, not the checkout.
    assert re.search(r"pip install (?:\S+ )*\.(?:\s|$)", install) and " -e " not in install
    assert lines.index(install) > lines.index(next(line for line in lines if line.startswith("COPY ")))
