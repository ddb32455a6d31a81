"""The fast paths against their references on random input, from fixed seeds.

`test_perf_equivalence` checks them on real and hand-written texts. These tests make many
more: texts of words, marks, emoticons, URLs, affixed and reduplicated codebook terms and
odd whitespace; and runs of random codebook edits between people's decisions and edited
transcripts. Longer runs of the same kind (thousands of texts) found the chunk memo's one
divergence from spaCy known so far: a special case at a chunk's edge, which has its own
test in `test_perf_equivalence`.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import auto_code
from qualcode.condense.nlp import chunk_tokenizer, pipeline
from qualcode.project import load_config
from qualcode.workflow import code_auto, ingest, review_session
from tests.conftest import REPO
from tests.test_perf_equivalence import CODEBOOK, _assert_tokens_as_spacys, _reference_codings, _sorted, _source

WORDS = sorted({word for path in sorted((REPO / "transcripts").glob("*.txt"))
                for word in path.read_text(encoding="utf-8").split()})
MARKS = [*".,!?;:'\"“”‘’()[]{}-/\\&%#@*+=<>~^_|$€°…–—", "--", "...", "?!", ":)", ":-(", "^_^", "<3", "'s", "n't"]
ODD_WORDS = ["https://kota.go.id/lapor?x=1&y=2", "warga@mail.com", "@pemkot", "#SmartCity", "Rp5.000.000,-",
             "3,5%", "2019/2020", "12:30", "(1)", "a)", "No.5", "e-KTP", "COVID-19", "5G", "m²", "😀", "café",
             "U.S.A.", "a.k.a.", "Ph.D.", "'90s", "O'Neil", "Jl.Merdeka", "dll.", "tsb.", "anak2", "kata-kata-nya"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\u00a0", "\u2028", "\u3000", " \n "]
PREFIXES = ["di", "me", "ber", "ter", "ke", "se", "pe", "peng", "mem"]
SUFFIXES = ["nya", "kan", "an", "i", "lah", "kah", "pun", "s", "ed", "ing"]


def _random_word(rng: random.Random, specials: tuple[list[str], list[str]]) -> str:
    """`specials`: a tokenizer's special cases, and those with a mark at an edge."""
    r = rng.random()
    if r < 0.4:
        word = rng.choice(WORDS)
    elif r < 0.6:  # half of them emoticons and the like
        word = rng.choice(specials[rng.random() < 0.5])
    elif r < 0.72:
        word = rng.choice(ODD_WORDS)
    elif r < 0.82:
        base = rng.choice(WORDS).strip(".,!?;:\"'()")
        word = rng.choice(PREFIXES) + base if rng.random() < 0.5 else base + rng.choice(SUFFIXES)
    elif r < 0.9:
        base = rng.choice(WORDS).strip(".,!?;:\"'()")
        word = f"{base}-{base if rng.random() < 0.6 else rng.choice(WORDS)}"
    else:
        word = "".join(rng.choice(MARKS) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.25:
        word = rng.choice(MARKS) + word
    if rng.random() < 0.35:
        word += rng.choice(MARKS)
    return word.upper() if rng.random() < 0.1 else word


def _random_text(rng: random.Random, specials: tuple[list[str], list[str]]) -> str:
    parts = [rng.choice(SPACES)] if rng.random() < 0.2 else []
    for _ in range(rng.randint(1, 25)):
        parts += [_random_word(rng, specials), rng.choice(SPACES) if rng.random() < 0.9 else ""]
    return "".join(parts)


@pytest.mark.parametrize("language", ["id", "en"])
def test_random_texts_tokenize_as_spacy(language, reference):
    """1,200 texts through one memo, 30 at a time (its chunks carried from call to call)."""
    rng = random.Random(f"tokens-{language}")
    tokenizer = pipeline(language).tokenizer
    every = sorted({*tokenizer.rules, *tokenizer.lazy})
    specials = (every, [string for string in every if not (string[0] + string[-1]).isalnum()])
    fast = chunk_tokenizer(pipeline.__wrapped__(language))  # a memo of its own
    for _ in range(40):
        _assert_tokens_as_spacys(fast, [_random_text(rng, specials) for _ in range(30)], reference[language])


NEGATORS = {"id": ["tidak", "bukan", "belum", "tanpa", "tak", "kurang", "bukan hanya"],
            "en": ["not", "no", "never", "without", "don't", "not only", "lack of"]}


def _random_term(rng: random.Random, term: str) -> str:
    """A codebook term as a text may have it: affixed, capitalised, split by a mark or a
    hyphen, reduplicated, or as it is."""
    parts = term.split()
    r, k = rng.random(), rng.randrange(len(parts))
    if r < 0.3:
        parts[k] = rng.choice(PREFIXES) + parts[k] if rng.random() < 0.5 else parts[k] + rng.choice(SUFFIXES)
    elif r < 0.4:
        parts = [part.capitalize() for part in parts]
    elif r < 0.5 and k:
        parts[k - 1] += rng.choice(",.;:-)/!")
    elif r < 0.55:
        return "-".join(parts)
    elif r < 0.6:
        return f"{term}-{term}"
    return " ".join(parts)


def test_random_term_dense_texts_code_as_the_reference(reference):
    """Bulk auto-coding (chunk memo, TermMatcher) against spaCy's pipeline and the
    PhraseMatcher of `CodebookMatcher`, at three thresholds, on texts where every third
    word is a codebook term, a quarter of them negated."""
    rng = random.Random("codings")
    codebook = load_codebook(CODEBOOK)
    terms: dict[str, list[str]] = {"id": [], "en": []}
    for code in codebook.codes:
        for keyword in (*code.keywords, *code.exclude_keywords):
            terms[keyword.language].append(keyword.term)

    def text(language: str) -> str:
        words = []
        for _ in range(rng.randint(3, 40)):
            if rng.random() < 0.3:
                if rng.random() < 0.25:
                    words.append(rng.choice(NEGATORS[language]))
                words.append(_random_term(rng, rng.choice(terms[language])))
            else:
                words.append(rng.choice(WORDS))
        return " ".join(words)

    sources = []
    for n in range(40):  # 25 sources gave too few segments once the shipped terms changed
        language = rng.choice(["id", "id", "en"])
        sources.append(_source(f"random-{n}", language, [text(language) for _ in range(rng.randint(1, 12))]))
    for threshold in (1.0, 0.5, 2.0):
        coded = _sorted(auto_code(sources, codebook, threshold))
        assert len(coded) > 150
        assert coded == _reference_codings(sources, codebook, reference, threshold)


# ------------------------------------------------------------------------------ re-coding
def _stored(project: Path) -> list[tuple]:
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT segment_id, code_id, coder, origin, status, score, matched,"
                            " codebook_version FROM codings ORDER BY 1, 2, 3").fetchall()


