"""The report's evidence workbook (reports/evidence.xlsx): every assertion's supporting and
contrary segments with their words, for a supervisor to read in Excel. The split drives each
finding's counts and strength; conclusions.json holds it only as segment ids."""

from __future__ import annotations

import pandas as pd

WORDS = {
    "id": {"sheet": "bukti", "assertion": "asersi", "statement": "pernyataan", "strength": "kekuatan",
           "side": "sisi", "support": "pendukung", "contrary": "kontra", "segment": "segmen",
           "case": "kasus", "source_type": "jenis sumber", "text": "teks",
           "note": ("Setiap baris adalah satu segmen yang dihitung sebagai bukti pendukung atau kontra sebuah "
                    "asersi; pemisahannya mekanis (lihat Metode dalam laporan). Kasus kosong: sumber tanpa "
                    "informan (dokumen, observasi).")},
    "en": {"sheet": "evidence", "assertion": "assertion", "statement": "statement", "strength": "strength",
           "side": "side", "support": "supporting", "contrary": "contrary", "segment": "segment",
           "case": "case", "source_type": "source type", "text": "text",
           "note": ("Each row is one segment counted as supporting or contrary evidence of an assertion; the "
                    "split is mechanical (see the report's Method). An empty case: a source with no informant "
                    "(a document, an observation).")},
}


def evidence_sheet(conclusions, segments: pd.DataFrame, language: str) -> tuple[str, list, list[list], tuple[str, ...]]:
    """(sheet name, header, rows, notes): a row per assertion and segment on either side."""
    from qualcode.conclude.wording import strength_label
    from qualcode.report.i18n import catalogue

    w = WORDS.get(language, WORDS["en"])
    t = catalogue(language if language in WORDS else "en")
    wanted = {segment for c in conclusions for segment in (*c.evidence, *_contrary(c))}
    known = segments[segments["segment_id"].isin(wanted)].drop_duplicates("segment_id").set_index("segment_id")
    header = [w["assertion"], w["statement"], w["strength"], w["side"], w["segment"], w["case"],
              w["source_type"], w["text"]]
    rows = []
    for conclusion in conclusions:
        for side, ids in (("support", conclusion.evidence), ("contrary", _contrary(conclusion))):
            for segment_id in ids:
                row = known.loc[segment_id] if segment_id in known.index else None
                source_type = _text(row, "source_type")
                rows.append([conclusion.spec.id, conclusion.statement, strength_label(conclusion, language),
                             w[side], segment_id, _text(row, "case_id"), t.get(source_type, source_type),
                             _text(row, "text")])
    return w["sheet"], header, rows, (w["note"],)


def _contrary(conclusion) -> tuple[str, ...]:
    check = next((k for k in conclusion.checks if k.name == "negative_evidence"), None)
    return tuple(check.evidence) if check is not None else ()


def _text(row, column: str) -> str:
    if row is None or column not in row.index:
        return ""
    value = row[column]
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
