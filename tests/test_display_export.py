"""Exports of displays: CSV and XLSX (formula injection neutralised, stable bytes), PNG charts,
network text (DOT, Mermaid)."""

import csv
import io

import matplotlib.image as mpimg
import openpyxl
import pandas as pd
import pytest

from qualcode.display.base import Display
from qualcode.display.charts import heatmap_png, write_heatmap, write_prevalence_bars
from qualcode.display.checklist import checklist_matrix
from qualcode.display.cooccurrence import cooccurrence_matrix
from qualcode.display.export import SheetNamer, display_csv, evidence_csv, neutralise, write_csv
from qualcode.display.matrices import case_by_code_matrix
from qualcode.display.network import cooccurrence_graph, network_png, to_dot, to_mermaid, write_network
from qualcode.display.summary_table import prevalence_by_group, summary_table
from qualcode.display.spec import DisplayError
from qualcode.display.xlsx_book import write_xlsx, xlsx_bytes
from tests.display_fixture import make_codebook, make_frames

RISKY = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def shown_width(column) -> float:
    """The characters Excel shows a column as: the file stores them with 5 pixels of padding,
    at 7 pixels a character (60 characters are stored as 60.71)."""
    return round(column.width - 5 / 7, 2)


@pytest.fixture
def world(tmp_path):
    codings, segments, cases = make_frames()
    return codings, segments, cases, make_codebook(tmp_path)


@pytest.fixture
def risky_display():
    table = pd.DataFrame({"text": RISKY + ["plain", "a=b"], "number": [1, -5, 2, 0, 3, 4, 5, 6]},
                         index=pd.Index([f"r{i}" for i in range(7)] + ["=HYPERLINK(x)"], name="row"))
    return Display(name="risky", table=table, notes=("-- a note that starts with a minus",))


def test_neutralise_prefixes_only_risky_text():
    assert [neutralise(v) for v in RISKY] == ["'" + v for v in RISKY]
    assert neutralise("plain") == "plain" and neutralise("a=b") == "a=b"
    assert neutralise(-5) == -5 and neutralise(None) is None


def test_csv_is_neutralised_and_keeps_numbers(risky_display):
    rows = list(csv.reader(io.StringIO(display_csv(risky_display).decode("utf-8"), newline="")))
    assert rows[0] == ["row", "text", "number"]
    # Every risky cell gets its apostrophe; a CR inside a cell is written as a (quoted) LF.
    assert [r[1] for r in rows[1:7]] == ["'" + v.replace("\r", "\n") for v in RISKY]
    assert rows[2][2] == "-5"                      # a number stays a number
    assert rows[8] == ["'=HYPERLINK(x)", "a=b", "6"]  # row labels too
    assert display_csv(risky_display, bom=True).startswith("\ufeff".encode("utf-8"))


def test_csv_from_a_real_display_with_a_hostile_attribute(tmp_path):
    codings, segments, cases = make_frames(roles={"gov-1": "=cmd|' /C calc'!A0"})
    display = case_by_code_matrix(codings, segments, cases, make_codebook(tmp_path))
    text = display_csv(display).decode("utf-8")
    assert "\n'=cmd|' /C calc'!A0" not in text
    assert ",'=cmd|' /C calc'!A0," in text


def test_building_twice_gives_identical_csv_bytes(world, tmp_path):
    first = case_by_code_matrix(*world, mode="quotes")
    again = case_by_code_matrix(*make_frames(), make_codebook(tmp_path), mode="quotes")
    assert display_csv(first) == display_csv(again)
    assert evidence_csv(first) == evidence_csv(again)
    summary = [display_csv(summary_table(*world)) for _ in range(2)]
    assert summary[0] == summary[1]
    written = write_csv(first, tmp_path / "m")
    assert sorted(p.name for p in written.values()) == ["case_by_dimension_quotes.csv",
                                                        "case_by_dimension_quotes_evidence.csv"]
    assert written[first.name].read_bytes() == display_csv(first)
    evidence = pd.read_csv(written[f"{first.name}_evidence"])
    row = evidence[(evidence["row"] == "gov-1") & (evidence["column"] == "budget")].iloc[0]
    assert (row["n_segments"], row["segment_ids"]) == (3, "g1:1 g1:2 g1:4")


