"""What an examiner reads in the demo's conclusions: report.md (Indonesian and English),
conclusions.json and the DOCX. A quote is never on both sides of an assertion, the counts say
what they count, outliers are per assertion with a reason, the conclusion's wording follows
the strengths, shortened quotes show the evidence, and the Indonesian reads as Indonesian."""

import json
import re
from pathlib import Path

import docx
import pytest

from qualcode.cli import app
from tests.conftest import copy_demo

STRATEGIES = ("political-environment", "technology", "budget-support", "stakeholder-participation")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from typer.testing import CliRunner

    target = copy_demo(tmp_path_factory.mktemp("evidence"))
    runner = CliRunner()
    for args in (["run"], ["report", "--lang", "en", "--out", str(target / "reports" / "en")]):
        result = runner.invoke(app, ["--project", str(target), *args])
        assert result.exit_code == 0, result.output
    reports = target / "reports"
    conclusions = json.loads((reports / "conclusions.json").read_text(encoding="utf-8"))
    machine = {a["codes"][0]: a for a in conclusions["assertions"] if a["author"] == "machine"}
    return {"md": (reports / "report.md").read_text(encoding="utf-8"),
            "en": (reports / "en" / "report.md").read_text(encoding="utf-8"),
            "docx": docx.Document(str(reports / "report.docx")), "machine": machine, "target": target}


def check(assertion, name):
    return next(c for c in assertion["checks"] if c["name"] == name)


def sections(text):
    """The findings section of each strategy, by number."""
    return re.split(r"\n### \d\. ", text.split("## Kode lintas")[0].split("## Cross-cutting")[0])[1:]


def quoted_ids(block):
    return re.findall(r"^> — .*`([^`]+)`$", block, flags=re.M)


# ------------------------------------------------------------------- 1. one side per quote
def test_a_factors_quotes_are_not_also_coded_as_its_opposite(demo):
    import sqlite3

    with sqlite3.connect(demo["target"] / ".qualcode" / "project.db") as conn:
        rows = conn.execute("SELECT segment_id, code_id FROM codings WHERE status != 'rejected'").fetchall()
    negative = {"inhibiting-factor", "budget-constraints"}  # the shipped codebook's negative codes
    coded = lambda codes: {s for s, c in rows if c in codes}  # noqa: E731
    for heading, opposite in (("### Faktor pendukung", negative), ("### Faktor penghambat", {"supporting-factor"})):
        block = demo["md"].split(heading)[1].split("\n### ")[0]
        quoted = set(quoted_ids(block))
        assert quoted, heading
        # the demo has one-sided segments enough: none of the quotes is coded both ways
        assert not quoted & coded(opposite), (heading, quoted & coded(opposite))


def test_no_segment_supports_and_contradicts_one_assertion(demo):
    for code in STRATEGIES:
        assertion = demo["machine"][code]
        support, contrary = set(assertion["evidence"]), set(check(assertion, "negative_evidence")["evidence"])
        assert support and contrary and not support & contrary, code
        quotes = {q["segment_id"] for q in assertion["quotes"]}
        against = {q["segment_id"] for q in assertion["contrary_quotes"]}
        assert quotes <= support and against <= contrary and not quotes & against, code
        figures = assertion["figures"]
        assert figures["segments"] + figures["contrary_segments"] == figures["discussed_segments"]
        assert (figures["segments"], figures["contrary_segments"]) == (len(support), len(contrary))


def test_the_budget_segments_the_walk_found_on_both_sides(demo):
    """pvt-telekom-mitra:8 (the APBD cycle, 'maintenance is in limbo') carries an inhibiting
    factor; com-ketua-rw:14 budget constraints ('anggarannya terbatas, refocusing'). Both
    were supporting quotes or evidence and negative evidence of the budget at once."""
    budget = demo["machine"]["budget-support"]
    contrary = check(budget, "negative_evidence")["evidence"]
    for segment in ("pvt-telekom-mitra:8", "com-ketua-rw:14"):
        assert segment in contrary and segment not in budget["evidence"]
    # budget constraints hinder the budget: not contrary evidence against politics
    political = check(demo["machine"]["political-environment"], "negative_evidence")
    assert "budget-constraints" not in political["figures"]["contrary_codes"]
    assert "com-ketua-rw:14" not in political["evidence"]


