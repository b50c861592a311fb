"""``fengong load`` and ``fengong query``: the corpus into the embedded store, then the catalogue from the shell."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.data import BUNDLED_CORPUS
from fengong.graph import store as graph_store
from fengong.graph.ladybug_store import LadybugStore
from fengong.queries import catalogue, run_query

runner = CliRunner()
CORPUS = BUNDLED_CORPUS
N_DOCS = len(list(CORPUS.glob("*.txt")))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The corpus loaded twice through the command line (named, then by default: no paths means
    the bundled corpus); both runs' results and the store path."""
    db = tmp_path_factory.mktemp("cli") / "graph.lbug"
    first = runner.invoke(app, ["load", str(CORPUS), "--db", str(db)])
    second = runner.invoke(app, ["load", "--db", str(db)])
    return db, first, second


def finance_bureau(db: Path, city: str) -> str:
    store = LadybugStore(db)
    try:
        (row,) = [r for r in run_query(store, "unit-search", {"name": "市财政局"}) if r["jurisdiction"] == city]
    finally:
        store.close()
    return row["unit_id"]


def test_load_reports_each_document(loaded):
    _, first, _ = loaded
    assert first.exit_code == 0, first.output
    assert f"{N_DOCS} loaded, 0 unchanged, 0 replaced, 0 failed" in first.stderr
    assert first.stderr.count(" loaded ") >= N_DOCS  # one table row per document


def test_loading_again_changes_nothing(loaded):
    _, _, second = loaded
    assert second.exit_code == 0, second.output
    assert f"0 loaded, {N_DOCS} unchanged, 0 replaced, 0 failed" in second.stderr
    assert second.stderr.count("unchanged") == N_DOCS + 1


def test_query_flagship_prints_the_rows(loaded):
    db = loaded[0]
    unit = finance_bureau(db, "柳州市")
    as_json = runner.invoke(app, ["query", "co-owned-tasks", "--param", f"unit={unit}", "--db", str(db), "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    store = LadybugStore(db)
    try:
        assert rows == run_query(store, "co-owned-tasks", {"unit": unit})
    finally:
        store.close()
    assert len(rows) >= 3 and all(r["co_owners"] for r in rows)
    table = runner.invoke(app, ["query", "co-owned-tasks", "--param", f"unit={unit}", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert f"co-owned-tasks: {len(rows)} rows" in table.stdout
    assert all(r["task_id"] in table.stdout for r in rows)


def test_query_list_shows_the_catalogue():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    assert all(name in result.stdout for name in catalogue())


def test_bad_queries_are_one_line_errors(loaded):
    db = str(loaded[0])
    for args, words in (
        (["query", "no-such-query"], "no query"),
        (["query", "co-owned-tasks", "--db", db], "needs a value"),
        (["query", "co-owned-tasks", "--param", "unit=u-1", "--param", "colour=red", "--db", db], "no parameter"),
        (["query", "targets", "--param", "deadline", "--db", db], "key=value"),
        (["query", "targets", "--param", "deadline=明年", "--db", db], "must be int"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert words in result.stderr and result.stderr.strip().count("\n") == 0


def test_neo4j_store_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(graph_store._BACKENDS, "neo4j", "fengong.graph.no_such_neo4j_module:Neo4jStore")
    result = runner.invoke(app, ["query", "mechanisms", "--store", "neo4j"])
    assert result.exit_code == 2
    assert "neo4j store is not available" in result.stderr


def test_every_store_command_reads_fengong_db_and_fengong_store(loaded):
    db = loaded[0]
    env = {"FENGONG_DB": str(db), "FENGONG_STORE": "embedded"}
    found = runner.invoke(app, ["query", "unit-search", "--param", "name=市财政局", "-f", "json"], env=env)
    assert found.exit_code == 0, found.output
    assert {r["jurisdiction"] for r in json.loads(found.stdout)} >= {"柳州市", "广元市"}
    for command in (["stats", "-f", "json"], ["export", "--format", "csv"]):
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == 0, (command, result.output)
    missing = runner.invoke(app, ["export", "--format", "csv"], env={"FENGONG_DB": str(db.parent / "nowhere.lbug")})
    assert missing.exit_code != 0 and "nowhere.lbug" in missing.output


def test_reading_commands_work_beside_a_running_server_and_load_says_what_to_do(loaded):
    """A server holds the embedded store's write lock; the CLI reads it read-only, load explains."""
    db = loaded[0]
    hold = f"import ladybug, time; db = ladybug.Database({str(db)!r}); print('held', flush=True); time.sleep(120)"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)  # as `fengong serve` does
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        found = runner.invoke(app, ["query", "unit-search", "--param", "name=市财政局", "--db", str(db), "-f", "json"])
        assert found.exit_code == 0, found.output
        assert {r["jurisdiction"] for r in json.loads(found.stdout)} >= {"柳州市", "广元市"}
        assert "read-only" in found.stderr
        assert runner.invoke(app, ["export", "--format", "csv", "--db", str(db)]).exit_code == 0
        refused = runner.invoke(app, ["load", "--db", str(db)])
        assert refused.exit_code == 2
        assert "in use" in refused.stderr and "POST /documents" in refused.stderr and "Traceback" not in refused.output
    finally:
        holder.kill()
        holder.wait()
