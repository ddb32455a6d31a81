"""The report's wording in Indonesian: one key per phrase, the same keys as
`qualcode.report.wording_en` (`{term}` is the framework's word for a dimension)."""

WORDING: dict[str, str] = {
    "title": "Laporan Temuan",
    "subtitle": "Analisis kualitatif model interaktif Miles, Huberman, dan Saldaña",
    "project": "Proyek",
    "generated_on": "Dibuat pada",
    "tool": "Dibuat dengan qualcode {version}",
    "codebook": "Buku kode",
    "codebook_version": "versi {version}",
    "corpus": "Korpus",
    "sources_by_type": "Sumber menurut jenis",
    "informants_by_role": "Informan menurut peran",
    "summary": "Ringkasan",
    "summary_text": (
        "Analisis ini menelaah {sources} sumber data ({informants} informan) dengan kerangka "
        "“{framework}”. {Term} yang dibahas oleh paling banyak informan adalah {top}, sedangkan "
        "yang dibahas oleh paling sedikit informan adalah {bottom}. {patterns_sentence}"),
    "summary_text_silent": (
        "Analisis ini menelaah {sources} sumber data ({informants} informan) dengan kerangka "
        "“{framework}”. {Term} yang dibahas oleh paling banyak informan adalah {top}, sedangkan {silent} belum "
        "muncul dalam segmen berkode dari informan mana pun. {patterns_sentence}"),
    "summary_even": (
        "Analisis ini menelaah {sources} sumber data ({informants} informan) dengan kerangka "
        "“{framework}”. {All} {term} dibahas oleh sama banyak informan, masing-masing oleh {n} dari "
        "{informants_total} informan. {patterns_sentence}"),
    # the most or least discussed dimension(s), and by how many informants
    "summary_reach_one": "{labels} ({n} dari {informants_total} informan)",
    "summary_reach_many": "{labels} (masing-masing {n} dari {informants_total} informan)",
    # when counted codings are unreviewed machine suggestions: said where conclusions are drawn
    "draft_all": "Semua angka ini berasal dari usulan mesin yang belum ditinjau peneliti.",
    "draft_some": "Sebanyak {suggested} dari {codings} pengodean yang dihitung di sini masih usulan mesin yang belum ditinjau.",
    "draft_some_pairs": "Sebanyak {suggested} dari {codings} pasangan segmen–kode yang dihitung di sini masih usulan mesin yang belum ditinjau.",
    # how many dimensions form a pattern; a sentence does not open with a numeral
    "patterns_all": "{All} {term} muncul sebagai pola lintas informan{and_across}.",
    "patterns_some": "Sebanyak {patterns} dari {dimensions} {term} muncul sebagai pola lintas informan{and_across}.",
    "patterns_one_of": "Sebanyak 1 dari {dimensions} {term} muncul sebagai pola lintas informan{and_across}.",
    "patterns_none": "Belum ada {term} yang muncul sebagai pola lintas informan{and_across}.",
    "patterns_one": "Satu-satunya {term} kerangka ini muncul sebagai pola lintas informan{and_across}.",
    "method": "Metode",
    "method_intro": (
        "Data dianalisis dengan model interaktif Miles, Huberman, dan Saldaña: kondensasi data, "
        "penyajian data, dan penarikan kesimpulan serta verifikasi. Berikut penerapannya pada penelitian ini."),
    # what is left uncoded: interviewers' turns, and a table's question headings and replies
    "uncoded_turns": "giliran pewawancara",
    "uncoded_tables": "judul pertanyaan serta balasan petugas pada tabel",
    "method_condensation": (
        "Kondensasi data: {segments} segmen dari {sources} sumber, {codable} di antaranya dapat dikode "
        "({uncoded} tidak dikode). Sebanyak {coded} segmen mendapat setidaknya satu kode; "
        "total {codings} pengodean oleh {coders}."),
    "method_condensation_all": (
        "Kondensasi data: {segments} segmen dari {sources} sumber, semuanya dapat dikode. Sebanyak {coded} "
        "segmen mendapat setidaknya satu kode; total {codings} pengodean oleh {coders}."),
    "method_groups": (
        "Sebanyak {participants} informan berbicara dalam diskusi kelompok terarah (FGD; {groups} kelompok), masing-masing "
        "dihitung sebagai kasus tersendiri. Dalam diskusi, pendapat peserta saling memengaruhi, dan peserta "
        "yang tidak membahas suatu {term} belum tentu tidak sependapat; angka per informan dibaca dengan "
        "mengingat hal itu."),
    "method_table_rows": (
        "Sebanyak {left_out} dari {rows} baris tabel tidak berisi jawaban (kosong, “-”, “tidak ada”, "
        "dan sejenisnya) sehingga tidak dianalisis."),
    "method_review": (
        "Sebanyak {accepted} dari {codings} pengodean ({accepted_pct}) telah diperiksa dan diterima peneliti; "
        "{suggested} masih berupa usulan mesin yang belum ditinjau dan tetap dihitung dalam draf ini."),
    "method_review_pairs": (
        "Dihitung per pasangan segmen–kode (beberapa pengode dapat mengode pasangan yang sama), "
        "{accepted} dari {codings} pasangan ({accepted_pct}) telah diterima sedikitnya satu pengode; "
        "{suggested} masih berupa usulan mesin yang belum ditinjau dan tetap dihitung dalam draf ini."),
    "method_review_none": (
        "Belum satu pun dari {codings} pengodean diperiksa peneliti: semuanya usulan mesin yang belum "
        "ditinjau dan tetap dihitung dalam draf ini."),
    "method_review_only": "Laporan ini hanya memakai pengodean yang telah diterima peneliti.",
    "method_review_coder": "Laporan ini hanya memakai pengodean yang diterima {coder}.",
    "method_display": "Penyajian data: matriks kasus × {term} dan kasus × kode (lihat folder matrices/).",
    "method_conclusion": (
        "Penarikan kesimpulan dan verifikasi: mencatat pola dengan menghitung (segmen, informan, peran, "
        "jenis sumber, selalu dengan penyebutnya), lalu setiap asersi diuji keterwakilan, triangulasi, "
        "bobot bukti, bukti negatif, pencilan, dan replikasinya; kekuatannya mengikuti aturan yang "
        "terdokumentasi (lihat conclusions.json; setiap segmen di kedua sisi, beserta teksnya, ada di "
        "evidence.xlsx)."),
    "method_sides": (
        "Bukti pendukung dan bukti kontra dipisahkan secara mekanis: segmen pada suatu {term} (atau "
        "subkodenya) yang juga dikode sebagai hambatan ({contrary}) menjadi bukti kontra; segmen lain "
        "pada {term} itu menjadi bukti pendukung. Jadi “pendukung” berarti membahas {term} itu tanpa "
        "menyebut hambatan, belum tentu membenarkannya; peninjauan peneliti yang memutuskan.{weights} "
        "Uji jika-maka dan hubungan semu memerlukan masukan peneliti dan bertanda · pada asersi "
        "mesin; penjelasan tandingan juga dicatat peneliti, dan selama belum ada, pemeriksaannya "
        "bertanda !. Bila bukti kontra menyamai atau melebihi bukti pendukung, "
        "asersinya diperdebatkan dan kekuatannya paling tinggi lemah. Kekuatan yang sebagian besar "
        "segmen pendukungnya belum ditinjau peneliti bersifat sementara."),
    # only the source types the study has, with their weights (conclude.sides.SOURCE_WEIGHTS)
    "method_weights": (" Dalam menimbang bukti, {weighted} karena tidak bergantung pada ingatan dan "
                       "tuturan seorang informan."),
    "weighted_type": "{type} berbobot ×{weight}",
    "contrary_also": "untuk {dimension} juga {codes}",
    "strength_line_unreviewed": (
        "Kekuatan bukti: {strength} (sementara: belum satu pun dari {segments} segmen pendukung "
        "ditinjau peneliti)."),
    "strength_line_provisional": (
        "Kekuatan bukti: {strength} (sementara: baru {reviewed} dari {segments} segmen pendukung "
        "ditinjau peneliti)."),
    "findings": "Temuan per {term}",
    "cross_cutting": "Kode lintas {term}",
    "prevalence": (
        "{label} dibahas dalam {segments} segmen oleh {informants} dari {informants_total} informan "
        "({roles} dari {roles_total} {across}) dan muncul pada {source_types} dari {source_types_total} "
        "jenis sumber."),
    # informants without roles (a survey or complaint table): "(0 dari 0 peran)" says nothing
    "prevalence_no_roles": (
        "{label} dibahas dalam {segments} segmen oleh {informants} dari {informants_total} informan "
        "dan muncul pada {source_types} dari {source_types_total} jenis sumber."),
    # a pattern of talk (prevalence), which the strength of evidence below may not bear out
    # what a pattern spans: roles, or for informants without roles the groups the report shows
    "across_roles": "peran", "across_groups": "kelompok {attribute}",
    "pattern_yes": "Pembahasannya membentuk pola lintas informan{and_across}.",
    "pattern_no": "Pembahasannya belum cukup luas untuk disebut pola.",
    "not_raised": "{label} tidak muncul dalam data yang dikode.",
    "components": "Komponen",
    "code": "Kode",
    "segments": "Segmen",
    "informants": "Informan",
    "factor_overlap": "{label} muncul bersama {term} ini dalam {n} segmen.",
    "sides_none": "Setiap segmen itu membahasnya bersama hambatan ({obstacles}bukti kontra; lihat Bukti negatif).",
    "sides": ("Dari {discussed} segmen itu, {support} membahasnya tanpa hambatan (bukti pendukung) dan "
              "{contrary} bersama hambatan ({obstacles}bukti kontra; lihat Bukti negatif)."),
    "obstacles_named": "{codes}; ",
    "quotes": "Kutipan pendukung",
    "theme_quotes": "Kutipan",
    "matrix": "Penyajian data",
    "matrix_caption": "Tabel {n}. Jumlah segmen per informan dan {term}.",
    "components_caption": "Tabel {n}. Subkode {label}: jumlah segmen dan informan.",
    "figures_cited": "Gambar {first} sampai {last} (bagian Gambar) menyajikan data ini secara visual.",
    "figures_cited_two": "Gambar {first} dan {last} (bagian Gambar) menyajikan data ini secara visual.",
    "figures_cited_one": "Gambar {first} (bagian Gambar) menyajikan data ini secara visual.",
    "ledger_caption": "Tabel {n}. Rekap pengujian asersi: kekuatan, pemeriksaan, dan bukti pendukung.",
    "audit_caption": "Tabel {n}. Jejak audit: apa yang dihitung laporan ini, dari data, buku kode, dan perangkat mana.",
    "codebook_caption": "Tabel {n}. Buku kode: kode, definisi, serta kriteria inklusi dan eksklusi.",
    "agreement_caption": "Tabel {n}. Kesepakatan antarpengode per kode.",
    "matrix_caption_cross": "Tabel {n}. Jumlah segmen per informan dan kode kerangka ({term} dan kode lintas {term}).",
    "audit_item": "Butir", "audit_value": "Nilai",
    "role_ordered_caption": "Tabel {n}. Matriks berurut peran: kutipan terkuat tiap informan per {term}.",
    "accounting_caption": (
        "Tabel {n}. Log kelengkapan data (data accounting log): ✓ berarti sedikitnya {complete} segmen terkode dari sumber "
        "itu, “sebagian” berarti kurang dari itu, dan “belum ada” berarti belum ada satu segmen pun. "
        "Log ini menunjukkan di mana data masih tipis sebelum kesimpulan ditarik."),
    "partial": "sebagian", "missing": "belum ada", "(no case)": "(tanpa kasus)",
    "method_display_built": "Penyajian data: {n} matriks dibangun dari pengodean ini ({names}); semuanya ada di folder matrices/ beserta segmen di balik setiap sel (displays.xlsx untuk dibuka di Excel, CSV tiap matriks untuk skrip).",
    "cell_more": "{shown} dari {total} segmen ditampilkan; semuanya ada di {file}.",
    "matrix_uncased": " Segmen dari sumber tanpa kasus (dokumen, observasi, catatan lapangan) tidak punya baris di sini: {n} segmen terkode.",
    "matrix_note": ("Angka menunjukkan jumlah segmen; {unreviewed} dari {codings} pengodean yang mendasari "
                    "tabel ini belum ditinjau."),
    "matrix_note_reviewed": "Angka menunjukkan jumlah segmen; semua pengodean yang mendasari tabel ini telah ditinjau.",
    "matrix_caption_grouped": "Tabel {n}. Banyaknya informan yang membahas tiap {term}, per {attribute}.",
    "matrix_caption_grouped_cross": ("Tabel {n}. Banyaknya informan yang membahas tiap kode kerangka ({term} dan kode "
                                     "lintas {term}), per {attribute}."),
    "matrix_grouped_note": ("Angka menunjukkan banyaknya informan kelompok itu yang membahas kode tersebut; kolom "
                            "Informan memberi jumlah informan kelompok, dan persentase dalam kurung bagiannya."),
    "matrix_grouped_auto": ("{cases} informan terlalu banyak untuk satu baris masing-masing, jadi mereka "
                            "dikelompokkan menurut {attribute} (dipilih otomatis: atribut kasus dengan nilai "
                            "terbanyak dari 2 sampai 30; ubah dengan group_by di bagian [report] qualcode.toml)."),
    "matrix_grouped_auto_role": ("{cases} informan terlalu banyak untuk satu baris masing-masing, jadi mereka "
                                 "dikelompokkan menurut perannya (ubah dengan group_by di bagian [report] "
                                 "qualcode.toml)."),
    "matrix_grouped_setting": "Informan dikelompokkan menurut {attribute}, sesuai group_by di bagian [report] qualcode.toml.",
    "matrix_grouped_none": ("{cases} informan terlalu banyak untuk satu baris masing-masing, dan tidak ada atribut "
                            "kasus dengan 2 sampai 30 nilai untuk mengelompokkan mereka, jadi tabel ini memberi "
                            "jumlah seluruhnya (pilih atribut dengan group_by di bagian [report] qualcode.toml)."),
    "matrix_grouped_files": (" Hitungan tabel ini ada di matrices/{file}. Tabel dengan satu baris per informan "
                             "(matriks kasus, matriks berurut peran, log kelengkapan data) juga ada di folder "
                             "matrices/, sebagai CSV dan di displays.xlsx."),
    "matrix_review": " {unreviewed} dari {codings} pengodean yang mendasarinya belum ditinjau.",
    "matrix_review_done": " Semua pengodean yang mendasarinya telah ditinjau.",
    "cell_more_grouped": "Kutipan dari {shown} informan pertama ditampilkan; semua segmen ada di {file}.",
    "group_all": "Semua informan",
    "group_none": "(tanpa nilai)",
    "(none)": "(tanpa nilai)",  # a display's group of no value (qualcode.display.coded.NO_GROUP)
    "case": "Kasus",
    "source_type": "Jenis sumber",
    "sources": "Sumber",
    "role": "Peran",
    "conclusion": "Kesimpulan",
    # How many of the framework's dimensions the coded data raise, then its patterns
    "conclusion_all": ("Pada {all} {term} kerangka ini, segmen yang membahasnya tanpa menyebut hambatan "
                       "(bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra){strength}."),
    "conclusion_one": ("Pada satu-satunya {term} kerangka ini, segmen yang membahasnya tanpa menyebut hambatan "
                       "(bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra){strength}."),
    "conclusion_some": ("Pada {raised} dari {n} {term} kerangka ini ({labels}), segmen yang membahasnya tanpa "
                        "menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti "
                        "kontra){strength}."),
    "conclusion_some_one": ("Pada {raised} dari {n} {term} kerangka ini ({labels}), segmen yang membahasnya tanpa "
                        "menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti "
                        "kontra){strength}."),
    # the assertions' strengths: the same for all, or which is which
    "strength_same": ", masing-masing dengan {evidence}",
    "conclusion_outweighed": (
        "Untuk {items}, bukti kontra menyamai atau melebihi bukti pendukung, sehingga data belum dapat "
        "disebut mendukungnya."),
    "sides_count": "{label} ({support} segmen pendukung, {contrary} kontra)",
    "strength_one": ", dengan {evidence}",
    "strength_differ_provisional": ", dengan kekuatan bukti yang berbeda, semuanya sementara: {breakdown}",
    "strength_differ": ", dengan kekuatan bukti yang berbeda: {breakdown}",
    "strength_for": "{strength} untuk {labels}",
    "evidence_strong": "bukti yang kuat", "evidence_moderate": "bukti berkekuatan sedang",
    "evidence_weak": "bukti yang lemah", "evidence_insufficient": "bukti yang belum cukup",
    "conclusion_none_supported": "Data yang dikode menyentuh {term} kerangka ini, tetapi bukti untuk {labels} belum cukup untuk ditarik menjadi kesimpulan.",
    # not "disebut mendukung": a strategy's label may say it already (Lingkungan politik yang mendukung)
    "conclusion_insufficient": " Bukti untuk {labels} belum cukup untuk ditarik menjadi kesimpulan.",
    "conclusion_none": "Data yang dikode belum menyentuh satu pun {term} kerangka ini.",
    "conclusion_text": "{support} {patterns}{non_patterns}{absent}",
    # some of the framework's dimensions, named (all or none: `patterns_all`, `patterns_none`)
    "conclusion_patterns": "{patterns} muncul sebagai pola lintas informan{and_across}.",
    "conclusion_pattern": "{patterns} muncul sebagai pola lintas informan{and_across}.",
    "conclusion_non_patterns": " {Term} yang belum menjadi pola: {non_patterns}.",
    "conclusion_absent": " {Term} yang tidak muncul dalam data yang dikode: {absent}.",
    "none": "tidak ada",
    "negative_evidence": "Bukti negatif",
    "negative_some": "Sebanyak {contrary} segmen menjadi bukti kontra, berbanding {support} segmen pendukung.",
    "negative_none": "Tidak ada segmen yang menjadi bukti kontra.",
    "lacking_some": "Sebanyak {n} informan tidak memberi bukti pendukung: {names}.",
    "lacking_one": "Seorang informan tidak memberi bukti pendukung: {names}.",
    "lacking_silent": " Dari mereka, {n} tidak punya satu pun segmen yang dikode pada {term} ini: {names}.",
    "lacking_all_silent": "Sebanyak {n} informan tidak punya satu pun segmen yang dikode pada {term} ini: {names}.",
    "lacking_one_silent": "Seorang informan, {names}, tidak punya satu pun segmen yang dikode pada {term} ini.",
    "lacking_silent_one": " Satu di antaranya, {names}, tidak punya satu pun segmen yang dikode pada {term} ini.",
    "lacking_none": "Setiap informan memberi bukti pendukung.",
    "ledger_segments": "Segmen pendukung",
    "ledger_informants": "Informan pendukung",
    "memos": "Memo analitis",
    "analyst_summaries": "Ringkasan analis per informan",
    "ledger": "Rekap pengujian asersi",
    "verdicts": "Putusan peneliti",
    "verdict_supported": "didukung",
    "verdict_modified": "diubah",
    "verdict_rejected": "ditolak",
    "ledger_legend": "✓ = lolos; ! = perlu diperhatikan; ✗ = tidak lolos; · = tidak diuji (memerlukan masukan peneliti, atau data terlalu sedikit).",
    # a coding's status, as the audit trail counts them
    "status_suggested": "usulan, belum diputuskan", "status_accepted": "diterima", "status_rejected": "ditolak",
    "audit_not_counted": "{n} (tidak dihitung)",
    "audit_not_counted_overruled": "{n} (tidak dihitung; {k} di antaranya diterima pengode lain, dan penerimaan itu dihitung)",
    "assertion": "Asersi", "strength": "Kekuatan",
    "appendix": "Lampiran",
    "appendix_codebook": "Buku kode",
    "appendix_audit": "Jejak audit",
    "appendix_informants": "Informan",
    "informants_caption": "Tabel {n}. Informan: {described}.",
    "informants_said": "banyaknya yang dikatakan masing-masing",
    "informant": "Informan", "informant_role": "Peran", "informant_position": "Jabatan",
    "informant_organisation": "Lembaga", "informant_sources": "Sumber", "informant_segments": "Segmen",
    "informants_note": "Segmen: segmen yang dapat dikode (tuturan informan, bukan pertanyaan pewawancara).",
    "appendix_agreement": "Kesepakatan antarpengode",
    "method_agreement": (
        "Kesepakatan antarpengode diukur pada {n_units} {unit} yang dikode secara "
        "independen oleh {coders}: kesepakatan {percent}, κ Cohen {kappa} ({band_kappa}), "
        "κ Brennan–Prediger {bp}, α Krippendorff {alpha} ({band_alpha}); diukur {measured_at}."),
    "method_agreement_none": "Kesepakatan antarpengode belum diukur.",
    "method_agreement_unseen": ("{coder} belum melihat {unseen} dari {total} segmen sampel; segmen itu dihitung "
                                "tidak diberi kode olehnya, yang membuat angka ini lebih rendah."),
    # the displays' kinds, as the method names them
    "display_kind_case_by_code": "matriks kasus × kode",
    "display_kind_role_ordered": "matriks berurut peran",
    "display_kind_framework": "matriks kerangka",
    "display_kind_clustered": "matriks terkelompok konseptual",
    "display_kind_checklist": "matriks daftar periksa",
    "display_kind_summary_table": "tabel ringkasan",
    "display_kind_prevalence": "tabel prevalensi",
    "display_kind_cooccurrence": "matriks kemunculan bersama",
    "display_kind_accounting": "log kelengkapan data",
    "display_kind_time_ordered": "matriks berurut waktu",
    "agreement_overall": "Semua kode",
    "agreement_unit_segment": "keputusan segmen × kode",
    "agreement_unit_character": "karakter × kode",
    "agreement_unit_document": "keputusan dokumen × kode",
    "and": "dan",
    "thousands": ".",  # 2.970, as the sentences write their counts (i18n.whole)
    "decimal_mark": ",",
    "band": "Kategori",
    # agreement bands (Landis–Koch for κ, Krippendorff for α), as `term` looks them up
    # Landis and Koch's bands, in words the evidence's strengths (lemah, sedang, kuat) do not use
    "poor (<0)": "buruk, <0", "slight": "sedikit", "fair": "cukup", "moderate": "moderat",
    "substantial": "substansial", "almost perfect": "hampir sempurna", "undefined": "tidak terdefinisi",
    "n/a (2 coders)": "tidak berlaku: κ Cohen untuk dua pengode",
    "acceptable (≥0.800)": "dapat diterima, ≥0,800",
    "tentative (0.667–0.800)": "hanya untuk simpulan sementara, 0,667–0,800",
    "unacceptable (<0.667)": "tidak dapat diterima, <0,667",
    "label": "Label", "kind": "Jenis", "parent": "Induk", "definition": "Definisi",
    "kind_dimension": "{term}", "kind_subcode": "subkode", "kind_factor": "faktor",
    "kind_outcome": "hasil", "kind_theme": "tema",
    "include": "Kriteria inklusi", "exclude": "Kriteria eksklusi", "examples": "Contoh ilustratif",
    "examples_in_id": "dalam bahasa Indonesia", "examples_in_en": "dalam bahasa Inggris",
    "audit_filter": "Pengodean yang dihitung",
    "audit_reviewed_only": "hanya yang diterima peneliti",
    "audit_coder_only": "hanya yang diterima {coder}",
    "audit_all_counted": "semua yang diterima pengode mana pun, dan usulan mesin yang belum diputuskan siapa pun",
    "contents": "Daftar isi",
    "figure_heatmap": "Gambar {n}. Peta panas matriks kasus × {term} (jumlah segmen).",
    "figure_heatmap_cross": "Gambar {n}. Peta panas jumlah segmen per informan dan kode kerangka ({term} dan kode lintas {term}).",
    "figure_heatmap_some": "Gambar {n}. Peta panas matriks kasus × {term} (jumlah segmen): {shown} dari"
                           " {cases} kasus, yang jumlahnya tertinggi; matriks memuat semua kasus.",
    "figure_bars": "Gambar {n}. Prevalensi {term} menurut peran informan.",
    "figure_network": "Gambar {n}. Jaringan kemunculan bersama {term} dan faktor (tingkat segmen): besar simpul menurut jumlah segmennya, tebal garis menurut jumlah segmen yang memuat kedua kode.",
    # inside the charts themselves (a figure's caption says more)
    "chart_heatmap_grouped": "Informan yang membahas tiap {term}, per {attribute} (%)",
    "figure_heatmap_grouped": "Gambar {n}. Peta panas persentase informan tiap kelompok {attribute} yang membahas tiap {term}.",
    "chart_heatmap": "Matriks kasus × {term} (jumlah segmen)",
    "chart_heatmap_cross": "Segmen per informan dan kode kerangka ({term} dan kode lintas {term})",
    "chart_bars": "Prevalensi {term} menurut peran informan",
    "chart_rows_shown": "{shown} dari {total} baris: yang totalnya tertinggi (semua ada di tabel)",
    "chart_share": "bagian informan", "chart_count": "jumlah",
    "toc_placeholder": "Klik kanan lalu pilih Perbarui Bidang untuk menampilkan daftar isi.",
    "figures": "Gambar",
    "show_quotes": "kutipan",
    "strength_line": "Kekuatan bukti: {strength}.",
    "checks": "Pemeriksaan verifikasi",
    "suggestions": "Rekomendasi informan",  # the informants' own: a thesis's Saran is the researcher's
    "suggestions_intro": (
        "Contoh segmen yang memuat rekomendasi informan, paling banyak satu per informan (yang lain dapat "
        "dicari di data yang dikode); saran penelitian ini dapat bertumpu padanya:"),
    "machine_coder": "pengode otomatis qualcode",
    "default_coder": "peneliti",  # qualcode.toml's coder = "researcher"
    "interview": "wawancara", "observation": "observasi", "document": "dokumen",
    "fieldnote": "catatan lapangan", "response": "respons",
    "answers_question": "{who}, menjawab “{column}”",
    "in_column": "{who}, kolom “{column}”",
    "respondent": "responden",
    "government": "pemerintah", "legislature": "legislatif", "community": "masyarakat",
    "private": "swasta", "academic": "akademisi", "media": "media",
    "unknown_role": "tanpa peran",
}
