"""Persons with posts: leadership-group lists, 责任人 columns, 牵头负责领导 labels.

A list line reads ``组 长：管伟荣 党组书记、局长`` (role label optional, two-character
names often padded with a space: ``靳 磊``); a table cell ``张三 （具体承办部门：…）``
or ``李四 综合科科长``; a label value ``王五副局长``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fengong.loaders.vocabulary import one_of, post_words

_POST_WORDS = one_of(post_words("post"))
_GROUP_ROLES = "|".join(r"\s*".join(map(re.escape, post)) for post in post_words("group"))  # 组 长: padded
_GROUP_ROLE = rf"(?P<role>{_GROUP_ROLES})\s*[:：]\s*"
_NAME = r"(?P<name>[\u4e00-\u9fff][ \u3000]{1,2}[\u4e00-\u9fff]|[\u4e00-\u9fff]{2,3})"
_LIST_LINE = re.compile(rf"^[\s\u3000]*(?:[-•·]\s*)?(?:{_GROUP_ROLE})?{_NAME}[ \u3000]+(?P<post>[^\s].{{1,40}})$")
_POST = re.compile(rf"(?:{_POST_WORDS})")
_CELL = re.compile(rf"^\s*{_NAME}(?:[ \u3000]+(?P<post>[^（(\s][^（(]*?))?\s*(?:[（(].*)?$")
_NAME_POST = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<post>(?:常务)?副?(?:{_POST_WORDS}))$")
_APPOINTED = re.compile(
    rf"(?P<post>[\u4e00-\u9fff]{{0,16}}?(?:{_POST_WORDS}))(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
    rf"任(?P<role>{one_of(post_words('group'))})"
)
_NOT_NAME = re.compile(r"^(?:各|有关|相关|市|县|区|省|局|科|处|办|部|委|中心|单位|部门|领导|小组|负责|协同|牵头)")


@dataclass(frozen=True, slots=True)
class PersonFound:
    name: str
    post: str | None
    group_role: str | None
    start: int
    end: int
    sentence: str


def persons_in_lines(text: str) -> list[PersonFound]:
    """People listed one per line with a post (leadership and work-group lists)."""
    out = []
    pos = 0
    role: str | None = None  # a list line without its own label continues the one above
    for line in text.split("\n"):
        m = _LIST_LINE.match(line)
        if m and _POST.search(m.group("post")) and not _NOT_NAME.match(m.group("name")) and len(line) <= 60:
            name = re.sub(r"[ \u3000]", "", m.group("name"))
            role = re.sub(r"\s", "", m.group("role")) if m.group("role") else role
            out.append(
                PersonFound(
                    name, m.group("post").strip(), role, pos + m.start("name"), pos + m.end("post"), line.strip()
                )
            )
        elif line.strip():
            role = None
        pos += len(line) + 1
    return out


def persons_in_prose(text: str) -> list[PersonFound]:
    """People a sentence appoints: 由副县长张立明任组长、县科技局局长周海燕任副组长."""
    out = []
    for m in _APPOINTED.finditer(text):
        post = re.split(r"由|、|，|,|的|和", m.group("post"))[-1]
        if _NOT_NAME.match(m.group("name")):
            continue
        left = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        sentence = text[left : text.find("。", m.end()) + 1 or len(text)].strip()
        out.append(PersonFound(m.group("name"), post, m.group("role"), m.start("name"), m.end("role"), sentence))
    return out


def person_in_cell(value: str, start: int) -> PersonFound | None:
    """A name opening a 责任人 cell or a label value (邱明宏 （…）, 靳磊副局长)."""
    value = value.strip()
    m = _NAME_POST.match(value)
    if m and not _NOT_NAME.match(m.group("name")) and not m.group("name").endswith(("副", "正", "常")):
        return PersonFound(m.group("name"), m.group("post"), None, start, start + len(value), value)
    m = _CELL.match(value)
    if not m or _NOT_NAME.match(m.group("name")) or _POST.search(m.group("name")) or "副" in m.group("name"):
        return None
    post = m.group("post")
    if post and not _POST.search(post):
        post = None
    name = re.sub(r"[ \u3000]", "", m.group("name"))
    return PersonFound(name, post.strip() if post else None, None, start, start + len(value), value)
