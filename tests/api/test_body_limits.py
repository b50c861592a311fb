"""Request bodies refused before they are read: uploads without the key, bodies past their route's limit.

Raw sockets, so the test controls exactly what is sent: the headers announce a large body, and
the answer must arrive before one byte of it is sent (or, without Content-Length, soon after the
limit is passed while the body streams).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr
from support.live import live_server

from fengong.api.main import create_app
from fengong.api.settings import Settings
from fengong.graph.query_text import check_parameters

KEY = "test-key-bodies"
HUGE = 200 * 1024 * 1024


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A server with uploads off (no key) and one with a key, over empty embedded stores."""
    off = Settings(store="embedded", db=tmp_path_factory.mktemp("bodies-off") / "graph.lbug")
    keyed = Settings(store="embedded", db=tmp_path_factory.mktemp("bodies-key") / "graph.lbug", api_key=SecretStr(KEY))
    with live_server(create_app(off)) as off_url, live_server(create_app(keyed)) as keyed_url:
        yield {"off": off_url, "keyed": keyed_url}


def status_before_body(base: str, path: str, headers: dict[str, str]) -> tuple[int, float]:
    """Send only the request line and headers; the status of the answer and how long it took."""
    where = urlsplit(base)
    lines = [f"POST {path} HTTP/1.1", f"Host: {where.netloc}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    started = time.perf_counter()
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall("\r\n".join(lines).encode())
        status = int(sock.recv(4096).split(b" ", 2)[1])
    return status, time.perf_counter() - started


def status_while_streaming(base: str, path: str, content_type: str, total: int) -> tuple[int, int]:
    """Stream a chunked body of up to ``total`` bytes; the status and how many bytes were sent before it came."""
    where = urlsplit(base)
    head = f"POST {path} HTTP/1.1\r\nHost: {where.netloc}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"x" * 65536
    sent = 0
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(head.encode())
        sock.setblocking(False)
        while sent < total:
            try:
                answer = sock.recv(4096)
                if answer:
                    return int(answer.split(b" ", 2)[1]), sent
            except BlockingIOError:
                pass
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
                continue
            sent += len(chunk)
        sock.setblocking(True)
        return int(sock.recv(4096).split(b" ", 2)[1]), sent


MULTIPART = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(HUGE)}


@pytest.mark.parametrize(
    ("server", "headers", "status"),
    [
        ("off", MULTIPART, 403),  # uploads disabled
        ("keyed", MULTIPART, 401),  # no key
        ("keyed", {**MULTIPART, "X-API-Key": "wrong"}, 403),
        ("keyed", {**MULTIPART, "X-API-Key": KEY}, 413),  # right key, too large
    ],
)
def test_an_upload_is_refused_before_its_body_is_sent(servers, server, headers, status):
    got, seconds = status_before_body(servers[server], "/documents", headers)
    assert got == status and seconds < 2


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/sparql", "application/sparql-query"), ("/sparql", "application/x-www-form-urlencoded"), ("/cypher", "application/json")],
)
def test_a_query_body_past_the_limit_is_413_before_it_is_sent(servers, path, content_type):
    got, seconds = status_before_body(servers["off"], path, {"Content-Type": content_type, "Content-Length": str(100 * 1024**2)})
    assert got == 413 and seconds < 2


def test_a_streamed_body_without_length_is_stopped_at_the_limit(servers):
    got, sent = status_while_streaming(servers["off"], "/sparql", "application/sparql-query", 50 * 1024**2)
    assert got == 413
    assert sent < 8 * 1024**2  # stopped near the 1 MB limit, not after 50 MB


def test_parameter_values_nested_too_deep_are_refused():
    check_parameters({"p": [[1, {"a": [2]}]]})
    deep: object = 1
    for _ in range(100):
        deep = [deep]
    with pytest.raises(Exception, match="nest more than"):
        check_parameters({"p": deep})