def test_the_reports_quote_each_segment_on_one_side_only(demo):
    for language in ("md", "en"):
        blocks = sections(demo[language])
        assert len(blocks) == 4
        for block in blocks:
            heading = "**Bukti negatif.**" if language == "md" else "**Negative evidence.**"
            supporting, negative = block.split(heading)
            assert quoted_ids(supporting) and quoted_ids(negative)
            assert not set(quoted_ids(supporting)) & set(quoted_ids(negative)), block[:60]


def test_conclude_show_prints_the_contrary_quotes_apart(demo):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--project", str(demo["target"]), "conclude", "show",
                                      "machine-budget-support", "--lang", "en"])
    assert result.exit_code == 0, result.output
    supporting, negative = result.output.split("\nnegative evidence\n")
    budget = demo["machine"]["budget-support"]
    for quote in budget["quotes"]:
        assert quote["segment_id"] in supporting and quote["segment_id"] not in negative
    for quote in budget["contrary_quotes"]:
        assert quote["segment_id"] in negative


def test_the_negative_quotes_differ_between_strategies(demo):
    """They were the two longest contrary segments, the same for three strategies."""
    interviews = [tuple(q["segment_id"] for q in demo["machine"][code]["contrary_quotes"]
                        if q["source_type"] == "interview") for code in STRATEGIES]
    assert len(set(interviews)) == len(interviews)


# --------------------------------------------------------------------------- 2. outliers
def test_outliers_are_per_assertion_and_say_why(demo):
    lines = {code: check(demo["machine"][code], "outliers")["text"] for code in STRATEGIES}
    assert len(set(lines.values())) == len(lines)
    for code, line in lines.items():
        figures = check(demo["machine"][code], "outliers")["figures"]
        for item in figures["outlier_figures"]:
            assert abs(item["z"]) >= 2 and item["case"] in line  # z is rounded to 2 decimals
            assert f"{item['segments']} dari {item['coded_segments']} segmennya" in line
        if not figures["outliers"]:
            assert line.startswith("tanpa pencilan; tertinggi") and "segmen terkodenya mendukung" in line


# ----------------------------------------------------------------------------- 3. counts
def test_the_findings_and_the_ledger_count_the_same_segments(demo):
    for code, block in zip(STRATEGIES, sections(demo["md"])):
        figures = demo["machine"][code]["figures"]
        discussed, support, contrary = (figures["discussed_segments"], figures["segments"],
                                        figures["contrary_segments"])
        assert f"dibahas dalam {discussed} segmen" in block
        said = re.search(rf"Dari {discussed} segmen itu, {support} membahasnya tanpa hambatan \(bukti pendukung\) "
                         rf"dan {contrary} bersama hambatan \((?:([^;()]+); )?bukti kontra", block)
        assert said, block
        # more than one kind of obstacle is named, each once: "A atau B"
        against = figures["contrary_codes_found"]
        assert (said.group(1) or "").count(" atau ") + bool(said.group(1)) == (len(against) if len(against) > 1 else 0)
        assert demo["machine"][code]["statement"].split(": ", 1)[1].startswith(
            f"strategi ini didukung oleh {support} dari {discussed} segmen yang membahasnya ({contrary} segmen")
    ledger = demo["md"].split("### Rekap pengujian asersi")[1]
    assert "Segmen pendukung" in ledger and "Informan pendukung" in ledger
    # every heading capitalised alike, the checks' names too
    assert "| Keterwakilan | Triangulasi |" in ledger and "| keterwakilan |" not in ledger
    assert "✓ = lolos; ! = perlu diperhatikan" in ledger  # the marks explained, as in the DOCX


