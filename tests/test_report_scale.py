"""The report's fast paths for large stores give what the straightforward code gives.

Each test holds the plain version (as the code was before it was made fast for a million
codings) and checks the fast one against it on small, awkward data: ties, missing values,
text that needs quoting, ids that are not ASCII. No timings here: benchmarks/run.py times it.
"""

from __future__ import annotations

import io
import json
import os
import random

import numpy as np
import pandas as pd
import pytest

from qualcode.model import Case, Coding, Match
from qualcode.store import Store
from tests.display_fixture import CODINGS, CASES, make_codebook, make_frames, make_sources


# ------------------------------------------------------------------------------ loading
def _store_with_decisions(tmp_path):
    store = Store(tmp_path / ".qualcode" / "project.db")
    store.__enter__()
    twice = (Match("anggar", "anggaran", 0, 8, 1.0), Match("apbd", "APBD", 10, 14, 0.5),
             Match("anggar", "Anggaran", 20, 28, 1.0, negated=True))
    with store.transaction():
        store.upsert_cases([Case(c, {"role": r, "site": s}) for c, (r, s) in CASES.items()])
        for source in make_sources():
            store.put_source(source)
        suggestions = [Coding(seg, code, "auto", score=score,
                              matched=twice if n % 3 == 0 else (Match("t", "t", 0, 1, 1.0),) if n % 3 == 1 else ())
                       for n, (seg, code, coder, _, score) in enumerate(CODINGS) if coder == "auto"]
        store.replace_suggestions(suggestions, "auto", "v1")
        store.decide("g1:1", "budget-cuts", "ana", "accepted")       # a person accepts a suggestion
        store.decide("c1:2", "software", "ana", "rejected")          # ...rejects one
        store.decide("c1:2", "budget-cuts", "budi", "rejected")      # another coder rejects one
        store.decide("g2:1", "budget", "ana", "accepted")            # a coding of her own
        store.decide("g2:3", "barrier", "budi", "accepted")
    return store


def test_bulk_reads_give_the_typed_reads_frames(tmp_path):
    from qualcode.display.frames import (codings_frame, codings_frame_from_rows, segments_frame,
                                         segments_frame_from_rows)

    store = _store_with_decisions(tmp_path)
    try:
        pd.testing.assert_frame_equal(segments_frame_from_rows(store.segment_tuples()),
                                      segments_frame(store.sources()))
        for reviewed_only, coder in ((False, None), (True, None), (False, "ana"), (False, "nobody")):
            typed = codings_frame(store.codings(reviewed_only=reviewed_only, coder=coder))
            bulk = codings_frame_from_rows(store.counted_coding_tuples(reviewed_only, coder))
            pd.testing.assert_frame_equal(bulk, typed)
        assert len(typed) == 0 and len(codings_frame(store.codings())) > 0
    finally:
        store.__exit__(None, None, None)


def _typed_inputs(config, reviewed_only, coder):
    """The analysis inputs as they were read before the bulk queries: typed objects per row."""
    from qualcode.codebook import load_codebook
    from qualcode.display.frames import cases_frame, codings_frame, segments_frame
    from qualcode.workflow.pipeline import AnalysisInputs

    with Store(config.store_path) as store:
        sources = store.sources()
        codings = store.codings(reviewed_only=reviewed_only, coder=coder)
        cases, memos = store.cases(), store.memos()
    status_counts: dict[str, int] = {}
    for coding in codings:
        status_counts[coding.status] = status_counts.get(coding.status, 0) + 1
    return AnalysisInputs(load_codebook(config.codebook_path), segments_frame(sources),
                          codings_frame(codings), cases_frame(cases), status_counts, memos)


def test_analysis_inputs_match_the_typed_reads(demo_project):
    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest
    from qualcode.workflow.displays import analysis_inputs

    config = load_config(demo_project)
    ingest(config)
    code_auto(config)
    with Store(config.store_path) as store, store.transaction():
        first, second = store.codings()[:2]
        store.decide(first.segment_id, first.code_id, "ana", "accepted")
        store.decide(second.segment_id, second.code_id, "ana", "rejected")
    for reviewed_only, coder in ((False, None), (True, None), (False, "ana")):
        old, new = _typed_inputs(config, reviewed_only, coder), analysis_inputs(config, reviewed_only, coder)
        for name in ("segments", "codings", "cases"):
            pd.testing.assert_frame_equal(getattr(new, name), getattr(old, name))
        assert list(new.status_counts.items()) == list(old.status_counts.items())
        assert new.memos == old.memos


