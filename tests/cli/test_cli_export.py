"""``fengong export`` and ``fengong stats`` on an embedded store loaded with the corpus."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from support.corpus import CORPUS
from support.rdfcheck import statements
from typer.testing import CliRunner

from fengong.cli import ExportFormat, app
from fengong.graph import rdf
from fengong.graph.export import FORMATS, export
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import rows_of
from fengong.graph.snapshot import read_snapshot
from fengong.loaders.pipeline import extract_path

runner = CliRunner()


@pytest.fixture(scope="module")
def extractions():
    return {p.stem: extract_path(p)[0] for p in CORPUS}


@pytest.fixture(scope="module")
def db(tmp_path_factory, extractions):
    path = tmp_path_factory.mktemp("cli-export") / "graph.lbug"
    store = LadybugStore(path)
    store.ensure_schema()
    for x in extractions.values():
        store.load(rows_of(x))
    store.close()
    return path


def snapshot_of(db, **cut):
    store = LadybugStore(db)
    try:
        return read_snapshot(store, **cut)
    finally:
        store.close()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_the_formats_are_the_exporters():
    assert [f.value for f in ExportFormat] == list(FORMATS)


def test_turtle_to_stdout_is_the_graph(db):
    result = run("export", "--format", "ttl", "--db", db)
    assert statements(result.stdout_bytes, "ttl") == statements(export(snapshot_of(db), "nt"), "nt")


def test_jsonld_embeds_its_context_unless_given_a_url(db, extractions):
    plan = ("--plan", min(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id)).plan.id)
    embedded = json.loads(run("export", "-f", "jsonld", *plan, "--db", db).stdout_bytes)
    assert embedded["@context"] == rdf.context()
    link = ("--context-url", "https://example.org/c.jsonld")
    linked = json.loads(run("export", "-f", "jsonld", *plan, *link, "--db", db).stdout_bytes)
    assert linked["@context"] == "https://example.org/c.jsonld"
    assert linked["@graph"] == embedded["@graph"]


def test_a_plan_to_a_file(db, extractions, tmp_path):
    x = next(iter(extractions.values()))
    out = tmp_path / "plan.csv"
    result = run("export", "-f", "csv", "--plan", x.plan.id, "--out", out, "--db", db)
    assert str(out) in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["任务ID"] for r in rows} == {t.id for t in x.tasks}


def test_unit_and_jurisdiction_cuts(db, extractions, tmp_path):
    (unit,) = {
        a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.name == "柳州市财政局"
    }
    out = tmp_path / "unit.graphml"
    run("export", "-f", "graphml", "--unit", unit, "--jurisdiction", "柳州市", "--out", out, "--db", db)
    read = nx.read_graphml(out)
    cut = snapshot_of(db, unit=unit, jurisdiction="柳州市")
    tasks = {t.id for x in extractions.values() for t in x.tasks if any(a.unit.id == unit for a in t.assignments)}
    assert set(cut.nodes["Task"]) == tasks
    assert read.number_of_nodes() == sum(map(len, cut.nodes.values()))


def test_xlsx_needs_a_file_or_a_pipe(db, extractions, tmp_path):
    out = tmp_path / "all.xlsx"
    run("export", "-f", "xlsx", "-o", out, "--db", db)
    assert len(load_workbook(out).sheetnames) > len(extractions)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--plan", "p-0000"], "no plan with id p-0000"),
        (["--jurisdiction", "不存在市"], "no jurisdiction"),
        (["--db", "/nonexistent/graph.lbug"], "no graph store"),
    ],
)
def test_bad_cuts_and_missing_stores_fail_with_a_message(db, args, says):
    result = runner.invoke(app, ["export", "-f", "nt", "--db", str(db), *args])
    assert result.exit_code == 2 and says in result.stderr


def test_stats_json_counts_the_units_work(db, extractions):
    data = json.loads(run("stats", "--format", "json", "--db", db).stdout)
    led: dict[str, set[str]] = {}
    for x in extractions.values():
        for t in x.tasks:
            for a in t.assignments:
                led.setdefault(a.unit.id, set())
                if a.role == "lead":
                    led[a.unit.id].add(t.id)
    assert {u["unit_id"]: u["led"] for u in data["units"]} == {u: len(t) for u, t in led.items()}
    assert data["concentration"]["lead_assignments"] == sum(map(len, led.values()))


def test_stats_table_for_a_plan(db, extractions):
    x = next(iter(extractions.values()))
    result = run("stats", "--plan", x.plan.id, "--top", 5, "--db", db)
    units = {a.unit.id for t in x.tasks for a in t.assignments}
    assert f"{len(units)} units" in result.stdout and f"(5 of {len(units)})" in result.stdout
    assert "Gini" in result.stdout


def test_a_data_base_of_ones_own_moves_the_datas_iris_and_a_bad_one_is_one_line(db):
    fengong = Path(sys.executable).with_name("fengong")
    command = [str(fengong), "export", "--format", "nt", "--db", str(db)]
    own = {**os.environ, "FENGONG_DATA_IRI": "https://data.example.gov.cn/plans/"}
    lines = subprocess.run(command, env=own, capture_output=True, check=True).stdout.decode().splitlines()
    subjects = {line.split(" ", 1)[0] for line in lines}
    assert any(s.startswith("<https://data.example.gov.cn/plans/t-") for s in subjects)
    assert not any(s.startswith("<https://w3id.org/fengong/id/") for s in subjects)
    assert any(s.startswith("<https://w3id.org/fengong/mechanism/") for s in subjects)  # the vocabulary stays
    bad = subprocess.run(command, env={**os.environ, "FENGONG_DATA_IRI": "plans"}, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == ["fengong: FENGONG_DATA_IRI must be an http(s) IRI that ends in / or #, not 'plans'"]
