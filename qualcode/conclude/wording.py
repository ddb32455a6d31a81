"""Sentences of conclusions in Indonesian (`id`) and English (`en`); both have the same keys."""

from __future__ import annotations

WORDING: dict[str, dict[str, str]] = {
    "id": {
        "draft": ("{label}: strategi ini didukung oleh {segments} segmen dari {informants} dari "
                  "{informants_total} informan, {roles} dari {roles_total} kelompok peran, dan "
                  "{source_types} dari {source_types_total} jenis sumber."),
        "strong": "kuat", "moderate": "sedang", "weak": "lemah", "insufficient": "bukti tidak cukup",
        "representativeness": "keterwakilan", "triangulation": "triangulasi", "weighting": "bobot bukti",
        "negative_evidence": "bukti negatif", "outliers": "kasus pencilan", "if_then": "uji jika-maka",
        "spurious": "hubungan semu", "replication": "replikasi", "rivals": "penjelasan tandingan",
        "one_informant": "hanya satu informan",
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
        "no_rule": "tidak ada aturan jika-maka", "no_antecedent": "tidak ada kasus dengan syarat A",
        "rule": "konsistensi {consistency}, cakupan {coverage}, {counterexamples} kontra-contoh",
        "cannot_stratify": "tidak dapat distratifikasi",
        "vanishes": "hubungan hilang dalam strata {by}",
        "holds": "hubungan bertahan dalam strata {by}",
        "recurs": "berulang di {n_recurring} peran dan {n_types} jenis sumber",
        "no_rival": "tidak ada penjelasan tandingan",
        "side_by_side": "{for_informants} informan mendukung vs {rival_informants} untuk tandingan",
        "suggestions_intro": "Dasar saran (segmen tentang keberlanjutan dan rekomendasi):",
    },
    "en": {
        "draft": ("{label}: this strategy is supported by {segments} segments from {informants} of "
                  "{informants_total} informants, {roles} of {roles_total} role groups and "
                  "{source_types} of {source_types_total} source types."),
        "strong": "strong", "moderate": "moderate", "weak": "weak",
        "insufficient": "insufficient evidence",
        "representativeness": "representativeness", "triangulation": "triangulation",
        "weighting": "weighting the evidence", "negative_evidence": "negative evidence",
        "outliers": "outliers", "if_then": "if-then test", "spurious": "spurious relations",
        "replication": "replication", "rivals": "rival explanations",
        "one_informant": "a single informant",
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
        "no_rule": "no if-then rule", "no_antecedent": "no case meets the condition",
        "rule": "consistency {consistency}, coverage {coverage}, {counterexamples} counterexamples",
        "cannot_stratify": "cannot be stratified",
        "vanishes": "the relation vanishes within {by} strata",
        "holds": "the relation holds within {by} strata",
        "recurs": "recurs in {n_recurring} roles and {n_types} source types",
        "no_rival": "no rival explanation named",
        "side_by_side": "{for_informants} informants for vs {rival_informants} for the rival",
        "suggestions_intro": "Basis for suggestions (segments on sustainability and recommendations):",
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
        return WORDING[language][reason].format(**values)
    except (KeyError, ValueError):
        return reason
