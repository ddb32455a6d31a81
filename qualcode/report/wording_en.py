"""The report's wording in English: one key per phrase, the same keys as
`qualcode.report.wording_id` (`{term}`, `{terms}`: the framework's word for a dimension)."""

WORDING: dict[str, str] = {
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
        "This analysis examines {sources} sources ({informants} informants) against the framework "
        "“{framework}”. The most widely discussed {top}; the least discussed {bottom}. "
        "{patterns_sentence}"),
    "summary_text_silent": (
        "This analysis examines {sources} sources ({informants} informants) against the framework "
        "“{framework}”. The most widely discussed {top}, while no informant's coded "
        "segments touch {silent} yet. {patterns_sentence}"),
    "summary_even": (
        "This analysis examines {sources} sources ({informants} informants) against the framework "
        "“{framework}”. {All} {terms} are discussed by as many informants, each by {n} of "
        "{informants_total} informants. {patterns_sentence}"),
    # the verb agrees: "strategy is X", "strategies are X and Y"
    "summary_reach_one": "{term} is {labels} ({n} of {informants_total} informants)",
    "summary_reach_many": "{terms} are {labels} ({n} of {informants_total} informants each)",
    "draft_all": "All these figures come from machine suggestions no researcher has reviewed yet.",
    "draft_some": "Of the {codings} codings counted here, {suggested} are still unreviewed machine suggestions.",
    "draft_some_pairs": "Of the {codings} segment–code pairs counted here, {suggested} are still unreviewed machine suggestions.",
    "patterns_all": "{All} {terms} form a pattern across informants{and_across}.",
    "patterns_some": "Of the {dimensions} {terms}, {patterns} form a pattern across informants{and_across}.",
    "patterns_one_of": "Of the {dimensions} {terms}, 1 forms a pattern across informants{and_across}.",
    "patterns_none": "No {term} forms a pattern across informants{and_across} yet.",
    "patterns_one": "The framework's one {term} forms a pattern across informants{and_across}.",
    "method": "Method",
    "method_intro": (
        "The data were analysed with the Miles, Huberman and Saldaña interactive model: data "
        "condensation, data display, and conclusion drawing and verification. This is how it was applied here."),
    "uncoded_turns": "interviewer turns",
    "uncoded_tables": "a table's question headings and replies",
    "method_condensation": (
        "Data condensation: {segments} segments from {sources} sources, {codable} of them codable "
        "({uncoded} are not coded). Of these, {coded} received at least one code; "
        "{codings} codings in all, by {coders}."),
    "method_condensation_all": (
        "Data condensation: {segments} segments from {sources} sources, all of them codable. Of these, "
        "{coded} received at least one code; {codings} codings in all, by {coders}."),
    "method_groups": (
        "{participants} informants spoke in focus groups ({groups} in all), each counted as a case of their own. In a "
        "discussion participants sway one another, and one who did not speak of a {term} need not "
        "disagree; the per-informant counts are read with that in mind."),
    "method_table_rows": (
        "{left_out} of the {rows} table rows held no answer (blank, “-”, “none” and the like) and are "
        "not analysed."),
    "method_review": (
        "Of the {codings} codings, {accepted} ({accepted_pct}) were reviewed and accepted by a researcher; "
        "{suggested} are unreviewed machine suggestions, still counted in this draft."),
    "method_review_pairs": (
        "Counted per segment–code pair (several coders may code the same pair), {accepted} of "
        "{codings} pairs ({accepted_pct}) were accepted by at least one coder; {suggested} are "
        "unreviewed machine suggestions, still counted in this draft."),
    "method_review_none": (
        "None of the {codings} codings has been reviewed yet: all are machine suggestions, still "
        "counted in this draft."),
    "method_review_only": "This report uses only codings a researcher has accepted.",
    "method_review_coder": "This report uses only the codings {coder} accepted.",
    "method_display": "Data display: case × {term} and case × code matrices (see the matrices/ folder).",
    "method_conclusion": (
        "Conclusion drawing and verification: noting patterns by counting (segments, informants, roles, "
        "source types, always with their denominators), then testing each assertion for "
        "representativeness, triangulation, weight of evidence, negative evidence, outliers and "
        "replication; its strength follows documented rules (see conclusions.json; each segment on either side, in words, in evidence.xlsx)."),
    "method_sides": (
        "Supporting and contrary evidence are split mechanically: a segment on a {term} (or its "
        "subcodes) that is also coded as an obstacle ({contrary}) is contrary evidence; every other "
        "segment on that {term} is supporting evidence. So “supporting” means discussing the {term} "
        "without naming an obstacle, not necessarily confirming it; the researcher's review "
        "decides.{weights} The if-then and spurious-relation checks need the researcher's input and "
        "show · on the machine's assertions; a rival explanation is the researcher's to name too, "
        "and until one is, its check shows !. Where the contrary evidence equals or "
        "outweighs the support, the assertion is contested and its strength at most weak. A strength "
        "whose supporting segments are mostly unreviewed is provisional."),
    "method_weights": (" In weighing the evidence, {weighted}, since they do not rest on one "
                       "informant's memory and account."),
    "weighted_type": "{type} count ×{weight}",
    "contrary_also": "for {dimension} also {codes}",
    "strength_line_unreviewed": (
        "Strength of evidence: {strength} (provisional: none of its {segments} supporting segments "
        "reviewed by a researcher yet)."),
    "strength_line_provisional": (
        "Strength of evidence: {strength} (provisional: {reviewed} of {segments} supporting segments "
        "reviewed by a researcher)."),
    "findings": "Findings by {term}",
    "cross_cutting": "Cross-cutting codes",
    "prevalence": (
        "{label} was raised in {segments} segments by {informants} of {informants_total} informants "
        "({roles} of {roles_total} {across}) and appears in {source_types} of {source_types_total} "
        "source types."),
    "prevalence_no_roles": (
        "{label} was raised in {segments} segments by {informants} of {informants_total} informants "
        "and appears in {source_types} of {source_types_total} source types."),
    # a pattern of talk (prevalence), which the strength of evidence below may not bear out
    # what a pattern spans: roles, or for informants without roles the groups the report shows
    "across_roles": "roles", "across_groups": "{attribute} groups",
    "pattern_yes": "Talk of it forms a pattern across informants{and_across}.",
    "pattern_no": "Talk of it is not yet widespread enough to call a pattern.",
    "not_raised": "{label} does not appear in the coded data.",
    "components": "Components",
    "code": "Code",
    "segments": "Segments",
    "informants": "Informants",
    "factor_overlap": "{label} co-occurs with this {term} in {n} segments.",
    "sides_none": "Every one of these segments comes with an obstacle{obstacles} (contrary evidence; see Negative evidence).",
    "sides": ("Of these {discussed} segments, supporting evidence (without an obstacle): {support}; "
              "contrary evidence (together with one{obstacles}; see Negative evidence): {contrary}."),
    "obstacles_named": ", {codes}",
    "quotes": "Supporting quotes",
    "theme_quotes": "Quotes",
    "matrix": "Data display",
    "matrix_caption": "Table {n}. Segments per informant and {term}.",
    "components_caption": "Table {n}. Subcodes of {label}: segments and informants.",
    "figures_cited": "Figures {first} to {last} (in the Figures section) show these data visually.",
    "figures_cited_two": "Figures {first} and {last} (in the Figures section) show these data visually.",
    "figures_cited_one": "Figure {first} (in the Figures section) shows these data visually.",
    "ledger_caption": "Table {n}. Assertions ledger: strength, checks and supporting evidence.",
    "audit_caption": "Table {n}. Audit trail: what this report counted, from which data, codebook and tool.",
    "codebook_caption": "Table {n}. Codebook: codes, definitions, and inclusion and exclusion criteria.",
    "agreement_caption": "Table {n}. Inter-coder agreement per code.",
    "matrix_caption_cross": "Table {n}. Segments per informant and framework code ({terms} and cross-cutting codes).",
    "audit_item": "Item", "audit_value": "Value",
    "role_ordered_caption": "Table {n}. Role-ordered matrix: each informant's best-scored quote per {term}.",
    "accounting_caption": (
        "Table {n}. Data accounting log: ✓ means at least {complete} coded segments from that "
        "source, “partial” fewer, and “missing” none yet. It shows where the data are still thin "
        "before conclusions are drawn."),
    "partial": "partial", "missing": "missing", "(no case)": "(no case)",
    "method_display_built": "Data display: {n} displays were built from these codings ({names}); each is in the matrices/ folder with the segments behind every cell (displays.xlsx to open in Excel, a CSV of each for scripts).",
    "cell_more": "{shown} of {total} segments shown; all of them are in {file}.",
    "matrix_uncased": " Segments of sources without a case (documents, observations, field notes) have no row here: {n} coded segments.",
    "matrix_note": "Cells count segments; {unreviewed} of the {codings} codings behind this table are unreviewed.",
    "matrix_note_reviewed": "Cells count segments; every coding behind this table has been reviewed.",
    "matrix_caption_grouped": "Table {n}. Informants who raised each {term}, by {attribute}.",
    "matrix_caption_grouped_cross": ("Table {n}. Informants who raised each framework code ({terms} and "
                                     "cross-cutting codes), by {attribute}."),
    "matrix_grouped_note": ("Cells count the group's informants who raised the code; the Informants column "
                            "gives the group's size, and the percentage in brackets its share."),
    "matrix_grouped_auto": ("{cases} informants are too many for a row each, so they are grouped by {attribute} "
                            "(chosen as the case attribute with the most values from 2 to 30; set group_by in "
                            "the [report] part of qualcode.toml to choose another)."),
    "matrix_grouped_auto_role": ("{cases} informants are too many for a row each, so they are grouped by role "
                                 "(set group_by in the [report] part of qualcode.toml to choose another)."),
    "matrix_grouped_setting": "Informants are grouped by {attribute}, as group_by in the [report] part of qualcode.toml says.",
    "matrix_grouped_none": ("{cases} informants are too many for a row each, and no case attribute has from 2 to "
                            "30 values to group them by, so this table gives the totals (name one with group_by "
                            "in the [report] part of qualcode.toml)."),
    "matrix_grouped_files": (" This table's counts are in matrices/{file}. The tables with a row per informant "
                             "(the case matrix, the role-ordered matrix, the data accounting log) are in the "
                             "matrices/ folder too, as CSV and in displays.xlsx."),
    "matrix_review": " {unreviewed} of the {codings} codings behind it are unreviewed.",
    "matrix_review_done": " Every coding behind it has been reviewed.",
    "cell_more_grouped": "Quotes of the first {shown} informants shown; every segment is in {file}.",
    "group_all": "All informants",
    "group_none": "(no value)",
    "(none)": "(no value)",
    "case": "Case",
    "source_type": "Source type",
    "sources": "Sources",
    "role": "Role",
    "conclusion": "Conclusion",
    "conclusion_all": ("For {all} {terms} of the framework, more segments discuss them without naming an obstacle "
                       "(supporting evidence) than with one (contrary evidence){strength}."),
    "conclusion_one": ("For the framework's one {term}, more segments discuss it without naming an obstacle "
                       "(supporting evidence) than with one (contrary evidence){strength}."),
    "conclusion_some": ("For {raised} of the framework's {n} {terms} ({labels}), more segments discuss them without "
                        "naming an obstacle (supporting evidence) than with one (contrary evidence){strength}."),
    "conclusion_some_one": ("For {raised} of the framework's {n} {terms} ({labels}), more segments discuss it "
                            "without naming an obstacle (supporting evidence) than with one (contrary "
                            "evidence){strength}."),
    "strength_same": ", each with {evidence}",
    "conclusion_outweighed": (
        "For {items}, the contrary evidence equals or outweighs the support: not counted as supported by "
        "the data yet."),
    "sides_count": "{label} ({support} supporting segments, {contrary} contrary)",
    "strength_one": ", with {evidence}",
    "strength_differ_provisional": ", with differing strength, all provisional: {breakdown}",
    "strength_differ": ", with differing strength: {breakdown}",
    "strength_for": "{strength} for {labels}",
    "evidence_strong": "strong evidence", "evidence_moderate": "moderate evidence",
    "evidence_weak": "weak evidence", "evidence_insufficient": "insufficient evidence",
    "conclusion_none_supported": "The coded data raise the framework's {terms}, but the evidence for {labels} is insufficient to call it support.",
    "conclusion_insufficient": " The evidence for {labels} is insufficient to call it support.",
    "conclusion_none": "The coded data raise none of the framework's {terms}.",
    "conclusion_text": "{support} {patterns}{non_patterns}{absent}",
    # some of the framework's dimensions, named (all or none: `patterns_all`, `patterns_none`)
    "conclusion_patterns": "{patterns} form a pattern across informants{and_across}.",
    "conclusion_pattern": "{patterns} forms a pattern across informants{and_across}.",
    "conclusion_non_patterns": " {Terms} that do not yet form a pattern: {non_patterns}.",
    "conclusion_absent": " {Terms} that do not appear in the coded data: {absent}.",
    "none": "none",
    "negative_evidence": "Negative evidence",
    "negative_some": "Contrary evidence: {contrary} segments, against {support} supporting.",
    "negative_none": "No segment is contrary evidence.",
    "lacking_some": "Informants who give no support: {n} ({names}).",
    "lacking_one": "One informant gives no support: {names}.",
    "lacking_silent": " Of them, {n} have no segment coded to this {term}: {names}.",
    "lacking_all_silent": "Informants with no segment coded to this {term}: {n} ({names}).",
    "lacking_one_silent": "One informant, {names}, has no segment coded to this {term}.",
    "lacking_silent_one": " One of them, {names}, has no segment coded to this {term}.",
    "lacking_none": "Every informant gives support.",
    "ledger_segments": "Supporting segments",
    "ledger_informants": "Supporting informants",
    "memos": "Analytic memos",
    "analyst_summaries": "Analyst summaries by informant",
    "ledger": "Assertions ledger",
    "verdicts": "The researcher's verdicts",
    "verdict_supported": "supported",
    "verdict_modified": "modified",
    "verdict_rejected": "rejected",
    "ledger_legend": "✓ = passed; ! = needs attention; ✗ = failed; · = not tested (it needs the researcher's input, or more data).",
    "status_suggested": "suggested, undecided", "status_accepted": "accepted", "status_rejected": "rejected",
    "audit_not_counted": "{n} (not counted)",
    "audit_not_counted_overruled": "{n} (not counted; {k} of them another coder accepted, and that acceptance counts)",
    "assertion": "Assertion", "strength": "Strength",
    "appendix": "Appendices",
    "appendix_codebook": "Codebook",
    "appendix_audit": "Audit trail",
    "appendix_informants": "Informants",
    "informants_caption": "Table {n}. Informants: {described}.",
    "informants_said": "how much each one said",
    "informant": "Informant", "informant_role": "Role", "informant_position": "Position",
    "informant_organisation": "Organisation", "informant_sources": "Sources", "informant_segments": "Segments",
    "informants_note": "Segments: codable segments (the informant's turns, not the interviewer's questions).",
    "appendix_agreement": "Inter-coder agreement",
    "method_agreement": (
        "Inter-coder agreement was measured on {n_units} {unit} coded independently by "
        "{coders}: {percent} agreement, Cohen's κ {kappa} ({band_kappa}), Brennan–Prediger κ "
        "{bp}, Krippendorff's α {alpha} ({band_alpha}); measured {measured_at}."),
    "method_agreement_none": "Inter-coder agreement has not been measured yet.",
    "method_agreement_unseen": ("{coder} had not looked at {unseen} of the {total} sample segments, which "
                                "count as coded with nothing by them and lower these figures."),
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
    "thousands": ",",
    "decimal_mark": ".",
    "band": "Band",
    # agreement bands (Landis–Koch for κ, Krippendorff for α), as `term` looks them up
    "poor (<0)": "poor, <0", "slight": "slight", "fair": "fair", "moderate": "moderate",
    "substantial": "substantial", "almost perfect": "almost perfect", "undefined": "undefined",
    "n/a (2 coders)": "n/a: Cohen's κ is of two coders",
    "acceptable (≥0.800)": "acceptable, ≥0.800",
    "tentative (0.667–0.800)": "tentative conclusions only, 0.667–0.800",
    "unacceptable (<0.667)": "unacceptable, <0.667",
    "label": "Label", "kind": "Kind", "parent": "Parent", "definition": "Definition",
    "kind_dimension": "{term}", "kind_subcode": "subcode", "kind_factor": "factor",
    "kind_outcome": "outcome", "kind_theme": "theme",
    "include": "Include when", "exclude": "Exclude when", "examples": "Illustrative example",
    "examples_in_id": "in Indonesian", "examples_in_en": "in English",
    "audit_filter": "Codings counted",
    "audit_reviewed_only": "only those a researcher accepted",
    "audit_coder_only": "only those {coder} accepted",
    "audit_all_counted": "every coding any coder accepted, and machine suggestions no one has decided on",
    "contents": "Contents",
    "figure_heatmap": "Figure {n}. Heat map of the case × {term} matrix (segment counts).",
    "figure_heatmap_cross": "Figure {n}. Heat map of segments per informant and framework code ({terms} and cross-cutting codes).",
    "figure_heatmap_some": "Figure {n}. Heat map of the case × {term} matrix (segment counts): the"
                           " {shown} of {cases} cases with the highest totals; the matrix lists every case.",
    "figure_bars": "Figure {n}. Prevalence of each {term} by informant role.",
    "figure_network": "Figure {n}. Co-occurrence network of the {terms} and factors (segment level): a node's size is its segments, a line's width the segments two codes share.",
    "chart_heatmap_grouped": "Informants who raised each {term}, by {attribute} (%)",
    "figure_heatmap_grouped": "Figure {n}. Heat map of the share of each {attribute} group's informants who raised each {term}.",
    "chart_heatmap": "Case × {term} matrix (segment counts)",
    "chart_heatmap_cross": "Segments per informant and framework code ({terms} and cross-cutting codes)",
    "chart_bars": "Prevalence of each {term} by informant role",
    "chart_rows_shown": "{shown} of {total} rows: those of highest total (all in the table)",
    "chart_share": "share of informants", "chart_count": "count",
    "toc_placeholder": "Right-click and choose Update Field to show the table of contents.",
    "figures": "Figures",
    "show_quotes": "quotes",
    "strength_line": "Strength of evidence: {strength}.",
    "checks": "Verification checks",
    "suggestions": "Informants' recommendations",  # theirs: the study's own suggestions are the researcher's
    "suggestions_intro": (
        "A selection of segments that carry an informant's recommendation, at most one per informant "
        "(the coded data may hold more), for the study's own suggestions to rest on:"),
    "machine_coder": "qualcode's auto-coder",
    "default_coder": "the researcher",  # qualcode.toml's coder = "researcher"
    "interview": "interview", "observation": "observation", "document": "document",
    "fieldnote": "field note", "response": "response",
    "answers_question": "{who}, answering “{column}”",
    "in_column": "{who}, column “{column}”",
    "respondent": "respondent",
    "government": "government", "legislature": "legislature", "community": "community",
    "private": "private sector", "academic": "academia", "media": "media",
    "unknown_role": "no role",
}
