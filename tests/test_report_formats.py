"""The report in every format: reopened, language switching, escaping, atomic writes."""

import os
import re
from html import unescape

import docx
import pytest

from tests.test_cli import invoke

HOSTILE = """---
case: tamu
role: community
source_type: interview
language: id
---
Pewawancara: Bagaimana anggarannya?

Tamu: <script>alert('x')</script> {{ 7*7 }} Anggarannya terbatas sekali, APBD habis untuk belanja rutin kantor.
"""


@pytest.fixture
def reported(small_project, runner):
    (small_project / "transcripts" / "tamu.txt").write_text(HOSTILE, encoding="utf-8")
    result = invoke(runner, small_project, "run")
    assert result.exit_code == 0, result.output
    return small_project


def test_all_three_formats_and_conclusions(reported):
    reports = reported / "reports"
    for name in ("report.md", "report.html", "report.docx", "conclusions.json"):
        assert (reports / name).stat().st_size > 1000, name
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert html.count("<h3>") >= 4 and "Dukungan anggaran" in html and "<details>" in html
    assert "http://" not in html and "https://" not in html  # self-contained


def test_the_evidence_workbook_has_each_assertions_segments_in_words(reported):
    """A supervisor reads in Excel which segments each finding counts for and against it."""
    import json

    import openpyxl

    payload = json.loads((reported / "reports" / "conclusions.json").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(reported / "reports" / "evidence.xlsx").worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # headed as displays.xlsx heads its sheets: capitalised
    assert header[:5] == ["ID asersi", "Pernyataan", "Kekuatan", "Sisi", "Segmen"] and header[-1] == "Teks"
    assert sheet.freeze_panes == "B2"
    listed = [row for row in rows if row[4]]
    for assertion in payload["assertions"]:
        mine = [row for row in listed if row[0] == assertion["id"]]
        assert [row[4] for row in mine if row[3] == "pendukung"] == assertion["evidence"]
        contrary = next(k for k in assertion["checks"] if k["name"] == "negative_evidence")["evidence"]
        assert [row[4] for row in mine if row[3] == "kontra"] == contrary
    assert all(row[7] for row in listed)  # every segment with its words


def test_transcript_text_stays_literal(reported):
    html = (reported / "reports" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    markdown = (reported / "reports" / "report.md").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in markdown
    # a Markdown viewer shows the tag as text, not as HTML
    assert "<script>" not in markdown and "&lt;script>alert('x')&lt;/script>" in markdown


@pytest.mark.parametrize("text, printed", [
    ("<script>x</script>", "&lt;script>x&lt;/script>"), ("<!-- a -->", "&lt;!-- a -->"),
    ("<?php", "&lt;?php"), ("<http://x.id>", "&lt;http://x.id>"),
    ("α <0,667", "α <0,667"), ("skor < 5", "skor < 5"), ("<3", "<3"),
])
def test_markdown_escapes_only_a_less_than_that_could_open_html(text, printed):
    """CommonMark opens HTML only with `<` before a letter, `/`, `!` or `?`: "<0,667" stays as
    written for a reader of the plain file."""
    from qualcode.report.markdown import markdown_text

    assert markdown_text(text) == printed


def test_language_switch_and_format_choice(reported, runner):
    result = invoke(runner, reported, "report", "--lang", "en", "--format", "html,md",
                    "--out", str(reported / "english"))
    assert result.exit_code == 0, result.output
    assert "Findings by strategy" in (reported / "english" / "report.html").read_text(encoding="utf-8")
    assert not (reported / "english" / "report.docx").exists()
    # everything the report rests on goes to --out too, so the Indonesian run stays intact
    assert (reported / "english" / "conclusions.json").is_file()
    assert (reported / "english" / "matrices" / "case_by_dimension.csv").is_file()
    assert '"language": "id"' in (reported / "reports" / "conclusions.json").read_text(encoding="utf-8")
    document = docx.Document(str(reported / "reports" / "report.docx"))
    assert "Temuan per strategi" in [p.text for p in document.paragraphs]
    bad = invoke(runner, reported, "report", "--format", "pdf")
    assert bad.exit_code == 1 and "unknown report format" in bad.output


def test_project_templates_override_ours(reported, runner):
    templates = reported / "mine"
    templates.mkdir()
    (templates / "report.md.j2").write_text("# {{ view.project }} by hand\n", encoding="utf-8")
    assert invoke(runner, reported, "report", "--format", "md", "--template-dir", str(templates)).exit_code == 0
    assert (reported / "reports" / "report.md").read_text(encoding="utf-8") == "# Small by hand\n"


def test_an_edited_template_is_used_by_the_next_report_of_the_same_process(reported, runner):
    """Templates are compiled once per process, and again when their file changes."""
    templates = reported / "mine"
    templates.mkdir()
    template = templates / "report.md.j2"
    for stamp, text in enumerate(("# {{ view.project }} first\n", "# {{ view.project }} second, longer\n")):
        template.write_text(text, encoding="utf-8")
        os.utime(template, (1_700_000_000 + stamp, 1_700_000_000 + stamp))  # changed, on any clock
        assert invoke(runner, reported, "report", "--format", "md", "--template-dir", str(templates)).exit_code == 0
        assert (reported / "reports" / "report.md").read_text(encoding="utf-8") == text.replace(
            "{{ view.project }}", "Small")
    template.unlink()  # the folder holds no template now: ours again
    assert invoke(runner, reported, "report", "--format", "md", "--template-dir", str(templates)).exit_code == 0
    assert "## Lampiran" in (reported / "reports" / "report.md").read_text(encoding="utf-8")


def test_a_failed_render_leaves_the_old_report(reported, runner):
    before = (reported / "reports" / "report.md").read_bytes()
    templates = reported / "broken"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ view.no_such_field }}\n", encoding="utf-8")
    result = invoke(runner, reported, "report", "--format", "md", "--template-dir", str(templates))
    assert result.exit_code != 0
    assert (reported / "reports" / "report.md").read_bytes() == before
    assert not list((reported / "reports").glob(".*.tmp"))


