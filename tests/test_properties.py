"""Properties that must hold for any input: segmentation offsets, normalisation, codebook loading."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.codebook.loader import load_codebook
from qualcode.ingest import read_source
from qualcode.ingest.decode import decode_bytes, normalise
from qualcode.ingest.subtitles import _as_transcript
from qualcode.ingest.turns import paragraphs, speaker_turns
from qualcode.model import CODE_KINDS

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
FOLDER = Path(tempfile.mkdtemp(prefix="qualcode-properties-"))
atexit.register(shutil.rmtree, FOLDER, True)

# Any text at all, line breaks of every kind included (but no lone surrogates: not text).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
# Text a transcript file can hold: no control characters but tab, CR and LF.
line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\n\r"),
                    max_size=60)
labels = st.sampled_from(["Pewawancara", "Informan", "P", "I", "Interviewer", "Budi", "Bu Ratna",
                          "[00:01:02] Budi", "(12:30) P", "Jadi begini"])
lines = st.one_of(
    st.tuples(labels, line_text).map(lambda t: f"{t[0]}: {t[1]}"),
    line_text,
    st.sampled_from(["", " ", "\t", "   \u00a0"]),
)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])
transcripts = st.tuples(st.lists(lines, max_size=25), line_ends).map(lambda t: t[1].join(t[0]))


def _check_spans(text: str, spans) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end, "segments overlap or are out of order"
        piece = text[span.start:span.end]
        assert piece == piece.strip() and piece
        previous_end = span.end


# ------------------------------------------------------------------------------ normalisation
@SETTINGS
@given(any_text)
def test_normalise_is_idempotent_and_leaves_only_lf(text):
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once
    assert unicodedata.is_normalized("NFC", once)


@SETTINGS
@given(transcripts)
def test_decoding_utf8_bytes_is_normalising_them(text):
    if not text.strip():
        return
    decoded, warnings = decode_bytes(text.encode("utf-8"), Path("x.txt"))
    assert decoded == normalise(text) and warnings == []


# ------------------------------------------------------------------------------ segmentation
@SETTINGS
@given(any_text)
def test_speaker_turns_and_paragraphs_of_any_text_are_in_range_and_disjoint(text):
    text = normalise(text)
    _check_spans(text, speaker_turns(text))
    _check_spans(text, paragraphs(text))


@SETTINGS
@given(transcripts)
def test_speaker_turns_of_transcripts_are_in_range_and_disjoint(text):
    text = normalise(text)
    spans = speaker_turns(text)
    _check_spans(text, spans)
    # nothing is dropped: each line's last character is in a segment, unless the line
    # is only a speaker label
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not line.rstrip().endswith(":"):
            assert offset + len(line.rstrip()) - 1 in covered, line
        offset += len(line) + 1


@settings(SETTINGS, max_examples=100)
@given(transcripts, st.sampled_from([".txt", ".md"]), st.integers(0, 10**6))
def test_ingested_segments_are_their_offsets_into_the_source_text(text, suffix, n):
    path = FOLDER / f"t{n}{suffix}"
    path.write_bytes(text.encode("utf-8"))
    try:
        source, _ = read_source(path, "t", path.name, "id")
    except Exception as exc:  # only "no text" is acceptable for these inputs
        assert "no text" in str(exc) or "empty" in str(exc), exc
        assert not normalise(text).strip()
        return
    assert "\r" not in source.text
    _check_spans(source.text, source.segments)
    for ordinal, segment in enumerate(source.segments, start=1):
        assert segment.ordinal == ordinal
        assert source.text[segment.start:segment.end] == segment.text


cues = st.lists(st.tuples(st.sampled_from([None, "Budi", "Pewawancara"]),
                          line_text.map(str.strip).filter(bool)), min_size=1, max_size=12)


@SETTINGS
@given(cues)
def test_caption_transcripts_keep_every_cue_at_its_offsets(cue_list):
    stamped = [(f"00:00:{i:02d}.000", speaker, body) for i, (speaker, body) in enumerate(cue_list)]
    text, spans = _as_transcript(stamped)
    _check_spans(text, spans)
    merged = " ".join(text[s.start:s.end] for s in spans)
    assert merged == " ".join(body for _, _, body in stamped)


# ------------------------------------------------------------------------------ codebook
words = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters="-'.,()&/"),
                min_size=1, max_size=25).map(lambda s: unicodedata.normalize("NFC", s).strip()).filter(bool)
slugs = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
per_language = st.dictionaries(st.sampled_from(["id", "en"]), words, min_size=1)
term_lists = st.dictionaries(st.sampled_from(["id", "en"]), st.lists(words, min_size=1, max_size=4), min_size=1)


@st.composite
def codebooks(draw) -> dict:
    ids = draw(st.lists(slugs, min_size=1, max_size=8, unique=True))
    codes = []
    for position, code_id in enumerate(ids):
        entry = {"id": code_id, "kind": draw(st.sampled_from(CODE_KINDS)),
                 "label": draw(st.one_of(per_language, words))}
        if position and draw(st.booleans()):
            entry["parent"] = draw(st.sampled_from(ids[:position]))
        for key, strategy in (("definition", st.one_of(words, per_language)), ("include", st.one_of(words, per_language)),
                              ("exclude", st.one_of(words, per_language)), ("examples", st.lists(words, min_size=1, max_size=3)),
                              ("keywords", term_lists), ("context", term_lists),
                              ("exclude_keywords", term_lists),
                              ("color", st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)),
                              ("polarity", st.sampled_from(["positive", "negative"]))):
            if draw(st.booleans()):
                entry[key] = draw(strategy)
        codes.append(entry)
    return {"name": draw(words), "codes": codes}


def _entry(code) -> dict:
    """The model back as a codebook entry (the inverse the loader must agree with)."""
    entry = {"id": code.id, "kind": code.kind, "label": dict(code.label)}
    optional = {"parent": code.parent, "include": _texts(code.include), "exclude": _texts(code.exclude),
                "color": code.color, "polarity": code.polarity,
                "examples": list(code.examples) or None, "definition": _texts(code.definition)}
    for name, weight, pool in (("keywords", 1.0, code.keywords), ("context", 0.5, code.keywords),
                               ("exclude_keywords", 0.0, code.exclude_keywords)):
        grouped: dict = {}
        for keyword in pool:
            if keyword.weight == weight:
                grouped.setdefault(keyword.language, []).append(keyword.term)
        optional[name] = grouped or None
    entry.update({k: v for k, v in optional.items() if v is not None})
    return entry


def _texts(texts: dict):
    """A per-language text back as YAML: one text when it is for any language."""
    return (texts["*"] if set(texts) == {"*"} else dict(texts)) or None


def _load(data: dict, name: str):
    path = FOLDER / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def _comparable(codebook):
    return codebook.name, codebook.framework, tuple(
        (c.id, c.kind, c.parent, c.label, c.definition, c.include, c.exclude, c.examples,
         c.keywords, c.exclude_keywords, c.color, c.polarity) for c in codebook.codes)


@settings(SETTINGS, max_examples=50)
@given(codebooks())
def test_codebook_yaml_to_model_and_back_is_stable(data):
    first = _load(data, "first.yaml")
    for code, entry in zip(first.codes, data["codes"]):
        label = entry["label"]
        assert code.label == (label if isinstance(label, dict) else {"en": label})
        assert code.parent == entry.get("parent") and code.kind == entry["kind"]
        strong = [t for terms in entry.get("keywords", {}).values() for t in terms]
        assert [k.term for k in code.keywords if k.weight == 1.0] == strong
    again = _load({"name": first.name, "codes": [_entry(c) for c in first.codes]}, "again.yaml")
    assert _comparable(again) == _comparable(first)
    same_text = load_codebook(FOLDER / "first.yaml")
    assert same_text.version == first.version
