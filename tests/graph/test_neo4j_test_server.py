import pytest


@pytest.mark.neo4j
def test_server_stores_and_counts_a_node(neo4j_uri: str) -> None:
    from neo4j import GraphDatabase  # imported here so a machine without the driver skips in the fixture

    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("CREATE (:Probe {id: $id})", id="x")
        records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN count(p) AS n")

    assert neo4j_uri.startswith("bolt://127.0.0.1:")
    assert records[0]["n"] == 1