def test_the_method_says_what_support_and_contrary_mean(demo):
    """Supporting and contrary evidence are defined where the method is, with the codebook's
    own obstacles named as the checks use them (budget constraints count against the budget
    only), the study's weighted source types with their weights, and the three checks that
    need the analyst are said to. In a thesis's words: no command or option of the tool."""
    for text, heading, words in ((demo["md"], "## Metode", (
            "Bukti pendukung dan bukti kontra dipisahkan",
            "(Faktor penghambat; untuk Dukungan anggaran juga Keterbatasan anggaran)",
            "dokumen dan observasi berbobot ×1,5 dan catatan lapangan berbobot ×1,25",
            "Uji jika-maka dan hubungan semu memerlukan masukan peneliti",
            "penjelasan tandingan juga dicatat peneliti", "paling tinggi lemah")),
                                 (demo["en"], "## Method", (
            "Supporting and contrary evidence are split",
            "(Inhibiting factor; for Budget support also Budget constraints)",
            "documents and observations count ×1.5 and field notes count ×1.25",
            "checks need the researcher's input", "a rival explanation is the researcher's to name",
            "at most weak"))):
        method = text.split(heading)[1].split("\n## ")[0]
        assert all(w in method for w in words), method
        assert "qualcode " not in method and " --" not in method and "(--" not in method


@pytest.mark.parametrize("types, said", [
    (["interview", "response"], ""),  # nothing weighed above one: no sentence
    (["interview", "document"], " Dalam menimbang bukti, dokumen berbobot ×1,5 karena"),
    (["fieldnote", "observation", "document"],
     " Dalam menimbang bukti, dokumen dan observasi berbobot ×1,5 dan catatan lapangan berbobot ×1,25 karena"),
])
def test_the_method_weighs_only_the_studys_own_source_types(types, said):
    import pandas as pd

    from qualcode.report.method_text import weights_sentence as _weights_sentence
    from qualcode.report.i18n import catalogue

    segments = pd.DataFrame([(kind, True) for kind in types] + [("document", False)] * (not said),
                            columns=["source_type", "codable"])
    sentence = _weights_sentence(segments, catalogue("id"), "id")
    assert sentence.startswith(said) and bool(sentence) == bool(said)


def test_unreviewed_figures_are_said_to_be_so_where_conclusions_are_drawn(demo):
    for text, summary, conclusion, note in (
            (demo["md"], "## Ringkasan", "## Kesimpulan", "Semua angka ini berasal dari usulan mesin"),
            (demo["en"], "## Summary", "## Conclusion", "All these figures come from machine suggestions")):
        assert note in text.split(summary)[1].split("\n## ")[0]
        assert note in text.split(conclusion)[1].split("\n### ")[0]


def test_the_summary_names_every_dimension_that_ties(demo):
    summary = demo["md"].split("## Ringkasan")[1].split("\n## ")[0]
    reach = {code: int(re.search(r"oleh (\d+) dari", block).group(1))
             for code, block in zip(STRATEGIES, sections(demo["md"]))}
    widest = [code for code, n in reach.items() if n == max(reach.values())]
    if len(widest) > 1:
        assert f"(masing-masing {max(reach.values())} dari 10 informan)" in summary


# ------------------------------------------------------------------------ 4. conclusion
def test_the_conclusion_says_its_patterns_in_a_sentence(demo):
    """Not a bare list after a colon ("Pola lintas informan dan peran: A, B, C, D."): every
    strategy a pattern is said as the summary says it."""
    for text, heading, sentence in ((demo["md"], "## Kesimpulan", "Keempat strategi muncul sebagai pola lintas "
                                     "informan dan peran."),
                                    (demo["en"], "## Conclusion", "All 4 strategies form a pattern across "
                                     "informants and roles.")):
        conclusion = text.split(heading)[1].split("\n### ")[0]
        assert sentence in conclusion and "Pola lintas" not in conclusion and "Patterns across" not in conclusion