# ------------------------------------------------------------------------------ conclusions
def _reference_diverse_quotes(rows, limit=3):
    from qualcode.conclude.quoting import QUOTE_MIN_CHARS, Quote
    from qualcode.display.quotes import words_key

    scored = (rows.groupby(["segment_id", "text", "case_id", "role", "source_type"], dropna=False)["score"]
              .sum().reset_index())
    scored = scored[scored["text"].str.len() >= QUOTE_MIN_CHARS]
    scored = scored.sort_values(["score", "segment_id"], ascending=[False, True])
    voices = [r for r in scored.itertuples() if isinstance(r.case_id, str)]
    others = [r for r in scored.itertuples() if not isinstance(r.case_id, str)]
    chosen: list = []

    def take(candidates, room, fresh_role):
        for row in candidates:
            if len(chosen) >= room:
                return
            if any(c.segment_id == row.segment_id for c in chosen):
                continue
            if any(words_key(c.text) == words_key(row.text) for c in chosen):  # the same words: quoted once
                continue
            if isinstance(row.case_id, str) and any(c.case_id == row.case_id for c in chosen):
                continue
            if fresh_role and any(c.role == row.role for c in chosen):
                continue
            chosen.append(row)

    take(voices, limit - 1 if others else limit, fresh_role=True)
    take(others[:1], limit, fresh_role=False)
    take(voices, limit, fresh_role=False)
    return tuple(Quote(r.segment_id, r.text, r.case_id if isinstance(r.case_id, str) else None,
                       r.role if isinstance(r.role, str) else None, r.source_type) for r in chosen)


def _evidence_like(seed: int, consistent: bool) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for n in range(400):
        segment = f"s{rng.randint(0, 9)}:{rng.randint(1, 30)}"
        source = segment.split(":")[0]
        case = None if source in ("s8", "s9") else f"case-{source}"
        text = ("x" * (40 + int(segment.split(":")[1]) * 3)) if consistent or n % 7 else "other " * 20
        rows.append({"segment_id": segment, "text": text, "case_id": case,
                     "role": None if source == "s1" else ["gov", "com", "private"][hash(source) % 3],
                     "source_type": "document" if case is None else "interview",
                     "score": rng.choice([0.5, 1.0, 1.5, 0.1, 0.2])})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("consistent", [True, False])
def test_diverse_quotes_match_grouping_on_every_key(seed, consistent):
    from qualcode.conclude.quoting import diverse_quotes

    rows = _evidence_like(seed, consistent)
    for limit in (1, 3, 5):
        assert diverse_quotes(rows, limit) == _reference_diverse_quotes(rows, limit)
    assert diverse_quotes(rows.iloc[:0]) == ()


def test_the_same_words_from_two_respondents_are_quoted_once():
    from qualcode.conclude.quoting import diverse_quotes

    answer = "Sebaiknya petugas harus lebih cepat menanggapi laporan warga di aplikasi"
    rows = pd.DataFrame([{"segment_id": f"row-{n}:1", "text": text, "case_id": f"row-{n}", "role": None,
                          "source_type": "response", "score": 1.0}
                         for n, text in enumerate([answer, answer + " ", answer.replace("cepat", "ramah")])])
    assert [q.segment_id for q in diverse_quotes(rows, 3)] == ["row-0:1", "row-2:1"]
    # nor whatever their case, punctuation and numbers ("400rb", "500rb": one complaint, copied)
    bribe = "Calo di kantor kecamatan minta uang 400rb supaya berkas izin cepat selesai"
    rows = pd.DataFrame([{"segment_id": f"row-{n}:1", "text": text, "case_id": f"row-{n}", "role": None,
                          "source_type": "response", "score": 1.0}
                         for n, text in enumerate([bribe, bribe.replace("400", "500").upper() + "!!",
                                                   bribe.replace("kecamatan", "kelurahan")])])
    assert [q.segment_id for q in diverse_quotes(rows, 3)] == ["row-0:1", "row-2:1"]


def test_a_display_cell_quotes_the_same_words_once():
    from qualcode.display.quotes import pick_quotes

    texts = ["Anggaran buat aplikasi jangan dipotong2 lagi!", "anggaran buat aplikasi jangan dipotong lagi",
             "Anggaran server juga jangan dipotong, sudah kurang"]
    segments = pd.DataFrame({"segment_id": [f"r{n}:1" for n in range(3)], "text": texts,
                             "case_id": [f"r{n}" for n in range(3)], "source_id": [f"r{n}" for n in range(3)],
                             "source_type": "response", "speaker": None})
    frame = pd.DataFrame({"segment_id": segments["segment_id"], "code_id": "budget", "score": [1.0, 1.0, 0.5],
                          "_rank": [0, 1, 2], "_seg": [0, 1, 2], "case_id": segments["case_id"],
                          "source_id": segments["source_id"]})
    picked = pick_quotes(frame, segments, ["code_id"], limit=3, max_chars=200)
    assert list(picked["segment_id"]) == ["r0:1", "r2:1"]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("consistent", [True, False])