def test_a_template_that_fails_as_it_runs_says_where_and_leaves_every_report_as_it_was(reported, runner):
    """A division by zero or a wrong type in a project's template is one line naming the file
    and line, exit 1; every format is rendered before any is written, so report.md is not
    new beside an old report.html."""
    reports = reported / "reports"
    before = {name: (reports / name).read_bytes() for name in ("report.md", "report.html", "report.docx")}
    templates = reported / "mine"
    templates.mkdir()
    for text, error in (("{{ 1 / 0 }}\n", "ZeroDivisionError"), ("ok\n{{ 'a' + 1 }}\n", "TypeError")):
        (templates / "report.html.j2").write_text(text, encoding="utf-8")
        result = invoke(runner, reported, "report", "--template-dir", str(templates))
        assert result.exit_code == 1 and "Traceback" not in result.output
        line = text.count("\n")
        assert f"report.html.j2:{line}: template error: {error}" in result.output
        assert {name: (reports / name).read_bytes() for name in before} == before


def test_a_project_template_reaches_no_python_beyond_the_report(reported, runner):
    """A shared template is sandboxed: reaching os through a function's globals is refused."""
    templates = reported / "mine"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('echo ran > ran.txt').read() }}\n", encoding="utf-8")
    result = invoke(runner, reported, "report", "--format", "md", "--template-dir", str(templates))
    assert result.exit_code == 1 and "unsafe" in result.output and "Traceback" not in result.output
    assert not (reported / "ran.txt").exists() and not os.path.exists("ran.txt")


def test_report_sections_and_appendix(reported):
    markdown = (reported / "reports" / "report.md").read_text(encoding="utf-8")
    for heading in ("## Lampiran", "### Buku kode", "### Jejak audit", "### Rekap pengujian asersi"):
        assert heading in markdown
    assert "`budget-constraints`" in markdown


def test_symlinked_transcripts_folder(tmp_path, runner):
    from qualcode.cli import app

    folder = tmp_path / "p"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    real = tmp_path / "elsewhere"
    real.mkdir()
    (folder / "transcripts" / "README.md").rename(real / "README.md")
    (folder / "transcripts").rmdir()
    (real / "a.txt").write_text(HOSTILE.replace("tamu", "a"), encoding="utf-8")
    (folder / "transcripts").symlink_to(real, target_is_directory=True)
    result = invoke(runner, folder, "ingest")
    assert result.exit_code == 0 and "1 added" in result.output  # the README stays out
    status = invoke(runner, folder, "code", "list", "--format", "json")
    assert status.exit_code == 0


def test_docx_uses_real_word_features(reported):
    document = docx.Document(str(reported / "reports" / "report.docx"))
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml     # a table-of-contents field (headings 1-2: the findings'
    footer = document.sections[0].footer._element.xml  # own subheadings stay out of it)
    assert "PAGE" in footer                                          # page numbers
    assert all(t.rows[0]._tr.trPr is not None and "tblHeader" in t.rows[0]._tr.trPr.xml
               for t in document.tables)                             # repeated header rows


