"""Reading stage: encodings, layouts of HTML/DOCX/PDF, and plain-worded refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.loaders.read import RawDocument, normalise, read_bytes, read_path

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

PLAN_TEXT = (
    "青岚市推进智能算力产业发展三年行动计划（2025—2027年）\n"
    "一、总体目标\n"
    "到2027年，全市智能算力规模达到１２００PFlops，培育算力服务企业30家以上。\n"
    "（一）建设公共算力平台。由市数据资源局牵头，市工信局、市财政局配合。\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- plain text encodings


@pytest.mark.parametrize(
    ("codec", "expected_encoding"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),  # Python writes a BOM for "utf-16"
    ],
)
def test_txt_encodings_are_detected(tmp_path: Path, codec: str, expected_encoding: str) -> None:
    path = _write(tmp_path, "计划.txt", PLAN_TEXT.encode(codec))
    document = read_path(path)
    assert document.text == PLAN_TEXT
    assert document.encoding == expected_encoding
    assert document.format == "txt"
    assert document.source == str(path)


def test_utf16_le_bom_bytes_are_decoded() -> None:
    data = b"\xff\xfe" + PLAN_TEXT.encode("utf-16-le")
    document = read_bytes(data, "plan.txt")
    assert document.text == PLAN_TEXT
    assert document.encoding == "utf-16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_from_nul_pattern(codec: str) -> None:
    document = read_bytes(PLAN_TEXT.encode(codec), "plan.txt")
    assert document.text == PLAN_TEXT
    assert document.encoding == codec


def test_gb18030_only_characters_survive() -> None:
    text = "㐀䶵园区由市科技局牵头建设，到2026年建成孵化器5个。\n"  # CJK Ext-A: not in GBK
    document = read_bytes(text.encode("gb18030"), "ext.txt")
    assert document.text == text
    assert document.encoding == "gb18030"


def test_big5_is_detected() -> None:
    text = "為加快推進青嵐市科技創新體系建設，市數據資源局牽頭，市農業農村局配合。\n" * 3
    document = read_bytes(text.encode("big5"), "tw.txt")
    assert document.text == text
    assert document.encoding == "big5"


def test_normalisation_only_touches_line_ends_nul_and_bom() -> None:
    raw = "\ufeff第一行\r\n第二行\r第三行\x00，全角：ＡＢＣ１２３\u3000（二）\n"
    document = read_bytes(raw.encode("utf-8"), "n.txt")
    assert document.text == "第一行\n第二行\n第三行，全角：ＡＢＣ１２３\u3000（二）\n"
    assert normalise("a\r\n\r\nb\rc") == "a\n\nb\nc"


def test_boilerplate_is_kept_for_the_cleaning_stage() -> None:
    raw = "登录 | 注册 | 无障碍\n首页 > 政策文件\n青岚市关于推进算力建设的通知\n分享到：微信\n"
    assert read_bytes(raw.encode("utf-8"), "page.txt").text == raw


def test_read_bytes_and_read_path_agree(tmp_path: Path) -> None:
    data = PLAN_TEXT.encode("gb18030")
    from_disk = read_path(_write(tmp_path, "a.txt", data))
    from_upload = read_bytes(data, "a.txt")
    assert (from_disk.text, from_disk.encoding) == (from_upload.text, from_upload.encoding)
    assert from_upload.source == "a.txt"
    assert isinstance(from_upload, RawDocument)


def test_utf8_cut_mid_character_stays_utf8_with_a_warning() -> None:
    data = PLAN_TEXT.encode("utf-8")[:-2]  # the last "。\n" loses bytes: "。" is cut in half
    document = read_bytes(data, "cut.txt")
    assert document.encoding == "utf-8"
    assert document.text == PLAN_TEXT[:-2] + "\ufffd"
    assert any("invalid UTF-8" in warning for warning in document.warnings)


def test_txt_with_html_fragments_in_cells_stays_text() -> None:
    raw = "序号\t任务\t责任部门\n1\t<p>难点：算力不足</p><p>预期：新增2家</p>\t市数据局\n"
    document = read_bytes(raw.encode("utf-8"), "table.txt")
    assert document.format == "txt"
    assert document.text == raw


# --------------------------------------------------------------------------- HTML

GBK_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>青岚市人民政府门户网站</title>
<style>p {{ color: red; }}</style>
<script>var tracker = "不应出现";</script>
</head>
<body>
<noscript>请启用脚本</noscript>
<div class="crumb">首页 &gt; 政务公开</div>
<h2>青岚市2025年科技创新工作要点</h2>
<p>一、加快
建设创新平台</p>
<table border="1">
  <tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>
  <tr><td>1</td><td><p>难点：</p><p>推进中试基地建设，年内新增3家。</p></td>
      <td><p>市科技局</p><p>市发改委</p></td></tr>
  <tr><td>2</td><td>实施<b>揭榜挂帅</b>项目10项</td><td>市工信局</td></tr>
</table>
<p>二、强化要素保障</p><br><br><br>
<div><div><p>青岚市科学技术局</p></div></div>
</body></html>
"""


