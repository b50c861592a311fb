"""The ontology: the Python model of an extraction, the graph schema, and the RDF vocabulary files.

One base for everything fengong names, ``https://w3id.org/fengong/``: the ontology's terms and
its concept schemes under ``ontology#`` (fg:), the data under ``id/`` (fgid:), the instruments of
the mechanism scheme under ``mechanism/`` (mech:) and the instrument types under
``instrument-type/`` (itype:) and those of the STIP Compass under ``stip-instrument/`` (stip:).
Every node's id is the last segment of its IRI.

A deployer who publishes the data under a domain of their own sets ``FENGONG_DATA_IRI`` (an
http(s) IRI ending in / or #): the data's IRIs move there; the vocabulary's stay fengong's.
"""

import os
import re
from importlib.resources import files
from pathlib import Path

from fengong.errors import BadInput

ONTOLOGY_DIR = Path(str(files(__name__)))
VOCABULARY = ONTOLOGY_DIR / "fengong.ttl"
JSONLD_CONTEXT = ONTOLOGY_DIR / "context.jsonld"
MECHANISM_SCHEME = ONTOLOGY_DIR / "mechanisms.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
"""SHACL shapes of a valid data graph (pySHACL checks the bundled corpus's export against them)."""

BASE = "https://w3id.org/fengong/"
ONTOLOGY_NS = BASE + "ontology#"
DATA_NS = BASE + "id/"
"""fengong's own base of the data's IRIs; graph/rdf.py takes :func:`data_namespace` (it may be configured)."""
MECHANISM_NS = BASE + "mechanism/"
INSTRUMENT_TYPE_NS = BASE + "instrument-type/"
STIP_INSTRUMENT_NS = BASE + "stip-instrument/"

MECHANISMS_IRI = ONTOLOGY_NS + "mechanisms"
"""The scheme of instruments (fg:mechanisms) in mechanisms.ttl."""
CANDIDATES_IRI = ONTOLOGY_NS + "mechanism-candidates"
"""The scheme of phrases found by pattern that name an instrument the scheme does not know (yet)."""
INSTRUMENT_TYPES_IRI = ONTOLOGY_NS + "instrument-types"
"""The supply / demand / environment instrument types (供给型 / 需求型 / 环境型) in mechanisms.ttl."""
STIP_INSTRUMENT_TYPES_IRI = ONTOLOGY_NS + "stip-instrument-types"
"""The 28 policy instrument types of the EC-OECD STIP Compass, in 5 groups, in mechanisms.ttl."""

_IRI_BASE = re.compile(r"https?://[^\s<>\"{}|\\^`]+[/#]")


def data_namespace(configured: str | None = None) -> str:
    """The base of the data's IRIs: ``FENGONG_DATA_IRI`` when set, else fengong's ``id/``."""
    value = (os.environ.get("FENGONG_DATA_IRI", "") if configured is None else configured).strip()
    if not value:
        return DATA_NS
    if not _IRI_BASE.fullmatch(value):
        raise BadInput(f"FENGONG_DATA_IRI must be an http(s) IRI that ends in / or #, not {value!r}")
    return value
