"""Unit resolution: one canonical unit per mention, scoped by the plan's area (invented plans)."""

import pytest

from fengong.errors import FengongError
from fengong.loaders import places, units
from fengong.ontology.model import Jurisdiction


def area(name: str) -> Jurisdiction:
    found = places.lookup(name)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def guilin() -> units.UnitResolver:
    return units.UnitResolver(area("桂林市"), ["桂林市人民政府办公室"], "")


@pytest.fixture(scope="module")
def mianyang() -> units.UnitResolver:
    return units.UnitResolver(area("绵阳市"), ["中共绵阳市委办公室"], "")


def names(resolver: units.UnitResolver, *mentions: str) -> list[str]:
    return [resolver.resolve(m).name for m in mentions]


def test_level_word_takes_the_plans_city(guilin: units.UnitResolver, mianyang: units.UnitResolver) -> None:
    a, b = guilin.resolve("市财政局"), mianyang.resolve("市财政局")
    assert (a.name, b.name) == ("桂林市财政局", "绵阳市财政局")
    assert a.id != b.id
    assert a.jurisdiction == "桂林市" and a.kind == "department"


def test_short_and_full_forms_meet(guilin: units.UnitResolver) -> None:
    forms = ["市发改委", "市发展改革委", "市发展和改革委员会", "桂林市发展和改革委员会", "桂林发改委"]
    assert {guilin.resolve(f).id for f in forms} == {units.unit_id("桂林市发展和改革委员会")}
    assert names(guilin, "市人社局", "市住建局", "市卫健委", "市文旅局", "市应急局") == [
        "桂林市人力资源和社会保障局",
        "桂林市住房和城乡建设局",
        "桂林市卫生健康委员会",
        "桂林市文化广播电视和旅游局",
        "桂林市应急管理局",
    ]


def test_department_starting_with_market_is_not_a_level_word(guilin: units.UnitResolver) -> None:
    assert names(guilin, "市场监管局", "市市场监管局") == ["桂林市市场监督管理局"] * 2


def test_party_organs_follow_the_zhonggong_convention(guilin: units.UnitResolver) -> None:
    assert names(guilin, "市委", "市委宣传部", "市委编办", "市委深改委", "中共桂林市委组织部") == [
        "中共桂林市委员会",
        "中共桂林市委宣传部",
        "中共桂林市委机构编制委员会办公室",
        "中共桂林市委全面深化改革委员会",
        "中共桂林市委组织部",
    ]
    assert guilin.resolve("市委宣传部").kind == "party_organ"


def test_provincial_bodies_from_a_city_plan(guilin: units.UnitResolver, mianyang: units.UnitResolver) -> None:
    assert names(guilin, "自治区党委改革办", "科技厅", "区直部门") == [
        "中共广西壮族自治区委员会全面深化改革委员会办公室",
        "广西壮族自治区科学技术厅",
        "广西壮族自治区区直部门",
    ]
    assert names(mianyang, "省科技厅", "科技厅", "省委") == [
        "四川省科学技术厅",
        "四川省科学技术厅",
        "中共四川省委员会",
    ]


def test_youth_league_government_and_office(mianyang: units.UnitResolver) -> None:
    assert names(mianyang, "团市委", "市政府", "市人民政府", "市政府办") == [
        "共青团绵阳市委员会",
        "绵阳市人民政府",
        "绵阳市人民政府",
        "绵阳市人民政府办公室",
    ]


def test_bank_and_regulator_branches_keep_their_own_place(guilin: units.UnitResolver) -> None:
    central = {guilin.resolve(m).name for m in ("人行绵阳中心支行", "人民银行绵阳市中心支行")}
    assert central == {"中国人民银行绵阳市中心支行"}
    regulator = guilin.resolve("德阳银保监分局")
    assert regulator.name == "中国银行保险监督管理委员会德阳监管分局"
    assert regulator.jurisdiction == "德阳市" and regulator.kind == "regulator"
    assert guilin.resolve("市税务局").name == "国家税务总局桂林市税务局"


def test_own_place_kept_as_written(guilin: units.UnitResolver) -> None:
    zone = guilin.resolve("德阳经济技术开发区")
    assert (zone.name, zone.kind) == ("德阳经济技术开发区", "zone")
    assert guilin.resolve("德阳市财政局").name == "德阳市财政局"


