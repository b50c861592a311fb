"""The ontology: the Python model of an extraction, the graph schema, and the RDF vocabulary files."""

from importlib.resources import files
from pathlib import Path

ONTOLOGY_DIR = Path(str(files(__name__)))
VOCABULARY = ONTOLOGY_DIR / "fengong.ttl"
JSONLD_CONTEXT = ONTOLOGY_DIR / "context.jsonld"
MECHANISM_SCHEME = ONTOLOGY_DIR / "mechanisms.ttl"