def test_xlsx_reopens_with_layout_and_injection_neutralised(world, risky_display, tmp_path):
    checklist = checklist_matrix(*world, dimension="budget")
    path = write_xlsx([case_by_code_matrix(*world), checklist, risky_display], tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(path)
    # the checklist shows ratings and quotes as text: its numbers get a sheet of their own
    assert book.sheetnames == ["case_by_dimension", "checklist_budget", "checklist_budget data", "risky"]

    sheet = book["case_by_dimension"]
    assert [c.value for c in sheet[1]] == ["case", "role", "budget", "tech", "barrier"]
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].font.b and sheet["B3"].alignment.wrap_text
    assert [c.value for c in sheet[4]] == ["gov-1", "government", 3, 2, 1]
    assert sheet.column_dimensions["A"].width >= 8
    assert sheet.cell(row=7, column=1).value.startswith("10 of 15 codings")  # the review note

    quotes = book["checklist_budget"]
    assert quotes["C2"].value.startswith("strong \u2014 \u201cBudget was cut")
    assert 40 < shown_width(quotes.column_dimensions["C"]) <= 60  # long text: capped width, wrapped
    assert sheet.auto_filter.ref == "A1:E5" and quotes.auto_filter.ref  # filter buttons on the headers
    numbers = book["checklist_budget data"]
    header = [c.value for c in numbers[1]]
    assert header[:5] == ["Row", "Column", "Segments", "Informants", "Informants in the group"]
    first = [c.value for c in numbers[2]]
    assert isinstance(first[2], int) and isinstance(first[3], int)  # numbers, not "5 seg / 1 of 1 inf"

    risky = book["risky"]
    values = [risky.cell(row=r, column=2).value for r in range(2, 8)]
    # The text as written, no apostrophe shown, but a string (never a formula) with Excel's
    # quote prefix, so that editing the cell keeps it text. (XML parsers may hand a CR back as LF.)
    assert [v.replace("\r", "\n") for v in values] == [v.replace("\r", "\n") for v in RISKY]
    for r in range(2, 8):
        assert risky.cell(row=r, column=2).data_type == "s" and risky.cell(row=r, column=2).quotePrefix
    assert risky.cell(row=3, column=3).value == -5
    assert risky.cell(row=9, column=1).value == "=HYPERLINK(x)" and risky.cell(row=9, column=1).quotePrefix
    note = risky.cell(row=11, column=1)
    assert note.value == "-- a note that starts with a minus" and note.data_type == "s" and note.quotePrefix
    assert not any(cell.data_type == "f" for line in risky.iter_rows() for cell in line)


