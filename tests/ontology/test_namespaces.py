"""One base for what fengong names; the data's own base may be configured (FENGONG_DATA_IRI)."""

from __future__ import annotations

import pytest

from fengong.errors import BadInput
from fengong.ontology import DATA_NS, MECHANISM_NS, ONTOLOGY_NS, data_namespace


def test_every_namespace_is_under_the_one_base() -> None:
    assert {ns.split("fengong/", 1)[0] for ns in (DATA_NS, MECHANISM_NS, ONTOLOGY_NS)} == {"https://w3id.org/"}


@pytest.mark.parametrize("base", ["https://data.example.gov.cn/plans/", "http://example.org/ns#", " https://x.cn/id/ "])
def test_a_configured_data_base_is_taken(base: str) -> None:
    assert data_namespace(base) == base.strip()


@pytest.mark.parametrize("base", ["plans", "https://example.org/id", "ftp://example.org/", "https://ex ample.org/", "https://x.cn/<id>/"])
def test_a_base_that_would_not_make_iris_is_refused_in_plain_words(base: str) -> None:
    with pytest.raises(BadInput, match="FENGONG_DATA_IRI must be an http"):
        data_namespace(base)


def test_unset_is_fengongs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FENGONG_DATA_IRI", raising=False)
    assert data_namespace() == DATA_NS