def test_html_with_gbk_meta_charset_and_table() -> None:
    document = read_bytes(GBK_PAGE.encode("gbk"), "yaodian.html")
    assert document.format == "html"
    assert document.encoding == "gb18030"
    assert document.text.split("\n") == [
        "首页 > 政务公开",
        "青岚市2025年科技创新工作要点",
        "一、加快建设创新平台",
        "序号\t工作任务\t责任单位",
        "1\t难点： 推进中试基地建设，年内新增3家。\t市科技局 市发改委",
        "2\t实施揭榜挂帅项目10项\t市工信局",
        "二、强化要素保障",
        "青岚市科学技术局",
    ]
    assert "不应出现" not in document.text
    assert "请启用脚本" not in document.text


def test_html_spans_keep_columns_without_repeating_text() -> None:
    page = (
        "<html><body><table>"
        "<tr><td>任务</td><td>牵头单位</td><td>完成时限</td></tr>"
        "<tr><td>建设数据中心</td><td rowspan='2'>市大数据局</td><td>2026年</td></tr>"
        "<tr><td>培育数据企业</td><td>2027年</td></tr>"
        "<tr><td colspan='2'>合计</td><td>长期</td></tr>"
        "</table></body></html>"
    )
    document = read_bytes(page.encode("utf-8"), "spans.htm")
    assert document.text.split("\n") == [
        "任务\t牵头单位\t完成时限",
        "建设数据中心\t市大数据局\t2026年",
        "培育数据企业\t\t2027年",
        "合计\t\t长期",
    ]
    assert document.text.count("市大数据局") == 1


def test_html_layout_table_is_read_as_text() -> None:
    page = "<html><body><table><tr><td><p>第一段正文。</p><p>第二段正文。</p></td></tr></table></body></html>"
    assert read_bytes(page.encode("utf-8"), "layout.html").text == "第一段正文。\n第二段正文。"


def test_html_utf8_bytes_win_over_a_wrong_meta_charset() -> None:
    page = '<html><head><meta charset="gbk"></head><body><p>市人社局牵头</p></body></html>'
    document = read_bytes(page.encode("utf-8"), "wrong.html")
    assert document.text == "市人社局牵头"
    assert document.encoding == "utf-8"
    assert any("declared charset gbk" in warning for warning in document.warnings)


def test_html_western_meta_charset_on_chinese_bytes_is_ignored() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>市统计局按季度通报</p></body></html>'
    document = read_bytes(page.encode("gbk"), "template.html")
    assert (document.text, document.encoding) == ("市统计局按季度通报", "gb18030")
    assert "declared charset iso-8859-1 ignored" in document.warnings[0]


