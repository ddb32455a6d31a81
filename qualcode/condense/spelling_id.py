"""Non-standard Indonesian spellings (kata tidak baku) and the standard ones they stand for.

Transcripts typed by students, complaints sent from a phone and even official reports
write `ijin` for `izin`, `antri` for `antre`, `resiko` for `risiko`, `tehnologi` for
`teknologi`. The lookup table knows only the standard spelling, so a codebook's
`perizinan` missed `perijinan` and `antrean panjang` missed `antrian panjang`. Each form
here is read as the standard one (KBBI's) before the table is asked; affixed forms follow
from their root (`perijinan` is per- + ijin + -an, so `izin`). The list holds roots a study
of public services, government or technology is likely to meet misspelt, not every word.

Chat and SMS writing shortens the small words a codebook's phrases are made of (`msh
kurang` for `masih kurang`, `blm ada anggaran`, `tdk bs diakses`): CHAT_ABBREVIATIONS reads
them whole. The negators among them (`gk`, `blm`, `jgn`) are negators to the matcher too
(`qualcode.condense.negation`).
"""

from __future__ import annotations

NONSTANDARD_SPELLINGS = {
    # services and administration
    "ijin": "izin", "antri": "antre", "antrian": "antrean", "resiko": "risiko", "propinsi": "provinsi",
    "kordinasi": "koordinasi", "himbauan": "imbauan", "himbau": "imbau", "azas": "asas",
    "jadual": "jadwal", "nomer": "nomor", "kwitansi": "kuitansi", "kadaluarsa": "kedaluwarsa",
    "kadaluwarsa": "kedaluwarsa", "hutang": "utang", "apotik": "apotek", "nasehat": "nasihat",
    "jaman": "zaman", "karir": "karier", "menejemen": "manajemen", "managemen": "manajemen",
    "merubah": "mengubah", "dirubah": "diubah", "diperbaharui": "diperbarui",
    "memperbaharui": "memperbarui", "pembaharuan": "pembaruan", "standarisasi": "standardisasi",
    # technology
    "tehnologi": "teknologi", "tehnik": "teknik", "tehnis": "teknis", "tehnisi": "teknisi",
    "sistim": "sistem", "kwota": "kuota", "frekwensi": "frekuensi",
    # -ifitas for -ivitas, kw for ku
    "aktifitas": "aktivitas", "efektifitas": "efektivitas", "produktifitas": "produktivitas",
    "kreatifitas": "kreativitas", "konektifitas": "konektivitas", "sensitifitas": "sensitivitas",
    "obyektifitas": "objektivitas", "kwalitas": "kualitas", "kwantitas": "kuantitas",
    # skills and understanding
    "trampil": "terampil", "faham": "paham", "kesel": "kesal", "fikir": "pikir", "analisa": "analisis",
    "obyek": "objek", "subyek": "subjek", "obyektif": "objektif", "subyektif": "subjektif",
}

# Abbreviations of chat, SMS and complaint-form writing, each the word it stands for. Only
# unambiguous ones: not `dr` (dari, or dokter), `pd` (pada, or a school's PD), `sm`.
CHAT_ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "utk": "untuk", "krn": "karena", "tp": "tapi", "bs": "bisa",
    "jg": "juga", "lg": "lagi", "msh": "masih", "sdh": "sudah", "udh": "sudah", "blm": "belum",
    "blum": "belum", "blom": "belum", "bkn": "bukan", "jgn": "jangan", "tnp": "tanpa", "krg": "kurang",
    "sgt": "sangat", "lbh": "lebih", "skrg": "sekarang", "sy": "saya", "tlg": "tolong", "mhn": "mohon",
    "spt": "seperti", "dpt": "dapat", "org": "orang", "bnyk": "banyak", "hrs": "harus", "kpd": "kepada",
    "thd": "terhadap", "trs": "terus", "gmn": "bagaimana", "knp": "kenapa", "bgt": "banget",
    "klo": "kalau", "kl": "kalau", "dlm": "dalam", "apk": "aplikasi", "aplk": "aplikasi",
}