def test_a_second_coder_of_the_same_codes_does_not_change_the_quotes(seed, consistent):
    from qualcode.conclude.quoting import diverse_quotes

    rng = random.Random(seed)
    rows = _evidence_like(seed, consistent)
    rows["code_id"] = [f"c{rng.randint(0, 3)}" for _ in range(len(rows))]
    rows = rows.drop_duplicates(["segment_id", "code_id"])  # one coder: a code once per segment
    # a second coder on half the rows: the same codes, at the same score or below (a coder's own)
    again = rows.sample(frac=0.5, random_state=seed)
    again = again.assign(score=[rng.choice([0.0, s / 2, s]) for s in again["score"]])
    both = pd.concat([rows, again], ignore_index=True)
    for limit in (1, 3, 5):
        assert diverse_quotes(both, limit) == diverse_quotes(rows, limit)


def test_a_double_coded_segment_is_not_a_better_quote():
    from qualcode.conclude.quoting import diverse_quotes

    def row(segment, coder, score):
        return {"segment_id": segment, "code_id": "budget", "coder": coder, "score": score,
                "text": f"{segment} " + "kata " * 20, "case_id": segment, "role": "gov",
                "source_type": "interview"}

    rows = pd.DataFrame([row("a:1", "ani", 1.0), row("a:1", "budi", 1.0), row("b:1", "auto", 1.5)])
    assert [q.segment_id for q in diverse_quotes(rows, limit=1)] == ["b:1"]


def test_reading_order_is_segment_order():
    from qualcode.conclude.evidence import ReadingOrder, _reading_key, segment_order

    rng = random.Random(1)
    ids = [f"src-{rng.randint(0, 30)}:{rng.randint(1, 400)}" for _ in range(3000)]
    ids += ["weird", "a:b", "é:3", "É:2", "b:c:4", "x:10", "x:9"]
    order = ReadingOrder(pd.Series(ids))
    # a plain sort by the reading key (made for the ids it sorts: their sources ranked once)
    plain = lambda values: tuple(sorted(set(values), key=_reading_key(set(values))))  # noqa: E731
    assert segment_order(ids) == plain(ids)
    assert segment_order(["src-10:1", "src-2:3", "src-2:1"]) == ("src-2:1", "src-2:3", "src-10:1")
    for size in (0, 1, 50, 2000):
        subset = rng.sample(ids, size)
        assert order(pd.Series(subset, dtype=object)) == plain(subset) == order(subset)
    assert order(["unseen:1", "x:9"]) == ("unseen:1", "x:9")  # ids it was not built with


def test_checks_and_chain_on_integer_code_lookups(tmp_path):
    from qualcode.conclude.assertions import evaluate
    from qualcode.conclude.sides import AssertionSpec, Context, coded_rows
    from qualcode.conclude.evidence import evidence_frame

    codebook = make_codebook(tmp_path)
    codings, segments, cases = make_frames()
    ctx = Context(evidence_frame(codings, segments, cases, codebook), cases, codebook, 2)
    for codes in ({"budget-cuts"}, {"budget", "hardware", "nope"}, set()):
        pd.testing.assert_frame_equal(coded_rows(ctx, codes), ctx.evidence[ctx.evidence["code_id"].isin(codes)])
    spec = AssertionSpec("x", ("budget",), contrary=("barrier",), rival="tech", if_code="budget",
                         then_code="tech")
    fresh = Context(ctx.evidence, cases, codebook, 2)
    assert evaluate(spec, ctx, "en") == evaluate(spec, fresh, "en")  # memo kept per context
    assert evaluate(spec, ctx, "en") == evaluate(spec, ctx, "en")


# ------------------------------------------------------------------------------ displays
def _all_displays(tmp_path):
    from qualcode.display.catalogue import build

    codebook = make_codebook(tmp_path)
    codings, segments, cases = make_frames()
    specs = [("case_by_code", {}), ("case_by_code", {"depth": "code"}), ("role_ordered", {}),
             ("summary_table", {"group_by": "role"}), ("prevalence", {}), ("accounting", {}),
             ("cooccurrence", {}), ("cooccurrence", {"level": "case", "depth": "code"}),
             ("framework", {}), ("checklist", {"dimension": "tech"})]
    return [build(kind, codings, segments, cases, codebook, options) for kind, options in specs], \
        (codings, segments, cases, codebook, specs)


def test_shared_lookups_build_the_same_displays(tmp_path):
    from qualcode.display.catalogue import build
    from qualcode.display.coded import shared_lookups

    plain, (codings, segments, cases, codebook, specs) = _all_displays(tmp_path)
    with shared_lookups():
        shared = [build(kind, codings, segments, cases, codebook, options) for kind, options in specs]
    for a, b in zip(plain, shared):
        pd.testing.assert_frame_equal(a.table, b.table)
        assert dict(a.evidence) == dict(b.evidence) and a.notes == b.notes