def test_html_is_sniffed_without_extension() -> None:
    page = "<!DOCTYPE html><html><body><p>市住建局牵头</p><p>市自然资源局配合</p></body></html>"
    document = read_bytes(page.encode("utf-8"), "download")
    assert document.format == "html"
    assert document.text == "市住建局牵头\n市自然资源局配合"


# --------------------------------------------------------------------------- DOCX


def _make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("青岚市数字政府建设实施方案", level=1)
    document.add_paragraph("一、主要任务")
    table = document.add_table(rows=4, cols=3)
    rows = [
        ("序号", "任务内容", "牵头单位"),
        ("1", "建成一体化政务云平台", "市政务服务中心"),
        ("2", "推行“一网通办”", "市行政审批局"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    merged = table.cell(3, 0).merge(table.cell(3, 1))
    merged.text = "其他事项"
    table.cell(3, 2).text = "各县区人民政府"
    document.add_paragraph("二、保障措施")
    document.add_paragraph("各责任单位要于每季度末报送进展。")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = read_path(_make_docx(tmp_path / "方案.docx"))
    assert document.format == "docx"
    assert document.encoding is None
    assert document.text.split("\n") == [
        "青岚市数字政府建设实施方案",
        "一、主要任务",
        "序号\t任务内容\t牵头单位",
        "1\t建成一体化政务云平台\t市政务服务中心",
        "2\t推行“一网通办”\t市行政审批局",
        "其他事项\t\t各县区人民政府",
        "二、保障措施",
        "各责任单位要于每季度末报送进展。",
    ]
    assert document.text.count("其他事项") == 1


def test_docx_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "3"
    table.cell(0, 1).text = "完善科技金融"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "设立基金"
    inner.cell(0, 1).text = "贷款贴息"
    table.cell(0, 2).text = "市金融办"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    assert read_path(path).text == "3\t完善科技金融 设立基金 贷款贴息\t市金融办"


def test_docx_renamed_to_doc_is_still_read(tmp_path: Path) -> None:
    path = _make_docx(tmp_path / "renamed.docx")
    document = read_bytes(path.read_bytes(), "通知.doc")
    assert document.format == "docx"
    assert "content is docx" in document.warnings[0]


def test_web_page_saved_as_doc_is_read_as_html() -> None:
    page = "<html><head><meta charset='utf-8'></head><body><p>市审计局负责监督</p></body></html>"
    document = read_bytes(page.encode("utf-8"), "附件1.doc")
    assert (document.format, document.text) == ("html", "市审计局负责监督")


def test_docx_is_sniffed_without_extension(tmp_path: Path) -> None:
    path = _make_docx(tmp_path / "upload.docx")
    document = read_bytes(path.read_bytes(), "upload")
    assert document.format == "docx"
    assert document.text.startswith("青岚市数字政府建设实施方案\n")


# --------------------------------------------------------------------------- PDF

PDF_SENTENCE = "青岚市科学技术局牵头，到2027年培育创新联合体12家。"


def _make_text_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("wqy", fname=str(CJK_FONT))
    pdf.set_font("wqy", size=12)
    pdf.multi_cell(0, 8, PDF_SENTENCE)
    pdf.add_page()
    pdf.multi_cell(0, 8, "二、保障措施")
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"CJK font {CJK_FONT} is not installed")
def test_pdf_text_layer_is_extracted(tmp_path: Path) -> None:
    document = read_path(_make_text_pdf(tmp_path / "plan.pdf"))
    assert document.format == "pdf"
    assert document.encoding is None
    assert PDF_SENTENCE in document.text
    assert document.text.endswith("二、保障措施")


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"CJK font {CJK_FONT} is not installed")
def test_pdf_is_sniffed_despite_wrong_extension(tmp_path: Path) -> None:
    data = _make_text_pdf(tmp_path / "plan.pdf").read_bytes()
    document = read_bytes(data, "plan.txt")
    assert document.format == "pdf"
    assert PDF_SENTENCE in document.text
    assert any("content is pdf" in warning for warning in document.warnings)


