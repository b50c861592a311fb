"""The fengong command: JSON on stdout, folders with --out, one-line errors with a non-zero exit."""

import json

from typer.testing import CliRunner

from fengong.cli import app

runner = CliRunner()

DOC = "江川市数字经济工作方案\n一、重点任务\n（一）建设算力中心。到2025年建成机架500个以上。（责任单位：市数据局）\n"


def test_extract_one_file_prints_contract_json(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"plan", "tasks", "targets", "mechanisms", "citations", "persons"} <= data.keys()
    (task,) = data["tasks"]
    assert task["key"] == "一/(一)" and task["assignments"][0]["mention"] == "市数据局"
    assert data["targets"][0]["value"] == 500 and data["targets"][0]["comparator"] == ">="


def test_extract_folder_writes_one_json_per_document(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "b.json"]


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "empty" in result.stderr
    missing = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_no_structure_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("今天召开了会议，大家进行了交流。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["tasks"] == []
    assert "warning" in result.stderr


def test_bare_command_and_h_print_help_and_exit_0():
    for args in ([], ["-h"], ["--help"], ["load", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage" in result.output


def test_version():
    from fengong import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"fengong {__version__}"
