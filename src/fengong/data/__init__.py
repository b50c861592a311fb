"""Data files that ship inside the package: the bundled corpus and the unit alias table.

Found with :mod:`importlib.resources`, so an installed wheel finds them where a checkout does.
"""

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files(__name__)))
BUNDLED_CORPUS = DATA_DIR / "corpus"
UNIT_ALIASES = DATA_DIR / "unit_aliases.tsv"