# --------------------------------------------------------------------------- refusals


def _message(data: bytes, name: str) -> str:
    with pytest.raises(FengongError) as caught:
        read_bytes(data, name)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FengongError, match=r"文件为空.*empty\.txt"):
        read_path(_write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file_is_refused() -> None:
    assert "文件为空" in _message(b" \r\n\t \r\n", "w.txt")
    assert "文件为空" in _message(b"\xff\xfe" + " \n ".encode("utf-16-le"), "w16.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (bytes(range(256)) * 8, "control bytes"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(120), "ELF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "PNG"),
    ],
)
def test_binary_file_is_refused(data: bytes, kind: str) -> None:
    message = _message(data, "sample.bin")
    assert "not a text document" in message
    assert "sample.bin looks binary" in message
    assert kind in message


def test_random_bytes_are_refused() -> None:
    assert "not a text document" in _message(os.urandom(4096), "noise.dat")


@pytest.mark.parametrize(
    "garbled",
    [
        "锟斤拷" * 20,
        "市科技局牵头推进创新平台建设".encode().decode("latin-1"),  # UTF-8 read as Latin-1
        "\ufffd" * 40 + "第一条",
    ],
)
def test_mojibake_text_is_refused(garbled: str) -> None:
    message = _message(garbled.encode("utf-8"), "garbled.txt")
    assert "garbled" in message
    assert "乱码" in message


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    data = _make_docx(tmp_path / "full.docx").read_bytes()
    message = _message(data[: len(data) // 2], "half.docx")
    assert "cannot read .docx" in message
    assert "damaged or truncated" in message


def test_docx_that_is_not_a_zip_is_refused() -> None:
    assert "not a Word .docx" in _message("这不是一个Word文件".encode(), "fake.docx")
    assert "password-protected" in _message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "locked.docx")


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"CJK font {CJK_FONT} is not installed")
def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = _make_text_pdf(tmp_path / "full.pdf").read_bytes()
    message = _message(data[: len(data) // 3], "cut.pdf")
    assert "cannot read PDF" in message
    assert "damaged or truncated" in message


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 80, 40)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(FengongError) as caught:
        read_path(path)
    message = str(caught.value)
    assert "no text layer" in message
    assert "OCR is not supported" in message


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FengongError, match="file not found"):
        read_path(tmp_path / "不存在.txt")


def test_legacy_word_file_is_refused_with_advice() -> None:
    message = _message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old.doc")
    assert "legacy Word .doc is not supported, save it as .docx" in message
    assert "RTF" in _message(b"{\\rtf1\\ansi \\f0 hello}", "letter.txt")


def _add_chinese_outline_numbering(document: object) -> str:
    """A 一、/（一）/1. outline list as Word stores it: numbering.xml, not characters."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    level_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="77">{level_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    return "77"


def _numbered(document: object, text: str, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_docx_automatic_numbering_is_rendered(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    num_id = _add_chinese_outline_numbering(document)
    _numbered(document, "总体要求", num_id, 0)
    _numbered(document, "指导思想", num_id, 1)
    _numbered(document, "发展目标", num_id, 1)
    _numbered(document, "建成省级孵化器4家", num_id, 2)
    _numbered(document, "新增规上企业60家", num_id, 2)
    for _ in range(9):
        _numbered(document, "任务", num_id, 0)
    _numbered(document, "认定首批项目", num_id, 1)
    document.add_paragraph("（责任单位：市经信委）")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    lines = read_path(path).text.split("\n")
    assert lines[:5] == [
        "一、总体要求",
        "（一）指导思想",
        "（二）发展目标",
        "1.建成省级孵化器4家",
        "2.新增规上企业60家",
    ]
    assert lines[5] == "二、任务"
    assert lines[13] == "十、任务"
    assert lines[14:] == ["（一）认定首批项目", "（责任单位：市经信委）"]
