"""Document upload against a live server: the API key, the size limit, bad files, a good one loaded once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import httpx
import pytest
from pydantic import SecretStr
from support.live import live_server

from fengong.api.main import create_app
from fengong.api.settings import Settings
from fengong.graph.store import LoadResult
from fengong.loaders.pipeline import extract_path

KEY = "test-key-qinghe"
LIMIT = 64 * 1024
INVENTED = Path(__file__).parent / "documents" / "invented_city_plan.txt"


@pytest.fixture(scope="module")
def loads() -> list[LoadResult]:
    """The loads the app reported to its after-load callback."""
    return []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, loads: list[LoadResult]) -> Iterator[tuple[str, object]]:
    """A server with an API key and a small upload limit over a fresh, empty embedded store."""
    settings = Settings(store="embedded", db=tmp_path_factory.mktemp("upload") / "graph.lbug", api_key=SecretStr(KEY))
    app = create_app(settings.model_copy(update={"max_upload_bytes": LIMIT}))
    app.state.graph.after_load.append(loads.append)
    with live_server(app) as url:
        yield url, app.state.graph


@pytest.fixture(scope="module")
def client(server: tuple[str, object]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=60) as c:
        yield c


def upload(client: httpx.Client, name: str, data: bytes, key: str | None = KEY) -> httpx.Response:
    headers = {"X-API-Key": key} if key is not None else {}
    return client.post("/documents", files={"file": (name, data)}, headers=headers)


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return str(error["message"])


def test_upload_without_a_key_is_401_and_with_a_wrong_one_403(client):
    data = INVENTED.read_bytes()
    assert "X-API-Key" in error_of(upload(client, "plan.txt", data, key=None), 401)
    error_of(upload(client, "plan.txt", data, key="not-the-key"), 403)


def test_uploads_are_refused_when_no_key_is_configured(embedded_url):
    with httpx.Client(base_url=embedded_url) as c:
        message = error_of(upload(c, "plan.txt", INVENTED.read_bytes(), key="anything"), 403)
    assert "FENGONG_API_KEY" in message


def test_a_file_over_the_limit_is_413(client):
    assert str(LIMIT) in error_of(upload(client, "big.txt", "科技".encode() * LIMIT), 413)


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("empty.txt", b"", 400, "empty"),
        ("blank.txt", b"   \n\n  ", 400, "文件为空"),
        ("noise.txt", bytes(range(256)) * 40, 415, "binary"),
        ("archive.txt", b"PK\x03\x04" + bytes(500), 415, "binary"),
    ],
)
def test_bad_files_get_a_4xx_saying_what_is_wrong(client, name, data, status, words):
    assert words in error_of(upload(client, name, data), status)


def test_a_truncated_docx_says_it_is_damaged(client):
    document = docx.Document()
    document.add_paragraph("青禾市科技创新行动方案 " * 200)
    buffer = io.BytesIO()
    document.save(buffer)
    whole = buffer.getvalue()
    message = error_of(upload(client, "plan.docx", whole[: len(whole) // 2]), 422)
    assert "damaged" in message or "truncated" in message


def test_a_good_upload_loads_once_and_shows_up_in_plans(client, server, loads):
    expected, _ = extract_path(INVENTED)
    graph = server[1]
    before = graph.version
    first = upload(client, INVENTED.name, INVENTED.read_bytes())
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["plan_id"], body["status"], body["superseded"]) == (expected.plan.id, "loaded", None)
    assert (body["tasks"], body["targets"]) == (len(expected.tasks), len(expected.targets))
    assert body["units"] == len({a.unit.id for t in expected.tasks for a in t.assignments})
    assert graph.version == before + 1 and [r.plan_id for r in loads] == [expected.plan.id]

    plans = client.get("/plans").json()
    assert expected.plan.id in {p["id"] for p in plans["data"]}
    outline = client.get(f"/plans/{expected.plan.id}/outline").json()
    assert {t["key"] for s in outline["sections"] for t in s["tasks"]} == {t.key for t in expected.tasks}

    again = upload(client, "same-again.txt", INVENTED.read_bytes())
    assert again.status_code == 200, again.text
    assert (again.json()["plan_id"], again.json()["status"]) == (expected.plan.id, "unchanged")
    assert graph.version == before + 1 and len(loads) == 1


def test_a_new_version_replaces_the_old_plan_which_is_then_left_out(client):
    old, _ = extract_path(INVENTED)
    text = INVENTED.read_text(encoding="utf-8") + "(五)加强科技金融服务。推广科技创新券。(责任单位:市财政局、市金融办)\n"
    response = upload(client, "revised.txt", text.encode())
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["superseded"]) == ("replaced", old.plan.id)
    current = {p["id"] for p in client.get("/plans").json()["data"]}
    assert body["plan_id"] in current and old.plan.id not in current
    everything = client.get("/plans", params={"include_superseded": "true"}).json()["data"]
    assert {p["id"]: p["superseded"] for p in everything if p["id"] in (old.plan.id, body["plan_id"])} == {
        old.plan.id: True,
        body["plan_id"]: False,
    }


def test_the_upload_page_sends_the_file_with_the_key_and_says_what_happened(server, browser, tmp_path):
    from support.headless import wait_for

    url, _ = server
    document = tmp_path / "页面上传.txt"
    document.write_text(
        INVENTED.read_text(encoding="utf-8").replace("青禾市", "白沙市").replace("青政办发", "白政办发"), encoding="utf-8"
    )

    def send(key: str) -> str:
        browser.get(url + "/pages/upload")
        browser.find_element("css selector", "input[name=file]").send_keys(str(document))
        browser.find_element("css selector", "input[name=key]").send_keys(key)
        browser.find_element("css selector", "form#upload button").click()
        result: str = wait_for(browser, "return document.querySelector('p.status').dataset.result || null", "the answer")
        return result

    assert send("wrong-key") == "failed"
    assert "API 密钥不对" in browser.find_element("css selector", "p.status").text
    assert send(KEY) == "loaded"
    link = browser.find_element("css selector", "p.status a").get_attribute("href")
    assert "/pages/plans/p-" in link and "白沙市" in browser.find_element("css selector", "p.status").text
    assert send(KEY) == "unchanged"
