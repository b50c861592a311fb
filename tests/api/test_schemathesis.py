"""Property-based: schemathesis fuzzes every operation of /openapi.json on the live embedded server.

No generated request may get a 5xx, and every response must match its documented status,
content type and schema. The upload is fuzzed too: that server has no API key, so it must
answer 403 in the error shape. The examples per operation are set so the total is ≥ 1000.

The schema comes from the live server, which exists only once the fixtures ran, so one
test walks the operations with a Hypothesis run each (schemathesis' own pytest
``from_fixture`` does not work with this pytest).
"""

from __future__ import annotations

import math
from collections import Counter

import hypothesis
import hypothesis.strategies as st
import pytest
import schemathesis
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Err

pytestmark = pytest.mark.heavy

MIN_CASES = 1000
HEADROOM = 1.15  # Hypothesis stops early on an operation whose inputs it has exhausted
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SETTINGS = hypothesis.settings(
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
)


def fuzz(strategy: st.SearchStrategy[schemathesis.Case], label: str, cases: Counter[str], examples: int) -> None:
    """Up to ``examples`` generated requests to one operation, each checked; the first failure shrunk and raised."""

    @hypothesis.settings(SETTINGS, max_examples=examples)
    @hypothesis.given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        cases[label] += 1
        case.call_and_validate(checks=CHECKS)

    run()


def test_no_server_error_and_every_response_matches_its_schema(embedded_url):
    schema = schemathesis.openapi.from_url(f"{embedded_url}/openapi.json")
    cases: Counter[str] = Counter()
    failures: dict[str, str] = {}
    results = list(schema.get_all_operations())
    examples = math.ceil(MIN_CASES * HEADROOM / len(results))  # the total stays near MIN_CASES as routes are added
    for result in results:
        if isinstance(result, Err):
            failures[f"schema: {result.err()}"] = "the schema has an operation schemathesis cannot read"
            continue
        operation = result.ok()
        try:
            fuzz(operation.as_strategy(), operation.label, cases, examples)
        except (Exception, BaseExceptionGroup) as e:  # keep going: report every failing operation at once
            failures[operation.label] = f"{type(e).__name__}: {e}"[:2000]
    assert not failures, f"failing: {', '.join(failures)}\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
    assert len(cases) >= 16, f"only {sorted(cases)}"
    assert sum(cases.values()) >= MIN_CASES, f"{sum(cases.values())} cases: {dict(cases)}"