def test_evidence_rows_join_the_mapping(tmp_path):
    displays, _ = _all_displays(tmp_path)
    for display in displays:
        plain = [(row, column, len(ids), " ".join(ids))
                 for (row, column), ids in sorted(display.evidence.items())]
        assert display.evidence_rows() == plain, display.name
        assert display.evidence_rows(encoded=True) == [(*r[:3], r[3].encode()) for r in plain]


def test_id_table_joins_any_ids():
    from qualcode.display.cooccurrence import _IdTable

    ids = np.array(["a:1", "bb:22", None, "ccc:333", "d:4"], dtype=object)
    for given in (ids, np.array(["é:1", "x:2", None, "ß:3", "y"], dtype=object),
                  np.array(["a\0b:1", "c:2", None, "d:3", "e"], dtype=object)):
        table = _IdTable(given)
        for ranks in ([0, 1, 3], [4], [], [3, 0]):
            expected = " ".join(given[np.asarray(ranks, dtype=int)].tolist()).encode()
            assert table.join(np.asarray(ranks, dtype=int)) == expected


def test_plain_csv_writes_what_pandas_writes():
    from qualcode.display.export import EVIDENCE_COLUMNS, _csv_bytes, _plain_csv

    rows = [("case-1", "budget", 3, "a:1 a:2 a:3"), ("=cmd", "+x", 1, "-1:2"), ("a,b", 'say "hi"', 2, "x\ny"),
            ("cr\r", "crlf\r\nz", 0, "t\tab"), ("é ünï", "“q”", 12, "@home"), ("", " lead", 5, "trail "),
            ("case-2", "tech", np.int64(7), b"b:1 b:2"), ("case-3", "tech", 2, b"=b:1"), ("c", "d", 1, b"q,\"x")]
    as_text = [tuple(v.decode() if isinstance(v, bytes) else v for v in row) for row in rows]
    expected = _csv_bytes(pd.DataFrame(as_text, columns=list(EVIDENCE_COLUMNS)), False, False)
    assert _plain_csv(rows, EVIDENCE_COLUMNS) == expected
    assert _plain_csv([("a", "b", 1.5, "x")], EVIDENCE_COLUMNS) is None  # not text nor integer
    # not an integer either, though equal to one written before it (each field is encoded once)
    for odd in (True, np.bool_(True), 1.0):
        assert _plain_csv([("a", "b", 1, "x"), ("a", "b", odd, "x")], EVIDENCE_COLUMNS) is None


def test_plain_csv_quotes_any_text_as_pandas_does():
    """Random texts of quotes, commas, line breaks, formula starts and other scripts, labels
    repeated over rows as a survey's are, ids as text or bytes: the same bytes as pandas."""
    import random

    from qualcode.display.export import EVIDENCE_COLUMNS, _csv_bytes, _plain_csv

    rng = random.Random(11)
    pieces = ["a", "kasus", ",", '"', "\n", "\r", "\r\n", "=", "+", "-", "@", " ", "\t", "é", "“", "1"]
    text = lambda: "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))  # noqa: E731
    labels = [text() for _ in range(12)]
    rows = []
    for _ in range(400):
        ids = text()
        rows.append((rng.choice(labels), rng.choice(labels), rng.choice([0, 3, 12, np.int64(40)]),
                     ids.encode() if rng.random() < 0.5 else ids))
    as_text = [tuple(v.decode() if isinstance(v, bytes) else v for v in row) for row in rows]
    assert _plain_csv(rows, EVIDENCE_COLUMNS) == _csv_bytes(pd.DataFrame(as_text, columns=list(EVIDENCE_COLUMNS)),
                                                            False, False)


def test_evidence_csv_of_every_display(tmp_path):
    from qualcode.display.export import EVIDENCE_COLUMNS, _csv_bytes, evidence_csv

    displays, _ = _all_displays(tmp_path)
    for display in displays:
        plain = pd.DataFrame([(row, column, len(ids), " ".join(ids))
                              for (row, column), ids in sorted(display.evidence.items())],
                             columns=list(EVIDENCE_COLUMNS))
        for bom in (False, True):
            assert evidence_csv(display, bom=bom) == _csv_bytes(plain, False, bom), display.name