def test_docx_contents_show_the_headings_before_word_updates_them(reported):
    """The contents field's shown result is the headings (levels 1-2, in order, in `toc N`
    styles), not a request to update the field; the field stays whole and marked dirty."""
    from docx.oxml.ns import qn

    document = docx.Document(str(reported / "reports" / "report.docx"))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if "TOC \\o" in p._p.xml)
    headings = [(int(p.style.name[-1]), p.text) for p in paragraphs[start + 1:]
                if p.style.name in ("Heading 1", "Heading 2")]
    entries = [(int(p.style.name[-1]), p.text)
               for p in paragraphs[start:start + len(headings)]]
    assert len(headings) > 10 and entries == headings
    kinds = [f.get(qn("w:fldCharType")) for p in paragraphs[start:start + len(headings)]
             for f in p._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert paragraphs[start]._p.find(f".//{qn('w:fldChar')}").get(qn("w:dirty")) == "true"
    # and Word is asked to update fields on opening, so the contents get their page numbers
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    assert all(p.style.name.startswith("toc ") for p in paragraphs[start:start + len(headings)])


def test_docx_prints_as_a_thesis_needs(reported):
    """A4 pages proofed in Indonesian, the matrices and the ledger on landscape pages, rows
    that never break across pages, and captions Word can list (SEQ fields)."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    document = docx.Document(str(reported / "reports" / "report.docx"))
    for section in document.sections:
        short, long = sorted((section.page_width.cm, section.page_height.cm))
        assert (round(short, 1), round(long, 1)) == (21.0, 29.7)
    assert [s.orientation for s in document.sections][:2] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert WD_ORIENT.LANDSCAPE in [s.orientation for s in document.sections[2:]]  # the ledger's
    language = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert language.get(qn("w:val")) == "id-ID"
    for table in document.tables:
        whole = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
                 for row in table.rows]
        if "Kriteria inklusi" in table.rows[0].cells[-1].text:  # the codebook: long rows may run on
            assert whole[0] and not any(whole[1:])
        else:
            assert all(whole)
    xml = document.element.xml
    assert "SEQ Tabel" in xml and "SEQ Gambar" in xml
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Tabel 1. ") for c in captions) and any(c.startswith("Gambar 1. ") for c in captions)
    matrix = next(t for t in document.tables if len(t.columns) >= 10)
    widths = [cell.width for cell in matrix.rows[0].cells]
    assert sum(widths) <= document.sections[1].page_width  # fitted to the page
    for cell, width in zip(matrix.rows[0].cells, widths):  # and no header word broken in two
        assert width >= docx.shared.Cm(0.19 * max(len(word) for word in cell.text.split()))
    legend = [p.text for p in document.paragraphs if p.text.startswith("✓ = ")]
    assert legend and "· = tidak diuji" in legend[0]
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Quote", "Caption", "List Bullet"} <= styles
    assert document.core_properties.language == "id"
    # a quote is never parted from the line that says whose it is
    paragraphs = document.paragraphs
    for k, paragraph in enumerate(paragraphs):
        if paragraph.style.name == "Quote":
            assert paragraph.paragraph_format.keep_with_next and paragraph.paragraph_format.keep_together
            assert paragraphs[k + 1].text.startswith("— ")


def test_reference_document_defines_every_style_we_use():
    from importlib import resources

    reference = docx.Document(str(resources.files("qualcode").joinpath("report/reference.docx")))
    names = {s.name for s in reference.styles}
    assert {"Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
            "Quote", "Caption", "List Bullet", "TOC Heading", "Table Grid",
            "Light Grid Accent 1"} <= names


def test_a_reports_headings_captions_and_tables_print_in_black_and_grey(reported):
    """A thesis is printed in black: the shipped reference document's headings, title and
    captions are black, and its tables' grid and banding grey (python-docx's template made
    them Word-blue), in the style and as written for LibreOffice, which reads no theme."""
    import re
    import zipfile

    path = reported / "reports" / "report.docx"
    document = docx.Document(str(path))
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        color = document.styles[name].font.color
        assert color.type is None or color.rgb == docx.shared.RGBColor(0, 0, 0), name
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode("utf-8")
    start = styles.index('w:styleId="LightGrid-Accent1"')
    table_style = styles[start:styles.index("</w:style>", start)]
    colours = set(re.findall(r'w:(?:color|fill)="([0-9A-F]{6})"', table_style))
    assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours  # greys only


def test_docx_converts_with_libreoffice(reported, tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(reported / "reports" / "report.docx")], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.pdf").stat().st_size > 10_000


def test_the_same_data_gives_byte_identical_reports(reported, runner):
    import time

    reports = reported / "reports"
    first = {name: (reports / name).read_bytes() for name in ("report.docx", "report.html", "report.md")}
    time.sleep(2.1)  # zip entries hold times in two-second steps: make a clock-stamped file differ
    assert invoke(runner, reported, "report").exit_code == 0
    for name, content in first.items():
        assert (reports / name).read_bytes() == content, name
    assert docx.Document(reports / "report.docx").paragraphs  # and it still opens


def test_many_cases_heatmap_fits_the_docx_page_and_its_caption_says_which(small_project, runner):
    from docx.shared import Cm

    from qualcode.display.base import HEATMAP_ROWS
    from tests.conftest import INTERVIEW_ID

    extra = HEATMAP_ROWS + 2
    for k in range(extra):
        (small_project / "transcripts" / f"warga{k:02d}.txt").write_text(
            INTERVIEW_ID.format(case=f"warga{k:02d}", role="community", name="Warga"), encoding="utf-8")
    # a row per informant, however many (else past 50 the report draws their groups)
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('[report]\n', '[report]\ngroup_by = "case"\n'),
                      encoding="utf-8")
    result = invoke(runner, small_project, "run")
    assert result.exit_code == 0, result.output
    document = docx.Document(small_project / "reports" / "report.docx")
    section = document.sections[-1]
    room = section.page_height - section.top_margin - section.bottom_margin
    heatmap = document.inline_shapes[0]
    assert heatmap.height <= room - Cm(2) and heatmap.width <= section.page_width
    captions = [p.text for p in document.paragraphs if p.text.startswith("Gambar 1.")]
    assert captions == [f"Gambar 1. Peta panas matriks kasus × strategi (jumlah segmen): {HEATMAP_ROWS} dari"
                        f" {extra + 3} kasus, yang jumlahnya tertinggi; matriks memuat semua kasus."]
    # the figure's alt text is its caption (a screen reader has nothing else to read)
    assert heatmap._inline.docPr.get("descr") == captions[0]
    html = (small_project / "reports" / "report.html").read_text(encoding="utf-8")
    assert f"the {HEATMAP_ROWS} of {extra + 3} cases" not in html  # the report's language: Indonesian
    assert f"{HEATMAP_ROWS} dari {extra + 3} kasus" in html


OWN_CODEBOOK = """name: Pelayanan kota
framework:
  name: Pilar layanan
  dimension_term: {id: pilar, en: pillar}
  dimensions: [funding, participation, ethics]
