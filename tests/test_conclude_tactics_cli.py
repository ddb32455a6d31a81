"""`qualcode conclude tactics`, `conclude patterns` and the chain in `conclude show`, on a tiny
project coded by hand, so that every figure a user sees can be worked out here.

Cases: g1, g2 (government), c1, c2 (community; c2's front matter says `evidence: hearsay`),
a1 (academic: a group of one). Codings, one segment each:
  budget   g1:1 g2:1 a1:1
  tech     g1:2 c1:1 c2:1
  obstacle g1:3 c1:2 c2:2
"""

import json

import pytest

from qualcode.cli import app

CODEBOOK = """\
name: Tiny
framework: {name: Tiny, dimensions: [budget, tech], cross_cutting: [obstacle]}
codes:
  # hand-written comment that must survive an accepted pattern
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: Money., keywords: {en: [budget]}}
  - {id: plan, kind: subcode, parent: budget, label: {id: Rencana, en: Plan}, definition: Plans., keywords: {en: [plan]}}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, definition: Tools., keywords: {en: [tech]}}
  - {id: obstacle, kind: factor, polarity: negative, label: {id: Hambatan, en: Obstacle}, definition: Bad., keywords: {en: [obstacle]}}
"""
CASES = {"g1": "government", "g2": "government", "c1": "community", "c2": "community", "a1": "academic"}
CODINGS = [("g1", 1, "budget"), ("g2", 1, "budget"), ("a1", 1, "budget"),
           ("g1", 2, "tech"), ("c1", 1, "tech"), ("c2", 1, "tech"),
           ("g1", 3, "obstacle"), ("c1", 2, "obstacle"), ("c2", 2, "obstacle")]


def run(runner, project, *args):
    return runner.invoke(app, ["--project", str(project), *args])


@pytest.fixture
def tiny(tmp_path, runner):
    folder = tmp_path / "tiny"
    assert runner.invoke(app, ["init", str(folder), "--name", "Tiny"]).exit_code == 0
    (folder / "codebooks" / "smart-city.yaml").write_text(CODEBOOK, encoding="utf-8")
    for case, role in CASES.items():
        hearsay = "evidence: hearsay\n" if case == "c2" else ""
        turns = "\n\n".join(f"Ana: Turn {n} of {case}, about the city." for n in (1, 2, 3))
        (folder / "transcripts" / f"{case}.txt").write_text(
            f"---\ncase: {case}\nrole: {role}\nsource_type: interview\nlanguage: en\n{hearsay}---\n{turns}\n",
            encoding="utf-8")
    assert run(runner, folder, "ingest").exit_code == 0
    for source, segment, code in CODINGS:
        done = run(runner, folder, "code", "add", source, "--code", code, "--segment", str(segment))
        assert done.exit_code == 0, done.output
    return folder