def test_the_conclusion_names_the_strengths(demo):
    """The strengths of the strategies the data are said to support: not those whose
    contrary evidence outweighs their support, nor those whose evidence is insufficient."""
    figures = {code: demo["machine"][code]["figures"] for code in STRATEGIES}
    supported = [code for code in STRATEGIES if demo["machine"][code]["strength"] != "insufficient"
                 and not figures[code]["contrary_segments"] >= figures[code]["segments"] > 0]
    strengths = {demo["machine"][code]["strength"] for code in supported}
    conclusion = demo["md"].split("## Kesimpulan")[1]
    english = demo["en"].split("## Conclusion")[1]
    claimed = "keempat strategi" if len(supported) == 4 else f"{len(supported)} dari 4 strategi"
    assert f"Pada {claimed} kerangka ini" in conclusion
    # what "support" means is said where it is claimed, not only in the method
    measured = ("segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada "
                "yang menyebut hambatan (bukti kontra)")
    assert measured in " ".join(conclusion.split()) and "Data mendukung" not in conclusion
    if len(supported) < 4:  # which ones, by name, in the codebook's order
        from qualcode.codebook import load_codebook
        from qualcode.conclude.wording import names

        index = load_codebook(Path(__file__).resolve().parents[1] / "codebooks" / "smart-city.yaml").by_id()
        labels = names([index[code].label_in("id") for code in supported], "id", shown=len(supported))
        claimed += f" kerangka ini ({labels})"
    else:
        claimed += " kerangka ini"
    if len(strengths) == 1:
        assert "kekuatan bukti yang berbeda" not in conclusion and "differing strength" not in english
        assert f"Pada {claimed}, {measured}, masing-masing dengan bukti" in " ".join(conclusion.split())
    else:
        assert "kekuatan bukti yang berbeda" in conclusion


# -------------------------------------------------------------------- 5. shortened quotes
def test_the_role_ordered_table_quotes_the_evidence_not_the_greetings(demo):
    number = int(re.search(r"^Tabel (\d+)\. Matriks berurut peran", demo["md"], re.M).group(1))
    table = demo["md"].split(f"Tabel {number}.")[1].split(f"Tabel {number + 1}.")[0]
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in table.splitlines()
            if line.startswith("| ") and " | " in line}
    for greeting in ("“Pagi, Mbak", "“Ya, sama-sama, Mas"):
        assert greeting not in table
    # the budget column: the planner's figures, not her introduction (gov-bappeda-perencana:2,
    # "Pagi, Mbak. Iya, saya perencana ahli muda …", whose job title names the RPJMD), and each
    # quote cites its segment
    budget = rows["gov-bappeda-perencana"][4]
    assert "APBD" in budget and "(gov-bappeda-perencana:" in budget and "perencana:2)" not in budget
    assert "…”…" not in table and "… …" not in table  # one ellipsis, never two
    document_tables = [t for t in demo["docx"].tables if t.rows[0].cells[0].text == "Kasus"]
    role_ordered = document_tables[1]
    bappeda = next(r for r in role_ordered.rows if r.cells[0].text == "gov-bappeda-perencana")
    assert "APBD" in bappeda.cells[4].text and not bappeda.cells[4].text.startswith("“Pagi")


def test_long_findings_quotes_show_their_matched_sentences(demo):
    """Each shortened supporting quote of the budget holds one of its matched terms."""
    block = sections(demo["md"])[2]
    supporting = block.split("**Bukti negatif.**")[0]
    shortened = [q for q in re.findall(r"^> (?!—)(.+)$", supporting, flags=re.M) if "…" in q]
    assert shortened
    terms = re.compile(r"APBD|RPJMD|RPJPD|RKPD|Renstra|anggar|budget|CSR|dana|fund", re.IGNORECASE)
    assert all(terms.search(q) for q in shortened), shortened


