"""Report wording in Indonesian (`id`) and English (`en`). Both catalogues have the same keys."""

from __future__ import annotations

from qualcode.model import DIMENSION_TERM

CATALOGUES: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan Temuan",
        "subtitle": "Analisis kualitatif model interaktif Miles, Huberman dan Saldaña",
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
            "{framework}. {Term} yang paling luas dibahas adalah {top_label} ({top_informants} dari "
            "{informants_total} informan), sedangkan yang paling sedikit adalah {bottom_label} "
            "({bottom_informants} dari {informants_total} informan). {patterns_sentence}"),
        # how many dimensions form a pattern; a sentence does not open with a numeral
        "patterns_all": "{All} {term} muncul sebagai pola lintas informan dan peran.",
        "patterns_some": "Sebanyak {patterns} dari {dimensions} {term} muncul sebagai pola lintas informan dan peran.",
        "patterns_none": "Belum ada {term} yang muncul sebagai pola lintas informan dan peran.",
        "patterns_one": "Satu-satunya {term} kerangka ini muncul sebagai pola lintas informan dan peran.",
        "method": "Metode",
        "method_intro": (
            "Data dianalisis dengan model interaktif Miles, Huberman dan Saldaña: kondensasi data, "
            "penyajian data, dan penarikan kesimpulan serta verifikasi. Berikut penerapannya pada proyek ini."),
        "method_condensation": (
            "Kondensasi data: {segments} segmen dari {sources} sumber, {codable} di antaranya dapat dikode "
            "(giliran pewawancara tidak dikode). Sebanyak {coded} segmen mendapat setidaknya satu kode; "
            "total {codings} pengodean oleh {coders}."),
        "method_review": (
            "Sebanyak {accepted} dari {codings} pengodean ({accepted_pct}) telah diperiksa dan diterima peneliti; "
            "{suggested} masih berupa usulan mesin yang belum ditinjau dan tetap dihitung dalam draf ini."),
        "method_review_none": (
            "Belum satu pun dari {codings} pengodean diperiksa peneliti: semuanya usulan mesin yang belum "
            "ditinjau dan tetap dihitung dalam draf ini."),
        "method_review_only": "Laporan ini hanya memakai pengodean yang telah diterima peneliti.",
        "method_display": "Penyajian data: matriks kasus × {term} dan kasus × kode (lihat folder matrices/).",
        "method_conclusion": (
            "Penarikan kesimpulan dan verifikasi: mencatat pola dengan menghitung (segmen, informan, peran, "
            "jenis sumber, selalu dengan penyebutnya), lalu setiap asersi diuji keterwakilan, triangulasi, "
            "bobot bukti, bukti negatif, pencilan dan replikasinya; kekuatannya mengikuti aturan yang "
            "terdokumentasi (lihat conclusions.json)."),
        "findings": "Temuan per {term}",
        "cross_cutting": "Faktor lintas {term}",
        "prevalence": (
            "{label} dibahas dalam {segments} segmen oleh {informants} dari {informants_total} informan "
            "({roles} dari {roles_total} peran) dan muncul pada {source_types} dari {source_types_total} "
            "jenis sumber."),
        "pattern_yes": "Temuan ini merupakan pola lintas informan dan peran.",
        "pattern_no": "Temuan ini belum cukup luas untuk disebut pola.",
        "not_raised": "{label} tidak muncul dalam data yang dikode.",
        "components": "Komponen",
        "code": "Kode",
        "segments": "Segmen",
        "informants": "Informan",
        "factor_overlap": "{label} muncul bersama {term} ini dalam {n} segmen.",
        "sides": ("Dari {discussed} segmen itu, {support} mendukung {term} ini dan {contrary} menjadi bukti "
                  "kontra (lihat Bukti negatif)."),
        "quotes": "Kutipan pendukung",
        "matrix": "Matriks kasus × {term}",
        "matrix_caption": "Tabel {n}. Jumlah segmen per informan dan {term}.",
        "role_ordered_caption": "Tabel {n}. Matriks berurut peran: kutipan terkuat tiap informan per {term}.",
        "accounting_caption": (
            "Tabel {n}. Log akuntansi data: ✓ berarti sedikitnya {complete} segmen terkode dari sumber "
            "itu, “sebagian” berarti kurang dari itu, dan “belum ada” berarti belum ada satu segmen pun. "
            "Log ini menunjukkan di mana data masih tipis sebelum kesimpulan ditarik."),
        "partial": "sebagian", "missing": "belum ada", "(no case)": "(tanpa kasus)",
        "method_display_built": "Penyajian data: {n} matriks dibangun dari pengodean ini ({names}); semuanya ada di folder matrices/ beserta segmen di balik setiap sel.",
        "matrix_note": "Angka menunjukkan jumlah segmen; {unreviewed} dari {codings} pengodean belum ditinjau.",
        "case": "Kasus",
        "source_type": "Jenis sumber",
        "sources": "Sumber",
        "role": "Peran",
        "conclusion": "Kesimpulan",
        # How many of the framework's dimensions the coded data raise, then its patterns
        "conclusion_all": "Data mendukung {all} {term} kerangka ini{strength}.",
        "conclusion_one": "Data mendukung satu-satunya {term} kerangka ini{strength}.",
        "conclusion_some": "Data mendukung {raised} dari {n} {term} kerangka ini{strength}.",
        # the assertions' strengths: the same for all, or which is which
        "strength_same": ", masing-masing dengan {evidence}",
        "strength_one": " dengan {evidence}",
        "strength_differ": " dengan kekuatan bukti yang berbeda: {breakdown}",
        "strength_for": "{strength} untuk {labels}",
        "evidence_strong": "bukti yang kuat", "evidence_moderate": "bukti berkekuatan sedang",
        "evidence_weak": "bukti yang lemah", "evidence_insufficient": "bukti yang belum cukup",
        "conclusion_none": "Data yang dikode belum menyentuh satu pun {term} kerangka ini.",
        "conclusion_text": (
            "{support} Pola lintas informan dan peran: {patterns}. {Term} yang belum menjadi pola: "
            "{non_patterns}.{absent}"),
        "conclusion_absent": " {Term} yang tidak muncul dalam data yang dikode: {absent}.",
        "none": "tidak ada",
        "negative_evidence": "Bukti negatif",
        "negative_some": "Sebanyak {contrary} segmen menjadi bukti kontra, berbanding {support} segmen pendukung.",
        "negative_none": "Tidak ada segmen yang menjadi bukti kontra.",
        "lacking_some": "Sebanyak {n} informan tidak memberi bukti pendukung: {names}.",
        "lacking_none": "Setiap informan memberi bukti pendukung.",
        "ledger_segments": "Segmen pendukung",
        "memos": "Memo analitis",
        "analyst_summaries": "Ringkasan analis per informan",
        "ledger": "Rekap pengujian asersi",
        "ledger_legend": "✓ = lolos; ! = perlu diperhatikan; ✗ = tidak lolos; · = tidak berlaku.",
        # a coding's status, as the audit trail counts them
        "status_suggested": "usulan", "status_accepted": "diterima", "status_rejected": "ditolak",
        "assertion": "Asersi", "strength": "Kekuatan",
        "appendix": "Lampiran",
        "appendix_codebook": "Buku kode",
        "appendix_audit": "Jejak audit",
        "appendix_agreement": "Kesepakatan antarpengode",
        "method_agreement": (
            "Kesepakatan antarpengode diukur pada {n_units} {unit} yang dikode secara "
            "independen oleh {coders}: kesepakatan {percent}, κ Cohen {kappa} ({band_kappa}), "
            "κ Brennan–Prediger {bp}, α Krippendorff {alpha} ({band_alpha}); diukur {measured_at}."),
        "method_agreement_none": ("Kesepakatan antarpengode belum diukur (perintah qualcode agree "
                                  "mengukurnya)."),
        # the displays' kinds, as the method names them
        "display_kind_case_by_code": "matriks kasus × kode",
        "display_kind_role_ordered": "matriks berurut peran",
        "display_kind_framework": "matriks kerangka",
        "display_kind_clustered": "matriks terkelompok konseptual",
        "display_kind_checklist": "matriks daftar periksa",
        "display_kind_summary_table": "tabel ringkasan",
        "display_kind_prevalence": "tabel prevalensi",
        "display_kind_cooccurrence": "matriks kemunculan bersama",
        "display_kind_accounting": "log akuntansi data",
        "display_kind_time_ordered": "matriks berurut waktu",
        "agreement_overall": "Semua kode",
        "agreement_unit_segment": "keputusan segmen × kode",
        "agreement_unit_character": "karakter × kode",
        "agreement_unit_document": "keputusan dokumen × kode",
        "and": "dan",
        "decimal_mark": ",",
        "band": "Kategori",
        # agreement bands (Landis–Koch for κ, Krippendorff for α), as `term` looks them up
        "poor (<0)": "buruk, <0", "slight": "sangat lemah", "fair": "lemah", "moderate": "sedang",
        "substantial": "kuat", "almost perfect": "hampir sempurna", "undefined": "tidak terdefinisi",
        "acceptable (≥0.800)": "dapat diterima, ≥0,800",
        "tentative (0.667–0.800)": "hanya untuk simpulan sementara, 0,667–0,800",
        "unacceptable (<0.667)": "tidak dapat diterima, <0,667",
        "label": "Label", "kind": "Jenis", "parent": "Induk", "definition": "Definisi",
        "kind_dimension": "dimensi", "kind_subcode": "subkode", "kind_factor": "faktor",
        "kind_outcome": "hasil", "kind_theme": "tema",
        "include": "Kriteria inklusi", "exclude": "Kriteria eksklusi", "examples": "Contoh",
        "audit_filter": "Pengodean yang dihitung",
        "audit_reviewed_only": "hanya yang diterima peneliti",
        "audit_all_counted": "semua yang tidak ditolak (termasuk usulan mesin)",
        "contents": "Daftar isi",
        "figure_heatmap": "Gambar {n}. Peta panas matriks kasus × {term} (jumlah segmen).",
        "figure_heatmap_some": "Gambar {n}. Peta panas matriks kasus × {term} (jumlah segmen): {shown} dari"
                               " {cases} kasus, yang jumlahnya tertinggi; matriks memuat semua kasus.",
        "figure_bars": "Gambar {n}. Prevalensi {term} menurut peran informan.",
        "figure_network": "Gambar {n}. Jaringan kemunculan bersama {term} dan faktor (tingkat segmen).",
        # inside the charts themselves (a figure's caption says more)
        "chart_heatmap": "Matriks kasus × {term} (jumlah segmen)",
        "chart_bars": "Prevalensi {term} menurut peran informan",
        "chart_rows_shown": "{shown} dari {total} baris: yang totalnya tertinggi (semua ada di tabel)",
        "chart_share": "bagian informan", "chart_count": "jumlah",
        "toc_placeholder": "Klik kanan lalu pilih Perbarui Bidang untuk menampilkan daftar isi.",
        "figures": "Gambar",
        "show_quotes": "kutipan",
        "strength_line": "Kekuatan bukti: {strength}.",
        "checks": "Pemeriksaan verifikasi",
        "suggestions": "Saran",
        "suggestions_intro": (
            "Saran penelitian ini bertumpu pada segmen tentang keberlanjutan yang memuat rekomendasi:"),
        "machine_coder": "pengode otomatis qualcode",
        "interview": "wawancara", "observation": "observasi", "document": "dokumen",
        "fieldnote": "catatan lapangan",
        "government": "pemerintah", "legislature": "legislatif", "community": "masyarakat",
        "private": "swasta", "academic": "akademisi", "media": "media",
        "unknown_role": "tanpa peran",
    },
    "en": {
        "title": "Findings Report",
        "subtitle": "Qualitative analysis with the Miles, Huberman and Saldaña interactive model",
        "project": "Project",
        "generated_on": "Generated on",
        "tool": "Made with qualcode {version}",
        "codebook": "Codebook",
        "codebook_version": "version {version}",
        "corpus": "Corpus",
        "sources_by_type": "Sources by type",
        "informants_by_role": "Informants by role",
        "summary": "Summary",
        "summary_text": (
            "This analysis examines {sources} sources ({informants} informants) against the "
            "{framework} framework. The most widely discussed {term} is {top_label} ({top_informants} "
            "of {informants_total} informants); the least is {bottom_label} ({bottom_informants} of "
            "{informants_total} informants). {patterns_sentence}"),
        "patterns_all": "{All} {terms} form a pattern across informants and roles.",
        "patterns_some": "Of the {dimensions} {terms}, {patterns} form a pattern across informants and roles.",
        "patterns_none": "No {term} forms a pattern across informants and roles yet.",
        "patterns_one": "The framework's one {term} forms a pattern across informants and roles.",
        "method": "Method",
        "method_intro": (
            "The data were analysed with the Miles, Huberman and Saldaña interactive model: data "
            "condensation, data display, and conclusion drawing and verification. This is how it was applied here."),
        "method_condensation": (
            "Data condensation: {segments} segments from {sources} sources, {codable} of them codable "
            "(interviewer turns are not coded). Of these, {coded} received at least one code; "
            "{codings} codings in all, by {coders}."),
        "method_review": (
            "Of the {codings} codings, {accepted} ({accepted_pct}) were reviewed and accepted by a researcher; "
            "{suggested} are unreviewed machine suggestions, still counted in this draft."),
        "method_review_none": (
            "None of the {codings} codings has been reviewed yet: all are machine suggestions, still "
            "counted in this draft."),
        "method_review_only": "This report uses only codings a researcher has accepted.",
        "method_display": "Data display: case × {term} and case × code matrices (see the matrices/ folder).",
        "method_conclusion": (
            "Conclusion drawing and verification: noting patterns by counting (segments, informants, roles, "
            "source types, always with their denominators), then testing each assertion for "
            "representativeness, triangulation, weight of evidence, negative evidence, outliers and "
            "replication; its strength follows documented rules (see conclusions.json)."),
        "findings": "Findings by {term}",
        "cross_cutting": "Cross-cutting factors",
        "prevalence": (
            "{label} was raised in {segments} segments by {informants} of {informants_total} informants "
            "({roles} of {roles_total} roles) and appears in {source_types} of {source_types_total} "
            "source types."),
        "pattern_yes": "This is a pattern across informants and roles.",
        "pattern_no": "This is not yet widespread enough to call a pattern.",
        "not_raised": "{label} does not appear in the coded data.",
        "components": "Components",
        "code": "Code",
        "segments": "Segments",
        "informants": "Informants",
        "factor_overlap": "{label} co-occurs with this {term} in {n} segments.",
        "sides": ("Of these {discussed} segments, supporting this {term}: {support}; contrary evidence: "
                  "{contrary} (see Negative evidence)."),
        "quotes": "Supporting quotes",
        "matrix": "Case × {term} matrix",
        "matrix_caption": "Table {n}. Segments per informant and {term}.",
        "role_ordered_caption": "Table {n}. Role-ordered matrix: each informant's best-scored quote per {term}.",
        "accounting_caption": (
            "Table {n}. Data accounting log: ✓ means at least {complete} coded segments from that "
            "source, “partial” fewer, and “missing” none yet. It shows where the data are still thin "
            "before conclusions are drawn."),
        "partial": "partial", "missing": "missing", "(no case)": "(no case)",
        "method_display_built": "Data display: {n} displays were built from these codings ({names}); each is in the matrices/ folder with the segments behind every cell.",
        "matrix_note": "Cells count segments; {unreviewed} of {codings} codings are unreviewed.",
        "case": "Case",
        "source_type": "Source type",
        "sources": "Sources",
        "role": "Role",
        "conclusion": "Conclusion",
        "conclusion_all": "The data support {all} {terms} of the framework{strength}.",
        "conclusion_one": "The data support the framework's one {term}{strength}.",
        "conclusion_some": "The data support {raised} of the framework's {n} {terms}{strength}.",
        "strength_same": ", each with {evidence}",
        "strength_one": ", with {evidence}",
        "strength_differ": ", with differing strength: {breakdown}",
        "strength_for": "{strength} for {labels}",
        "evidence_strong": "strong evidence", "evidence_moderate": "moderate evidence",
        "evidence_weak": "weak evidence", "evidence_insufficient": "insufficient evidence",
        "conclusion_none": "The coded data raise none of the framework's {terms}.",
        "conclusion_text": (
            "{support} Patterns across informants and roles: {patterns}. {Terms} that do not yet form a "
            "pattern: {non_patterns}.{absent}"),
        "conclusion_absent": " {Terms} that do not appear in the coded data: {absent}.",
        "none": "none",
        "negative_evidence": "Negative evidence",
        "negative_some": "Segments of contrary evidence: {contrary}, against {support} supporting.",
        "negative_none": "No segment is contrary evidence.",
        "lacking_some": "Informants who give no support: {n} ({names}).",
        "lacking_none": "Every informant gives support.",
        "ledger_segments": "Supporting segments",
        "memos": "Analytic memos",
        "analyst_summaries": "Analyst summaries by informant",
        "ledger": "Assertions ledger",
        "ledger_legend": "✓ = passed; ! = needs attention; ✗ = failed; · = not applicable.",
        "status_suggested": "suggested", "status_accepted": "accepted", "status_rejected": "rejected",
        "assertion": "Assertion", "strength": "Strength",
        "appendix": "Appendices",
        "appendix_codebook": "Codebook",
        "appendix_audit": "Audit trail",
        "appendix_agreement": "Inter-coder agreement",
        "method_agreement": (
            "Inter-coder agreement was measured on {n_units} {unit} coded independently by "
            "{coders}: {percent} agreement, Cohen's κ {kappa} ({band_kappa}), Brennan–Prediger κ "
            "{bp}, Krippendorff's α {alpha} ({band_alpha}); measured {measured_at}."),
        "method_agreement_none": ("Inter-coder agreement has not been measured yet (the qualcode agree "
                                  "command measures it)."),
        "display_kind_case_by_code": "case × code matrix",
        "display_kind_role_ordered": "role-ordered matrix",
        "display_kind_framework": "framework matrix",
        "display_kind_clustered": "conceptually clustered matrix",
        "display_kind_checklist": "checklist matrix",
        "display_kind_summary_table": "summary table",
        "display_kind_prevalence": "prevalence table",
        "display_kind_cooccurrence": "co-occurrence matrix",
        "display_kind_accounting": "data accounting log",
        "display_kind_time_ordered": "time-ordered matrix",
        "agreement_overall": "All codes",
        "agreement_unit_segment": "segment × code decisions",
        "agreement_unit_character": "character × code units",
        "agreement_unit_document": "document × code decisions",
        "and": "and",
        "decimal_mark": ".",
        "band": "Band",
        # agreement bands (Landis–Koch for κ, Krippendorff for α), as `term` looks them up
        "poor (<0)": "poor, <0", "slight": "slight", "fair": "fair", "moderate": "moderate",
        "substantial": "substantial", "almost perfect": "almost perfect", "undefined": "undefined",
        "acceptable (≥0.800)": "acceptable, ≥0.800",
        "tentative (0.667–0.800)": "tentative conclusions only, 0.667–0.800",
        "unacceptable (<0.667)": "unacceptable, <0.667",
        "label": "Label", "kind": "Kind", "parent": "Parent", "definition": "Definition",
        "kind_dimension": "dimension", "kind_subcode": "subcode", "kind_factor": "factor",
        "kind_outcome": "outcome", "kind_theme": "theme",
        "include": "Include when", "exclude": "Exclude when", "examples": "Examples",
        "audit_filter": "Codings counted",
        "audit_reviewed_only": "only those a researcher accepted",
        "audit_all_counted": "every coding not rejected (machine suggestions included)",
        "contents": "Contents",
        "figure_heatmap": "Figure {n}. Heat map of the case × {term} matrix (segment counts).",
        "figure_heatmap_some": "Figure {n}. Heat map of the case × {term} matrix (segment counts): the"
                               " {shown} of {cases} cases with the highest totals; the matrix lists every case.",
        "figure_bars": "Figure {n}. Prevalence of each {term} by informant role.",
        "figure_network": "Figure {n}. Co-occurrence network of the {terms} and factors (segment level).",
        "chart_heatmap": "Case × {term} matrix (segment counts)",
        "chart_bars": "Prevalence of each {term} by informant role",
        "chart_rows_shown": "{shown} of {total} rows: those of highest total (all in the table)",
        "chart_share": "share of informants", "chart_count": "count",
        "toc_placeholder": "Right-click and choose Update Field to show the table of contents.",
        "figures": "Figures",
        "show_quotes": "quotes",
        "strength_line": "Strength of evidence: {strength}.",
        "checks": "Verification checks",
        "suggestions": "Suggestions",
        "suggestions_intro": (
            "The study's suggestions rest on these segments about sustainability that carry a recommendation:"),
        "machine_coder": "qualcode's auto-coder",
        "interview": "interview", "observation": "observation", "document": "document",
        "fieldnote": "field note",
        "government": "government", "legislature": "legislature", "community": "community",
        "private": "private sector", "academic": "academia", "media": "media",
        "unknown_role": "no role",
    },
}
LANGUAGES = tuple(CATALOGUES)


