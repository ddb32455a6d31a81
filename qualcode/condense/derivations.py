"""Indonesian derivations whose meaning has drifted from their root's.

Affix stripping serves coding well when an affixed word means what its root means
(`penganggaran` → `anggar`, `pelayanan` → `layan`). Some derivations are words of their
own, and cutting them to the root merges two meanings a codebook keeps apart: a keyword
`kebijakan` 'policy' would fire on `bijak` 'wise', `pengadaan` 'procurement' on every
`ada` 'there is', `perangkat` 'device' on `diangkat` 'appointed', `keterbukaan`
'transparency' on `saya buka` 'I opened (my shop)'. spacy-lookups-data's table makes
these cuts itself, so the entries here are consulted before it. The same holds for a few
function words that the table cuts to a content word (`sebelum` 'before' → `belum` 'not
yet'), and for the table's own slips (`tahu` 'know' → `beri` 'give').

Each head word lists the forms that share its lemma: the head itself and derivations
that keep its sense (`pemerintahan` 'government' goes with `pemerintah`). Clitics are
stripped before the lookup (`kebijakannya` → `kebijakan`). The list is deliberately
limited to words whose root's everyday sense differs, and which a codebook in the
social sciences or public administration is likely to name.
"""

from __future__ import annotations

# head (the lemma) -> forms that take it;   the root the lookup table would give, and its sense
_FAMILIES: dict[str, tuple[str, ...]] = {
    "kebijakan": ("kebijakan",),                                        # bijak: wise
    "keberatan": ("keberatan", "berkeberatan"),                         # berat: heavy
    "penghargaan": ("penghargaan", "menghargai", "dihargai"),           # harga: price
    "pemerintah": ("pemerintah", "pemerintahan", "kepemerintahan"),     # perintah: order
    "pendapatan": ("pendapatan", "berpendapatan"),                      # dapat: can, get
    "pendapat": ("pendapat", "berpendapat"),                            # dapat: can, get
    "penduduk": ("penduduk", "kependudukan"),                           # duduk: sit
    "perangkat": ("perangkat", "seperangkat"),                          # angkat: lift, appoint
    "pengadaan": ("pengadaan",),                                        # ada: there is
    "keadaan": ("keadaan",),                                            # ada: there is
    "setuju": ("setuju", "persetujuan", "menyetujui", "disetujui",     # tuju: aim, head for
               "ketidaksetujuan"),
    "pengetahuan": ("pengetahuan", "berpengetahuan"),                   # tahu: know (tidak tahu)
    "bersama": ("bersama", "kebersamaan", "bersama-sama"),                            # sama: same, with
    "keterbukaan": ("keterbukaan",),                                    # buka: open (a shop)
    "keterangan": ("keterangan",),                                      # terang: bright
    "berhasil": ("berhasil", "keberhasilan"),                           # hasil: result, yield
    "perusahaan": ("perusahaan",),                                      # usaha: effort
    "berusaha": ("berusaha",),                                          # usaha: business
    "persatuan": ("persatuan",),                                        # satu: one
    "kesatuan": ("kesatuan",),                                          # satu: one
    "telat": ("telat",),                                                # not te- + lat
    "balai": ("balai",),                                                # not bala 'calamity' + -i (balai desa)
    "timbangan": ("timbangan",),                                        # timbang: weigh (a scale, not
                                                                        #   the weighing: ditimbang)
    "bergantian": ("bergantian", "gantian", "bergantian-gantian"),     # ganti: replace (in turns, not
                                                                        #   replaced: ganti-ganti)
    "keberlanjutan": ("keberlanjutan", "berkelanjutan"),                # lanjut: go on, further
    "keberlangsungan": ("keberlangsungan", "berkelangsungan"),          # langsung: directly, at once
    "selanjutnya": ("selanjutnya",),                                    # 'next, furthermore'
    "pengusaha": ("pengusaha",),                                        # usaha: effort
    "kekurangan": ("kekurangan",),                                      # kurang: less, not very
    "ketergantungan": ("ketergantungan",),                              # gantung: hang (tergantung:
                                                                        #   it depends)
    "pelembagaan": ("pelembagaan", "melembagakan", "dilembagakan"),     # lembaga: an agency
    "terbuka": ("terbuka",),                                            # buka: open (a shop, a meeting)
    "kekuatan": ("kekuatan",),                                          # kuat: strong (sekuat tenaga)
    "ringkasan": ("ringkasan",),                                        # ringkas: concise
    "penelitian": ("penelitian", "peneliti", "meneliti", "diteliti"),   # teliti: careful, thorough
    "peluang": ("peluang", "berpeluang"),                               # luang: free (meluangkan waktu)
    "perawatan": ("perawatan",),                                        # rawat: nurse, hospitalise
    "pemilu": ("pemilu",),                                              # an acronym, not pe- + pilu 'sad'
    "perpres": ("perpres",),                                            # an acronym, not per- + pres
    "perwali": ("perwali", "raperwali"),                                # peraturan wali kota, not per- + wali
    "perkada": ("perkada",),                                            # peraturan kepala daerah, not per- + kada
    "jaringan": ("jaringan",),                                          # jaring: a net (menjaring aspirasi)
    "pegawai": ("pegawai", "kepegawaian"),                              # gawai: a gadget
    "memanfaatkan": ("memanfaatkan", "dimanfaatkan", "pemanfaatan",     # manfaat: benefit
                     "termanfaatkan", "manfaatkan"),                    #   (to use, not to benefit)
    "kelebihan": ("kelebihan",),                                        # lebih: more
    "unggulan": ("unggulan",),                                          # unggul: excel (program unggulan: a flagship)
    "keahlian": ("keahlian", "berkeahlian"),                            # ahli: expert, and a civil-service
                                                                        #   rank (perencana ahli muda)
    "laporan": ("laporan", "pelaporan"),                                # lapor: report (a complaint);
                                                                        #   a report is also a document
    "aduan": ("aduan", "pengaduan", "mengadu", "mengadukan", "diadukan",  # adu: pit against
              "pengadu"),                                               #   (adu mulut: a quarrel)
    "terbatas": ("terbatas", "keterbatasan", "membatasi", "dibatasi",   # batas: a border, an edge
                 "pembatasan"),                                         #   (batas wilayah)
    "anggaran": ("anggaran", "penganggaran", "menganggarkan",           # anggar: fencing (a sport)
                 "dianggarkan", "teranggarkan"),
    "pengawasan": ("pengawasan", "mengawasi", "diawasi", "pengawas",     # awas: watch out!
                   "terawasi"),
    "penetapan": ("penetapan", "menetapkan", "ditetapkan", "ketetapan",  # tetap: still, steady
                  "tetapkan"),
    "meneruskan": ("meneruskan", "diteruskan", "teruskan", "penerusan"),  # terus: then (a filler)
    "kebagian": ("kebagian",),                                          # bagi: divide, for (tidak
                                                                        #   kebagian: got no share;
                                                                        #   tidak dibagikan: not handed out)
    "peningkatan": ("peningkatan", "meningkatkan", "ditingkatkan",      # tingkat: a level
                    "meningkat", "tingkatkan"),                         #   (tingkat kota)
    "mengaji": ("mengaji", "pengajian"),                                # kaji: study (kajian)
    "kecamatan": ("kecamatan",),                                        # camat: the district's head
    "kelurahan": ("kelurahan",),                                        # lurah: the urban village's head
    "pembiayaan": ("pembiayaan", "membiayai", "dibiayai", "biayai",     # biaya: a cost, a fee (financing
                   "terbiayai"),                                        #   a programme is not its fees)
    "perbaikan": ("perbaikan", "memperbaiki", "diperbaiki", "perbaiki",  # baik: good (tolong
                  "memperbaikinya", "diperbaikin", "perbaikin"),        #   diperbaiki: a repair asked for)
    "menara": ("menara",),                                              # not meN- + tara (setara: equal)
    "mental": ("mental",),                                              # not meN- + pental (bounce)
}

