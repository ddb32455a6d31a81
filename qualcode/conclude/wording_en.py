"""The conclusions' sentences in English: the keys of `wording_id`, filled by
`qualcode.conclude.wording`."""

WORDS: dict[str, str] = {
    "draft": "{label}: this {noun} is supported by {segments} segments from {spread}.",
    "draft_with_contrary": ("{label}: this {noun} is supported by {segments} of the {discussed_segments} "
                            "segments on it (contrary evidence: the other {contrary_segments}), "
                            "from {spread}."),
    "draft_spread": ("{informants} of {informants_total} informants, {roles} of {roles_total} {groups} and "
                     "{source_types} of {source_types_total} source types"),
    "draft_spread_ungrouped": ("{informants} of {informants_total} informants and {source_types} of "
                               "{source_types_total} source types"),
    "draft_groups_role": "role groups", "draft_groups_by": "{by} groups",
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
    "insufficient": "insufficient",
    "representativeness": "representativeness", "triangulation": "triangulation",
    "weighting": "weighting the evidence", "negative_evidence": "negative evidence",
    "outliers": "outliers", "if_then": "if-then test", "spurious": "spurious relations",
    "replication": "replication", "rivals": "rival explanations",
    # the checks as a terminal's ledger heads its narrow columns (the legend under it spells them out)
    "short_representativeness": "repr", "short_triangulation": "tri", "short_weighting": "wgt",
    "short_negative_evidence": "neg", "short_outliers": "out", "short_if_then": "if", "short_spurious": "spur",
    "short_replication": "repl", "short_rivals": "rival",
    "no_informant": "no informant", "one_informant": "a single informant",
    "few_of_many": "only {informants} of {informants_total} informants give supporting evidence ({informant_percent})",
    "minority": "{informants} of {informants_total} informants give supporting evidence ({informant_percent}), fewer than half",
    "one_voice": "{top_informant} supplies {top_informant_percent} of the evidence",
    "elite_bias": "{all_informants} informants behind it hold office ({role_list})",
    "spread": "{informants} of {informants_total} informants giving support, in {n_roles} of {roles_total} roles",
    "spread_no_roles": "{informants} of {informants_total} informants giving support",
    # a conclusions.json of an earlier version, whose figures lack the totals
    "spread_uncounted": "{informants} informants giving support, in {n_roles} roles",
    "spread_no_roles_uncounted": "{informants} informants giving support",
    "converge": "{n_types} source types converge",
    "one_source_type": "one source type only, though several roles",
    "single_view": "one source type and one role",
    "one_source_type_by": "one source type only, though several {grouped_by} groups",
    "single_view_by": "one source type and one {grouped_by} group",
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
    "single_segments": ("nearly every informant has fewer than 4 coded segments, too few for their share to "
                        "be a profile to find outliers in"),
    "outliers_more": "; and {n} more outliers (all of them in conclusions.json)",
    "explain_outliers": "outliers to explain: {outlier_text}",
    "outlier_high": ("{case} far above the other informants: {segments} of its {coded_segments} "
                     "coded segments support it ({share}; informants' mean {mean_share})"),
    "outlier_low": ("{case} far below the other informants: {segments} of its {coded_segments} "
                    "coded segments support it ({share}; informants' mean {mean_share})"),
    "no_outliers": ("no outliers; highest {top_text} ({top_percent} of their coded segments "
                    "support it), lowest {bottom_text} ({bottom_percent})"),
    "serial_comma": "",  # before the last "and" of three or more
    "names_more": "{names} and {more} others",
    "no_outliers_no_support": "no outliers; no case supports it",
    "no_outliers_even": "no outliers; every case supports it alike ({top_percent} of its coded segments)",
    "no_rule": "no if-then rule", "no_antecedent": "no case meets the condition",
    "rule": "consistency {consistency}, coverage {coverage}, {counterexamples} counterexamples",
    "consequent_everywhere": "every case has the outcome, so any condition is followed by it: the rule is not tested",
    "rule_no_consequent": "consistency 0: no case has the outcome; {counterexamples} counterexamples",
    "cannot_stratify": "cannot be stratified",
    "no_relation": "no relation to test: the outcome is not more common with the condition than without it (difference {overall})",
    "by_role": "role", "by_site": "site",
    "vanishes": "the relation vanishes within {by} strata",
    "holds": "the relation holds within {by} strata",
    "recurs": ("recurs in {n_recurring} roles (those where at least half the informants give support) "
               "and {n_types} source types"),
    "recurs_by": ("recurs in {n_recurring} of {roles_total} {replicated_by} groups (those where at least "
                  "half the informants give support) and {n_types} source types"),
    "no_rival": "no rival explanation considered yet",
    "rival_hint": "Record a rival explanation with `qualcode assert add --rival CODE`.",
    # the zero cases of single_view, weighted and recurs, said as such
    "no_source": "no source at all",
    "weighted_none": "no supporting segments",
    "recurs_none": "recurs in no role and no source type",
    "side_by_side": "{for_informants} informants for vs {rival_informants} for the rival",
    "suggestions_intro": "Basis for suggestions (segments that carry a recommendation):",
    "weighted_hearsay": ("weighted score {weighted_support} for {segments} supporting segments "
                         "({weight_list}); hearsay counts ×{hearsay_weight} ({hearsay_segments} "
                         "segments)"),
    "interview": "interview", "observation": "observation", "document": "document",
    "fieldnote": "field note", "response": "response", "and": "and", "or": "or",
    "chain_title": "chain of evidence",
    "link_claim": "claim", "link_if": "if", "link_then": "then", "link_contrary": "contrary",
    "link_rival": "rival",
    "link_supported": "{label}: {segments} segments from {cases} informants",
    "link_unsupported": "{label}: unsupported, no segment cites it",
    "link_supported_no_case": "{label}: {segments} segments, none from an informant (documents, field notes)",
    "link_then_unsupported": "{label}: unsupported, no segment on it from a case that meets the condition",
    "link_none_against": "{label}: nothing found against the assertion",
    "chain_broken": "links that cite no segment: {broken}; the chain of evidence breaks there",
    "contrasts_title": "Contrasts by {by}: informants raising each code (k of n)",
    "contrasts_note": ("⚑ a difference in proportions above {threshold}; groups of fewer than "
                       "{min_cases} cases are too thin to compare"),
    "contrasts_unassigned": "{unassigned} cases with no {by} are left out",
    "too_thin": "too thin",
    "contrast_sentence": ("{label}: {higher} {k_high} of {n_high} informants, {lower} {k_low} of "
                          "{n_low}; a difference of {difference}."),
    "contrasts_try": "{by} does not make two groups; these attributes do: {attributes} (e.g. `--by {first}`)",
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
}