# ------------------------------------------------------------------------------ report
def test_docx_paragraphs_as_python_docx_styles_them():
    """_paragraph and _heading look each style's id up once per document, and must give the
    paragraphs python-docx's add_paragraph and add_heading give (the default style, a style
    missing from the document and no style included)."""
    from io import BytesIO
    from importlib import resources

    from docx import Document
    from lxml import etree

    from qualcode.report import docx_writer

    reference_docx = resources.files("qualcode").joinpath("report/reference.docx").read_bytes()
    ours, theirs = (Document(BytesIO(reference_docx)) for _ in range(2))
    styles = [None, "Normal", "Title", "Subtitle", "Heading 1", "Heading 4", "Quote", "Caption",
              "List Bullet", "TOC Heading", "No Such Style", "Quote"]
    for number, style in enumerate(styles * 2):
        text = "" if number % 5 == 0 else f"paragraph {number} “{style}” <&>"
        docx_writer._paragraph(ours, text, style, "Heading 3")
        theirs.add_paragraph(text, style=None if style is None else docx_writer._style(theirs, style, "Heading 3"))
    for level in (0, 1, 2, 3, 2):
        docx_writer._heading(ours, f"heading {level}", level)
        theirs.add_heading(f"heading {level}", level=level)
    xml = [etree.tostring(document.element.body) for document in (ours, theirs)]
    assert xml[0] == xml[1]
    assert {p.style.name for p in ours.paragraphs} >= {"Normal", "Title", "Heading 3", "Quote"}


def test_docx_rows_as_python_docx_makes_them():
    from importlib import resources

    from docx import Document
    from lxml import etree

    from qualcode.report import docx_writer

    from qualcode.report.docx_layout import fix_widths

    def reference(document, header, rows, widths_cm=None):
        table = document.add_table(rows=1, cols=len(header))
        table.style = docx_writer._style(document, docx_writer.TABLE_STYLE, "Table Grid")
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        docx_writer.keep_rows_whole(table.rows[0]._tr)
        for values in rows:
            row = table.add_row()
            docx_writer.keep_rows_whole(row._tr)
            for cell, text in zip(row.cells, values):
                cell.text = str(text)
                if isinstance(text, int):  # figures flush right
                    cell.paragraphs[0].alignment = docx_writer.WD_ALIGN_PARAGRAPH.RIGHT
        docx_writer.repeat_header_row(table)
        if widths_cm:
            fix_widths(table, [docx_writer.Cm(width) for width in widths_cm])

    reference_docx = resources.files("qualcode").joinpath("report/reference.docx").read_bytes()
    header = ("Case", "Role", "A", "B")
    rows = [("c1", "gov", 1, 2), ("short",), ("tab\there", " lead", "trail ", "two\nlines"),
            ("cr\rz", "", "é “q” <&>", 0), ("c2", "com", 3, 4)]
    for widths in (None, [3, 2, 1, 1]):
        for body in (rows, rows[:1], []):
            old, new = Document(io.BytesIO(reference_docx)), Document(io.BytesIO(reference_docx))
            reference(old, header, body, widths)
            docx_writer._table(new, header, body, widths)
            assert etree.tostring(new.element) == etree.tostring(old.element)


def test_attributions_word_each_informant_as_before():
    from qualcode.report.i18n import catalogue
    from qualcode.report.sections import Attributions, term

    def reference(case_id, source_id, source_type, cases, t):
        if case_id and case_id in set(cases["case_id"]):
            row = cases.set_index("case_id").loc[case_id]
            position = row.get("position") if "position" in row else None
            role = term(t, row.get("role")) if isinstance(row.get("role"), str) else None  # none: not "no role"
            who = ", ".join(part for part in (position, role) if isinstance(part, str) and part) or case_id
            return who if case_id in (source_id, who) else f"{who} ({case_id})"  # the segment id names the source
        return term(t, source_type)

    t = catalogue("en")
    with_position = pd.DataFrame({"case_id": ["a", "b", "c"], "role": ["government", None, "community"],
                                  "position": ["Head of unit", None, ""]})
    for cases in (with_position, with_position.drop(columns="position")):
        who = Attributions(cases, t)
        for case_id, source_id, source_type in (("a", "s1", "interview"), ("b", "s2", "interview"),
                                                ("c", "s3", "fieldnote"), (None, "doc", "document"),
                                                ("zz", "s4", "observation"), ("a", "s5", "interview"),
                                                ("a", "a", "interview")):
            assert who(case_id, source_id, source_type) == reference(case_id, source_id, source_type, cases, t)
    # an informant with neither role nor position is named by its id, never "no role"
    assert Attributions(with_position, t)("b", "s2", "interview") == "b"


def test_indented_json_is_json_dumps():
    from qualcode.workflow.conclusions import indented_json

    rng = random.Random(5)
    ids = lambda n: [f"src-{rng.randint(0, 9)}:{i}" for i in range(n)]  # noqa: E731
    base = {"schema": "x", "assertions": [{
        "evidence": ids(100), "chain": [{"segments": ids(70), "cases": ["c1"]}, {"segments": tuple(ids(80))}],
        "figures": {"n": 3, "f": 0.1, "nan": float("nan"), "none": None, "b": True, "set": {1, 2},
                    "mixed": [1, "x"] * 40},
        "quotes": [{"text": "é “q” \"esc\" \\ \n\t\x01"}], "empty": [], "strs": ["ä\u2028"] * 70,
        "escaped": ["a\"b", "c\\d", "e\nf"] * 30,
        "almost": ["a"] * 63 + [1], "nested": [ids(65), ids(3)]}]}
    for extra in ({}, {"looks_like_a_mark": "\x00qualcode-list-0\x00"}):
        payload = {**base, **extra}
        assert indented_json(payload) == json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True,
                                                    default=str)