# ------------------------------------------------------------------- 6. Indonesian wording
def test_the_indonesian_checks_read_as_indonesian(demo):
    text = demo["md"]
    assert not re.search(r"(?<!\d)0 informan", text) and "tidak menyinggungnya" not in text
    assert "dukungan berbobot" not in text
    weights = re.findall(r"skor berbobot ([\d.,]+) untuk \d+ segmen pendukung \(wawancara ×1;", text)
    assert len(weights) == 4 and not any("." in w for w in weights)
    assert "kekuatan yang berbeda" not in text or len({a["strength"] for a in demo["machine"].values()}) > 1


def test_no_sentence_of_the_prose_opens_with_a_numeral(demo):
    for language, text in (("id", demo["md"]), ("en", demo["en"])):
        prose = [line for line in text.splitlines()
                 if line and not line.startswith(("|", ">", "#", "-", "!", "Tabel", "Table", "Gambar", "Figure"))]
        for line in prose:
            for sentence in re.split(r"(?<=[.!?])\s+|\*\*\s*", line):
                assert not re.match(r"\d", sentence.strip()), (language, sentence)


def test_documents_are_quoted_by_their_title(demo):
    """A source with no informant is named by its front-matter title, then its kind."""
    title = "“Ringkasan: RPJMD Kota Sumberasri 2021-2026, misi smart city”"
    assert re.search(rf"^> — {re.escape(title)}, dokumen `doc-ringkasan-rpjmd:\d+`$", demo["md"], flags=re.M)
    assert re.search(rf"^> — {re.escape(title)}, document `doc-ringkasan-rpjmd:\d+`$", demo["en"], flags=re.M)
    # informants are still named by position and role, not by a title
    assert "> — Ketua RW, masyarakat `com-ketua-rw:" in demo["md"]


def test_the_html_tables_and_quotes_are_marked_up_for_readers(demo):
    """Captions are <caption>, headers have scopes, a quote in another language than the
    report's carries its lang, and the matrix's shades run up to its largest count."""
    from html.parser import HTMLParser

    html = (demo["target"] / "reports" / "report.html").read_text(encoding="utf-8")
    assert re.search(r"<caption>Tabel \d+\. Jumlah segmen per informan dan kode kerangka \(strategi dan kode "
                     r"lintas strategi\)\.</caption>", html)
    assert "<caption>Tabel 1. Subkode Lingkungan politik yang mendukung: jumlah segmen dan informan.</caption>" in html
    assert '<th scope="col">Kasus</th>' in html and '<th scope="row">com-ketua-rw</th>' in html

    class Quotes(HTMLParser):
        langs: list = []

        def handle_starttag(self, tag, attrs):
            if tag == "blockquote":
                self.langs.append(dict(attrs).get("lang"))

    parser = Quotes()
    parser.feed(html)
    english = [q for q in re.findall(r'<blockquote lang="en"><p>(.*?)</p>', html)]
    assert english and all(re.search(r"\b(the|and|is|we)\b", q) for q in english[:5])
    assert set(parser.langs) == {None, "en"}  # Indonesian quotes take the page's own lang
    shades = set(re.findall(r'class="num heat-(\d)"', html))
    assert {"1", "4"} <= shades


def test_the_reports_matrix_note_and_the_workbook_count_the_same_codings(demo):
    import openpyxl

    found = re.search(r"Angka menunjukkan jumlah segmen; (\d+) dari (\d+) pengodean yang mendasari tabel ini", demo["md"])
    assert found
    sheet = openpyxl.load_workbook(demo["target"] / "reports" / "matrices" / "displays.xlsx")["case_by_dimension"]
    notes = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str) and "pengodean" in row[0]]
    assert notes and notes[0].startswith(f"Sebanyak {found.group(1)} dari {found.group(2)} pengodean yang mendasari sajian ini")


def test_each_report_shows_the_project_description_in_its_own_language(demo):
    assert "Korpus demonstrasi ilustratif" in demo["md"] and "Illustrative demonstration" not in demo["md"]
    assert "Illustrative demonstration corpus" in demo["en"] and "Korpus demonstrasi" not in demo["en"]


