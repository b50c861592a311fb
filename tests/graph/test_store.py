"""The store registry: backends by name, imported lazily, a clear error otherwise."""

import pytest

from fengong.errors import FengongError
from graph.store import open_store


def test_unknown_backend_is_a_plain_error():
    with pytest.raises(FengongError, match="unknown store 'sqlite'"):
        open_store("sqlite")