def test_tactics_table_shows_k_of_n_flags_and_thin_groups(tiny, runner):
    result = run(runner, tiny, "conclude", "tactics", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = result.stdout
    # the groups in the report's words: the academic role is "academia" in English
    assert "Contrasts by role" in text and "academia (n=1, too thin)" in text
    # budget: government 2/2 vs community 0/2 -> 1.00, flagged; tech 2/2 vs 1/2 -> 0.50, not flagged
    assert "government − community = 1.00 ⚑" in text
    assert "community − government = 0.50 ⚑" not in text and "community − government = 0.50" in text
    assert "⚑ Budget: government 2 of 2 informants, community 0 of 2; a difference of 1.00." in text
    # relations over 5 informants: tech and obstacle in the same 3 cases -> φ 1, lift 5·3/(3·3)
    assert "Relations between codes over 5 informants" in text
    row = next(line for line in text.splitlines() if "Obstacle" in line and "Technology" in line)
    assert "1.67" in row and "1.00" in row
    assert "3 of 3 pairs" in text


def test_tactics_and_the_ledger_speak_indonesian_with_decimal_commas(tiny, runner):
    text = run(runner, tiny, "conclude", "tactics", "--lang", "id").stdout
    assert "Perbandingan menurut peran" in text and "akademisi (n=1" in text
    assert "pemerintah − masyarakat = 1,00 ⚑" in text and "government" not in text
    assert "selisih 1,00" in text and "difference" not in text
    row = next(line for line in text.splitlines() if "Hambatan" in line and "Teknologi" in line)
    assert "1,67" in row and "1,00" in row
    ledger = run(runner, tiny, "conclude", "--lang", "id").stdout
    assert "rekap pengujian asersi" in ledger and "kekuatan" in ledger and "jenis sumber" in ledger
    assert "evidence ledger" not in ledger and "strength" not in ledger
    # the checks' narrow heads too, and the legend that spells them out
    head = next(line for line in ledger.splitlines() if "kekuatan" in line)
    assert all(f" {short} " in head for short in ("wakil", "tri", "bobot", "neg", "pncl", "jika", "semu", "tand"))
    assert not any(f" {short} " in head for short in ("repr", "wgt", "spur", "rival"))
    assert "wakil keterwakilan" in " ".join(ledger.split())


def test_tactics_json_md_and_other_attributes(tiny, runner):
    payload = json.loads(run(runner, tiny, "conclude", "tactics", "--format", "json").stdout)
    assert payload["schema"] == "qualcode.tactics/1" and payload["threshold"] == 0.5
    budget = next(c for c in payload["contrasts"] if c["code"] == "budget")
    government = next(g for g in budget["groups"] if g["group"] == "government")
    assert (government["cases_with"], government["cases_total"], government["evidence"]) == (
        2, 2, ["g1:1", "g2:1"])
    first = payload["relations"][0]
    assert first["codes"] == ["obstacle", "tech"] and first["phi"] == 1.0
    assert (first["both"], first["only_a"], first["only_b"], first["neither"]) == (3, 0, 0, 2)
    budget_tech = next(r for r in payload["relations"] if r["codes"] == ["budget", "tech"])
    # both g1; only budget g2, a1; only tech c1, c2; neither none: φ = (0 - 4)/√(3·2·3·2)
    assert budget_tech["phi"] == round(-4 / 6, 4) and budget_tech["lift"] == round(5 / 9, 4)

    md = run(runner, tiny, "conclude", "tactics", "--format", "md", "--lang", "id", "--top", "1").stdout
    assert md.startswith("### Perbandingan menurut peran")
    # Indonesian writes a decimal comma, as the report does
    assert "| Anggaran | 1/1 | 0/2 | 2/2 | pemerintah − masyarakat = 1,00 ⚑ |" in md
    assert md.splitlines()[2].startswith("| kode |") and "| selisih terbesar |" in md
    assert "1 dari 3 pasangan" in md

    by_evidence = run(runner, tiny, "conclude", "tactics", "--by", "evidence", "--lang", "en")
    assert "hearsay (n=1, too thin)" in by_evidence.stdout
    assert "4 cases with no evidence are left out" in by_evidence.stdout
    assert "no two groups are large enough to compare" in by_evidence.stdout
    # one group is no contrast: the attributes that make groups are named, to try instead
    md = run(runner, tiny, "conclude", "tactics", "--by", "evidence", "--lang", "en", "--format", "md").stdout
    assert "- evidence does not make two groups; these attributes do: role (e.g. `--by role`)" in md
    assert "these attributes do" not in run(runner, tiny, "conclude", "tactics", "--format", "md").stdout


def test_tactics_refuses_an_unknown_attribute_or_format(tiny, runner):
    bad = run(runner, tiny, "conclude", "tactics", "--by", "nope")
    assert bad.exit_code == 1
    assert "no case attribute 'nope'; cases have: evidence, role" in bad.output
    assert "Traceback" not in bad.output
    wrong = run(runner, tiny, "conclude", "tactics", "--format", "xml")
    assert wrong.exit_code == 1 and "--format must be one of table, json, md" in wrong.output
    french = run(runner, tiny, "conclude", "tactics", "--lang", "fr")
    assert french.exit_code == 1 and "--lang 'fr' is not supported; use id or en" in french.output


def test_patterns_list_accept_and_mark_accepted(tiny, runner):
    codebook = tiny / "codebooks" / "smart-city.yaml"
    listed = run(runner, tiny, "conclude", "patterns", "--lang", "en")
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.stdout.splitlines() if "obstacle, tech" in line)
    assert "1.00" in row and "3/5" in row  # Jaccard 1; cases c1, c2, g1 of 5

    before = codebook.read_text(encoding="utf-8")
    for args, message in [(["--accept", "1"], "--accept needs --id and --label"),
                          (["--accept", "2", "--id", "x", "--label", "X"], "no candidate pattern 2; choose 1 to 1"),
                          (["--accept", "1", "--id", "tech", "--label", "X"], "already has a code 'tech'")]:
        refused = run(runner, tiny, "conclude", "patterns", *args)
        assert refused.exit_code == 1 and message in refused.output
    assert codebook.read_text(encoding="utf-8") == before

    accepted = run(runner, tiny, "conclude", "patterns", "--accept", "1", "--id", "tech-trouble",
                   "--label", "Tech trouble")
    assert accepted.exit_code == 0, accepted.output
    assert "added pattern code tech-trouble (members: obstacle, tech)" in accepted.output
    text = codebook.read_text(encoding="utf-8")
    assert "# hand-written comment that must survive" in text
    assert "members: [obstacle, tech]" in text and "kind: theme" in text
    assert "Obstacle (obstacle), Technology (tech)" in " ".join(text.split())  # the definition names them

    lint = run(runner, tiny, "codebook", "lint")
    assert lint.exit_code == 0 and "0 errors" in lint.output
    again = run(runner, tiny, "conclude", "patterns", "--lang", "en")
    assert "accepted as tech-trouble" in again.stdout
    twice = run(runner, tiny, "conclude", "patterns", "--accept", "1", "--id", "other", "--label", "O")
    assert twice.exit_code == 1 and "already in the codebook as 'tech-trouble'" in twice.output

    # an assertion on the pattern code rests on its members' evidence
    added = run(runner, tiny, "assert", "add", "Tech trouble recurs", "--code", "tech-trouble")
    assert added.exit_code == 0, added.output
    members = run(runner, tiny, "assert", "add", "Tech or obstacles", "--code", "tech", "--code", "obstacle")
    assert members.exit_code == 0, members.output
    ledger = json.loads(run(runner, tiny, "conclude", "--format", "json").stdout)["assertions"]
    pattern = next(a for a in ledger if a["statement"] == "Tech trouble recurs")
    both = next(a for a in ledger if a["statement"] == "Tech or obstacles")
    assert pattern["figures"]["segments"] == both["figures"]["segments"] > 0