# ------------------------------------------------------------------------------ background work
def _values(fail_in_child_from: int | None, parent: int):
    for n in range(3):
        if fail_in_child_from is not None and n >= fail_in_child_from and os.getpid() != parent:
            os._exit(3)  # the worker dies
        yield n * 10


def _raises():
    yield 1
    raise ValueError("broken")


@pytest.mark.parametrize("fail_from", [None, 0, 2])
def test_staged_work_gives_its_values_whatever_the_worker_does(fail_from):
    from qualcode.display.background import Staged

    for background in (True, False):
        staged = Staged(_values, fail_from, os.getpid(), background=background)
        try:
            assert [staged.next() for _ in range(3)] == [0, 10, 20]
        finally:
            staged.close()
    staged = Staged(_raises)
    assert staged.next() == 1
    with pytest.raises(ValueError, match="broken"):
        staged.next()  # the worker's failure, raised here where it can be read
    staged.close()


def _fed_values(take, fail_in_child: str | None, parent: int):
    if fail_in_child == "before the feed" and os.getpid() != parent:
        os._exit(3)
    start = take()
    if fail_in_child == "after the feed" and os.getpid() != parent:
        os._exit(3)
    for n in range(3):
        yield start + n


@pytest.mark.parametrize("fail", [None, "before the feed", "after the feed"])
def test_staged_work_fed_later_gives_its_values_whatever_the_worker_does(fail):
    from qualcode.display.background import Staged

    for background in (True, False):
        staged = Staged(_fed_values, fail, os.getpid(), background=background, fed=True)
        try:
            if fail == "before the feed" and staged.in_background:
                staged._process.join(20)  # the worker is gone before it is fed
            staged.feed(100)
            assert [staged.next() for _ in range(3)] == [100, 101, 102]
        finally:
            staged.close()


def _streamed_values(items, fail_in_child: str | None, parent: int):
    in_child = os.getpid() != parent
    if fail_in_child == "before the first" and in_child:
        os._exit(3)
    for n, item in enumerate(items):
        if fail_in_child == "after the first" and in_child and n:
            os._exit(3)
        yield item * 2


@pytest.mark.parametrize("fail", [None, "before the first", "after the first"])
def test_staged_work_streamed_gives_its_values_whatever_the_worker_does(fail):
    """Values handed over one by one (a display as it is built, some large): the worker
    takes each as it comes; one that fails, at any point, leaves the work to this process,
    which has every value still."""
    from qualcode.display.background import Staged

    large = "x" * 300_000  # larger than a pipe holds: handed over without waiting on the worker
    for background in (True, False):
        staged = Staged(_streamed_values, fail, os.getpid(), background=background, streamed=True)
        try:
            for item in (1, large, 3):
                staged.put(item)
            staged.end()
            assert [staged.next() for _ in range(3)] == [2, large * 2, 6]
        finally:
            staged.close()
    with pytest.raises(RuntimeError, match="before end"):
        Staged(_streamed_values, None, os.getpid(), streamed=True, background=False).next()
    staged = Staged(_streamed_values, None, os.getpid(), streamed=True)
    process = staged._process
    staged.put(1)
    staged.close()  # never ended: the worker meets the end of its feed, and is gone
    assert not process.is_alive()


def test_a_fed_worker_never_fed_ends_with_its_caller():
    """The caller failed before it had the worker's input: closing must not wait on a worker
    that waits for input, and the worker must see its feed end rather than wait for ever."""
    from qualcode.display.background import Staged

    staged = Staged(_fed_values, None, os.getpid(), fed=True)
    process = staged._process
    assert process is not None and process.is_alive()
    staged.close()
    assert not process.is_alive()
    with pytest.raises(RuntimeError, match="before feed"):
        Staged(_fed_values, None, os.getpid(), fed=True, background=False).next()