def test_xlsx_shows_shares_as_percentages_and_fractions_to_two_decimals(world, tmp_path):
    path = write_xlsx([prevalence_by_group(*world, group_by="role"),
                       cooccurrence_matrix(*world, measure="jaccard"), case_by_code_matrix(*world)],
                      tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(path)
    cells = {name: [c for row in book[name].iter_rows(min_row=2) for c in row if isinstance(c.value, (int, float))
                    and not isinstance(c.value, bool)]
             for name in book.sheetnames}
    shares, jaccard, counts = cells.values()
    assert shares and all(c.number_format == "0%" for c in shares)
    assert any(isinstance(c.value, float) and 0 < c.value < 1 for c in jaccard)
    assert all(c.number_format == "0.00" for c in jaccard if isinstance(c.value, float))
    assert counts and all(c.number_format == "General" for c in counts)  # whole numbers stay as they are


def test_xlsx_bytes_are_stable_and_sheet_names_valid(world):
    displays = [summary_table(*world), cooccurrence_matrix(*world, measure="lift")]
    assert xlsx_bytes(displays) == xlsx_bytes(displays)
    name_sheet = SheetNamer()
    assert [name_sheet(name) for name in ["a/b", "x" * 40, "X" * 40, "Sheet[1]"]] == [
        "a_b", "x" * 31, "X" * 29 + "~2", "Sheet_1_"]


def test_charts_are_decodable_pngs(world, tmp_path):
    codings, segments, cases, codebook = world
    heatmap = write_heatmap(case_by_code_matrix(*world), tmp_path, codebook)
    bars = write_prevalence_bars(prevalence_by_group(*world), tmp_path, codebook)
    assert heatmap.name == "case_by_dimension_heatmap.png"
    assert bars.name == "prevalence_by_role_bars.png"
    for path in (heatmap, bars):
        assert path.stat().st_size > 1000
        image = mpimg.imread(path)
        assert image.ndim == 3 and image.shape[0] > 100 and image.shape[1] > 100
    assert heatmap_png(case_by_code_matrix(*world), codebook) == heatmap.read_bytes()
    with pytest.raises(DisplayError, match="no numeric cells"):
        heatmap_png(case_by_code_matrix(*world, mode="quotes"))


def test_network_graph_and_text_exports(world, tmp_path):
    codings, segments, cases, codebook = world
    display = cooccurrence_matrix(*world)
    graph = cooccurrence_graph(display, codebook)
    assert sorted(graph.nodes) == ["barrier", "budget", "tech"]
    assert graph.nodes["budget"]["count"] == 7 and graph.nodes["tech"]["color"] == "#2ca02c"
    assert graph.edges["budget", "tech"]["count"] == 2
    assert graph.edges["tech", "barrier"]["lift"] == 0.8
    assert not graph.has_edge("budget", "barrier")
    dot = to_dot(graph)
    assert dot == to_dot(cooccurrence_graph(cooccurrence_matrix(*world), codebook))
    assert '"budget" -- "tech" [label="2"' in dot and dot.startswith('graph "cooccurrence_segment_dimension"')
    mermaid = to_mermaid(graph)
    assert mermaid.splitlines() == ["graph LR", '  n0["Barrier"]', '  n1["Budget"]', '  n2["Technology"]',
                                    "  n0 ---|1| n2", "  n1 ---|2| n2"]
    strong_only = cooccurrence_graph(display, codebook, min_count=2, include_isolated=False)
    assert sorted(strong_only.nodes) == ["budget", "tech"]
    files = write_network(graph, tmp_path)
    assert sorted(p.name for p in files.values()) == [
        "cooccurrence_segment_dimension_network.dot", "cooccurrence_segment_dimension_network.mmd",
        "cooccurrence_segment_dimension_network.png"]
    assert mpimg.imread(files["png"]).size > 0
    assert network_png(graph) == files["png"].read_bytes()
    with pytest.raises(DisplayError):
        cooccurrence_graph(summary_table(*world))


def test_control_characters_cannot_hide_a_formula():
    """The control character goes first, then the guard sees the "=" it hid."""
    table = pd.DataFrame({"text": ["\x01=1+1", "\r\n-2"]}, index=pd.Index(["a", "b"], name="row"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Display(name="hidden", table=table)]))).active
    for cell, shown in ((sheet["B2"], "=1+1"), (sheet["B3"], "\n-2")):
        assert cell.value == shown and cell.data_type == "s" and cell.quotePrefix


def test_column_widths_follow_the_longest_line_within_bounds():
    from qualcode.display.export import column_widths as _widths

    header = ["kode", "", "catatan"]
    rows = [[None, 3, "dua\nbaris yang lebih panjang"], ["anggaran", 0.125, "x" * 90], [None, True, None]]
    # longest line + 2, at least 8, at most 60; empty cells count for nothing
    assert _widths(header, rows) == [10.0, 8.0, 60.0]
    assert _widths(["a\nkolom panjang sekali"], []) == [22.0]


def test_a_tall_heatmap_draws_the_rows_of_highest_total():
    from qualcode.display.base import HEATMAP_ROWS, heatmap_rows

    count = HEATMAP_ROWS + 70
    # totals cycle 0..9, so the chosen rows are those of total 9..7 and, of the 6s, the earliest
    totals = [k % 10 for k in range(count)]
    table = pd.DataFrame({"role": ["x"] * count, "a": totals, "b": [0] * count},
                         index=pd.Index([f"case{k:03d}" for k in range(count)], name="case"))
    chosen = heatmap_rows(table[["a", "b"]])
    assert len(chosen) == HEATMAP_ROWS
    assert list(chosen.index) == sorted(chosen.index)  # the display's order
    by_total = sorted(range(count), key=lambda k: (-totals[k], k))[:HEATMAP_ROWS]
    assert set(chosen.index) == {f"case{k:03d}" for k in by_total}
    assert heatmap_rows(table[["a", "b"]].head(HEATMAP_ROWS)).equals(table[["a", "b"]].head(HEATMAP_ROWS))
    # drawn as tall as a table of HEATMAP_ROWS rows (less a line of title), not as one of 120
    tall, short = (mpimg.imread(io.BytesIO(heatmap_png(Display(name="case_by_dimension", table=rows))))
                   for rows in (table, table.head(HEATMAP_ROWS)))
    from qualcode.display.charts import DPI

    assert 0 < tall.shape[0] - short.shape[0] < 40 * DPI / 100  # a line of title: 40 px at 100 dpi


