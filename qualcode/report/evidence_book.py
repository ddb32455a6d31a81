"""The report's evidence workbook (reports/evidence.xlsx): every assertion's supporting and
contrary segments with their words, for a supervisor to read in Excel. The split drives each
finding's counts and strength; conclusions.json holds it only as segment ids."""

from __future__ import annotations

import pandas as pd

WORDS = {
    # headings capitalised as displays.xlsx's are; a side's values stay lower case
    "id": {"sheet": "Bukti", "assertion": "ID asersi", "statement": "Pernyataan", "strength": "Kekuatan",
           "side": "Sisi", "support": "pendukung", "contrary": "kontra", "segment": "Segmen",
           "case": "Kasus", "source_type": "Jenis sumber", "text": "Teks",
           "note": ("Setiap baris adalah satu segmen yang dihitung sebagai bukti pendukung atau kontra sebuah "
                    "asersi; pemisahannya mekanis (lihat Metode dalam laporan)."),
           "no_case": "Kasus kosong: sumber tanpa informan (dokumen, observasi, catatan lapangan).",
           "cut": "Hanya {shown} baris pertama dari {total} yang ditampilkan; conclusions.json memuat semuanya."},
    "en": {"sheet": "Evidence", "assertion": "Assertion id", "statement": "Statement", "strength": "Strength",
           "side": "Side", "support": "supporting", "contrary": "contrary", "segment": "Segment",
           "case": "Case", "source_type": "Source type", "text": "Text",
           "note": ("Each row is one segment counted as supporting or contrary evidence of an assertion; the "
                    "split is mechanical (see the report's Method)."),
           "no_case": "An empty case: a source with no informant (a document, an observation, a field note).",
           "cut": "Only the first {shown} of {total} rows are shown; conclusions.json holds them all."},
}


# Rows past this are left out (and said): a sheet is for reading, writing 100,000 rows took
# 12 s of a report, and a survey of a million codings would pass Excel's 1,048,576 rows;
# conclusions.json holds every segment id.
MAX_ROWS = 20_000


def evidence_sheet(conclusions, segments: pd.DataFrame, language: str) -> tuple[str, list, list[list], tuple[str, ...]]:
    """(sheet name, header, rows, notes): a row per assertion and segment on either side."""
    from qualcode.conclude.wording import strength_label
    from qualcode.report.i18n import catalogue

    w = WORDS.get(language, WORDS["en"])
    t = catalogue(language if language in WORDS else "en")
    wanted = {segment for c in conclusions for segment in (*c.evidence, *_contrary(c))}
    known = segments[segments["segment_id"].isin(wanted)].drop_duplicates("segment_id")
    about = {segment_id: (_text(case_id), t.get(_text(kind), _text(kind)), _text(text))
             for segment_id, case_id, kind, text in zip(
                 known["segment_id"].tolist(), _column(known, "case_id"), _column(known, "source_type"),
                 _column(known, "text"))}
    header = [w["assertion"], w["statement"], w["strength"], w["side"], w["segment"], w["case"],
              w["source_type"], w["text"]]
    rows, total = [], 0
    for conclusion in conclusions:
        strength = strength_label(conclusion, language)
        for side, ids in (("support", conclusion.evidence), ("contrary", _contrary(conclusion))):
            total += len(ids)
            for segment_id in ids[:max(0, MAX_ROWS - len(rows))]:
                rows.append([conclusion.spec.id, conclusion.statement, strength, w[side], segment_id,
                             *about.get(segment_id, ("", "", ""))])
    # said only where a row has no case: a table's rows are all someone's
    note = w["note"] + (" " + w["no_case"] if any(not row[5] for row in rows) else "")
    notes = (note,) + ((w["cut"].format(shown=len(rows), total=total),) if total > len(rows) else ())
    return w["sheet"], header, rows, notes


def _column(frame: pd.DataFrame, name: str) -> list:
    return frame[name].astype(object).tolist() if name in frame.columns else [None] * len(frame)


def _contrary(conclusion) -> tuple[str, ...]:
    check = next((k for k in conclusion.checks if k.name == "negative_evidence"), None)
    return tuple(check.evidence) if check is not None else ()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
