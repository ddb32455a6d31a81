"""A display's notes as data, worded in a language when they are written.

A display function states what its notes say as `Note`s (which note, and the numbers and
option values in it); `note_text` words one from NOTES, in English or Indonesian, when a
sheet or the terminal shows it. A note given as plain text is shown as it is.

Parameters are worded by name: `code` and `codes` are code ids, shown as their labels when
labels are given; `level`, `measure`, `period`, `time` and `attribute` are option values,
worded from the sheet's words (`<name>_<value>`, qualcode.display.wording). A template given
as a pair is (one, many), chosen by the parameter `n`. Templates reach the sheet's words as
`{w[partial]}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qualcode.display.wording import words
from qualcode.people import for_people_text
from qualcode.textrules import with_thousands

WORDED_PARAMS = ("level", "measure", "period", "time", "attribute")
CODE_PARAMS = ("code", "codes")

NOTES: dict[str, dict[str, str | tuple[str, str]]] = {
    "en": {
        "review_none": "No codings behind this display.",
        "review_all": "All {total} codings behind this display have been reviewed.",
        "review_some": ("{unreviewed} of {total} codings behind this display are unreviewed "
                        "suggestions (status \"suggested\")."),
        "accounting_rule": ("\u2713 = at least {complete_min_segments} coded segments; partial = fewer; "
                            "missing = none (sources = 0: nothing of that type was collected)."),
        "checklist_rule": ("Rating: absent = no segment; strong = at least {strong_segments} segments "
                           "from at least {strong_share:.0%} of the column's informants (at least one); "
                           "sketchy = anything in between."),
        "checklist_overridden": (
            "\u2020 rating set by the researcher ({n} cell), shown with the rating the rule computed.",
            "\u2020 rating set by the researcher ({n} cells), shown with the rating the rule computed."),
        "checklist_unused_override": "Override for {code} / {column} is not used: no such cell.",
        "checklist_caseless": (
            "{n} coded segment from sources without an informant is not rated.",
            "{n} coded segments from sources without an informant are not rated."),
        "clustered_cells": "Columns: the codes of {codes}; cells: up to {quotes} best-scored quotes.",
        "clustered_group_cells": ("Columns: the codes of {codes}; cells: up to {quotes} best-scored "
                                  "quotes from different informants."),
        "cooccurrence_counts": ("Units: {level} (N = {universe}); cells: {measure}; the diagonal is "
                                "each code's own count."),
        "cooccurrence_jaccard": ("Units: {level} (N = {universe}); cells: Jaccard, the {level} with both codes "
                                 "over those with either (0 to 1; 1 on the diagonal of a code that occurs); "
                                 "blank where neither code occurs."),
        "cooccurrence_lift": ("Units: {level} (N = {universe}); cells: lift, how many times more often the two "
                              "codes share a unit than chance would have them (1: as often as by chance); blank "
                              "on the diagonal and where a code does not occur."),
        "case_code_count": "Cells: distinct segments coded (subcodes rolled up at dimension depth).",
        "case_code_count_codes": ("Cells: distinct segments coded with each code itself (a dimension's "
                                  "column counts only codings on the dimension, not on its subcodes)."),
        "case_code_presence": "Cells: 1 when the case has at least one coded segment, else 0.",
        "case_code_quotes": "Cells: the best-scored segments, up to three, with their source.",
        "case_code_density": "Cells: share of the case's codable words in segments coded with the code.",
        "role_ordered_cells": ("Rows: informants grouped by {attribute}; cells: up to {quotes} "
                               "best-scored quotes per informant and code; — where the informant said "
                               "nothing coded there."),
        "framework_cells": ("Cells: the researcher's summary (where written), then up to {quotes} "
                            "best-scored quotes."),
        "framework_unused_summary": "Summary for {case} / {code} is not shown: no such row or column.",
        "summary_cells": ("Cells: distinct segments / informants who raise the code of all informants "
                          "in the group ({attribute})."),
        "prevalence_cells": "Cells: share of the {attribute}'s informants who raise the code.",
        "no_group_column": ("(none): the segments of sources with no informant (documents, observations, "
                            "field notes) and of informants with no {attribute}."),
        "time_dates_count": "Periods: {period} of the source date; cells: distinct segments.",
        "time_sources": ("Sources with coded segments, by period: {listing}. A period with more sources "
                         "has more of everything; a date is its source's (the interview, the document), "
                         "not that of the events it tells of."),
        "time_dates_quotes": "Periods: {period} of the source date; cells: best-scored quotes.",
        "time_recording": "Periods: {bin_minutes}-minute slices of the recording (segment timestamps).",
        "time_undated": ("{n} coded segment without a {time} is not shown.",
                         "{n} coded segments without a {time} are not shown."),
        "time_undated_date": ("{n} coded segment without a date is not shown ({sources}): give its file a "
                              "`date:` in its front matter, or its case a date column in cases.csv.",
                              "{n} coded segments without a date are not shown ({sources}): give their files a "
                              "`date:` in their front matter, or their cases a date column in cases.csv."),
    },
    "id": {
        "review_none": "Tidak ada pengodean yang mendasari sajian ini.",
        "review_all": "Seluruh {total} pengodean yang mendasari sajian ini telah ditinjau.",
        "review_some": ("Sebanyak {unreviewed} dari {total} pengodean yang mendasari sajian ini adalah "
                        "usulan mesin yang belum ditinjau."),
        "accounting_rule": ("\u2713 = sedikitnya {complete_min_segments} segmen berkode; {w[partial]} = "
                            "lebih sedikit; {w[missing]} = tidak satu pun ({w[sources]} = 0: tidak ada "
                            "data jenis itu yang dikumpulkan)."),
        "checklist_rule": ("Peringkat: {w[absent]} = tanpa segmen; {w[strong]} = sedikitnya "
                           "{strong_segments} segmen dari sedikitnya {strong_share:.0%} informan kolom "
                           "ini (minimal satu orang); {w[sketchy]} = di antara keduanya."),
        "checklist_overridden": ("\u2020 peringkat ditetapkan peneliti ({n} sel), ditampilkan bersama "
                                 "peringkat {w[computed]}."),
        "checklist_unused_override": ("Penetapan peringkat untuk {code} / {column} tidak dipakai: sel "
                                      "itu tidak ada."),
        "checklist_caseless": "{n} segmen berkode dari sumber tanpa informan tidak diberi peringkat.",
        "clustered_cells": "Kolom: kode-kode {codes}; sel: hingga {quotes} kutipan dengan skor tertinggi.",
        "clustered_group_cells": ("Kolom: kode-kode {codes}; sel: hingga {quotes} kutipan dengan skor "
                                  "tertinggi dari informan yang berbeda."),
        "cooccurrence_counts": ("Unit: {level} (N = {universe}); sel: {measure}; diagonal memuat "
                                "jumlah tiap kode itu sendiri."),
        "cooccurrence_jaccard": ("Unit: {level} (N = {universe}); sel: Jaccard, yaitu banyaknya {level} yang "
                                 "memuat kedua kode dibagi yang memuat salah satunya (0 sampai 1; diagonal 1 untuk "
                                 "kode yang muncul); kosong bila kedua kode tidak muncul sama sekali."),
        "cooccurrence_lift": ("Unit: {level} (N = {universe}); sel: lift, berapa kali lebih sering kedua kode "
                              "muncul bersama daripada yang diharapkan secara kebetulan (1: sama seperti "
                              "kebetulan); kosong pada diagonal dan bila salah satu kode tidak muncul."),
        "case_code_count": "Sel: segmen berbeda yang dikodekan (subkode digabung pada tingkat dimensi).",
        "case_code_count_codes": ("Sel: segmen berbeda yang dikodekan dengan kode itu sendiri (kolom "
                                  "dimensi hanya menghitung pengodean pada dimensi, bukan pada subkodenya)."),
        "case_code_presence": "Sel: 1 bila kasus memiliki sedikitnya satu segmen berkode, selain itu 0.",
        "case_code_quotes": "Sel: segmen dengan skor tertinggi, paling banyak tiga, beserta sumbernya.",
        "case_code_density": ("Sel: proporsi kata yang dapat dikode dari kasus ini yang berada dalam "
                              "segmen dengan kode tersebut."),
        "role_ordered_cells": ("Baris: informan dikelompokkan menurut {attribute}; sel: hingga {quotes} "
                               "kutipan dengan skor tertinggi per informan dan kode; — bila informan "
                               "tidak mengatakan apa pun yang dikodekan di situ."),
        "framework_cells": ("Sel: ringkasan peneliti (bila ada), lalu hingga {quotes} kutipan dengan "
                            "skor tertinggi."),
        "framework_unused_summary": ("Ringkasan untuk {case} / {code} tidak ditampilkan: baris atau "
                                     "kolom itu tidak ada."),
        "summary_cells": ("Sel: segmen berbeda / informan yang membahas kode ini dari semua informan "
                          "dalam kelompok ({attribute})."),
        "prevalence_cells": "Sel: proporsi informan tiap {attribute} yang membahas kode ini.",
        "no_group_column": ("(tanpa nilai): segmen dari sumber tanpa informan (dokumen, observasi, catatan "
                            "lapangan) dan dari informan tanpa {attribute}."),
        "time_dates_count": "Periode: per {period} menurut tanggal sumber; sel: segmen berbeda.",
        "time_sources": ("Sumber dengan segmen berkode per periode: {listing}. Periode dengan lebih "
                         "banyak sumber memuat lebih banyak segmen; tanggalnya tanggal sumber (wawancara, "
                         "dokumen), bukan waktu peristiwa yang diceritakannya."),
        "time_dates_quotes": ("Periode: per {period} menurut tanggal sumber; sel: kutipan dengan skor "
                              "tertinggi."),
        "time_recording": "Periode: potongan {bin_minutes} menit rekaman (menurut stempel waktu segmen).",
        "time_undated": "{n} segmen berkode tanpa {time} tidak ditampilkan.",
        "time_undated_date": ("{n} segmen berkode tanpa tanggal tidak ditampilkan ({sources}): beri berkasnya "
                              "`date:` di front matter, atau kasusnya kolom date di cases.csv."),
    },
}


@dataclass(frozen=True)
class Note:
    """One note of a display: which one (a key of NOTES) and the values it states, as
    (name, value) pairs. Make one with `note`."""

    key: str
    params: tuple[tuple[str, object], ...] = ()


def note(key: str, **params) -> Note:
    if key not in NOTES["en"]:
        raise KeyError(f"no note {key!r}")
    return Note(key, tuple(sorted(params.items())))


def note_text(item: Note | str, language: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """A note in `language` (English for one without notes), code ids shown as `labels`."""
    if isinstance(item, str):
        return item
    template = NOTES.get(language, NOTES["en"])[item.key]
    params = dict(item.params)
    if isinstance(template, tuple):
        template = template[0] if params.get("n") == 1 else template[1]
    vocabulary = words(language)
    labels = labels or {}
    for name, value in params.items():
        if name in WORDED_PARAMS:
            params[name] = vocabulary.get(f"{name}_{value}", value)
        elif name in CODE_PARAMS:
            codes = (value,) if isinstance(value, str) else value
            params[name] = ", ".join(labels.get(code, code) for code in codes)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1000:
            # thousands marked as the report marks them: 4.761 in Indonesian, 4,761 in English
            params[name] = with_thousands(value, vocabulary["thousands"])
    return for_people_text(template.format(w=vocabulary, **params), language)


def note_texts(notes, language: str = "en", labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
    return tuple(note_text(item, language, labels) for item in notes)