def test_charts_speak_the_reports_language(monkeypatch):
    """Their titles and axes in the words given (the report's catalogue), not English ids."""
    from qualcode.display import charts
    from qualcode.report.i18n import catalogue

    drawn = []
    monkeypatch.setattr(charts, "_png", lambda figure: drawn.append(figure.axes[0]) or b"")
    t = catalogue("id", "strategi")
    counts = pd.DataFrame({"technology": [3, 1], "budget-support": [0, 2]},
                          index=pd.Index(["a", "b"], name="case"))
    shares = pd.DataFrame({"government": [1.0, 0.5]}, index=pd.Index(["technology", "budget-support"], name="code"))
    charts.heatmap_png(Display(name="case_by_dimension", table=counts), title=t["chart_heatmap"], words=t)
    charts.prevalence_bars_png(Display(name="prevalence_by_role", table=shares), title=t["chart_bars"], words=t)
    heatmap, bars = drawn
    assert heatmap.get_title() == "Matriks kasus × strategi (jumlah segmen)"
    assert bars.get_title() == "Prevalensi strategi menurut peran informan"
    assert bars.get_ylabel() == "bagian informan"
    assert [text.get_text() for text in bars.get_legend().get_texts()] == ["pemerintah"]  # the role
    charts.prevalence_bars_png(Display(name="prevalence_by_role", table=shares))
    assert drawn[-1].get_ylabel() == "share of informants"  # no words given: English


def test_long_display_names_keep_their_data_sheets_apart(world, tmp_path):
    from dataclasses import replace

    checklist = checklist_matrix(*world, dimension="budget")
    long = [replace(checklist, name=f"checklist_of_the_budget_for_every_informant_{n}") for n in ("one", "two")]
    book = openpyxl.load_workbook(write_xlsx(long, tmp_path / "d.xlsx"))
    names = book.sheetnames
    assert len(names) == 4 and len({n.lower() for n in names}) == 4 and all(len(n) <= 31 for n in names)
    assert [n.endswith(" data") for n in names] == [False, True, False, True]


def test_prevalence_bars_give_each_groups_informants(world, monkeypatch):
    """A share of 1.0 from one informant is not one from ten: the legend says n."""
    from qualcode.display import charts

    drawn = []
    monkeypatch.setattr(charts, "_png", lambda figure: drawn.append(figure.axes[0]) or b"")
    display = prevalence_by_group(*world)
    charts.prevalence_bars_png(display)
    totals = display.cells.drop_duplicates("column").set_index("column")["informants_total"]
    legend = [text.get_text() for text in drawn[0].get_legend().get_texts()]
    assert legend == [f"{group} (n={totals[group]})" for group in display.table.columns]


def test_charts_write_numbers_as_the_report_does_and_draw_only_coded_codes(world, monkeypatch):
    """Counts get whole ticks and Indonesian decimal commas; shares are percentages; a code
    nobody coded is left out of the network picture (not its DOT file)."""
    import networkx as nx

    from qualcode.display import charts
    from qualcode.display.network import drawn as drawn_graph

    drawn = []
    monkeypatch.setattr(charts, "_png", lambda figure: drawn.append(figure) or b"")
    charts.heatmap_png(case_by_code_matrix(*world), language="id")
    colour_bar = drawn[0].axes[1].yaxis
    assert colour_bar.get_major_locator()._integer
    assert colour_bar.get_major_formatter()(2.5, 0) == "2,5" and colour_bar.get_major_formatter()(3.0, 0) == "3"
    charts.prevalence_bars_png(prevalence_by_group(*world), language="id")
    assert drawn[1].axes[0].yaxis.get_major_formatter()(0.4, 0) == "40%"
    graph = nx.Graph()
    graph.add_node("coded", count=3)
    graph.add_node("never", count=0)
    graph.add_node("other", count=1)
    graph.add_edge("coded", "other", count=1)
    assert sorted(drawn_graph(graph).nodes) == ["coded", "other"]
    assert '"never"' in to_dot(graph)


