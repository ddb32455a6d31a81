"""Sentences of conclusions in Indonesian (`id`) and English (`en`); both have the same keys."""

from __future__ import annotations

import re

WORDING: dict[str, dict[str, str]] = {
    "id": {
        "draft": ("{label}: {noun} ini didukung oleh {segments} segmen dari {informants} di antara "
                  "{informants_total} informan, {roles} dari {roles_total} kelompok peran, dan "
                  "{source_types} dari {source_types_total} jenis sumber."),
        "draft_with_contrary": ("{label}: {noun} ini didukung oleh {segments} dari {discussed_segments} segmen "
                                "yang membahasnya ({contrary_segments} segmen lainnya bukti kontra); "
                                "dukungan itu berasal dari {informants} di antara {informants_total} "
                                "informan, {roles} dari {roles_total} kelompok peran, dan {source_types} "
                                "dari {source_types_total} jenis sumber."),
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
        "strong": "kuat", "moderate": "sedang", "weak": "lemah", "insufficient": "bukti tidak cukup",
        "provisional": "sementara",
        "representativeness": "keterwakilan", "triangulation": "triangulasi", "weighting": "bobot bukti",
        "negative_evidence": "bukti negatif", "outliers": "kasus pencilan", "if_then": "uji jika-maka",
        "spurious": "hubungan semu", "replication": "replikasi", "rivals": "penjelasan tandingan",
        "no_informant": "tak seorang informan pun", "one_informant": "hanya satu informan",
        "one_voice": "{top_informant} menyumbang {top_informant_percent} bukti",
        "elite_bias": "semua informan dari kalangan pejabat",
        "spread": "{informants} informan memberi bukti pendukung, dari {n_roles} peran",
        "converge": "{n_types} jenis sumber sejalan",
        "one_source_type": "hanya satu jenis sumber, tetapi beberapa peran",
        "single_view": "satu jenis sumber dan satu peran",
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
        "explain_outliers": "pencilan perlu dijelaskan: {outlier_text}",
        "outlier_high": ("{case} jauh di atas informan lain: {segments} dari {coded_segments} segmennya "
                         "yang dikode mendukung ({share}; rata-rata informan {mean_share})"),
        "outlier_low": ("{case} jauh di bawah informan lain: {segments} dari {coded_segments} segmennya "
                        "yang dikode mendukung ({share}; rata-rata informan {mean_share})"),
        "no_outliers": ("tanpa pencilan; tertinggi {top_text} ({top_percent} segmen terkodenya "
                        "mendukung), terendah {bottom_text} ({bottom_percent})"),
        "names_more": "{names} dan {more} lainnya",
        "no_outliers_no_support": "tanpa pencilan; tak satu kasus pun mendukungnya",
        "no_outliers_even": "tanpa pencilan; setiap kasus mendukungnya sama ({top_percent} segmen terkodenya)",
        "no_rule": "tidak ada aturan jika-maka", "no_antecedent": "tidak ada kasus dengan syarat A",
        "rule": "konsistensi {consistency}, cakupan {coverage}, {counterexamples} kontra-contoh",
        "cannot_stratify": "tidak dapat distratifikasi",
        "vanishes": "hubungan hilang dalam strata {by}",
        "holds": "hubungan bertahan dalam strata {by}",
        "recurs": ("berulang di {n_recurring} peran (yang sedikitnya separuh informannya membahasnya) "
                   "dan {n_types} jenis sumber"),
        "no_rival": ("belum ada penjelasan tandingan yang dipertimbangkan (peneliti dapat mencatatnya "
                     "dengan qualcode assert add --rival KODE)"),
        "side_by_side": "{for_informants} informan mendukung vs {rival_informants} untuk tandingan",
        "suggestions_intro": "Dasar saran (segmen tentang keberlanjutan dan rekomendasi):",
        "weighted_hearsay": ("skor berbobot {weighted_support} untuk {segments} segmen pendukung "
                             "({weight_list}); {hearsay_segments} segmen kabar dari orang lain "
                             "dihitung ×{hearsay_weight}"),
        "interview": "wawancara", "observation": "observasi", "document": "dokumen",
        "fieldnote": "catatan lapangan", "and": "dan",
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
        "draft_with_contrary": ("{label}: this {noun} is supported by {segments} of the {discussed_segments} "
                                "segments on it (the other {contrary_segments} are contrary evidence), "
                                "from {informants} of {informants_total} informants, {roles} of "
                                "{roles_total} role groups and {source_types} of {source_types_total} "
                                "source types."),
        "draft_absent": "{label}: this {noun} does not appear in the coded data.",
        "code_noun": "code",
        "your_verdict": "your verdict: {verdict}",
        "verdict_supported": "supported", "verdict_modified": "modified", "verdict_rejected": "rejected",
        "segments_evidence": "{n} segments · evidence:",
        "ledger_title": "evidence ledger", "header_strength": "strength", "header_segments": "segments",
        "header_informants": "informants", "header_types": "types",
        "ledger_hint": "`qualcode conclude show ID` for the chain of evidence",
        "header_members": "members", "header_cohesion": "cohesion", "header_lowest": "lowest",
        "header_cases": "cases", "header_status": "status",
        "header_code": "code", "header_largest_difference": "largest difference", "header_code_a": "code A",
        "header_code_b": "code B", "header_both": "both", "header_only_a": "only A",
        "header_only_b": "only B", "header_neither": "neither",
        "strong": "strong", "moderate": "moderate", "weak": "weak",
        "provisional": "provisional",
        "insufficient": "insufficient evidence",
        "representativeness": "representativeness", "triangulation": "triangulation",
        "weighting": "weighting the evidence", "negative_evidence": "negative evidence",
        "outliers": "outliers", "if_then": "if-then test", "spurious": "spurious relations",
        "replication": "replication", "rivals": "rival explanations",
        "no_informant": "no informant", "one_informant": "a single informant",
        "one_voice": "{top_informant} supplies {top_informant_percent} of the evidence",
        "elite_bias": "every informant is an official",
        "spread": "{informants} informants giving support, in {n_roles} roles",
        "converge": "{n_types} source types converge",
        "one_source_type": "one source type only, though several roles",
        "single_view": "one source type and one role",
        "weighted": "weighted score {weighted_support} for {segments} supporting segments ({weight_list})",
        "weight_item": "{types} ×{weight}",
        "none_found": "no negative evidence found; every informant gives support",
        "shown": "{contrary_text}; {lacking_text}",
        "contrary_some": "{contrary_segments} contrary segments against {support_segments} supporting ones",
        "contrary_none": "no contrary segments",
        "lacking_none": "every informant gives support",
        "lacking_some": "{n_lacking} informants give no support ({lacking_list})",
        "lacking_one": "1 informant gives no support ({lacking_list})",
        "too_few_cases": "too few cases",
        "explain_outliers": "outliers to explain: {outlier_text}",
        "outlier_high": ("{case} far above the other informants: {segments} of its {coded_segments} "
                         "coded segments support it ({share}; informants' mean {mean_share})"),
        "outlier_low": ("{case} far below the other informants: {segments} of its {coded_segments} "
                        "coded segments support it ({share}; informants' mean {mean_share})"),
        "no_outliers": ("no outliers; highest {top_text} ({top_percent} of their coded segments "
                        "support it), lowest {bottom_text} ({bottom_percent})"),
        "names_more": "{names} and {more} others",
        "no_outliers_no_support": "no outliers; no case supports it",
        "no_outliers_even": "no outliers; every case supports it alike ({top_percent} of its coded segments)",
        "no_rule": "no if-then rule", "no_antecedent": "no case meets the condition",
        "rule": "consistency {consistency}, coverage {coverage}, {counterexamples} counterexamples",
        "cannot_stratify": "cannot be stratified",
        "vanishes": "the relation vanishes within {by} strata",
        "holds": "the relation holds within {by} strata",
        "recurs": ("recurs in {n_recurring} roles (those where at least half the informants raise it) "
                   "and {n_types} source types"),
        "no_rival": ("no rival explanation considered yet (the researcher can record one with "
                     "qualcode assert add --rival CODE)"),
        "side_by_side": "{for_informants} informants for vs {rival_informants} for the rival",
        "suggestions_intro": "Basis for suggestions (segments on sustainability and recommendations):",
        "weighted_hearsay": ("weighted score {weighted_support} for {segments} supporting segments "
                             "({weight_list}); hearsay counts ×{hearsay_weight} ({hearsay_segments} "
                             "segments)"),
        "interview": "interview", "observation": "observation", "document": "document",
        "fieldnote": "field note", "and": "and",
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


def strength_label(conclusion, language: str) -> str:
    """A conclusion's strength in words, "(provisional)" when it rests mostly on unreviewed
    machine suggestions (`Conclusion.provisional`)."""
    w = words(language)
    return w[conclusion.strength] + (f" ({w['provisional']})" if conclusion.provisional else "")


def reason_text(reason: str, figures: dict, language: str) -> str:
    """A check's one-line reason in the given language."""
    wording = WORDING[language]
    values = {key: number(value, language) if isinstance(value, float) else value
              for key, value in figures.items()}
    values.update(
        n_roles=len(figures.get("roles", []) or []), n_types=len(figures.get("source_types", []) or []),
        n_lacking=len(figures.get("cases_lacking", []) or []),
        n_recurring=len(figures.get("roles_recurring", []) or []),
        outlier_list=", ".join(figures.get("outliers", []) or []),
        lacking_list=names(figures.get("cases_lacking", []) or [], language),
        top_text=names(figures.get("top_cases", [figures.get("top_case")]) or [], language),
        bottom_text=names(figures.get("bottom_cases", [figures.get("bottom_case")]) or [], language))
    for key in ("top", "bottom"):
        if isinstance(figures.get(f"{key}_share"), (int, float)):
            values[f"{key}_percent"] = percent(figures[f"{key}_share"], language)
    if isinstance(figures.get("top_informant_share"), (int, float)):
        values["top_informant_percent"] = percent(figures["top_informant_share"], language)
    try:
        if "weights" in figures:
            values["weight_list"] = _weight_list(figures, language)
        if reason == "shown":
            values["contrary_text"] = wording["contrary_some" if figures["contrary_segments"]
                                              else "contrary_none"].format(**values)
            values["lacking_text"] = wording["lacking_none" if not values["n_lacking"] else "lacking_one"
                                             if values["n_lacking"] == 1 else "lacking_some"].format(**values)
        if reason == "explain_outliers":
            values["outlier_text"] = "; ".join(
                wording[f"outlier_{item['direction']}"].format(**{
                    **item, "share": percent(item["share"], language),
                    "mean_share": percent(figures["mean_share"], language)})
                for item in figures.get("outlier_figures", ())) or values["outlier_list"]
        text = wording[reason].format(**values)
    except (KeyError, ValueError, TypeError):
        return reason
    return singular_after_one(text) if language == "en" else text


def number(value: float, language: str) -> str:
    """A figure as a reader writes it: at most two decimals, none when whole, and in
    Indonesian a decimal comma (85, 117,5, 0,67)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "id" else text


def fixed(value: float, language: str) -> str:
    """A figure with two decimals, as a table aligns them (0,33 and 1,00 in Indonesian)."""
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "id" else text


def percent(share: float, language: str) -> str:
    return f"{share:.0%}"  # the same in both languages: 59%


def names(items, language: str, shown: int = 3) -> str:
    """"a", "a dan b", "a, b dan c", "a, b, c dan d", "a, b, c dan 2 lainnya" (English: and, others):
    never "and 1 other", which would take the room of its name."""
    items = [str(item) for item in items if item is not None]
    wording = WORDING[language]
    if len(items) > shown + 1:
        return wording["names_more"].format(names=", ".join(items[:shown]), more=len(items) - shown)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {wording['and']} {items[-1]}"


def _weight_list(figures: dict, language: str) -> str:
    """"wawancara ×1; dokumen dan observasi ×1,5": each source type behind the support, by
    its weight (all the weights when the figures do not say which types are behind it)."""
    wording = WORDING[language]
    weights = figures["weights"]
    present = figures.get("source_types") or sorted(weights)
    by_weight: dict[float, list[str]] = {}
    for source_type in present:
        by_weight.setdefault(float(weights.get(source_type, 1.0)), []).append(wording.get(source_type, source_type))
    return "; ".join(wording["weight_item"].format(types=names(types, language, shown=len(types)),
                                                   weight=number(weight, language))
                     for weight, types in sorted(by_weight.items()))


# "1 informants" -> "1 informant", "1 contrary segments" -> "1 contrary segment"; "1 of 10
# informants" is left alone, since there the noun counts the 10. Only the nouns our sentences
# count: a verb after a singular noun ("1 informant gives") is not a plural to cut.
# (Indonesian nouns do not inflect.)
_ONE_PLURAL = re.compile(r"\b1 ((?:[a-z-]+ )?)(informant|segment|role|source|type|case|code|coding|"
                         r"counterexample|coder|unit|document|quote|word|term)s\b")


def singular_after_one(text: str) -> str:
    return _ONE_PLURAL.sub(lambda m: f"1 {m.group(1)}{m.group(2)}", text)