def test_collectives_are_scoped(guilin: units.UnitResolver) -> None:
    unit = guilin.resolve("有关县区人民政府和园区管委会")
    assert unit.name == "桂林市有关县区人民政府和园区管委会"
    assert unit.collective and unit.kind == "collective"
    assert guilin.resolve("各县（市、区）").id == guilin.resolve("各县(市、区)").id
    assert guilin.resolve("市创新领导小组成员单位").name == "桂林市创新领导小组成员单位"
    assert guilin.resolve("市直有关部门").name == "桂林市市直有关部门"
    assert guilin.resolve("各设区市").name == "广西壮族自治区各设区市"


def test_areas_as_responsible_bodies(guilin: units.UnitResolver) -> None:
    assert names(guilin, "桂林市", "桂林市阳朔县", "阳朔县") == ["桂林市", "桂林市阳朔县", "桂林市阳朔县"]
    assert guilin.resolve("阳朔县").kind == "area"
    assert guilin.resolve("阳朔县科技局").name == "阳朔县科学技术局"


def test_without_jurisdiction_the_level_word_stays() -> None:
    resolver = units.UnitResolver(None, [], "")
    assert names(resolver, "市科技局", "市委", "市政府") == ["市科学技术局", "中共市委员会", "市人民政府"]
    assert resolver.resolve("市科技局").jurisdiction is None
    assert resolver.resolve("市科技局").id != units.unit_id("桂林市科学技术局")


def test_other_bodies_keep_their_names(guilin: units.UnitResolver) -> None:
    cases = {
        "西南某工业大学": "university",
        "漓江新材料研究院": "institute",
        "某某精密仪器有限公司": "enterprise",
        "中国科学院": "institute",
        "国务院办公厅": "department",
    }
    for name, kind in cases.items():
        unit = guilin.resolve(name)
        assert (unit.name, unit.kind) == (name, kind)
    assert guilin.resolve("市数字产业研究所").name == "桂林市数字产业研究所"
    assert guilin.resolve("中央网信办").name == "中央网络安全和信息化委员会办公室"


def test_leading_groups(guilin: units.UnitResolver) -> None:
    group = guilin.resolve("市数字经济领导小组")
    assert (group.name, group.kind) == ("桂林市数字经济领导小组", "leading_group")
    assert guilin.resolve("市委人才工作领导小组").name == "中共桂林市委人才工作领导小组"


DIVISION_TEXT = (
    "各科室：\n张某 种植业管理科科长\n李某 产业发展与市场信息科科长\n"
    "（一）牵头科室：畜牧兽医科，合办科室：产品质量安全监管科。\n王某 科技教育与合作交流科科长\n"
    "领导小组办公室设在科技教育与合作交流科，负责日常工作。"
)


@pytest.fixture(scope="module")
def bureau() -> units.UnitResolver:
    return units.UnitResolver(area("绵阳市"), ["绵阳市农业农村局"], DIVISION_TEXT)


def test_issuing_bureau_and_its_printed_divisions(bureau: units.UnitResolver) -> None:
    assert bureau.bureau is not None and bureau.bureau.name == "绵阳市农业农村局"
    assert sorted(bureau.divisions) == sorted(
        [
            "种植业管理科",
            "产业发展与市场信息科",
            "畜牧兽医科",
            "产品质量安全监管科",
            "科技教育与合作交流科",
        ]
    )


def test_division_abbreviations_expand_within_the_document(bureau: units.UnitResolver) -> None:
    full = bureau.resolve("产业发展与市场信息科")
    assert full.name == "绵阳市农业农村局产业发展与市场信息科"
    assert full.kind == "division" and full.parent == bureau.bureau.id  # type: ignore[union-attr]
    assert bureau.resolve("产业科").id == full.id
    assert bureau.resolve("产业").id == full.id  # bare stem of an elliptical list (协同产业、科教科)
    assert bureau.resolve("科教科").name == "绵阳市农业农村局科技教育与合作交流科"
    assert bureau.resolve("种植科").name == "绵阳市农业农村局种植业管理科"


def test_ambiguous_abbreviation_stays_as_written(bureau: units.UnitResolver) -> None:
    assert bureau.resolve("产科").name == "绵阳市农业农村局产科"


def test_bureau_collectives_and_office(bureau: units.UnitResolver) -> None:
    pair = bureau.resolve("两科")
    assert pair.collective and pair.name == "绵阳市农业农村局两科"
    assert bureau.resolve("局办公室").name == "绵阳市农业农村局办公室"
    assert bureau.resolve("各科室").collective
    assert bureau.resolve("市财政局").name == "绵阳市财政局"
    assert bureau.resolve("重点实验室").kind == "institute"