def test_show_prints_the_chain_and_flags_unsupported_links(tiny, runner):
    added = run(runner, tiny, "assert", "add", "Plans come before tools", "--code", "plan", "--code", "tech",
                "--if", "budget", "--then", "tech", "--contrary", "obstacle")
    assert added.exit_code == 0, added.output
    shown = run(runner, tiny, "conclude", "show", "a1", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    text = shown.stdout
    assert "chain of evidence" in text
    assert "claim: Plan: unsupported, no segment cites it" in text
    assert "claim: Technology: 3 segments from 3 informants" in text
    assert "if: Budget: 3 segments from 3 informants" in text
    # THEN tech only where budget is raised too: g1:2
    assert "then: Technology: 1 segment from 1 informant" in text and "g1 · g1:2" in text
    assert "contrary: Obstacle: 3 segments from 3 informants" in text
    assert "links that cite no segment: 1; the chain of evidence breaks there" in text

    payload = json.loads(run(runner, tiny, "conclude", "--format", "json", "--lang", "en").stdout)
    mine = next(a for a in payload["assertions"] if a["id"] == "a1")
    assert [(link["kind"], link["code"], link["status"]) for link in mine["chain"]] == [
        ("claim", "plan", "unsupported"), ("claim", "tech", "supported"), ("if", "budget", "supported"),
        ("then", "tech", "supported"), ("contrary", "obstacle", "supported")]


def test_hearsay_from_front_matter_weighs_half(tiny, runner):
    payload = json.loads(run(runner, tiny, "conclude", "--format", "json", "--lang", "en").stdout)
    tech = next(a for a in payload["assertions"] if a["id"] == "machine-tech")
    weighting = next(c for c in tech["checks"] if c["name"] == "weighting")
    # g1:2 and c1:1 first-hand (1.0 each), c2:1 from a case marked `evidence: hearsay` (0.5)
    assert weighting["figures"]["weighted_support"] == 2.5
    assert weighting["figures"]["hearsay_segments"] == 1
    assert weighting["text"] == ("weighted score 2.5 for 3 supporting segments (interview ×1); "
                                 "hearsay counts ×0.5 (1 segment)")