@pytest.mark.parametrize("imported_ahead", [False, True])
def test_the_reports_charts_worker_starts_as_early_as_it_helps(demo_project, monkeypatch, imported_ahead):
    """A new process: the charts' worker starts before the store is read, to import
    matplotlib meanwhile. Imported ahead (`run`): two start once the store is read, each to
    build its share of the charted displays beside this process rather than wait for them.
    The workbook's worker starts once the store is read too, to write each display's sheets
    as it is built."""
    import multiprocessing

    from qualcode.project import load_config
    from qualcode.workflow import code_auto, display_files, displays, ingest, reporting

    config = load_config(demo_project)
    ingest(config)
    code_auto(config)
    monkeypatch.setattr(display_files, "drawing_imported", lambda: imported_ahead)
    reading, building = displays.analysis_inputs, displays.build_all
    workers_then: dict[str, list[int]] = {"reading": [], "building": []}

    def noting(name, function):
        def call(*args, **kwargs):
            if kwargs.get("charts") is None:  # not a charts' worker's own
                workers_then[name].append(len(multiprocessing.active_children()))
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(displays, "analysis_inputs", noting("reading", reading))
    monkeypatch.setattr(displays, "build_all", noting("building", building))
    files = reporting.build_report(config)
    assert workers_then == {"reading": [0 if imported_ahead else 1], "building": [3 if imported_ahead else 2]}
    assert {"heatmap", "bars", "network:png"} <= set(files.matrices)
    assert not multiprocessing.active_children()


def _written_as_a_report_writes(config, folder, monkeypatch, imported_ahead: bool,
                                handed: str = "as built") -> tuple[dict, dict]:
    """DisplayFiles driven as build_report drives it, matplotlib imported ahead or not:
    the charts' worker started before the displays exist and handed them (not imported), or
    the workers started once the store is read, each building its own (imported ahead).
    The workbook's worker is handed each display `as built`, or none before `tables`, or
    copies of them ("others": it is then not the worker that writes the workbook).
    Returns (figures, every file written)."""
    from dataclasses import replace

    from qualcode.workflow import display_files
    from qualcode.workflow.displays import analysis_inputs, build_all

    monkeypatch.setattr(display_files, "drawing_imported", lambda: imported_ahead)
    with display_files.DisplayFiles(config, "en", folder) as files:
        inputs = analysis_inputs(config)
        files.read(inputs)
        hand = {"as built": lambda name, display: files.built(display), "none": None,
                "others": lambda name, display: files.built(replace(display))}[handed]
        built = build_all(config, inputs, on_built=hand)
        files.charts(built, inputs.codebook)
        files.tables(built)
        return files.figures(), files.written()


def test_display_files_written_in_a_worker_are_the_same(tmp_path, demo_project, monkeypatch):
    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest
    from qualcode.workflow.display_files import DisplayFiles
    from qualcode.workflow.displays import analysis_inputs, build_all, write_displays

    config = load_config(demo_project)
    ingest(config)
    code_auto(config)
    inputs = analysis_inputs(config)
    displays = build_all(config, inputs)
    here = write_displays(config, displays, "en", tmp_path / "here", segments=inputs.segments)
    with DisplayFiles(config, "en", tmp_path / "worker", displays=displays, segments=inputs.segments) as files:
        figures = files.figures()
        there = files.written()
    # as a report has it: the charts' worker handed the displays (early), or two workers
    # building their own (late)
    _, early = _written_as_a_report_writes(config, tmp_path / "early", monkeypatch, imported_ahead=False)
    _, late = _written_as_a_report_writes(config, tmp_path / "late", monkeypatch, imported_ahead=True)
    # the workbook's worker handed no display before `tables`, or copies (a worker of its own then)
    _, none = _written_as_a_report_writes(config, tmp_path / "none", monkeypatch, False, handed="none")
    _, others = _written_as_a_report_writes(config, tmp_path / "others", monkeypatch, False, handed="others")
    assert list(there) == list(here) == list(early) == list(late) == list(none) == list(others)
    assert set(figures) <= set(there) and {"heatmap", "bars", "network:png"} <= set(figures)
    for key, path in here.items():
        assert there[key].read_bytes() == path.read_bytes() == early[key].read_bytes() == late[key].read_bytes() \
            == none[key].read_bytes() == others[key].read_bytes(), key


def test_charts_drawn_by_two_workers_are_listed_in_the_displays_order(demo_project, monkeypatch):
    """The heat map and the other charts come from different workers where matplotlib is
    imported ahead; the files are listed in the displays' declared order all the same."""
    import yaml

    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest
    from qualcode.workflow.display_specs import shipped_displays_text

    declared = yaml.safe_load(shipped_displays_text())
    first = [d for d in declared["displays"] if d["kind"] in ("prevalence", "cooccurrence")]
    declared["displays"] = first + [d for d in declared["displays"] if d not in first]  # heat map last
    (demo_project / "displays.yaml").write_text(yaml.safe_dump(declared), encoding="utf-8")
    config = load_config(demo_project)
    ingest(config)
    code_auto(config)
    listed = {name: list(_written_as_a_report_writes(config, demo_project / name, monkeypatch, imported_ahead)[0])
              for name, imported_ahead in (("one worker", False), ("two workers", True))}
    assert listed["one worker"] == listed["two workers"]
    assert listed["two workers"][0] == "bars" and listed["two workers"][-1] == "heatmap"