def test_the_workbook_reads_and_prints_as_a_supervisor_needs(world):
    """It opens on a sheet saying what it is; long text gets rows tall enough to read it
    (LibreOffice does not grow them itself); sheets print on A4 landscape with the header
    row and the row labels on every page, one page wide when that stays readable; a note
    wraps across the table instead of running off the page."""
    from qualcode.display.xlsx_layout import lines_in

    displays = [case_by_code_matrix(*world),
                checklist_matrix(*world, dimension="budget", overrides={("budget-cuts", "government"): "absent"})]
    about = {"project": "=Kota Contoh", "description": "Korpus ilustratif, bukan wawancara nyata.",
             "made_on": "30 November 2026", "tool": "qualcode 0.1.0"}
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(displays, language="id", codebook=world[3], about=about)))
    assert book.sheetnames[0] == "Tentang" and book.active.title == "Tentang"
    first = [[c.value for c in line] for line in book["Tentang"].iter_rows()]
    facts = {row[0]: row[1] for row in first if row[0] and row[1]}
    assert facts["Proyek"] == "=Kota Contoh" and book["Tentang"]["B3"].quotePrefix  # text, not a formula
    assert facts["Keterangan"].startswith("Korpus ilustratif") and facts["Dibuat pada"] == "30 November 2026"
    assert facts["Buku kode"].endswith(f"({world[3].version})")
    assert facts["case_by_dimension"].startswith("Matriks kasus × kode.") and "Sel:" in facts["case_by_dimension"]
    quotes = book["checklist_budget"]
    tall = 0
    for row in quotes.iter_rows(min_row=2):
        if row[0].value is None:  # the table ends; its notes follow
            break
        need = max(lines_in(c.value, quotes.column_dimensions[c.column_letter].width) for c in row)
        if need > 1:
            tall += 1
            assert quotes.row_dimensions[row[0].row].height == min(409, 15 * need)
    assert tall  # the quotes wrap
    about = book["Tentang"]
    links = {c.value: c.hyperlink.location for c in about["A"] if c.hyperlink is not None}
    assert links["case_by_dimension"] == "'case_by_dimension'!A1" and len(links) == len(book.sheetnames) - 1
    for sheet in book.worksheets:
        assert sheet.oddFooter.left.text == "&A" and sheet.oddFooter.right.text == "&P / &N"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.print_title_rows == "$1:$1" or sheet.title == "Tentang"
    narrow = book["case_by_dimension"]
    # one page wide (an absent fitToWidth is 1, the schema's default), as many pages down as needed
    assert narrow.sheet_properties.pageSetUpPr.fitToPage and narrow.page_setup.fitToWidth in (None, 1)
    assert narrow.page_setup.fitToHeight == 0
    # a sheet too wide for one page prints on as few as keep it readable (shrunk at most 1.7 times)
    wide = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Display(name="wide", table=pd.DataFrame(
        {f"kolom {n}": ["teks " * 11] for n in range(6)}, index=pd.Index(["a"], name="baris")))])))["wide"]
    assert wide.sheet_properties.pageSetUpPr.fitToPage and wide.page_setup.fitToWidth == 3
    note = next(c for c in narrow["A"] if isinstance(c.value, str) and c.value.startswith("Sel:"))
    assert any(note.coordinate in merged for merged in narrow.merged_cells.ranges) and note.alignment.wrap_text


def test_lines_in_counts_wrapped_words():
    from qualcode.display.xlsx_layout import lines_in

    # as LibreOffice wraps this header in a column 12 wide: "Lingkungan / politik yang / mendukung"
    assert lines_in("Lingkungan politik yang mendukung", 12) == 3
    assert lines_in("Lingkungan politik yang mendukung", 20) == 2  # "Lingkungan politik yang": 23 of 23
    assert lines_in("ab cd", 12) == 1 and lines_in("x\ny", 20) == 2 and lines_in(None, 5) == 1
    assert lines_in("a" * 30, 11) == 3  # a word longer than a line is broken


def _packed_word_by_word(text: str, fits: int) -> int:
    """Lines of `text` as a reader packs it, word by word (what lines_in counts)."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > fits:
                lines, used = lines + 1, 0
            if len(word) > fits:
                lines += (len(word) - 1) // fits
                used = len(word) % fits or fits
            else:
                used += len(word) + (1 if used else 0)
        total += lines
    return total


def test_lines_in_packs_any_text_as_a_reader_does():
    """Random texts of short, long and over-long words, spaces and line breaks, at any width:
    the lines counted (by word sizes where no word is broken) are the word-by-word packing's."""
    import random

    from qualcode.display.xlsx_layout import LONG_TEXT, TEXT_PER_WIDTH, lines_in

    rng = random.Random(3)
    pieces = ["a", "ab", "kata", "panjang", "x" * 12, "y" * 25, "z" * 70, "\n", "\n\n", " "]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(0, 40)))
        width = rng.choice([8, 10, 12.5, 20, 30, 45, 60])
        fits = max(1, int(width * TEXT_PER_WIDTH) - 1)
        if text and len(text) <= LONG_TEXT and (len(text) > fits or "\n" in text):
            assert lines_in(text, width) == _packed_word_by_word(text, fits), (text, width)