def test_the_draft_note_says_how_much_is_unreviewed_and_nothing_when_all_is_reviewed():
    from qualcode.report.summary_text import draft_note
    from qualcode.report.i18n import catalogue

    indonesian, english = catalogue("id"), catalogue("en")
    assert draft_note(False, 5, 5, indonesian, "id") == (
        "Semua angka ini berasal dari usulan mesin yang belum ditinjau peneliti.")
    assert draft_note(False, 3, 8, indonesian, "id").startswith("Sebanyak 3 dari 8 pengodean")  # not a numeral first
    assert draft_note(False, 3, 8, english, "en") == (
        "Of the 8 codings counted here, 3 are still unreviewed machine suggestions.")
    assert draft_note(False, 0, 8, english, "en") == "" and draft_note(True, 3, 8, english, "en") == ""
    # a survey's counts, with their thousands marked as each language marks them
    assert draft_note(False, 18720, 91254, indonesian, "id").startswith("Sebanyak 18.720 dari 91.254 pengodean")
    assert draft_note(False, 18720, 91254, english, "en").startswith("Of the 91,254 codings counted here, 18,720")
    # several coders deciding apart: counted per segment–code pair, as the method section does
    assert draft_note(False, 3, 8, english, "en", pairs=True) == (
        "Of the 8 segment–code pairs counted here, 3 are still unreviewed machine suggestions.")
    assert draft_note(False, 3, 8, indonesian, "id", pairs=True).startswith("Sebanyak 3 dari 8 pasangan segmen–kode")


def test_the_conclusion_says_where_contrary_evidence_outweighs_the_support(demo):
    """"The data support all four strategies" must not stand over as much evidence against
    one of them: that one is not counted as supported, and is said apart."""
    outweighed = [code for code, a in demo["machine"].items()
                  if a["figures"]["contrary_segments"] >= a["figures"]["segments"] > 0]
    conclusion = demo["md"].split("## Kesimpulan")[1]
    said = "bukti kontra menyamai atau melebihi bukti pendukung, sehingga data belum dapat disebut mendukungnya"
    assert (said in " ".join(conclusion.split())) == bool(outweighed)
    if outweighed:
        assert "Pada keempat strategi" not in conclusion
    for code in outweighed:
        figures = demo["machine"][code]["figures"]
        assert f"({figures['segments']} segmen pendukung, {figures['contrary_segments']} kontra)" in conclusion


def test_a_strategy_no_informant_discussed_is_said_so_not_called_the_least():
    from qualcode.conclude.tactics import Prevalence
    from qualcode.report.summary_text import summary_text
    from qualcode.report.i18n import catalogue

    def prevalence(code, informants):
        return Prevalence(code, informants * 2, informants, 5, ("gov",) * bool(informants), 2, ("interview",), 1, ())

    dimensions = [prevalence("tech", 1), prevalence("budget", 0), prevalence("people", 0)]
    text = summary_text(dimensions, {"tech": "Teknologi", "budget": "Anggaran", "people": "Partisipasi"}.get,
                         catalogue("id", "strategi"), "id", 3, 5, "Kerangka", 0)
    assert "yang dibahas oleh paling banyak informan adalah Teknologi (1 dari 5 informan)" in text
    assert "sedangkan Anggaran dan Partisipasi belum muncul dalam segmen berkode dari informan mana pun" in text
    assert "paling sedikit" not in text


