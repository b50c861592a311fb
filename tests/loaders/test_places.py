"""行政区划: lookup by full and short name, and the area a plan governs (invented plans)."""


import pytest

from fengong.loaders import places


def test_lookup_full_and_short_names() -> None:
    city = places.lookup("桂林")
    assert city is not None
    assert (city.name, city.level, city.code, city.parent, city.short) == (
        "桂林市",
        "city",
        "450300",
        "广西壮族自治区",
        "桂林",
    )
    assert places.lookup("桂林市") == city
    province = places.lookup("四川")
    assert province is not None and (province.name, province.level) == ("四川省", "province")
    assert places.lookup("四川省") == province


def test_lookup_rejects_bare_level_words_and_noise() -> None:
    for word in ("自治区", "市", "", "科技局"):
        assert places.lookup(word) is None


def test_municipality_is_one_province_level_area() -> None:
    area = places.lookup("重庆")
    assert area is not None and (area.name, area.level) == ("重庆市", "province")
    county = places.lookup("浦东新区")
    assert county is not None and county.parent == "上海市"


def test_shared_county_name_needs_a_container() -> None:
    assert places.lookup("朝阳区") is None
    beijing = places.lookup("北京市")
    inside = places.lookup("朝阳区", within=beijing)
    assert inside is not None and inside.parent == "北京市"


def test_ancestors() -> None:
    county = places.lookup("阳朔县")
    assert county is not None
    assert places.parent_of(county) == places.lookup("桂林市")
    province = places.ancestor_at(county, "province")
    assert province is not None and province.name == "广西壮族自治区"
    assert places.is_within(county, province)


def test_find_places_prefers_longest_and_skips_verbs() -> None:
    found = places.find_places("绵阳市和德阳共同推进，成都市会同县区政府")
    assert [area.name for _, _, area in found] == ["绵阳市", "德阳市", "成都市"]
    assert found[0][:2] == (0, 3)


def test_issuer_names_the_city() -> None:
    area = places.plan_jurisdiction(None, ["中共绵阳市委办公室", "绵阳市人民政府办公室"], None, "")
    assert area is not None and area.name == "绵阳市"


def test_city_preferred_over_its_province() -> None:
    title = "南宁市贯彻落实广西壮族自治区数字经济发展规划的实施方案"
    area = places.plan_jurisdiction(title, [], None, "")
    assert area is not None and area.name == "南宁市"


def test_titles_of_cited_plans_are_not_evidence() -> None:
    title = "关于落实《湖南省创新型省份建设方案》的实施意见"
    area = places.plan_jurisdiction(title, [], None, "为此，结合株洲实际，制定本意见。")
    assert area is not None and area.name == "株洲市"


def test_level_word_issuer_resolved_from_text() -> None:
    text = "全省推进创新。四川省实施。四川要加快。湖南省经验。四川"
    area = places.plan_jurisdiction("省科技厅2024年工作要点", ["省科技厅"], None, text)
    assert area is not None and area.name == "四川省"


def test_autonomous_region_issuer_needs_an_autonomous_region() -> None:
    text = "宁夏要加快。四川省经验。四川省做法。四川省要求。宁夏回族自治区推进。"
    area = places.plan_jurisdiction(None, ["自治区发展改革委"], None, text)
    assert area is not None and area.name == "宁夏回族自治区"


def test_doc_number_counts_only_when_the_text_agrees() -> None:
    area = places.plan_jurisdiction(None, [], "绵府发〔2020〕3号", "到2025年，绵阳科技城建设取得进展。")
    assert area is not None and area.name == "绵阳市"
    assert places.plan_jurisdiction(None, [], "绵府发〔2020〕3号", "到2025年取得进展。") is None


def test_own_city_named_repeatedly() -> None:
    text = "我市将全面推进。宜宾发展。宜宾加快。宜宾市要求。成都经验。"
    area = places.plan_jurisdiction(None, [], None, text)
    assert area is not None and area.name == "宜宾市"


def test_no_place_named_gives_none() -> None:
    text = "我市将全面推进科技强市建设，市科技局牵头，各县（市、区）人民政府负责。" * 20
    assert places.plan_jurisdiction("建设科技强市三年方案", [], None, text) is None


def test_gazetteer_loads_once() -> None:
    first = places.gazetteer()
    assert places.gazetteer() is first
    assert len(first.by_name) > 3000


def test_county_issuer() -> None:
    area = places.plan_jurisdiction("阳朔县科技创新工作要点", ["中共阳朔县委办公室"], None, "")
    assert area is not None and (area.name, area.level, area.parent) == ("阳朔县", "county", "桂林市")


def test_level_word_issuer_needs_more_than_one_mention() -> None:
    assert places.plan_jurisdiction(None, ["市科技局"], None, "学习北京经验。我市推进。") is None


def test_central_issuers_govern_the_country() -> None:
    text = "各省、自治区、直辖市人民政府"
    area = places.plan_jurisdiction("关于加强基础研究的若干意见", ["国务院办公厅"], None, text)
    assert area is places.NATIONAL and area.level == "national"


def test_division_data_read_from_the_zip_jionlp_ships(monkeypatch):
    """A fresh install has only china_location.zip (jionlp unpacks it on first import, we never do)."""
    folder = places.location_file().parent
    monkeypatch.setattr(places, "location_file", lambda: folder / "china_location.zip")
    places.gazetteer.cache_clear()
    try:
        area = places.lookup("柳州市")
        assert area is not None and area.code == "450200" and area.parent == "广西壮族自治区"
    finally:
        places.gazetteer.cache_clear()


@pytest.mark.parametrize(
    ("issuer", "full_name"),
    [
        ("北京市朝阳区人民政府办公室", "北京市朝阳区"),  # 朝阳区 alone is two areas; after 北京市, one
        ("辽宁省朝阳市人民政府", "朝阳市"),
        ("上海市浦东新区科技和经济委员会", "上海市浦东新区"),
        ("广西壮族自治区桂林市阳朔县人民政府", "桂林市阳朔县"),
        ("中共重庆市委办公厅", "重庆市"),
    ],
)
def test_a_place_after_its_parent_is_the_area_within_it(issuer: str, full_name: str) -> None:
    area = places.plan_jurisdiction(None, [issuer], None, "")
    assert area is not None and area.full_name == full_name


def test_a_county_is_named_in_full_with_its_city() -> None:
    county = places.lookup("阳朔县")
    city = places.lookup("桂林市")
    province = places.lookup("广西")
    assert county is not None and city is not None and province is not None
    assert (county.full_name, city.full_name, province.full_name) == ("桂林市阳朔县", "桂林市", "广西壮族自治区")


@pytest.mark.parametrize(
    ("name", "area", "post"),
    [
        ("柳州市财政局", "柳州市", "市财政局"),
        ("中共广元市委组织部", "广元市", "中共市委组织部"),
        ("广西壮族自治区科学技术厅", "广西壮族自治区", "自治区科学技术厅"),
        ("延边朝鲜族自治州人民政府", "延边朝鲜族自治州", "自治州人民政府"),
        ("昆明市官渡区发展和改革局", "昆明市官渡区", "区发展和改革局"),
        ("某县教育局", "某县", "县教育局"),
        ("各县区人民政府", None, "各县区人民政府"),
        ("省科技厅", "四川省", "省科技厅"),  # already written as the post
    ],
)
def test_a_units_post_writes_its_area_as_the_level_word(name, area, post):
    assert places.generic_unit_name(name, area) == post
