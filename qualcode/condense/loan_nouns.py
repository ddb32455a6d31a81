"""Borrowed nouns of government and technology that spacy-lookups-data's `id` table lacks.

Indonesian makes verbs of borrowed -asi, -isasi and -ikasi nouns with its own affixes:
`didigitalisasi` 'digitised', `mengedukasi` 'to educate', `dikalibrasi` 'calibrated',
`diverifikasi` 'verified', `berkontribusi` 'to contribute'. The lemma rules accept a root
only when the table knows it (they never invent words), and the table knows `sosialisasi`
and `koordinasi` but not these, so their affixed forms kept their whole spelling and missed
a codebook's `digitalisasi`, `edukasi` or `verifikasi`. Listed here, each is a root the
rules may reach by taking affixes off. The list is of nouns a study of public
administration or technology is likely to meet, not of every loanword; a few other borrowed
words take the same affixes (`berkomitmen`, `dimonitoring`, `didigitalkan`, `dimaintenance`).

A noun that begins like a prefix (`digitalisasi`, `sekularisasi`, `mekanisasi`) is
found as itself before any prefix is taken off, so it is never cut to `gitalisasi`.
"""

from __future__ import annotations

LOAN_NOUNS = frozenset("""
    administrasi advokasi agregasi akreditasi akselerasi autentikasi otentikasi otorisasi
    dekonsentrasi deregulasi desentralisasi digitalisasi digitisasi dinamisasi donasi edukasi
    eksekusi globalisasi harmonisasi imunisasi industrialisasi institusionalisasi
    instalasi interoperabilitas kalibrasi kapitalisasi kategorisasi komersialisasi kompensasi
    kompetisi kompilasi komputerisasi konfigurasi konstruksi kontribusi kriminalisasi
    kustomisasi legislasi literasi maksimalisasi mekanisasi minimalisasi monetisasi notifikasi
    optimalisasi otomasi otomatisasi personalisasi profesionalisasi proliferasi reformasi
    registrasi regulasi revitalisasi sertifikasi simplifikasi sinkronisasi spesifikasi
    stabilisasi standardisasi standarisasi sterilisasi supervisi transisi urbanisasi
    utilisasi validasi verifikasi virtualisasi
    komitmen monitoring maintenance digital
""".split())
