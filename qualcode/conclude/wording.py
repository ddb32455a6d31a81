"""Sentences of conclusions in Indonesian (`id`) and English (`en`); both have the same keys."""

from __future__ import annotations

import re

WORDING: dict[str, dict[str, str]] = {
    "id": {
        "draft": ("{label}: {noun} ini didukung oleh {segments} segmen dari {informants} di antara "
                  "{informants_total} informan, {roles} dari {roles_total} kelompok peran, dan "
                  "{source_types} dari {source_types_total} jenis sumber."),
        "draft_absent": "{label}: {noun} ini tidak muncul dalam data yang dikode.",
        "code_noun": "kode",
        "strong": "kuat", "moderate": "sedang", "weak": "lemah", "insufficient": "bukti tidak cukup",
        "representativeness": "keterwakilan", "triangulation": "triangulasi", "weighting": "bobot bukti",
        "negative_evidence": "bukti negatif", "outliers": "kasus pencilan", "if_then": "uji jika-maka",
        "spurious": "hubungan semu", "replication": "replikasi", "rivals": "penjelasan tandingan",
        "no_informant": "tak seorang informan pun", "one_informant": "hanya satu informan",
        "one_voice": "{top_informant} menyumbang {top_informant_share:.0%} bukti",
        "elite_bias": "semua informan dari kalangan pejabat",
        "spread": "{informants} informan dari {n_roles} peran",
        "converge": "{n_types} jenis sumber sejalan",
        "one_source_type": "hanya satu jenis sumber, tetapi beberapa peran",
        "single_view": "satu jenis sumber dan satu peran",
        "weighted": "dukungan berbobot {weighted_support}",
        "none_found": "tidak ditemukan bukti negatif",
        "shown": "{contrary_segments} segmen kontra; {n_lacking} informan tidak menyinggungnya",
        "too_few_cases": "kasus terlalu sedikit",
        "explain_outliers": "pencilan perlu dijelaskan: {outlier_list}",
        "no_outliers": "tanpa pencilan; tertinggi {top_case}, terendah {bottom_case}",
        "no_outliers_no_support": "tanpa pencilan; tak satu kasus pun mendukungnya",
        "no_outliers_even": "tanpa pencilan; setiap kasus mendukungnya sama ({top_segments} segmen per kasus)",
        "no_rule": "tidak ada aturan jika-maka", "no_antecedent": "tidak ada kasus dengan syarat A",
        "rule": "konsistensi {consistency}, cakupan {coverage}, {counterexamples} kontra-contoh",
        "cannot_stratify": "tidak dapat distratifikasi",
        "vanishes": "hubungan hilang dalam strata {by}",
        "holds": "hubungan bertahan dalam strata {by}",
        "recurs": "berulang di {n_recurring} peran dan {n_types} jenis sumber",
        "no_rival": "tidak ada penjelasan tandingan",
        "side_by_side": "{for_informants} informan mendukung vs {rival_informants} untuk tandingan",
        "suggestions_intro": "Dasar saran (segmen tentang keberlanjutan dan rekomendasi):",
        "weighted_hearsay": ("dukungan berbobot {weighted_support}; {hearsay_segments} segmen kabar "
                             "dari orang lain dihitung ×{hearsay_weight}"),
        "chain_title": "rantai bukti",
        "link_claim": "klaim", "link_if": "jika", "link_then": "maka", "link_contrary": "kontra",
        "link_rival": "tandingan",
        "link_supported": "{label}: {segments} segmen dari {cases} informan",
        "link_unsupported": "{label}: tidak didukung, tidak ada segmen yang merujuknya",
        "link_none_against": "{label}: tidak ditemukan bukti yang menentang",
        "chain_broken": "{broken} mata rantai tanpa segmen: rantai bukti terputus di sana",
        "contrasts_title": "Perbandingan menurut {by}: informan yang menyinggung tiap kode (k dari n)",
        "contrasts_note": ("⚑ selisih proporsi di atas {threshold}; kelompok dengan kurang dari "
                           "{min_cases} kasus terlalu tipis untuk dibandingkan"),
        "contrasts_unassigned": "{unassigned} kasus tanpa nilai {by} tidak dihitung",
        "too_thin": "terlalu tipis",
        "contrast_sentence": ("{label}: {higher} {k_high} dari {n_high} informan, {lower} {k_low} dari "
                              "{n_low}; selisih {difference}."),
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
    },
    "en": {
        "draft": ("{label}: this {noun} is supported by {segments} segments from {informants} of "
                  "{informants_total} informants, {roles} of {roles_total} role groups and "
                  "{source_types} of {source_types_total} source types."),
        "draft_absent": "{label}: this {noun} does not appear in the coded data.",
        "code_noun": "code",
        "strong": "strong", "moderate": "moderate", "weak": "weak",
        "insufficient": "insufficient evidence",
        "representativeness": "representativeness", "triangulation": "triangulation",
        "weighting": "weighting the evidence", "negative_evidence": "negative evidence",
        "outliers": "outliers", "if_then": "if-then test", "spurious": "spurious relations",
        "replication": "replication", "rivals": "rival explanations",
        "no_informant": "no informant", "one_informant": "a single informant",
        "one_voice": "{top_informant} supplies {top_informant_share:.0%} of the evidence",
        "elite_bias": "every informant is an official",
        "spread": "{informants} informants in {n_roles} roles",
        "converge": "{n_types} source types converge",
        "one_source_type": "one source type only, though several roles",
        "single_view": "one source type and one role",
        "weighted": "weighted support {weighted_support}",
        "none_found": "no negative evidence found",
        "shown": "{contrary_segments} contrary segments; {n_lacking} informants never raise it",
        "too_few_cases": "too few cases",
        "explain_outliers": "outliers to explain: {outlier_list}",
        "no_outliers": "no outliers; highest {top_case}, lowest {bottom_case}",
        "no_outliers_no_support": "no outliers; no case supports it",
        "no_outliers_even": "no outliers; every case supports it alike ({top_segments} per case)",
        "no_rule": "no if-then rule", "no_antecedent": "no case meets the condition",
        "rule": "consistency {consistency}, coverage {coverage}, {counterexamples} counterexamples",
        "cannot_stratify": "cannot be stratified",
        "vanishes": "the relation vanishes within {by} strata",
        "holds": "the relation holds within {by} strata",
        "recurs": "recurs in {n_recurring} roles and {n_types} source types",
        "no_rival": "no rival explanation named",
        "side_by_side": "{for_informants} informants for vs {rival_informants} for the rival",
        "suggestions_intro": "Basis for suggestions (segments on sustainability and recommendations):",
        "weighted_hearsay": ("weighted support {weighted_support}; hearsay counts ×{hearsay_weight} "
                             "({hearsay_segments} segments)"),
        "chain_title": "chain of evidence",
        "link_claim": "claim", "link_if": "if", "link_then": "then", "link_contrary": "contrary",
        "link_rival": "rival",
        "link_supported": "{label}: {segments} segments from {cases} informants",
        "link_unsupported": "{label}: unsupported, no segment cites it",
        "link_none_against": "{label}: nothing found against the assertion",
        "chain_broken": "{broken} links cite no segment: the chain of evidence breaks there",
        "contrasts_title": "Contrasts by {by}: informants raising each code (k of n)",
        "contrasts_note": ("⚑ a difference in proportions above {threshold}; groups of fewer than "
                           "{min_cases} cases are too thin to compare"),
        "contrasts_unassigned": "{unassigned} cases with no {by} are left out",
        "too_thin": "too thin",
        "contrast_sentence": ("{label}: {higher} {k_high} of {n_high} informants, {lower} {k_low} of "
                              "{n_low}; a difference of {difference}."),
        "no_comparison": "no two groups are large enough to compare",
        "relations_title": "Relations between codes over {cases_total} informants (lift and φ)",
        "relations_note": ("{shown} of {total} pairs, highest φ first; φ is undefined (—) when a code "
                           "is in every case"),
        "patterns_title": ("Candidate pattern codes (complete linkage: every two members have Jaccard ≥ "
                           "{jaccard} over cases)"),
        "pattern_accepted": "accepted as {code}",
        "pattern_definition": ("A pattern code subsuming codes that the same informants raise together: "
                               "{members}."),
        "no_patterns": ("no candidate pattern: no two codes are raised together by at least half of "
                        "the informants who raise either"),
    },
}


def words(language: str) -> dict[str, str]:
    return WORDING[language]


def reason_text(reason: str, figures: dict, language: str) -> str:
    """A check's one-line reason in the given language."""
    values = dict(figures)
    values.update(
        n_roles=len(figures.get("roles", []) or []), n_types=len(figures.get("source_types", []) or []),
        n_lacking=len(figures.get("cases_lacking", []) or []),
        n_recurring=len(figures.get("roles_recurring", []) or []),
        outlier_list=", ".join(figures.get("outliers", []) or []))
    try:
        text = WORDING[language][reason].format(**values)
    except (KeyError, ValueError):
        return reason
    return singular_after_one(text) if language == "en" else text


# "1 informants" -> "1 informant", "1 contrary segments" -> "1 contrary segment"; "1 of 10
# informants" is left alone, since there the noun counts the 10. (Indonesian nouns do not inflect.)
_ONE_PLURAL = re.compile(r"\b1 ((?:[a-z-]+ )?)([a-z]+?[^s])s\b")


def singular_after_one(text: str) -> str:
    return _ONE_PLURAL.sub(lambda m: f"1 {m.group(1)}{m.group(2)}", text)