def catalogue(language: str, dimension_term: str | None = None) -> dict[str, str]:
    """The wording in `language`, with the framework's word for a dimension (`{term}`,
    `{Term}`, and in English `{terms}`, `{Terms}`) in place; "dimensi" / "dimension" when the
    framework names none. (`{all}`, the number of the dimensions said as "all n", keempat
    in Indonesian, is the caller's to fill, with `collective`.)"""
    word = dimension_term or DIMENSION_TERM[language]
    words = plural_en(word) if language == "en" else word
    filled = {"{term}": word, "{Term}": _capital(word), "{terms}": words, "{Terms}": _capital(words)}
    found = {}
    for key, text in CATALOGUES[language].items():
        for placeholder, value in filled.items():
            text = text.replace(placeholder, value)
        found[key] = text
    return found


# Indonesian collective numbers: "keempat strategi", all four strategies
_COLLECTIVE_ID = {2: "kedua", 3: "ketiga", 4: "keempat", 5: "kelima", 6: "keenam", 7: "ketujuh",
                  8: "kedelapan", 9: "kesembilan", 10: "kesepuluh"}


def collective(language: str, n: int) -> str:
    """"All n" before a noun: Indonesian keempat (all four), else semua 12; English all 4."""
    if language == "id":
        return _COLLECTIVE_ID.get(n, f"semua {n}")
    return f"all {n}"


def plural_en(word: str) -> str:
    """The English plural of a framework's term: the regular rules, which the usual words
    follow (strategy, pillar, dimension, process, approach). The last word of a phrase."""
    lower = word.lower()
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def term(catalogue_: dict[str, str], value: str | None) -> str:
    """A data value (role, source type) in the report language, or the value itself."""
    if value is None or value == "":
        return catalogue_["unknown_role"]
    return catalogue_.get(str(value), str(value))