@pytest.mark.parametrize(
    ("mention", "known"),
    [
        ("市财政局", True),  # the alias table
        ("市发展和改革委员会", True),
        ("象山区", True),  # a GB/T 2260 division
        ("团市委", True),
        ("各有关部门", True),  # a collective's pattern
        ("市漓江保护与利用中心", False),  # a unit's shape, not in the table: kept as written, flagged
        ("某某精密仪器有限公司", False),
        ("市数字经济领导小组", False),
    ],
)
def test_a_name_outside_reference_data_is_a_unit_flagged_unknown(
    guilin: units.UnitResolver, mention: str, known: bool
) -> None:
    unit = guilin.resolve(mention)
    assert unit.known is known, unit
    if mention.startswith("市"):
        assert unit.name.startswith("桂林市")  # resolved in the plan's area all the same


def test_divisions_are_known_when_the_document_prints_their_full_name(bureau: units.UnitResolver) -> None:
    assert bureau.resolve("科教科").known  # 科技教育与合作交流科, printed in the document
    assert not bureau.resolve("产科").known  # no printed division fits: as written


def test_same_named_counties_give_their_units_different_ids() -> None:
    """鼓楼区 is a district of 南京, 福州 and 开封: each one's 区财政局 is its own unit, named as its documents name it."""
    found = {}
    for city in ("南京市", "福州市", "开封市"):
        county = places.lookup("鼓楼区", area(city))
        assert county is not None
        unit = units.UnitResolver(county, [], "").resolve("区财政局")
        assert unit.name == "鼓楼区财政局"
        found[city] = unit.id
        # the same unit named from its city's plan, short or in full, is the same node
        city_plan = units.UnitResolver(area(city), [], "")
        assert city_plan.resolve("鼓楼区财政局").id == unit.id
        assert city_plan.resolve(f"{city}鼓楼区财政局").id == unit.id
    assert len(set(found.values())) == 3


def test_unit_id_is_stable() -> None:
    assert units.unit_id("桂林市财政局") == units.unit_id("桂林市财政局")
    assert units.unit_id("桂林市财政局").startswith("u-") and len(units.unit_id("x")) == 14
    assert units.unit_id("桂林市财政局") != units.unit_id("柳州市财政局")


def test_looks_like_unit() -> None:
    for phrase in ("市财政局", "各县(区)", "团市委", "有关单位", "市创新领导小组成员单位", "某某有限公司"):
        assert units.looks_like_unit(phrase), phrase
    for phrase in ("加快推进", "科技创新", "2025年", "局"):
        assert not units.looks_like_unit(phrase), phrase


def test_alias_table_is_documented_and_well_formed() -> None:
    text = units.ALIAS_TABLE.read_text(encoding="utf-8")
    assert text.startswith("#")
    table = units.alias_table()
    assert 80 <= len({d.canonical for rows in table.values() for d in rows}) <= 200
    assert "发改委" in table and table["发改委"][0].canonical == "发展和改革委员会"


def test_alias_table_errors_are_plain() -> None:
    with pytest.raises(FengongError):
        units.parse_alias_table("财政局\n")
    with pytest.raises(FengongError):
        units.parse_alias_table("财政局\tdepartment\txyz\n")
    with pytest.raises(FengongError):
        units.parse_alias_table("甲局\tdepartment\t*\t甲\n乙局\tdepartment\tc\t甲\n")
    rows = units.parse_alias_table("# note\n甲局\tdepartment\tck\t甲\n甲厅\tdepartment\tp\t甲\n")
    assert [d.canonical for d in rows["甲"]] == ["甲局", "甲厅"]


def test_national_plan_keeps_central_names() -> None:
    resolver = units.UnitResolver(places.NATIONAL, ["国务院办公厅"], "")
    central = ["科技部", "国家发展改革委", "中央宣传部"]
    assert names(resolver, *central) == central
    assert resolver.resolve("市财政局").collective


def test_full_forms_of_national_branches_normalise(guilin: units.UnitResolver) -> None:
    assert guilin.resolve("国家税务总局德阳税务局").name == "国家税务总局德阳市税务局"
    assert guilin.resolve("中国人民银行德阳中心支行").name == "中国人民银行德阳市中心支行"


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("市科技局", ("市科技局", "市科学技术局")),
        ("科技局", ("科技局", "科学技术局")),
        ("自治区科技厅", ("自治区科技厅", "自治区科学技术厅")),
        ("区发改委", ("区发改委", "区发展和改革委员会")),
        ("市场监管局", ("市场监管局", "市场监督管理局")),  # 市场 is no level word
        ("财政", ("财政",)),
    ],
)
def test_a_short_name_has_the_full_names_it_stands_for(word, forms):
    assert units.name_forms(word) == forms
