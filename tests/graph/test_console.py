"""The read-only console on both engines: hostile queries refused or stopped, reads answered as store.run answers them."""

from __future__ import annotations

import re
import time

import pytest
from support.consolecheck import CORPUS, READS
from support.storecheck import dump, fresh_of_engine

from fengong.errors import ConsoleTimeout, FengongError, QueryRefused
from fengong.graph.console import MAX_BUILT_VALUES, refuse_unless_read, run_console
from fengong.graph.store import GraphStore

TIMEOUT_S, MAX_ROWS = 2.0, 100
SLACK_S = 3.0  # what a stopped query may take beyond the timeout (rolling back, closing the result)




def test_corpus_is_big_and_well_formed():
    assert len(CORPUS) >= 60
    assert {h.expect for h in CORPUS} == {"refuse", "stop"}
    assert all(h.cypher and h.attempt for h in CORPUS)
    assert "\u2028" in next(h.cypher for h in CORPUS if "U+2028" in h.attempt)


# --- the text check alone (no engine) --------------------------------------------------------


@pytest.mark.parametrize("hostile", [h for h in CORPUS if h.expect == "refuse"], ids=lambda h: h.attempt)
def test_text_check_refuses(hostile):
    with pytest.raises(QueryRefused):
        refuse_unless_read(hostile.cypher)




@pytest.mark.parametrize(
    "cypher",
    [
        *READS,
        "MATCH (s:Settlement {set_by: 'x'}) RETURN s.created AS c, s.delete AS d",
        "MATCH (u:Unit) RETURN {create: u.id, set: u.name} AS m",
        "MATCH (n) WHERE n.update_time > 0 RETURN n.start AS start, n.`end` AS e",
        "RETURN 'it\\'s CREATE' AS s, \"MERGE \\\" ; SET\" AS t",
        "CALL db.labels() YIELD label RETURN label",
        "CALL show_tables() RETURN *",
        "CALL table_info('Unit') RETURN *",
        "MATCH (u:Unit) WHERE u.name = '市财政局' RETURN u",
        "MATCH (u:Unit) CALL { WITH u RETURN u.id AS i } RETURN i",
        "RETURN date.truncate('month', date('2024-05-06')) AS d",
    ],
)
def test_text_check_passes_reads(cypher):
    refuse_unless_read(cypher)


@pytest.mark.parametrize(
    ("cypher", "says"),
    [
        ("MATCH (n) RETURN n; CREATE ()", "';'"),
        ("MATCH (u:Unit) SET u.x = 1", "SET"),
        ("CALL dbms.listConfig()", "dbms.listconfig"),
        ("RETURN 1 AS x\u200b", "U+200B"),
        (f"UNWIND range(0, {MAX_BUILT_VALUES}) AS i RETURN i", "1,000,000"),
        ("UNWIND range(1, $n) AS i RETURN i", "literal"),
    ],
)
def test_refusals_say_why(cypher, says):
    with pytest.raises(QueryRefused, match=re.escape(says)):
        refuse_unless_read(cypher)


# --- both engines, loaded with the bundled corpus --------------------------------------------


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, corpus_rows, tmp_path_factory):
    """One loaded store per engine for the whole module: the hostile corpus must leave it as it was."""
    opened = fresh_of_engine(request, tmp_path_factory.mktemp("console"))
    for rows in corpus_rows.values():
        opened.load(rows)
    yield opened
    opened.close()


def _outcome(store: GraphStore, cypher: str) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        result = run_console(store, cypher, None, timeout_s=TIMEOUT_S, max_rows=MAX_ROWS)
    except QueryRefused:
        outcome = "refused"
    except ConsoleTimeout:
        outcome = "stopped"
    except FengongError as e:
        outcome = f"error: {e}"
    else:
        outcome = "truncated" if result.truncated else f"answered {len(result.rows)} rows"
    return outcome, time.perf_counter() - started


@pytest.mark.heavy
def test_hostile_corpus_is_refused_or_stopped_and_changes_nothing(store):
    counts_before, dump_before = store.counts(), dump(store)
    wrong, outcomes = [], {}
    for hostile in CORPUS:
        outcome, took = _outcome(store, hostile.cypher)
        outcomes[hostile.attempt] = (outcome, round(took, 2))
        bounded = outcome in ("refused", "stopped", "truncated") or outcome.startswith("answered")
        if hostile.expect == "refuse" and outcome != "refused":
            wrong.append((hostile.attempt, outcome))
        if hostile.expect == "stop" and not (bounded and took < TIMEOUT_S + SLACK_S):
            wrong.append((hostile.attempt, outcome, took))
    assert wrong == []
    print(store.name, {o for o, _ in outcomes.values()}, max(t for _, t in outcomes.values()))
    assert store.counts() == counts_before
    assert dump(store) == dump_before


def test_truncates_at_max_rows(store):
    everything = store.run("MATCH (t:Task) RETURN t.id AS id ORDER BY id")
    assert len(everything) > 10
    cut = run_console(store, "MATCH (t:Task) RETURN t.id AS id ORDER BY id", None, max_rows=10)
    assert (cut.columns, cut.rows, cut.truncated) == (["id"], everything[:10], True)
    exact = run_console(store, "MATCH (t:Task) RETURN t.id AS id ORDER BY id", None, max_rows=len(everything))
    assert (exact.rows, exact.truncated) == (everything, False)
    assert exact.elapsed_ms > 0


@pytest.mark.parametrize("cypher", READS)
def test_reads_answer_as_store_run(store, cypher):
    parameters = {"name": store.run("MATCH (u:Unit) RETURN u.name AS n ORDER BY n LIMIT 1")[0]["n"]}
    parameters = parameters if "$name" in cypher else {}
    expected = store.run(cypher.rstrip(";"), parameters)
    result = run_console(store, cypher, parameters)
    assert result.rows == expected and not result.truncated
    assert result.columns == (list(expected[0]) if expected else result.columns)


def test_engine_refuses_writes_the_text_check_never_sees(store):
    """The second line of defence alone: the store's read-only mode, bypassing the text check."""
    before = store.counts()
    for write in ("CREATE (:Unit {id: 'engine-check'})", "MATCH (u:Unit) SET u.name = 'x'"):
        with pytest.raises(QueryRefused):
            store.run_read_only(write, None, timeout_s=TIMEOUT_S, max_rows=MAX_ROWS)
    assert store.counts() == before


def test_engine_stops_a_slow_query(store):
    started = time.perf_counter()
    with pytest.raises(ConsoleTimeout):
        run_console(store, "MATCH (a), (b), (c), (d) RETURN count(DISTINCT a.id + b.id + c.id + d.id) AS n", None,
                    timeout_s=1.0)
    assert time.perf_counter() - started < 1.0 + SLACK_S
    assert store.run("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"] > 0  # the store still answers


def test_syntax_error_is_a_plain_error(store):
    with pytest.raises(FengongError) as raised:
        run_console(store, "MATCH (u:Unit RETURN u", None)
    assert not isinstance(raised.value, QueryRefused | ConsoleTimeout)
