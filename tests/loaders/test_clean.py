"""Cleaning: boilerplate, page markers, OCR confusions, HTML fragments — each recorded."""

from fengong.loaders.clean import clean


def test_web_header_and_footer_are_removed_and_recorded():
    page = (
        "无障碍\n当前位置：首页 > 通知公告\n"
        "青禾市农业农村局2024年工作要点\n"
        "2024-03-05 10:20  来源：青禾市农业农村局\n分享 微信 微博\n"
        "一、总体思路\n坚持稳中求进，推动乡村全面振兴。\n"
        "（责任编辑：王五）\n免责声明：本站信息仅供参考。\n"
    )
    result = clean(page)
    assert result.text.startswith("青禾市农业农村局2024年工作要点\n一、总体思路")
    assert "免责声明" not in result.text and "分享" not in result.text
    rules = {r.rule for r in result.repairs}
    assert {"clean.boilerplate.header", "clean.boilerplate.footer"} <= rules
    assert any("来源" in text for text in result.removed("clean.boilerplate.header"))


def test_page_markers_that_split_words_are_joined():
    pages = [
        "1、" + "推进智慧农业示范基地建设，" * 20 + "加快农业科技成",
        "2、果转化，" + "完善农技推广服务体系，" * 20 + "建立健全",
        "3、长效机制。" + "支持龙头企业牵头组建创新联合体，" * 15,
    ]
    result = clean("\n".join(pages))
    assert "科技成果转化" in result.text
    assert "建立健全长效机制" in result.text
    assert sum(r.rule == "clean.page_marker" for r in result.repairs) == 3


def test_real_list_items_are_not_page_markers():
    text = "1、完善机制。\n2、加强协调。\n3、强化考核。\n"
    assert clean(text).text == text.strip()


def test_ocr_confusions_in_numbering_and_numbers():
    text = "三、重点任务（-）实施强链工程L推进链长制。培育IOO家以上链主企业。2、强化要素保障。"
    result = clean(text)
    assert "（一）实施强链工程1、推进链长制" in result.text
    assert "培育100家以上" in result.text
    assert {"clean.ocr.ordinal", "clean.ocr.item_one", "clean.ocr.digits"} <= {r.rule for r in result.repairs}


def test_html_fragments_in_table_cells_are_stripped():
    row = "1\t<p>完善园区服务体系</p> <p>预期成果：新增企业 12 家</p>\t市商务局"
    result = clean(row)
    assert "<p>" not in result.text and "新增企业 12 家" in result.text
    assert result.text.count("\t") == 2


def test_repairs_keep_what_was_there():
    result = clean("（-）加强领导")
    (repair,) = [r for r in result.repairs if r.rule == "clean.ocr.ordinal"]
    assert (repair.before, repair.after) == ("（-）", "（一）")


def test_a_footer_word_at_the_top_of_a_short_page_does_not_take_the_document_with_it():
    page = "相关链接\n某县林业工作要点\n一、加强森林防火。\n二、推进国土绿化。\n"
    assert clean(page).text == "某县林业工作要点\n一、加强森林防火。\n二、推进国土绿化。"


def test_a_sharing_sites_banner_line_is_not_joined_to_the_first_page():
    pages = "1、" + "推进智慧农业示范基地建设，" * 20 + "加快农业科技成\n2、果转化，" + "完善农技推广服务体系。" * 20
    text = clean("本文档由会员分享\n" + pages).text
    assert text.startswith("推进智慧农业示范基地建设") and "科技成果转化" in text
