"""Data files that ship inside the package: the bundled corpus, the unit alias table, the vocabularies (role labels and verbs, unit endings, posts, collective words, boilerplate), a CJK font.

Found with :mod:`importlib.resources`, so an installed wheel finds them where a checkout does.
"""

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files(__name__)))
BUNDLED_CORPUS = DATA_DIR / "corpus"
UNIT_ALIASES = DATA_DIR / "unit_aliases.tsv"
ROLE_LABELS = DATA_DIR / "role_labels.tsv"  # 牵头单位 → lead …: clause labels and table headers alike
ROLE_VERBS = DATA_DIR / "role_verbs.tsv"  # 牵头, 配合, 按职责分工负责 …: the verbs of responsibility in running text
UNIT_ENDINGS = DATA_DIR / "unit_endings.tsv"  # 局, 委员会, 支行 …: how a unit's name ends, and the kind it gives
POSTS = DATA_DIR / "posts.tsv"  # 局长, 科长, 组长 …: posts after a name, in a leading group, after a division
COLLECTIVE_WORDS = DATA_DIR / "collective_words.tsv"  # 各, 有关, 成员单位 …: what makes a mention a collective
UNIT_KINDS = DATA_DIR / "unit_kinds.tsv"  # department → 政府部门 …: what each kind of unit is called on the pages
BOILERPLATE = DATA_DIR / "boilerplate.tsv"  # 当前位置, 版权所有, 道客巴巴 …: the web page around a document
# Noto Sans CJK SC cut to GB 2312 (OFL 1.1, fonts/OFL.txt): the pictures' font where the system has none.
BUNDLED_FONT = DATA_DIR / "fonts" / "NotoSansCJKsc-Regular-GB2312.otf"
