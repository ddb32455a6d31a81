"""The conclusions' sentences in Indonesian: the keys of `wording_en`, filled by
`qualcode.conclude.wording`."""

WORDS: dict[str, str] = {
    "draft": "{label}: {noun} ini didukung oleh {segments} segmen dari {spread}.",
    "draft_with_contrary": ("{label}: {noun} ini didukung oleh {segments} dari {discussed_segments} segmen "
                            "yang membahasnya ({contrary_segments} segmen lainnya bukti kontra); "
                            "dukungan itu berasal dari {spread}."),
    "draft_spread": ("{informants} di antara {informants_total} informan, {roles} dari {roles_total} "
                     "{groups}, dan {source_types} dari {source_types_total} jenis sumber"),
    "draft_spread_ungrouped": ("{informants} di antara {informants_total} informan dan {source_types} dari "
                               "{source_types_total} jenis sumber"),
    "draft_groups_role": "kelompok peran", "draft_groups_by": "kelompok {by}",
    "draft_absent": "{label}: {noun} ini tidak muncul dalam data yang dikode.",
    "code_noun": "kode",
    "your_verdict": "putusan Anda: {verdict}",
    "verdict_supported": "didukung", "verdict_modified": "diubah", "verdict_rejected": "ditolak",
    "segments_evidence": "{n} segmen · bukti:",
    "ledger_title": "rekap pengujian asersi", "header_strength": "kekuatan", "header_segments": "segmen",
    "header_informants": "informan", "header_types": "jenis sumber",
    "ledger_hint": "`qualcode conclude show ID` menampilkan rantai buktinya",
    "header_members": "anggota", "header_cohesion": "kohesi", "header_lowest": "terendah",
    "header_cases": "kasus", "header_status": "status",
    "header_code": "kode", "header_largest_difference": "selisih terbesar", "header_code_a": "kode A",
    "header_code_b": "kode B", "header_both": "keduanya", "header_only_a": "hanya A",
    "header_only_b": "hanya B", "header_neither": "tidak satu pun",
    "strong": "kuat", "moderate": "sedang", "weak": "lemah", "insufficient": "tidak cukup",
    "provisional": "sementara",
    "representativeness": "keterwakilan", "triangulation": "triangulasi", "weighting": "bobot bukti",
    "negative_evidence": "bukti negatif", "outliers": "kasus pencilan", "if_then": "uji jika-maka",
    "spurious": "hubungan semu", "replication": "replikasi", "rivals": "penjelasan tandingan",
    # the checks as a terminal's ledger heads its narrow columns (the legend under it spells them out)
    "short_representativeness": "wakil", "short_triangulation": "tri", "short_weighting": "bobot",
    "short_negative_evidence": "neg", "short_outliers": "pncl", "short_if_then": "jika", "short_spurious": "semu",
    "short_replication": "repl", "short_rivals": "tand",
    "no_informant": "tak seorang informan pun", "one_informant": "hanya satu informan",
    "few_of_many": "hanya {informants} dari {informants_total} informan memberi bukti pendukung ({informant_percent})",
    "minority": "{informants} dari {informants_total} informan memberi bukti pendukung ({informant_percent}), kurang dari separuh",
    "one_voice": "{top_informant} menyumbang {top_informant_percent} bukti",
    "elite_bias": "{all_informants} informan pendukungnya dari kalangan pejabat ({role_list})",
    "spread": "{informants} dari {informants_total} informan ({n_roles} dari {roles_total} peran) memberi bukti pendukung",
    "spread_no_roles": "{informants} dari {informants_total} informan memberi bukti pendukung",
    # a conclusions.json of an earlier version, whose figures lack the totals
    "spread_uncounted": "{informants} informan memberi bukti pendukung, dari {n_roles} peran",
    "spread_no_roles_uncounted": "{informants} informan memberi bukti pendukung",
    "converge": "{n_types} jenis sumber sejalan",
    "one_source_type": "hanya satu jenis sumber, tetapi beberapa peran",
    "single_view": "satu jenis sumber dan satu peran",
    "one_source_type_by": "hanya satu jenis sumber, tetapi beberapa kelompok {grouped_by}",
    "single_view_by": "satu jenis sumber dan satu kelompok {grouped_by}",
    "weighted": "skor berbobot {weighted_support} untuk {segments} segmen pendukung ({weight_list})",
    "weight_item": "{types} ×{weight}",
    "none_found": "tidak ditemukan bukti negatif; setiap informan memberi bukti pendukung",
    "shown": "{contrary_text}; {lacking_text}",
    "contrary_some": "{contrary_segments} segmen kontra berbanding {support_segments} segmen pendukung",
    "contrary_none": "tidak ada segmen kontra",
    "lacking_none": "setiap informan memberi bukti pendukung",
    "lacking_some": "{n_lacking} informan tanpa bukti pendukung ({lacking_list})",
    "lacking_one": "{n_lacking} informan tanpa bukti pendukung ({lacking_list})",
    "too_few_cases": "kasus terlalu sedikit",
    "single_segments": ("hampir setiap informan punya kurang dari 4 segmen terkode, terlalu sedikit bagi "
                        "bagiannya untuk menjadi profil tempat mencari pencilan"),
    "outliers_more": "; dan {n} pencilan lainnya (semuanya di conclusions.json)",
    "explain_outliers": "pencilan perlu dijelaskan: {outlier_text}",
    "outlier_high": ("{case} jauh di atas informan lain: {segments} dari {coded_segments} segmennya "
                     "yang dikode mendukung ({share}; rata-rata informan {mean_share})"),
    "outlier_low": ("{case} jauh di bawah informan lain: {segments} dari {coded_segments} segmennya "
                    "yang dikode mendukung ({share}; rata-rata informan {mean_share})"),
    "no_outliers": ("tanpa pencilan; tertinggi {top_text} ({top_percent} segmen terkodenya "
                    "mendukung), terendah {bottom_text} ({bottom_percent})"),
    "serial_comma": ",",  # before the last "and" of three or more
    "names_more": "{names}, dan {more} lainnya",
    "no_outliers_no_support": "tanpa pencilan; tak satu kasus pun mendukungnya",
    "no_outliers_even": "tanpa pencilan; setiap kasus mendukungnya sama ({top_percent} segmen terkodenya)",
    "no_rule": "tidak ada aturan jika-maka", "no_antecedent": "tidak ada kasus dengan syarat A",
    "rule": "konsistensi {consistency}, cakupan {coverage}, {counterexamples} kontra-contoh",
    "consequent_everywhere": "semua kasus memiliki akibat B, sehingga syarat apa pun diikuti olehnya: aturan ini tidak teruji",
    "rule_no_consequent": "konsistensi 0: tidak ada kasus dengan akibat B; {counterexamples} kontra-contoh",
    "cannot_stratify": "tidak dapat distratifikasi",
    "no_relation": "tidak ada hubungan untuk diuji: akibat B tidak lebih sering muncul dengan syarat A daripada tanpanya (selisih {overall})",
    "by_role": "peran", "by_site": "lokasi",
    "vanishes": "hubungan hilang dalam strata {by}",
    "holds": "hubungan bertahan dalam strata {by}",
    "recurs": ("berulang di {n_recurring} peran (yang sedikitnya separuh informannya memberi bukti pendukung) "
               "dan {n_types} jenis sumber"),
    "recurs_by": ("berulang di {n_recurring} dari {roles_total} kelompok {replicated_by} (yang sedikitnya "
                  "separuh informannya memberi bukti pendukung) dan {n_types} jenis sumber"),
    "no_rival": "belum ada penjelasan tandingan yang dipertimbangkan",
    "rival_hint": "Catat penjelasan tandingan dengan `qualcode assert add --rival KODE`.",
    # the zero cases of single_view, weighted and recurs, said as such
    "no_source": "tak satu sumber pun",
    "weighted_none": "tanpa segmen pendukung",
    "recurs_none": "tidak berulang di peran atau jenis sumber mana pun",
    "side_by_side": "{for_informants} informan mendukung vs {rival_informants} untuk tandingan",
    "suggestions_intro": "Dasar saran (segmen yang memuat rekomendasi):",
    "weighted_hearsay": ("skor berbobot {weighted_support} untuk {segments} segmen pendukung "
                         "({weight_list}); {hearsay_segments} segmen kabar dari orang lain "
                         "dihitung ×{hearsay_weight}"),
    "interview": "wawancara", "observation": "observasi", "document": "dokumen",
    "fieldnote": "catatan lapangan", "response": "respons", "and": "dan", "or": "atau",
    "chain_title": "rantai bukti",
    "link_claim": "klaim", "link_if": "jika", "link_then": "maka", "link_contrary": "kontra",
    "link_rival": "tandingan",
    "link_supported": "{label}: {segments} segmen dari {cases} informan",
    "link_unsupported": "{label}: tidak didukung, tidak ada segmen yang merujuknya",
    "link_supported_no_case": "{label}: {segments} segmen, tak satu pun dari informan (dokumen, catatan lapangan)",
    "link_then_unsupported": "{label}: tidak didukung, tidak ada segmennya dari kasus yang memenuhi syarat",
    "link_none_against": "{label}: tidak ditemukan bukti yang menentang",
    "chain_broken": "{broken} mata rantai tanpa segmen: rantai bukti terputus di sana",
    "contrasts_title": "Perbandingan menurut {by}: informan yang menyinggung tiap kode (k dari n)",
    "contrasts_note": ("⚑ selisih proporsi di atas {threshold}; kelompok dengan kurang dari "
                       "{min_cases} kasus terlalu tipis untuk dibandingkan"),
    "contrasts_unassigned": "{unassigned} kasus tanpa nilai {by} tidak dihitung",
    "too_thin": "terlalu tipis",
    "contrast_sentence": ("{label}: {higher} {k_high} dari {n_high} informan, {lower} {k_low} dari "
                          "{n_low}; selisih {difference}."),
    "contrasts_try": "{by} tidak membentuk dua kelompok; atribut ini membentuknya: {attributes} (mis. `--by {first}`)",
    "no_comparison": "tidak ada dua kelompok yang cukup besar untuk dibandingkan",
    "relations_title": "Hubungan antarkode pada {cases_total} informan (lift dan φ)",
    "relations_note": ("{shown} dari {total} pasangan, φ tertinggi lebih dulu; φ tidak terdefinisi (—) "
                       "bila sebuah kode ada pada setiap kasus"),
    "patterns_title": ("Calon kode pola (keterkaitan lengkap: setiap pasangan anggota Jaccard ≥ "
                       "{jaccard} atas kasus)"),
    "pattern_accepted": "sudah diterima sebagai {code}",
    "pattern_definition": ("Kode pola yang merangkum kode-kode yang disinggung bersama oleh informan "
                           "yang sama: {members}."),
    "no_patterns": ("tidak ada calon kode pola: tidak ada dua kode yang disinggung bersama oleh "
                    "sedikitnya separuh informan yang menyinggung salah satunya"),
}