def test_evidence_frame_and_prevalence_as_before(tmp_path):
    from qualcode.conclude.evidence import EVIDENCE_COLUMNS, ReadingOrder, evidence_frame, segment_order
    from qualcode.conclude.tactics import Prevalence, prevalence
    from qualcode.display.frames import with_rollup

    codebook = make_codebook(tmp_path)
    codings, segments, cases = make_frames()
    joined = codings.merge(segments[["segment_id", "source_id", "source_type", "case_id", "text"]],
                           on="segment_id", how="inner")
    joined["dimension"] = [codebook.top_level(c) for c in joined["code_id"]]
    joined["role"] = joined["case_id"].map(cases.set_index("case_id")["role"])
    # the codings' matched spans ride along (what a quote is cut around)
    pd.testing.assert_frame_equal(evidence_frame(codings, segments, cases, codebook),
                                  joined[EVIDENCE_COLUMNS + ["spans"]].reset_index(drop=True))

    coded = with_rollup(codings, codebook, "dimension").merge(
        segments[["segment_id", "case_id", "source_type"]], on="segment_id", how="inner")
    roles_of = cases.set_index("case_id")["role"].dropna().to_dict()
    expected = []
    for code_id in (*codebook.framework.dimensions, *codebook.framework.cross_cutting):
        rows = coded[coded["column_code"] == code_id]
        case_ids = set(rows["case_id"].dropna())
        expected.append(Prevalence(code_id, int(rows["segment_id"].nunique()), len(case_ids), len(cases),
                                   tuple(sorted({roles_of[c] for c in case_ids if c in roles_of})),
                                   len(set(roles_of.values())), tuple(sorted(set(rows["source_type"]))),
                                   int(segments["source_type"].nunique()), segment_order(rows["segment_id"])))
    assert prevalence(codings, segments, cases, codebook) == expected
    assert prevalence(codings, segments, cases, codebook, ReadingOrder(codings["segment_id"])) == expected


def test_trimmed_quotes_as_the_regex_made_them():
    import random

    from qualcode.display.quotes import ELLIPSIS, trim_text

    def by_regex(text, max_chars):
        flat = text.astype(object).fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
        cut = flat.str.slice(0, max_chars).str.replace(r"\s+\S*$", "", regex=True).str.rstrip(",;:.")
        return flat.where(~(flat.str.len() > max_chars), cut + ELLIPSIS)

    rng = random.Random(3)
    # Unicode spaces that both call whitespace, and a zero-width space and BOM that neither does
    alphabet = list("abcdé,.;: ") + ["\u00a0", "\t", "\n", "\u2003", "\u3000", "\x1c", "\x85", "\u200b", "\ufeff"]
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(5000)]
    texts = pd.Series(values + [None, float("nan"), 12], index=range(7, 7 + len(values) + 3))
    for max_chars in (0, 1, 5, 20, 50):
        pd.testing.assert_series_equal(trim_text(texts, max_chars), by_regex(texts, max_chars))


def test_report_quotes_trimmed_as_the_regex_made_them():
    import random
    import re

    from qualcode.report.sections import trim

    def by_regex(text, limit):
        text = re.sub(r"\s+", " ", text).strip()
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"

    rng = random.Random(5)
    alphabet = list("abcdé,.;: ") + ["\u00a0", "\t", "\n", "\u2003", "\u3000", "\x1c", "\x85", "\u200b", "\ufeff"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for limit in (1, 5, 20, 50):
            assert trim(text, limit) == by_regex(text, limit), (text, limit)


def test_a_far_longer_answer_is_not_quoted_for_every_code():
    """Among short complaints, one of 4,000 characters matches more terms and scores higher:
    it is quoted only when nothing else is left, not first."""
    from qualcode.conclude.quoting import diverse_quotes

    short = [{"segment_id": f"aduan-{n}:1", "case_id": f"aduan-{n}", "role": None, "source_type": "response",
              "text": f"Lampu jalan di gang {chr(97 + n % 26)}{chr(97 + n // 26)} mati sejak minggu lalu, tolong "
                      "segera diperbaiki", "score": 1.0}
             for n in range(30)]  # each its own words: a number alone makes no other quote (words_key)
    long = {"segment_id": "aduan-99:1", "case_id": "aduan-99", "role": None, "source_type": "response",
            "text": "Aplikasi, wifi, CCTV, lampu jalan dan anggaran desa semuanya bermasalah. " * 55, "score": 6.0}
    quoted = [q.segment_id for q in diverse_quotes(pd.DataFrame(short + [long]), 3)]
    assert "aduan-99:1" not in quoted and len(quoted) == 3
    # alone with a few others it is still quoted (too few to call it an outlier)
    few = [q.segment_id for q in diverse_quotes(pd.DataFrame(short[:3] + [long]), 1)]
    assert few == ["aduan-99:1"]
