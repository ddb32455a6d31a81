"""The words a display's sheet uses in a language, beyond those of the report's catalogue.

A display is built language-neutral: code ids in its headers, English tokens in its cells
(partial, strong, `5 seg / 1 of 1 inf`), which its CSV keeps for scripts. The XLSX workbook
is read by people, in the report's language: `words` is the report's catalogue
(qualcode.report.i18n: case, role, partial, missing, roles and source types…) with SHEET_WORDS
added, so the workbook says what the report says.
"""

from __future__ import annotations

from qualcode.people import for_people
from qualcode.report.i18n import CATALOGUES

SHEET_WORDS: dict[str, dict[str, str]] = {
    "id": {
        # column and row headers the report has no word for
        "component": "Komponen", "row": "Baris", "total": "Total",
        # cell marks: the checklist's ratings, the summary table's counts, groups without one
        "strong": "kuat", "sketchy": "tipis", "absent": "tidak ada", "computed": "menurut aturan",
        "seg": "segmen", "inf": "informan", "of": "dari", "(none)": "(tanpa nilai)",  # as the report says it
        "thousands": ".",  # 18.720 segmen
        # what a note's option values say (`<option>_<value>`)
        "level_segment": "segmen", "level_case": "informan",
        "measure_count": "jumlah", "measure_jaccard": "Jaccard", "measure_lift": "lift",
        "period_day": "hari", "period_week": "minggu", "period_month": "bulan",
        "period_quarter": "triwulan", "period_year": "tahun",
        "time_date": "tanggal", "time_timestamp": "stempel waktu",
        "attribute_role": "peran", "attribute_source_type": "jenis sumber", "attribute_question": "pertanyaan",
        # the headers of a display's sheet of numbers (`<name> data`)
        "cells_row": "Baris", "cells_column": "Kolom", "cells_segments": "Segmen",
        "cells_informants": "Informan", "cells_informants_total": "Informan dalam kelompok",
        "cells_computed_rating": "Penilaian menurut aturan", "cells_quote_segment": "Segmen kutipan",
        "cells_quote": "Kutipan", "cells_question": "Pertanyaan", "cells_overridden": "Diubah peneliti",
        "own_only": " (kode itu sendiri)",  # a parent's column that leaves its subcodes out
        "cell_yes": "ya", "cell_no": "tidak",  # a yes/no column's cells (Diubah peneliti)
        "cells_rating": "Penilaian",
        "cells_mark": "Tanda", "cells_sources": "Sumber",
        "data_sheet": "data",
        # the workbook's first sheet
        "about_sheet": "Tentang", "about_title": "Sajian data: {project}", "about_project": "Proyek",
        "about_description": "Keterangan",
        "about_codebook": "Buku kode", "about_made": "Dibuat pada", "about_tool": "Dibuat dengan",
        "about_sheet_header": "Lembar", "about_contents": "Isi",
        "about_data": "Angka lembar {name}, satu baris per sel, untuk diurutkan, disaring, dan dijumlahkan.",
        "quotes_sheet": "kutipan",
        "about_quotes": "Kutipan di balik angka lembar {name}: satu baris per segmen yang dihitung sebuah sel.",
        "about_quotes_csv": "Kutipannya terlalu banyak untuk satu sheet; ID segmennya ada di {file}.",
    },
    "en": {
        "component": "Component", "row": "Row", "total": "Total",
        "strong": "strong", "sketchy": "sketchy", "absent": "absent", "computed": "computed",
        "seg": "seg", "inf": "inf", "of": "of", "(none)": "(none)", "thousands": ",",
        "level_segment": "segments", "level_case": "informants",
        "measure_count": "count", "measure_jaccard": "jaccard", "measure_lift": "lift",
        "period_day": "day", "period_week": "week", "period_month": "month",
        "period_quarter": "quarter", "period_year": "year",
        "time_date": "date", "time_timestamp": "timestamp",
        # English notes name a grouping attribute as displays.yaml spells it
        "attribute_role": "role", "attribute_source_type": "source_type", "attribute_question": "question",
        "cells_row": "Row", "cells_column": "Column", "cells_segments": "Segments",
        "cells_informants": "Informants", "cells_informants_total": "Informants in the group",
        "cells_computed_rating": "Computed rating", "cells_quote_segment": "Quoted segment",
        "cells_quote": "Quote", "cells_question": "Question", "cells_overridden": "Overridden",
        "own_only": " (the code itself)",  # a parent's column that leaves its subcodes out
        "cell_yes": "yes", "cell_no": "no",
        "cells_rating": "Rating",
        "cells_mark": "Mark", "cells_sources": "Sources",
        "data_sheet": "data",
        "about_sheet": "About", "about_title": "Data displays: {project}", "about_project": "Project",
        "about_description": "Description",
        "about_codebook": "Codebook", "about_made": "Made on", "about_tool": "Made with",
        "about_sheet_header": "Sheet", "about_contents": "Contents",
        "about_data": "The numbers of sheet {name}, one row per cell, to sort, filter and sum.",
        "quotes_sheet": "quotes",
        "about_quotes": "The quotes behind the numbers of sheet {name}: one row per segment a cell counts.",
        "about_quotes_csv": "Too many quotes for one sheet; their segment ids are in {file}.",
    },
}


def words(language: str) -> dict[str, str]:
    """The report's catalogue and SHEET_WORDS in `language`; English for a language without
    a catalogue (`display build --lang` takes any language the codebook labels)."""
    language = language if language in CATALOGUES else "en"
    return for_people({**CATALOGUES[language], **SHEET_WORDS[language]}, language)
