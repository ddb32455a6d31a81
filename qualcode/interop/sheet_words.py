"""A coding sheet's words in the coder's language: its sheets' names, the fixed columns'
headers, the word for "not this code", and the how-to. The reader takes either language's
(a sheet exported in Indonesian imports in an English project, and back), so the words of
every language here must stay distinct from any code id of a codebook: they are headers
and cell values, not codes."""

from __future__ import annotations

ACCEPT = "x"  # the same in every language

SHEET_WORDS: dict[str, dict] = {
    "en": {
        "coding": "coding", "howto": "how to", "codes": "codes",
        "fixed": ("segment_id", "source", "speaker", "text", "suggestions"),
        "reject": "reject",
        "codes_header": ("code", "label", "definition", "include", "exclude"),
        "choice_error": "Use {accept} (coded), {reject} (not this code), or leave the cell empty.",
        "howto_lines": (
            "qualcode coding sheet",
            "",
            "Fill the code columns of the sheet '{coding}', one cell per segment and code:",
            "  {accept}       coded: you apply this code to the segment",
            "  {reject}  explicitly not this code (also overrules the machine's suggestion)",
            "  empty   no decision of yours; a machine suggestion stays an unreviewed suggestion",
            "",
            "The sheet '{codes}' gives each code's label, definition and what it includes and",
            "excludes; a code column's header note gives them too.",
            "",
            "Cells already filled are your earlier decisions. Emptying one removes that decision.",
            "Case and spaces do not matter. Rows may be sorted, filtered or deleted (a deleted row",
            "changes no decision, but counts as a segment you did not look at when agreement is",
            "measured on a sample); do not edit the segment_id column, the code names in the header,",
            "or the hidden sheet 'qualcode'.",
            "",
            "A survey's answer has the question it answers in the speaker column.",
            "",
            "For notes on a segment, add a column headed 'notes' (or 'catatan'): each note becomes",
            "a memo on its segment, written by you.",
            "",
            "Bring the decisions back with:  qualcode import sheet FILE --coder {coder}",
            "Importing the same sheet twice changes nothing the second time.",
        ),
    },
    "id": {
        "coding": "pengodean", "howto": "petunjuk", "codes": "kode",
        "fixed": ("segment_id", "sumber", "penutur", "teks", "saran mesin"),
        "reject": "tolak",
        "codes_header": ("kode", "label", "definisi", "inklusi", "eksklusi"),
        "choice_error": "Isi {accept} (dikode), {reject} (bukan kode ini), atau biarkan kosong.",
        "howto_lines": (
            "Lembar pengodean qualcode",
            "",
            "Isi kolom-kolom kode pada sheet '{coding}', satu sel per segmen dan kode:",
            "  {accept}      dikode: Anda menerapkan kode ini pada segmen itu",
            "  {reject}  tegas bukan kode ini (juga mengalahkan saran mesin)",
            "  kosong  tidak ada keputusan Anda; saran mesin tetap menjadi saran yang belum ditinjau",
            "",
            "Sheet '{codes}' memuat label, definisi, serta kriteria inklusi dan eksklusi tiap kode;",
            "catatan pada judul kolom kode juga memuatnya.",
            "",
            "Sel yang sudah terisi adalah keputusan Anda sebelumnya. Mengosongkannya menghapus",
            "keputusan itu. Huruf besar-kecil dan spasi tidak berpengaruh. Baris boleh diurutkan,",
            "disaring, atau dihapus (baris yang dihapus tidak mengubah keputusan apa pun, tetapi",
            "dihitung sebagai segmen yang tidak Anda lihat bila kesepakatan diukur pada sampel);",
            "jangan menyunting kolom segment_id, nama kode di baris judul, atau sheet tersembunyi",
            "'qualcode'.",
            "",
            "Jawaban survei memuat pertanyaan yang dijawabnya di kolom penutur.",
            "",
            "Untuk mencatat sesuatu tentang sebuah segmen, tambahkan kolom berjudul 'catatan':",
            "setiap catatan menjadi memo pada segmennya, atas nama Anda.",
            "",
            "Kembalikan keputusan Anda dengan:  qualcode import sheet BERKAS --coder {coder}",
            "Mengimpor lembar yang sama dua kali tidak mengubah apa pun pada kali kedua.",
        ),
    },
}

# What the reader takes, whatever the language the sheet was written in (headers in any case)
FIXED_HEADERS = frozenset(header.casefold() for words in SHEET_WORDS.values() for header in words["fixed"])
TEXT_HEADERS = frozenset(words["fixed"][3] for words in SHEET_WORDS.values())  # the segment's text
REJECT_WORDS = frozenset(words["reject"] for words in SHEET_WORDS.values())
REJECT_ID = SHEET_WORDS["id"]["reject"]


def sheet_words(language: str) -> dict:
    """The words of `language`, English for a language without them."""
    return SHEET_WORDS.get(language, SHEET_WORDS["en"])