def test_strengths_resting_on_unreviewed_suggestions_are_provisional(demo):
    """The demo's codings are all machine suggestions: every strength says it is provisional
    and on how few reviewed segments it rests, in the findings, the ledger and the conclusion;
    a missing rival explanation is flagged (!), not passed over (·)."""
    md, en = demo["md"], demo["en"]
    assert re.search(r"\*\*Kekuatan bukti: \w+ \(sementara: belum satu pun dari \d+ segmen pendukung ditinjau "
                     r"peneliti\)\.\*\*", md)
    assert re.search(r"Strength of evidence: \w+ \(provisional: none of its \d+ supporting segments reviewed", en)
    ledger_rows = [line for line in md.splitlines() if line.startswith("| ") and "(sementara) |" in line]
    assert len(ledger_rows) == 4
    conclusion = md.split("## Kesimpulan")[1].split("\n## ")[0]
    # said once: before the strengths differ one by one (after, it read as the last one's
    # alone), or after the one strength the supported strategies share
    claim = conclusion.split("\n\n")[1]
    assert ("dengan kekuatan bukti yang berbeda, semuanya sementara: " in claim
            or re.search(r"masing-masing dengan bukti [\w ]+ \(sementara\)\.", claim)), claim
    assert "! penjelasan tandingan: belum ada penjelasan tandingan yang dipertimbangkan" in md


def test_a_strength_is_provisional_until_half_its_support_is_reviewed():
    from qualcode.conclude.assertions import Conclusion
    from qualcode.conclude.sides import AssertionSpec

    def provisional(segments: int, reviewed: int) -> bool:
        return Conclusion(AssertionSpec("a", ("x",)), "", "moderate", (), (), (),
                          {"segments": segments, "reviewed_segments": reviewed}).provisional

    assert [provisional(10, n) for n in (0, 4, 5, 10)] == [True, True, False, False]
    assert provisional(0, 0) is False  # nothing to rest on is not provisional: it is insufficient


def test_the_english_report_agrees_verbs_with_one_or_many(demo):
    en = demo["en"]
    assert "The most widely discussed strategies are " in en  # two tie, in the demo
    # the one informant giving no support never raised it: said once, not "1 (…). One of them, …"
    assert "One informant, com-ketua-rw, has no segment coded to this strategy." in en
    assert "One of them, com-ketua-rw" not in en
    for wrong in ("1 doe not", "1 informant give ", "strategy is Supporting technology and"):
        assert wrong not in en


def test_singular_after_one_cuts_nouns_not_verbs():
    from qualcode.conclude.wording import singular_after_one

    assert singular_after_one("recurs in 1 roles and 1 source types") == "recurs in 1 role and 1 source type"
    assert singular_after_one("1 contrary segments; 1 of 10 informants") == "1 contrary segment; 1 of 10 informants"
    assert singular_after_one("3 contrary segments against 1 supporting ones") == "3 contrary segments against 1 supporting one"
    assert singular_after_one("1 informant gives no support; 1 does not") == "1 informant gives no support; 1 does not"


def test_a_segment_heads_one_strategys_supporting_quotes_while_the_others_have_their_own(demo):
    """A long answer coded with two strategies was the supporting quote of both: each
    strategy's quotes are now its own, a segment quoted for an earlier one only when the
    later has nothing else to show."""
    quoted = [q["segment_id"] for code in STRATEGIES for q in demo["machine"][code]["quotes"]]
    assert quoted and len(quoted) == len(set(quoted))
    for code in STRATEGIES:
        assertion = demo["machine"][code]
        assert {q["segment_id"] for q in assertion["quotes"]} <= set(assertion["evidence"])


def test_a_checks_figures_have_their_thousands_marked():
    """A survey's 18,720 supporting segments are "18.720" in an Indonesian sentence; a weighted
    score keeps its decimal comma under the thousands point."""
    from qualcode.conclude.wording import number, reason_text

    assert number(91254.5, "id") == "91.254,5" and number(91254.5, "en") == "91,254.5"
    assert number(46.25, "id") == "46,25" and number(3.0, "id") == "3"
    figures = {"contrary_segments": 1200, "support_segments": 18720, "cases_lacking": [], "cases_silent": []}
    text = reason_text("shown", figures, "id")
    assert text.startswith("1.200 segmen kontra berbanding 18.720 segmen pendukung"), text