codes:
  - id: funding
    kind: dimension
    label: {id: Pendanaan, en: Funding}
    keywords: {id: [anggaran, apbd], en: [budget, budgeting, allocation]}
  - id: participation
    kind: dimension
    label: {id: Partisipasi, en: Participation}
    keywords: {id: [partisipasi, warga], en: [participation, citizen]}
  - id: ethics
    kind: dimension
    label: {id: Etika, en: Ethics}
    keywords: {id: [gratifikasi], en: [bribery]}
"""


def test_a_codebook_of_ones_own_is_reported_in_its_own_words(small_project, runner):
    """A framework with its own word for a dimension, one dimension no one raises, and no
    cross-cutting codes: the headings say its word, the conclusion claims support only for
    what the data raise with more than insufficient evidence (Participation's 2 segments are
    named apart), and no empty cross-cutting section stands in any format."""
    (small_project / "codebooks" / "smart-city.yaml").write_text(OWN_CODEBOOK, encoding="utf-8")
    (small_project / "displays.yaml").write_text(
        "displays:\n  - name: case_by_dimension\n    kind: case_by_code\n    depth: dimension\n",
        encoding="utf-8")
    for lang, findings, support, absent in (
            ("id", "Temuan per pilar", "Pada 1 dari 3 pilar kerangka ini", "Kode lintas"),
            ("en", "Findings by pillar", "For 1 of the framework's 3 pillars", "Cross-cutting")):
        result = invoke(runner, small_project, "run", "--lang", lang)
        assert result.exit_code == 0, result.output
        reports = small_project / "reports"
        paragraphs = [p.text for p in docx.Document(str(reports / "report.docx")).paragraphs]
        assert findings in paragraphs
        assert any(p.startswith(support) for p in paragraphs), paragraphs
        html = unescape((reports / "report.html").read_text(encoding="utf-8"))
        markdown = (reports / "report.md").read_text(encoding="utf-8")
        assert f"<h2>{findings}</h2>" in html and f"## {findings}" in markdown
        assert support in html and support in markdown
        for text in ("\n".join(paragraphs), html, markdown):
            assert absent not in text and "strategi" not in text.lower() and "strateg" not in text.lower()


def test_a_store_holding_a_control_character_still_gives_a_docx(small_project, runner):
    """Such input is refused now, but a store written before may hold one: the DOCX leaves
    the character out instead of stopping (XML cannot hold it)."""
    import sqlite3

    assert invoke(runner, small_project, "run").exit_code == 0
    assert invoke(runner, small_project, "memo", "add", "project", "--text", "catatan penting").exit_code == 0
    with sqlite3.connect(small_project / ".qualcode" / "project.db") as db:
        db.execute("UPDATE memos SET text = 'catatan\x07 penting', target_kind = 'code',"
                   " target_id = 'budget-support'")  # a code's memos are in its finding
        db.execute("UPDATE sources SET attributes = json_set(attributes, '$.name', 'Bu\x01 Ratna')")
    result = invoke(runner, small_project, "report")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(small_project / "reports" / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "catatan penting" in text and "\x07" not in text


def test_the_method_names_displays_in_words(reported):
    """A thesis's method section names methods: the kinds of display in the report's words,
    not the project's ids (case_by_dimension) nor Markdown backticks left in Word."""
    document = docx.Document(str(reported / "reports" / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "matriks kasus × kode (2)" in text and "matriks berurut peran" in text
    assert "case_by_dimension" not in text and "`" not in text


def test_the_codebook_is_named_in_the_reports_language(reported):
    document = docx.Document(str(reported / "reports" / "report.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "Pelayanan publik kota cerdas (empat strategi)" in text
    assert "Smart-city public services" not in text
    # the audit trail's statuses too: a suggestion counted is one no one has decided on
    assert "Pengode otomatis qualcode · usulan, belum diputuskan" in text  # a row label: capitalised


def test_the_accounting_log_says_no_case_in_the_reports_language(small_project, runner):
    """A document of no informant has a row of its own in the accounting log."""
    (small_project / "transcripts" / "perwal.txt").write_text(
        "---\nsource_type: document\nlanguage: id\n---\n\nAnggaran aplikasi dan server dibahas DPRD.\n",
        encoding="utf-8")
    assert invoke(runner, small_project, "run").exit_code == 0
    document = docx.Document(str(small_project / "reports" / "report.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "(tanpa kasus)" in cells and not any("(no case)" in cell for cell in cells)


def test_the_markdown_report_shows_its_figures(reported):
    reports = reported / "reports"
    md = (reports / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", md)
    assert len(links) >= 2
    for caption, path in links:
        assert caption.startswith("Gambar ") and (reports / path).is_file() and path.endswith(".png")
    # the matrix's note points the reader to them, in every format
    cited = f"Gambar 1 sampai {len(links)} (bagian Gambar) menyajikan data ini secara visual."
    assert cited in md and cited in (reports / "report.html").read_text(encoding="utf-8")
    assert any(cited in p.text for p in docx.Document(reports / "report.docx").paragraphs)


def test_a_cross_cutting_finding_has_its_definition_codes_and_memos(small_project, runner):
    memo = invoke(runner, small_project, "memo", "add", "code", "public-service-quality", "--text",
                  "Kecepatan layanan perlu dicek dengan data SKM.")
    assert memo.exit_code == 0, memo.output
    assert invoke(runner, small_project, "ingest").exit_code == 0
    # raised once, so it has codes to count (a code nobody raised gets one sentence, no table)
    added = invoke(runner, small_project, "code", "add", "pemkot:2", "--code", "service-speed-ease")
    assert added.exit_code == 0, added.output
    assert invoke(runner, small_project, "run").exit_code == 0
    reports = small_project / "reports"
    md = (reports / "report.md").read_text(encoding="utf-8")
    cross = md[md.index("## Kode lintas strategi"):md.index("## Penyajian data")]
    section = cross[cross.index("### Kualitas pelayanan publik"):]
    assert "Hasil yang dituju strategi" in section  # its definition
    assert re.search(r"Tabel \d+\. Subkode Kualitas pelayanan publik", section)
    assert "| Kecepatan dan kemudahan layanan |" in section and "| Kepuasan masyarakat |" in section
    assert "Kecepatan layanan perlu dicek dengan data SKM." in section
    assert "Kutipan pendukung" not in cross  # a factor's quotes are not "supporting quotes"
    # the tables are numbered in reading order: the strategies', then this one, then the matrix
    numbers = [int(n) for n in re.findall(r"^Tabel (\d+)\.", md, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert "Kecepatan layanan perlu dicek dengan data SKM." in html
    document = docx.Document(reports / "report.docx")
    texts = [p.text for p in document.paragraphs]
    start = next(k for k, p in enumerate(document.paragraphs)  # the heading, not the contents' line
                 if p.text == "Kualitas pelayanan publik" and p.style.name == "Heading 2")
    assert any("Subkode Kualitas pelayanan publik" in t for t in texts[start:start + 8])
    assert "Kecepatan layanan perlu dicek dengan data SKM. — researcher" in texts[start:]


def test_an_english_quote_in_an_indonesian_docx_is_proofed_in_english(reported):
    from docx.oxml.ns import qn

    document = docx.Document(reported / "reports" / "report.docx")
    tagged = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name != "Quote":
            continue
        tags = {run._r.rPr.find(qn("w:lang")).get(qn("w:val")) for run in paragraph.runs
                if run._r.rPr is not None and run._r.rPr.find(qn("w:lang")) is not None}
        tagged[paragraph.text] = tags
    english = [text for text, tags in tagged.items() if tags == {"en-US"}]
    assert english and all("budget" in text.lower() or " the " in text for text in english)
    assert any(not tags for tags in tagged.values())  # the Indonesian ones keep the document's


def test_the_report_date_is_written_out_in_the_reports_language(reported, runner, monkeypatch):
    """"Dibuat pada: 17 Agustus 2026" on the title block of every format; the audit trail and
    the file's own properties keep the ISO date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1786968000")  # 2026-08-17 12:00 UTC
    assert invoke(runner, reported, "report").exit_code == 0
    reports = reported / "reports"
    assert "- Dibuat pada: 17 Agustus 2026" in (reports / "report.md").read_text(encoding="utf-8")
    assert "<li>Dibuat pada: 17 Agustus 2026</li>" in (reports / "report.html").read_text(encoding="utf-8")
    document = docx.Document(str(reports / "report.docx"))
    assert "Dibuat pada: 17 Agustus 2026" in [p.text for p in document.paragraphs]
    assert document.core_properties.created.date().isoformat() == "2026-08-17"
    audit = next(t for t in document.tables if t.rows[1].cells[0].text == "Dibuat pada")
    assert audit.rows[1].cells[1].text == "2026-08-17"
    md = (reports / "report.md").read_text(encoding="utf-8")
    appendix = md[md.index("### Jejak audit"):]
    assert "| Butir | Nilai |" in appendix and "| Dibuat pada | 2026-08-17 |" in appendix  # a table, as captioned
    assert invoke(runner, reported, "report", "--lang", "en", "--format", "md").exit_code == 0
    assert "- Generated on: 17 August 2026" in (reports / "report.md").read_text(encoding="utf-8")


def test_a_strategy_nobody_raised_gets_one_sentence_not_checks_of_nothing(small_project, runner):
    """Only one accepted coding: every other strategy is said not to appear, with no checks
    ("one source type and one role" of nobody), no table of zeros and no negative evidence."""
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "add", "pemkot:2", "--code", "leadership-commitment").exit_code == 0
    result = invoke(runner, small_project, "report", "--reviewed-only", "--format", "md")
    assert result.exit_code == 0, result.output
    md = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    findings = md[md.index("## Temuan per strategi"):md.index("## Kode lintas strategi")]
    sections = findings.split("\n### ")[1:]
    absent = [s for s in sections if "tidak muncul dalam data yang dikode" in s]
    assert len(absent) == 3 and len(sections) == 4
    for section in absent:
        assert "Kekuatan bukti" not in section and "Tabel " not in section and "Bukti negatif" not in section
    raised = next(s for s in sections if s not in absent)
    assert "Kekuatan bukti" in raised and "satu jenis sumber dan satu peran" in raised
    # its only informant is named once, as such, not "1 informan … Satu di antaranya"
    assert "Sebanyak 2 informan tidak punya satu pun segmen yang dikode pada strategi ini: mitra dan warga." in raised


def test_a_thesis_chapter_numbers_tables_and_figures_within_it(reported, runner):
    """`report --chapter 4`: "Tabel 4.1", "Gambar 4.1" in every format, Word's SEQ field
    holding the number within the chapter; the text cites the figures so too."""
    result = invoke(runner, reported, "report", "--chapter", "4")
    assert result.exit_code == 0, result.output
    reports = reported / "reports"
    md = (reports / "report.md").read_text(encoding="utf-8")
    tables = re.findall(r"^Tabel (\d+)\.(\d+)\. ", md, flags=re.MULTILINE)
    assert tables and {c for c, _ in tables} == {"4"}
    assert [int(n) for _, n in tables] == list(range(1, len(tables) + 1))
    figures = re.findall(r"!\[Gambar 4\.(\d+)\. ", md)
    assert figures and f"Gambar 4.1 sampai 4.{len(figures)} (bagian Gambar)" in md
    assert "Tabel 1. " not in md
    document = docx.Document(str(reports / "report.docx"))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].text.startswith("Tabel 4.1. ")
    assert "SEQ Tabel" in captions[0]._p.xml
    # pasted after other chapters' captions, the chapter's count starts again at its first
    # table and its first figure, and only there
    codes = {p.text: re.findall(r"SEQ (\w+) \\\* ARABIC( \\r 1)?", p._p.xml) for p in captions}
    restarts = {text.split(" ")[0] for text, found in codes.items() for _, restart in found if restart}
    assert restarts == {"Tabel", "Gambar"}
    assert [text.split(". ")[0] for text, found in codes.items() if found and found[0][1]] == [
        "Tabel 4.1", "Gambar 4.1"]
    # a chapter, not a report: its title the chapter's heading, its sections under it (4.1,
    # 4.1.1 in a thesis template), no title page of its own nor table of contents
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styles[0] == ("Heading 1", "Laporan Temuan")
    assert [name for name, _ in styles].count("Heading 1") == 1 and "Title" not in dict(styles)
    assert ("Heading 2", "Ringkasan") in styles and ("Heading 2", "Kesimpulan") in styles
    # the strategies numbered by the template's heading numbering alone: a typed "1. " would
    # read "4.3.1 1. Lingkungan politik" under it
    findings = [text for name, text in styles if name == "Heading 3"]
    assert findings and not any(re.match(r"\d+\. ", text) for text in findings)
    assert "TOC \\o" not in document.element.xml
    bad = invoke(runner, reported, "report", "--chapter", "0")
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_a_chapter_set_in_the_config_is_kept_by_run(small_project, runner):
    """`[report] chapter = 4`: `run` numbers the tables as `report --chapter 4` does, so a
    rerun does not undo a student's chapter numbering; `--chapter` still overrides it."""
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[report]\n", "[report]\nchapter = 4\n"),
                      encoding="utf-8")
    result = invoke(runner, small_project, "run")
    assert result.exit_code == 0, result.output
    md = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert re.search(r"^Tabel 4\.1\. ", md, flags=re.MULTILINE) and "Tabel 1. " not in md
    captions = [p.text for p in docx.Document(str(small_project / "reports" / "report.docx")).paragraphs
                if p.style.name == "Caption"]
    assert captions[0].startswith("Tabel 4.1. ")
    assert invoke(runner, small_project, "report", "--chapter", "3").exit_code == 0
    assert "Tabel 3.1. " in (small_project / "reports" / "report.md").read_text(encoding="utf-8")


def test_the_report_takes_its_title_from_the_config(small_project, runner):
    """A thesis chapter's heading is the student's ("Hasil Penelitian dan Pembahasan"), in the
    language the report is written in."""
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[report]\n", '[report]\nchapter = 4\ntitle = { id = "Hasil Penelitian dan Pembahasan", en = "Findings" }\n'),
        encoding="utf-8")
    assert invoke(runner, small_project, "run").exit_code == 0
    reports = small_project / "reports"
    headings = [(p.style.name, p.text) for p in docx.Document(str(reports / "report.docx")).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Hasil Penelitian dan Pembahasan")
    assert (reports / "report.md").read_text(encoding="utf-8").startswith("# Hasil Penelitian dan Pembahasan: ")
    assert invoke(runner, small_project, "report", "--lang", "en").exit_code == 0
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert "<h1>Findings: " in html and "Laporan Temuan" not in html
    config.write_text(config.read_text(encoding="utf-8").replace('title = { id', 'title = { id = "", x'),
                      encoding="utf-8")
    bad = invoke(runner, small_project, "report")
    assert bad.exit_code == 1 and "[report] title must be non-empty text" in bad.output


@pytest.mark.parametrize("value", ["0", "100", '"4"', "4.0", "true"])
def test_a_bad_chapter_setting_is_one_line_naming_the_file(small_project, runner, value):
    config = small_project / "qualcode.toml"
    text = config.read_text(encoding="utf-8").replace("[report]\n", f"[report]\nchapter = {value}\n")
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"chapter = {value}") + 1
    result = invoke(runner, small_project, "report")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"qualcode.toml:{line}" in result.output and "chapter must be a chapter number" in result.output
    assert not (small_project / "reports" / "report.md").exists()


@pytest.mark.parametrize("attribution, shown, hidden", [
    ("position", "— Kabid E-Gov, pemerintah `pemkot:", None),
    ("role", "— pemerintah `pemkot:", "Kabid E-Gov"),
    ("case", "— pemkot `pemkot:", "Kabid E-Gov"),
])
def test_the_quotes_name_informants_as_the_project_chooses(small_project, runner, attribution, shown, hidden):
    """A position one person holds names them: [report] attribution keeps it out of the report."""
    cases = small_project / "transcripts" / "cases.csv"
    cases.write_text("id,role,position\npemkot,government,Kabid E-Gov\nwarga,community,\nmitra,private,\n",
                     encoding="utf-8")
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('attribution = "position"',
                                                                 f'attribution = "{attribution}"'), encoding="utf-8")
    result = invoke(runner, small_project, "run")
    assert result.exit_code == 0, result.output
    md = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    quoted = [line for line in md.splitlines() if line.startswith("> — ") and "pemkot" in line]
    assert quoted and all(shown in line for line in quoted), quoted[:3]
    if hidden:
        assert hidden not in md


def test_an_unknown_attribution_is_refused_naming_the_line(small_project, runner):
    config = small_project / "qualcode.toml"
    text = config.read_text(encoding="utf-8").replace('attribution = "position"', 'attribution = "name"')
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index('attribution = "name"') + 1
    result = invoke(runner, small_project, "status")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"qualcode.toml:{line}" in result.output and "attribution must be one of position, role, case" in result.output


def test_the_ledger_makes_no_checks_of_a_strategy_nobody_raised(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "add", "pemkot:2", "--code", "leadership-commitment").exit_code == 0
    assert invoke(runner, small_project, "report", "--reviewed-only", "--format", "md", "--lang", "en").exit_code == 0
    md = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "does not appear in the coded data" in line]
    assert len(rows) == 3
    for row in rows:
        marks = [cell.strip() for cell in row.split("|")[3:-3]]
        assert marks and set(marks) == {"·"}, row
    assert "every coding behind this table has been reviewed" in md  # not "0 of the 1 codings"
    assert "1 codings" not in md and "1 segments" not in md
    # `qualcode conclude` shows the ledger as the report does (it showed ✗ ✗ ✗ ✓ for these)
    ledger = invoke(runner, small_project, "conclude", "--reviewed-only", "--format", "md", "--lang", "en").stdout
    absent = [line for line in ledger.splitlines() if line.startswith("| machine-") and "| 0 | 0/" in line]
    assert len(absent) == 3 and all(set(cell.strip() for cell in line.split("|")[3:-3]) == {"·"} for line in absent)


def test_an_informant_without_a_role_is_said_to_have_none(demo_project, runner):
    """An interview whose role is in neither its front matter nor cases.csv (a typo in the
    case id there): its quotes name the position it has, never pandas' "nan", nor "tanpa
    peran" (no role) as if that said who spoke; its group in a matrix is "tanpa peran"."""
    path = demo_project / "transcripts" / "gov-dprd-komisi.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("role: legislature\n", ""), encoding="utf-8")
    cases = demo_project / "transcripts" / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace("gov-dprd-komisi,", "gov-dprd-komsi,"),
                     encoding="utf-8")
    result = invoke(runner, demo_project, "run")
    assert result.exit_code == 0, result.output
    # the ingest says so, once, naming the informant (the others all have roles)
    said = " ".join(result.output.split())
    assert said.count("has no role, though other informants have one") == 1
    assert "gov-dprd-komisi has no role" in said and "transcripts/cases.csv" in said
    markdown = (demo_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "— Anggota Komisi A `gov-dprd-komisi:" in markdown and "— tanpa peran" not in markdown
    assert not re.search(r"\bnan\b", markdown)
    # and in the role-ordered matrix, as in the case matrix: not a group "of no value"
    assert re.search(r"^\| gov-dprd-komisi \| tanpa peran \|", markdown, re.M)
    assert "(tanpa nilai)" not in markdown


def test_a_project_not_coded_yet_gets_no_report(small_project, runner):
    """Ingested, not coded: `report` says what to run instead of writing a report of empty
    findings ("0 of 3 informants"), and writes nothing."""
    assert invoke(runner, small_project, "ingest").exit_code == 0
    result = invoke(runner, small_project, "report")
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: no codings to report")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (small_project / "reports" / "report.md").exists()


def test_an_evidence_sheet_past_its_rows_says_so(monkeypatch):
    """A survey's million codings would pass Excel's rows: the sheet stops, and says where all are."""
    from types import SimpleNamespace

    import pandas as pd

    from qualcode.report import evidence_book

    monkeypatch.setattr(evidence_book, "MAX_ROWS", 3)
    check = SimpleNamespace(name="negative_evidence", evidence=("s:4", "s:5"))
    conclusion = SimpleNamespace(spec=SimpleNamespace(id="a1"), statement="Budget", strength="weak",
                                 provisional=False, figures={}, evidence=("s:1", "s:2", "s:3"), checks=(check,))
    segments = pd.DataFrame({"segment_id": [f"s:{n}" for n in range(1, 6)], "case_id": ["c"] * 5,
                             "source_type": ["interview"] * 5, "text": ["words"] * 5})
    _, _, rows, notes = evidence_book.evidence_sheet([conclusion], segments, "en")
    assert [row[4] for row in rows] == ["s:1", "s:2", "s:3"]
    assert notes[-1] == "Only the first 3 of 5 rows are shown; conclusions.json holds them all."


def test_the_evidence_sheet_explains_an_empty_case_only_where_one_is():
    """A complaint table's rows are all someone's: "an empty case: a source with no informant"
    described nothing there."""
    from types import SimpleNamespace

    import pandas as pd

    from qualcode.report import evidence_book

    conclusion = SimpleNamespace(spec=SimpleNamespace(id="a1"), statement="Budget", strength="weak",
                                 provisional=False, figures={}, evidence=("s:1", "s:2"), checks=())
    segments = pd.DataFrame({"segment_id": ["s:1", "s:2"], "case_id": ["row-1", "row-2"],
                             "source_type": ["response"] * 2, "text": ["words"] * 2})
    _, _, _, notes = evidence_book.evidence_sheet([conclusion], segments, "id")
    assert "Kasus kosong" not in notes[0] and notes[0].startswith("Setiap baris")
    segments.loc[1, "case_id"] = None  # a document's segment
    _, _, _, notes = evidence_book.evidence_sheet([conclusion], segments, "id")
    assert notes[0].endswith("Kasus kosong: sumber tanpa informan (dokumen, observasi, catatan lapangan).")