# Function words the table cuts to a content word, kept whole: a keyword `belum` (not yet)
# must not fire on `sebelum` (before), nor `lama` (a long wait) on `selama` (during), nor
# `kemauan politik` (political will) on `maupun politik` (or political).
_FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "sebelum": ("sebelum", "sebelumnya"),                               # belum: not yet
    "setelah": ("setelah", "setelahnya"),                               # telah: already
    "sesudah": ("sesudah", "sesudahnya"),                               # sudah: already (sudah berjalan)
    "selama": ("selama", "selamanya", "selama-lamanya"),                # lama: long (a long wait)
    "setidaknya": ("setidaknya", "setidak-tidaknya"),                   # tidak: not
    "sekurangnya": ("sekurangnya", "sekurang-kurangnya"),               # kurang: less, lacking
    "maupun": ("maupun",),                                              # mau: want (kemauan)
    "secara": ("secara",),                                              # cara: a way (cara lama)
    "terhadap": ("terhadap", "terhadapnya"),                            # hadap: face (menghadapi kendala)
    "berikut": ("berikut", "berikutnya"),                               # ikut: take part (ikut serta)
    "menurut": ("menurut", "menurutnya"),                               # turut: take part (turut serta)
    "sepihak": ("sepihak",),                                            # pihak: a party (pihak swasta)
}

# Slips of the table itself: `tahu` (know) is filed under `beri` (give), which `memberi`
# also gets, and `berikan` (give!) under `ikan` (fish, as in `perikanan`).
_TABLE_SLIPS: dict[str, tuple[str, ...]] = {
    "tahu": ("tahu", "ketahui", "diketahui", "mengetahui", "ketahuan"),
    "beri": ("berikan", "berikanlah", "berikannya"),
    "mereka": ("merekalah",),                                           # reka: devise
    "lumayan": ("lumayan",),                                            # not lumbago
    "ketik": ("ketik", "diketik", "mengetik", "ketikan", "pengetikan"),  # not ke- + tik (TIK)
    "cek": ("cek", "mengecek", "dicek", "pengecekan"),                  # not kecek
}

LEXICALISED_DERIVATIONS: dict[str, str] = {
    form: head for families in (_FAMILIES, _FUNCTION_WORDS, _TABLE_SLIPS)
    for head, forms in families.items() for form in forms}


def lexicalised_derivation(word: str) -> str | None:
    """The lemma of a lowercase word that is (a clitic form of) a listed derivation, function
    word or table slip."""
    return LEXICALISED_DERIVATIONS.get(word)