class _Edits:
    """Random edits of a project: of its codebook (kept as YAML), its threshold, people's
    decisions and its transcripts. Each returns whether it changed anything."""

    def __init__(self, project: Path, rng: random.Random):
        self.project, self.rng = project, rng
        self.config = load_config(project)
        self.doc = yaml.safe_load(self.config.codebook_path.read_text(encoding="utf-8"))
        self.words = sorted({w for w in re.findall(r"[a-z][a-z-]{3,}", " ".join(WORDS).lower())})

    def term(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(self.words)
        if rng.random() < 0.5:
            return f"{rng.choice(self.words)} {rng.choice(self.words)}"
        return rng.choice(PREFIXES) + rng.choice(self.words)

    def terms(self, code: dict, field: str, language: str) -> list[str]:
        if not isinstance(code.get(field), dict):
            code[field] = {}
        return code[field].setdefault(language, [])

    def leaves(self) -> list[dict]:
        parents = {code.get("parent") for code in self.doc["codes"]}
        return [code for code in self.doc["codes"] if code["kind"] == "subcode" and code["id"] not in parents]

    def apply(self, kind: str) -> None:
        rng, codes = self.rng, self.doc["codes"]
        code, language = rng.choice(codes), rng.choice(["id", "en"])
        if kind == "keyword added":
            self.terms(code, "keywords", language).insert(0, self.term())
        elif kind == "keyword removed" and self.terms(code, "keywords", language):
            self.terms(code, "keywords", language).pop()
        elif kind == "keyword made a context term" and self.terms(code, "keywords", language):
            self.terms(code, "context", language).append(self.terms(code, "keywords", language).pop(0))
        elif kind == "exclusion added":
            self.terms(code, "exclude_keywords", language).append(self.term())
        elif kind == "keyword in another code too":
            found = self.terms(rng.choice(codes), "keywords", language)
            if found:
                self.terms(code, "keywords", language).append(rng.choice(found))
        elif kind == "subcode moved":
            leaf = rng.choice(self.leaves())
            leaf["parent"] = rng.choice([c["id"] for c in codes if c is not leaf])
        elif kind == "code added":
            codes.append({"id": f"random-{len(codes)}", "kind": "subcode", "parent": code["id"],
                          "label": {"id": "Acak", "en": "Random"},
                          "keywords": {language: [self.term(), self.term()]}})
        elif kind == "code removed":
            gone = rng.choice(self.leaves())
            self.doc["codes"] = [c for c in codes if c is not gone]
        elif kind == "threshold":
            toml = self.project / "qualcode.toml"
            toml.write_text(re.sub(r"(?m)^threshold = .*$", f"threshold = {rng.choice(['0.5', '1.0', '2.0'])}",
                                   toml.read_text(encoding="utf-8")), encoding="utf-8")
        elif kind == "decision":
            with sqlite3.connect(self.project / ".qualcode" / "project.db") as conn:
                open_rows = conn.execute("SELECT segment_id, code_id FROM codings WHERE origin = 'auto'"
                                         " AND status = 'suggested' ORDER BY 1, 2").fetchall()
            segment_id, code_id = rng.choice(open_rows)
            session = review_session(self.config, coder="ana")
            try:
                session.decide(segment_id, (code_id,), ()) if rng.random() < 0.5 else \
                    session.decide(segment_id, (), (code_id,))
            finally:
                session.close()
        elif kind == "transcript edited":
            path = rng.choice(sorted((self.project / "transcripts").glob("*.txt")))
            text = path.read_text(encoding="utf-8")
            path.write_text(text.rstrip("\n") + f" {self.term()}.\n", encoding="utf-8")
            ingest(self.config)
        self.config.codebook_path.write_text(yaml.safe_dump(self.doc, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")


EDIT_KINDS = ["keyword added", "keyword added", "keyword removed", "keyword made a context term", "exclusion added",
              "keyword in another code too", "subcode moved", "code added", "code removed", "threshold",
              "decision", "decision", "transcript edited"]


def test_random_edits_recode_as_a_run_without_the_cache(demo_project, tmp_path):
    """After each of 14 random edits, `code auto` with the token cache (a trusted store:
    only what an edit can touch is matched again and written) stores exactly what a run
    with no cache stores on the same project."""
    rng = random.Random("edits")
    ingest(load_config(demo_project))
    code_auto(load_config(demo_project))
    edits = _Edits(demo_project, rng)
    for step in range(14):
        kind = rng.choice(EDIT_KINDS)
        edits.apply(kind)
        load_codebook(edits.config.codebook_path)  # every edit leaves a valid codebook
        code_auto(load_config(demo_project))
        copy = tmp_path / f"without-cache-{step}"
        shutil.copytree(demo_project, copy)
        (copy / ".qualcode" / "cache.db").unlink()
        code_auto(load_config(copy))
        assert _stored(demo_project) == _stored(copy), f"step {step}: {kind}"