def test_column_widths_measure_counts_and_other_values():
    """A column of counts is as wide as its longest count (each distinct count measured
    once); fractions, booleans and texts beside them count as they always did."""
    from qualcode.display.export import column_widths

    assert column_widths(["x"], [[123456789], [1]] * 3) == [11.0]
    assert column_widths(["x"], [[1], [0.123456789012]]) == [16.0]
    assert column_widths(["kolom"], [[None], [1234567890123]]) == [15.0]
    assert column_widths(["k"], [[True], [1]] * 2 + [["teks panjang sekali"]]) == [21.0]


def test_a_case_matrix_has_its_quotes_beside_it_unless_they_are_too_many(world, monkeypatch):
    """Every number of a case × code matrix leads to its words in Excel: one row per segment a
    cell counts (no speaker label, often a name); past the limit the About sheet says where
    the ids are."""
    from qualcode.display import xlsx_evidence

    codings, segments, cases, codebook = world
    matrix = case_by_code_matrix(*world)
    about = {"project": "p", "made_on": "1 Mei 2026", "tool": "qualcode"}
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([matrix], language="id", codebook=codebook,
                                                        about=about, segments=segments)))
    assert book.sheetnames == ["Tentang", "case_by_dimension", "case_by_dimension kutipan"]
    rows = list(book["case_by_dimension kutipan"].iter_rows(values_only=True))
    assert rows[0] == ("Kasus", "Kode", "Segmen kutipan", "Kutipan")
    expected = sorted((row, column, i) for (row, column), ids in matrix.evidence.items() for i in ids)
    labels = {c.id: c.label_in("id") for c in codebook.codes}
    assert sorted((r[0], r[1], r[2]) for r in rows[1:]) == sorted((row, labels[column], i) for row, column, i in expected)
    text_of = dict(zip(segments["segment_id"], segments["text"]))
    assert all(r[3] == text_of[r[2]] for r in rows[1:])
    monkeypatch.setattr(xlsx_evidence, "MAX_QUOTE_ROWS", 1)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([matrix], language="id", codebook=codebook,
                                                        about=about, segments=segments)))
    assert book.sheetnames == ["Tentang", "case_by_dimension"]
    contents = {r[0]: r[1] for r in book["Tentang"].iter_rows(values_only=True) if r[0]}
    assert "ID segmennya ada di case_by_dimension_evidence.csv" in contents["case_by_dimension"]


def test_matplotlib_gets_a_folder_of_its_own_where_home_cannot_be_written(monkeypatch, tmp_path):
    """Else it warns on every report (a locked lab account, a container)."""
    import os

    from qualcode.display import drawing_home

    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    drawing_home.settle()
    assert "MPLCONFIGDIR" not in os.environ  # writable: matplotlib's own folder
    monkeypatch.setattr(drawing_home.os, "access", lambda path, mode: False)
    monkeypatch.setattr(drawing_home.tempfile, "gettempdir", lambda: str(tmp_path))
    drawing_home.settle()
    chosen = os.environ["MPLCONFIGDIR"]
    assert chosen.startswith(str(tmp_path / "qualcode-matplotlib-")) and os.path.isdir(chosen)
    monkeypatch.setenv("MPLCONFIGDIR", "/somewhere/else")
    drawing_home.settle()
    assert os.environ["MPLCONFIGDIR"] == "/somewhere/else"  # the user's choice stands


def test_the_accounting_sheet_keeps_case_and_source_type_in_view_without_a_repeated_label(world, tmp_path):
    """Its row label ("gov-1/interview") repeats the two columns beside it: the sheet leaves it
    out and freezes those two, so a wide log scrolled sideways still says whose row it is."""
    from qualcode.display.accounting import accounting_log

    path = write_xlsx([accounting_log(*world)], tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["case", "source_type"] and sheet.freeze_panes == "C2"
    assert not any(isinstance(c.value, str) and "/" in c.value for c in sheet["A"][1:])
